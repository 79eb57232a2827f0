//! The left-to-right pass that turns text into [`Mention`]s: at each place a
//! number can start, read the number (`numerals`), what stands around it
//! (`surroundings`), decide whether it is ever a value (the marks from
//! `context`, then its own shape and unit, in `judgement`), and link the two
//! ends of a range.

use super::context;
use super::judgement::Acceptance;
use super::numerals::{self, ArabicForm, Chinese};
use super::text::{char_at, char_before, next_char, starts_with};
use super::units::{self, Unit, UnitClass};
use super::words;
use super::{Exclusion, Kind, Mention, Quantity};
use crate::lookup::{BmpMap, BmpSet};
use once_cell::sync::Lazy;
use rust_decimal::Decimal;
use std::cell::RefCell;

/// Whether `text` may hold a number: every number starts at a digit, a
/// numeral (`百` of `百分之` included) or a minus before a digit.
///
/// Asked of every sentence, most of it Chinese, so read byte by byte rather
/// than char by char: an ASCII start is a digit, and every other start (a
/// full-width digit, a numeral) is written in three bytes, whose bits are the
/// char's, so it is one bit of [`WIDE_NUMBER_STARTS`] picked by the bytes
/// themselves, without decoding the char; the test that the char is of
/// three bytes is the same sum that picks the bit.
pub(crate) fn may_hold_number(text: &str) -> bool {
    let mut rest = text.as_bytes();
    loop {
        rest = WIDE_NUMBER_STARTS.skip_three_byte_others(rest);
        match *rest {
            [] => return false,
            // a three-byte char the run stopped at: a member
            [0xE0..=0xEF, ..] => return true,
            // ASCII, or a byte of a two- or four-byte char (its other
            // bytes are read as no three-byte char): none starts a number
            // but a digit
            [b, ref tail @ ..] => {
                if b.is_ascii_digit() {
                    return true;
                }
                rest = tail;
            }
        }
    }
}

/// The chars beyond ASCII a number may start with ([`may_start_number`]).
static WIDE_STARTS: BmpSet = BmpSet::new(&[WIDE_DIGITS, numerals::NUMERAL_CHARS, WIDE_MINUS]);
/// Those that start a number on their own (a minus needs a digit after it).
static WIDE_NUMBER_STARTS: BmpSet = BmpSet::new(&[WIDE_DIGITS, numerals::NUMERAL_CHARS]);
const WIDE_DIGITS: &[char] = &['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'];
const WIDE_MINUS: &[char] = &['－', '−'];
const ASCII_STARTS: &[char] = &['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-'];

/// Whether a number may start at `c`: a digit, a numeral (`百` of `百分之`
/// included) or a minus sign; at any other char [`Scanner::read`] finds none.
/// Asked of every char of a text, so one bit of a table of the few
/// non-ASCII such chars rather than a walk through the numeral grammar.
fn may_start_number(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit() || c == '-';
    }
    WIDE_STARTS.contains(c)
}

/// The buffers of a scan, kept on each thread from one scan to the next: a
/// report's sentences are scanned one after another, and each would
/// otherwise allocate its own.
#[derive(Default)]
struct Buffers {
    /// The byte offset of each char a number may start at.
    starts: Vec<usize>,
    sketch: context::Sketch,
    marks: context::Marks,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::default();
}

/// What the pass over a text stops at, and what each char it stops at is to
/// the pass: where a number may start ([`Stop::STARTS`], with more bits),
/// and what the context [`context::Sketch`] wants (the low byte, handed to
/// it). A stop's entry tells at once all that the pass does there.
struct Stops {
    /// The entry of each ASCII char (zero: no stop), looked up by its byte.
    ascii: [u16; 128],
    /// The chars beyond ASCII the pass stops at: most chars are none, and
    /// cost the pass one bit test, read from their bytes.
    wide: Box<BmpSet>,
    /// The entry of each char the pass stops at.
    kinds: BmpMap,
}

static STOPS: Lazy<Stops> = Lazy::new(|| {
    let kinds = BmpMap::new(stop_entries());
    let mut ascii = [0; 128];
    for (b, entry) in (0u8..).zip(ascii.iter_mut()) {
        *entry = kinds.get(char::from(b));
    }
    let wide = BmpSet::of(stop_entries().map(|(c, _)| c).filter(|c| !c.is_ascii()));
    Stops { ascii, wide, kinds }
});

/// The chars of [`STOPS`] with their entries (a char given twice has
/// the bits of both).
fn stop_entries() -> impl Iterator<Item = (char, u16)> {
    let starts = NUMBER_STARTS.into_iter().flatten().map(|&c| {
        debug_assert!(may_start_number(c));
        let number = if is_minus(c) { 0 } else { Stop::NUMBER };
        let digit = if numerals::is_digit(c) {
            Stop::DIGIT
        } else {
            0
        };
        (c, Stop::STARTS | number | digit)
    });
    let wanted = context::Sketch::wanted().map(|(c, want)| (c, Stop::WANTED | u16::from(want)));
    starts.chain(wanted)
}

/// The chars a number may start with, by kind.
const NUMBER_STARTS: [&[char]; 4] = [
    ASCII_STARTS,
    WIDE_DIGITS,
    numerals::NUMERAL_CHARS,
    WIDE_MINUS,
];

/// The bits of a char's entry in [`STOPS`].
struct Stop;

impl Stop {
    /// A number may start at the char ([`may_start_number`]).
    const STARTS: u16 = 1 << 8;
    /// One starts there on its own: a digit or a numeral, not a minus.
    const NUMBER: u16 = 1 << 9;
    /// A digit.
    const DIGIT: u16 = 1 << 10;
    /// The context's sketch wants the char, with the low byte.
    const WANTED: u16 = 1 << 11;
}

/// Every mention in `text`, in text order.
pub(crate) fn scan(text: &str) -> Vec<Mention> {
    scan_kept(text, Some)
}

/// What `keep` makes of each mention in `text`, in text order, where it
/// makes something (the quantities only, say: no list of mentions in
/// between).
pub(crate) fn scan_kept<T>(text: &str, keep: impl FnMut(Mention) -> Option<T>) -> Vec<T> {
    let mut kept = Vec::new();
    scan_kept_into(text, keep, &mut kept);
    kept
}

/// [`scan_kept`] into `kept`, emptied first: a caller that scans text after
/// text keeps one list and its room, not a list allocated a text.
pub(crate) fn scan_kept_into<T>(
    text: &str,
    keep: impl FnMut(Mention) -> Option<T>,
    kept: &mut Vec<T>,
) {
    // Borrowed where they are kept, not moved out and back: they are a
    // few hundred bytes, copied at every move.
    BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut buffers) => buffers.scan(text, keep, kept),
        // a scan inside another (none today): buffers of its own
        Err(_) => Buffers::default().scan(text, keep, kept),
    })
}

impl Buffers {
    /// [`scan_kept_into`] with these buffers.
    fn scan<T>(
        &mut self,
        text: &str,
        mut keep: impl FnMut(Mention) -> Option<T>,
        mentions: &mut Vec<T>,
    ) {
        mentions.clear();
        if !self.find_stops(text) {
            return;
        }
        let Buffers {
            starts,
            sketch,
            marks,
        } = self;
        context::paint(text, sketch, marks);
        let scanner = Scanner { text, marks };
        // Room for a mention a start (most starts make one): the list is not
        // grown, and copied, number by number.
        mentions.reserve(starts.len());
        // each mention is handed on where it is made, not returned up
        // through the reads (a range's two ends are two of them)
        let mut take = |m: Mention| mentions.extend(keep(m));
        // the first byte not yet read
        let mut next = 0;
        for &i in starts.iter() {
            if i < next {
                continue;
            }
            next = match scanner.read(i, true, &mut take) {
                Some(end) => end.max(i + 1),
                None => scanner.skip(i),
            };
        }
    }

    /// The pass over the bytes of `text`: note where a number may start,
    /// and hand the context sketch what it wants. Whether a digit or
    /// numeral is there at all (a minus alone starts none).
    ///
    /// Most chars of a report are three bytes and no stop: a tight loop
    /// steps over their runs, the bytes themselves picking the char's bit
    /// in [`STOPS`]; a char is decoded only at a stop. ASCII comes in runs
    /// too (the digits of a number, a Latin word): each byte of a run is
    /// looked up in a loop of its own, not sent back to the test of the
    /// three-byte run first.
    fn find_stops(&mut self, text: &str) -> bool {
        self.starts.clear();
        self.sketch.clear();
        let mut holds_number = false;
        let stops: &Stops = &STOPS;
        let mut rest = text.as_bytes();
        loop {
            // the bulk of a report: runs of three-byte chars that are no stop
            rest = stops.wide.skip_three_byte_others(rest);
            let at = text.len() - rest.len();
            // the stop's entry and its char's length in bytes
            let (stop, len) = match *rest {
                [] => break,
                [0..=0x7F, ..] => {
                    let mut end = at;
                    while let Some(&b @ 0..=0x7F) = text.as_bytes().get(end) {
                        let stop = stops.ascii[usize::from(b)];
                        if stop != 0 {
                            holds_number |= self.take_stop(text, end, 1, stop);
                        }
                        end += 1;
                    }
                    rest = &text.as_bytes()[end..];
                    continue;
                }
                // a stop, or the run would have stepped over it
                [lead @ 0xE0..=0xEF, second, third, ..] => {
                    (stops.kinds.get_utf8(lead, second, third), 3)
                }
                // a char of two or four bytes: rare in a report, decoded
                _ => {
                    let c = text[at..].chars().next().unwrap_or_default();
                    (stops.kinds.get(c), c.len_utf8())
                }
            };
            if stop != 0 {
                holds_number |= self.take_stop(text, at, len, stop);
            }
            rest = &rest[len..];
        }
        holds_number
    }

    /// Take the stop at byte `at` of `text`, a char of `len` bytes with
    /// the entry `stop`: note a start, hand the sketch a digit or what it
    /// wants. Whether a number starts there on its own.
    #[inline(always)]
    fn take_stop(&mut self, text: &str, at: usize, len: usize, stop: u16) -> bool {
        if stop & Stop::STARTS != 0 {
            self.starts.push(at);
            if stop & Stop::DIGIT != 0 {
                self.sketch.take_digit(at, at + len);
            }
        }
        if stop & Stop::WANTED != 0 {
            // the low byte: what the sketch is handed
            self.sketch.take(text, at, stop as u8);
        }
        stop & Stop::NUMBER != 0
    }
}

/// How numbers are read inside a stretch the context pass marked.
#[derive(Clone, Copy)]
pub(super) struct Mode {
    /// Digits only: `.` and `,` separate fields (dates, codes, phones).
    pub(super) integers_only: bool,
    /// Chinese numerals need no unit (inside set phrases such as `十四五`).
    pub(super) relaxed: bool,
}

impl Mode {
    pub(super) fn of(mark: Option<Exclusion>) -> Mode {
        use Exclusion::*;
        Mode {
            integers_only: matches!(
                mark,
                Some(Date | Phone | Code | DocumentNumber | SetPhrase | SectionNumber)
            ),
            relaxed: mark == Some(SetPhrase),
        }
    }
}

/// A number being read: the number itself, then (once
/// [`Scanner::read_around`] has run) what surrounds it, not yet judged.
/// One value, filled in where it stands: each step of the read would
/// otherwise copy the whole of it into a value of its own.
pub(super) struct Core {
    /// Byte span of the number (sign, digits, glued multiplier).
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: Decimal,
    pub(super) script: Script,
    /// A multiplier (万, 亿 …) is part of the number already.
    pub(super) multiplied: bool,
    /// Where `百分之` starts, for a rate written in words.
    pub(super) percent_words: Option<usize>,
    /// A heading number recognized from its shape alone (`1.2024年`).
    pub(super) section: bool,
    /// The char right before the number: asked by several judgements,
    /// so decoded once (set by [`Scanner::read`]).
    pub(super) before: Option<char>,
    /// What surrounds the number.
    pub(super) around: Around,
}

/// What surrounds a number: its hedges, unit and `人民币`.
pub(super) struct Around {
    /// Byte span of the whole mention (hedges, unit and `人民币` included).
    pub(super) start: usize,
    pub(super) end: usize,
    /// The value, scaled by a multiplier after a space or a hedge
    /// (`60.25 万元`, `200余万元`).
    pub(super) value: Decimal,
    pub(super) unit: Option<Unit>,
    pub(super) approx: bool,
    /// A hedge stands right before the number (`近百家`).
    pub(super) hedged_before: bool,
    /// `余` or `多` follows the number (`百余家`, `80余件`).
    pub(super) hedged_after: bool,
}

impl Core {
    /// A number spanning `start..end`, read on its own.
    fn new(start: usize, end: usize, value: Decimal, script: Script) -> Core {
        Core {
            start,
            end,
            value,
            script,
            multiplied: false,
            percent_words: None,
            section: false,
            before: None,
            around: Around {
                start,
                end,
                value,
                unit: None,
                approx: false,
                hedged_before: false,
                hedged_after: false,
            },
        }
    }
}

pub(super) enum Script {
    Arabic(ArabicForm),
    Chinese(Chinese),
}

pub(super) struct Scanner<'a> {
    /// The text, which every position of the scan is a byte offset into.
    pub(super) text: &'a str,
    /// The exclusions the context pass painted on stretches of the text.
    marks: &'a context::Marks,
}

/// Horizontal space that may stand between a number and its unit.
pub(super) fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{2009}' | '\u{202f}'
    )
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '－' | '−')
}

/// `百分之`, before a rate written in words.
const PERCENT_WORDS: &str = "百分之";

/// Whether `c` joins the two ends of a range. Asked after every mention:
/// a `match`, which the compiler makes a few compares, not a walk over a
/// list.
fn is_range_joiner(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '－' | '~' | '～' | '至' | '到')
}

impl Scanner<'_> {
    /// The char at byte `i`.
    #[inline]
    pub(super) fn at(&self, i: usize) -> Option<char> {
        char_at(self.text, i)
    }

    /// The char that ends at byte `i`.
    #[inline]
    pub(super) fn before(&self, i: usize) -> Option<char> {
        char_before(self.text, i)
    }

    /// The byte after the char at `i`.
    #[inline]
    pub(super) fn after(&self, i: usize) -> usize {
        next_char(self.text, i)
    }

    /// The nearest char before `i` that is not a space.
    pub(super) fn before_spaces(&self, i: usize) -> Option<char> {
        self.text[..i].chars().rev().find(|c| !is_space(*c))
    }

    /// The nearest char at or after `i` that is not a space.
    pub(super) fn after_spaces(&self, i: usize) -> Option<char> {
        self.text.get(i..)?.chars().find(|c| !is_space(*c))
    }

    pub(super) fn at_line_start(&self, i: usize) -> bool {
        matches!(self.before_spaces(i), None | Some('\n' | '\r'))
    }

    /// Where to go on after a place where no number could be read: past the
    /// whole run of digits or numerals, so no number is read out of its middle.
    fn skip(&self, i: usize) -> usize {
        let Some(c) = self.at(i) else {
            return i + 1;
        };
        let same: fn(char) -> bool = if numerals::is_digit(c) {
            numerals::is_digit
        } else if numerals::is_numeral(c) {
            numerals::is_numeral
        } else {
            return i + c.len_utf8();
        };
        let rest = &self.text[i..];
        i + rest.find(|c| !same(c)).unwrap_or(rest.len())
    }

    /// Read the mention (or the two ends of a range, with `link`) at `i`
    /// and hand it to `take`; where reading goes on. `take` is a trait
    /// object: the second end of a range is read with a closure of its own.
    fn read(&self, i: usize, link: bool, take: &mut dyn FnMut(Mention)) -> Option<usize> {
        let mark = self.marks.at(i);
        let mode = Mode::of(mark);
        // the number is read into room of its own here, not returned up
        // through the reads: a `Core` is some 180 bytes, copied at each
        // return
        let mut room = None;
        let core = self.core(i, mark, mode, &mut room)?;
        core.before = self.before(core.start);
        self.read_around(core, mode)?;
        let own = self.own_exclusion(core);
        let acceptance = self.acceptance(core, mode, own);
        if link
            && mark.is_none()
            && own != Some(Exclusion::SectionNumber)
            && acceptance != Acceptance::Rejected
        {
            if let Some(next) = self.read_range(core, own, take) {
                return Some(next);
            }
        }
        if acceptance != Acceptance::Accepted {
            return None;
        }
        take(self.mention(core, mark.or(own)));
        Some(core.around.end)
    }

    /// The second end of a range after `core` (`1-26期`, `3至5家`, `1-6月`):
    /// both ends are marked, by a date or year unit if one has it, else as
    /// a range, and handed to `take`; where reading goes on.
    fn read_range(
        &self,
        core: &Core,
        own: Option<Exclusion>,
        take: &mut dyn FnMut(Mention),
    ) -> Option<usize> {
        let joiner = self.at(core.around.end)?;
        if !is_range_joiner(joiner) || core.around.approx {
            return None;
        }
        let mut j = core.around.end + joiner.len_utf8();
        if joiner == '—' && self.at(j) == Some('—') {
            j += '—'.len_utf8();
        }
        let mut second = None;
        let next = self.read(j, false, &mut |m| second = Some(m))?;
        let mut last = second?;
        let second_own = last.excluded;
        let shared = |e: &Exclusion| {
            matches!(
                e,
                Exclusion::Date | Exclusion::Year | Exclusion::Ordinal | Exclusion::Title
            )
        };
        let first_excl = own
            .or(second_own.filter(shared))
            .unwrap_or(Exclusion::Range);
        let second_excl = second_own
            .or(own.filter(shared))
            .unwrap_or(Exclusion::Range);
        let mut first = self.mention(core, Some(first_excl));
        if core.around.unit.is_none() && matches!(core.script, Script::Chinese(_)) {
            // 三至五年: the first end takes the unit of the second
            first.quantity.unit = last.quantity.unit;
            first.quantity.kind = last.quantity.kind;
        }
        last.excluded = Some(second_excl);
        take(first);
        take(last);
        Some(next)
    }

    /// Read the number that starts at `i`, if one does, into `room`.
    fn core<'r>(
        &self,
        i: usize,
        mark: Option<Exclusion>,
        mode: Mode,
        room: &'r mut Option<Core>,
    ) -> Option<&'r mut Core> {
        let c = self.at(i)?;
        if is_minus(c) && mark.is_none() {
            return self.negative(i, mode, room);
        }
        if !mode.integers_only && starts_with(self.text, i, PERCENT_WORDS) {
            return self.percent_words(i, room);
        }
        if numerals::is_digit(c) {
            return self.arabic(i, mode, room);
        }
        if numerals::is_numeral(c) {
            let start = if words::yi_belongs_to_word(self.text, i) {
                i + c.len_utf8()
            } else {
                i
            };
            let chinese = numerals::read_chinese(self.text, start)?;
            let (end, value) = (chinese.end, chinese.value);
            return Some(room.insert(Core::new(start, end, value, Script::Chinese(chinese))));
        }
        None
    }

    /// `-3.2%` where the minus is a sign, not a dash between two numbers.
    fn negative<'r>(
        &self,
        i: usize,
        mode: Mode,
        room: &'r mut Option<Core>,
    ) -> Option<&'r mut Core> {
        let after_word = self
            .before(i)
            .is_some_and(|p| p.is_ascii_alphanumeric() || numerals::is_digit(p) || p == ')');
        let digits = self.after(i);
        if after_word || !self.at(digits).is_some_and(numerals::is_digit) {
            return None;
        }
        let core = self.arabic(digits, mode, room)?;
        core.start = i;
        core.value = -core.value;
        Some(core)
    }

    /// `百分之九十八`, `百分之百`, `百分之12.5`, `百分之九十八点五`.
    fn percent_words<'r>(&self, i: usize, room: &'r mut Option<Core>) -> Option<&'r mut Core> {
        let j = i + PERCENT_WORDS.len();
        let core = if self.at(j).is_some_and(numerals::is_digit) {
            self.arabic(j, Mode::of(None), room)?
        } else {
            let chinese = numerals::read_chinese(self.text, j)?;
            let mut end = chinese.end;
            let mut value = chinese.value;
            if let Some((digits, after)) = numerals::read_chinese_fraction(self.text, end) {
                value = format!("{value}.{digits}").parse().ok()?;
                end = after;
            }
            room.insert(Core::new(j, end, value, Script::Chinese(chinese)))
        };
        core.percent_words = Some(i);
        Some(core)
    }

    /// An Arabic number with a multiplier glued to it (`60.25万`).
    fn arabic<'r>(&self, i: usize, mode: Mode, room: &'r mut Option<Core>) -> Option<&'r mut Core> {
        // the digits are read once, for both questions
        let lead = numerals::digit_run(self.text, i);
        let section = self.section_before_year(i, lead);
        let arabic = numerals::read_arabic_from(self.text, i, lead, mode.integers_only || section)?;
        let core = room.insert(Core::new(
            i,
            arabic.end,
            arabic.value,
            Script::Arabic(arabic.form),
        ));
        core.section = section;
        // the bytes after most numbers rule a multiplier out, told in line
        if !mode.integers_only && !section && units::may_start_multiplier(self.text, core.end) {
            if let Some((value, end)) = units::glue_multipliers(self.text, core.end, core.value) {
                core.value = value;
                core.end = end;
                core.multiplied = true;
            }
        }
        Some(core)
    }

    /// `1.2024年` at the start of a line or sentence: heading 1, then a
    /// year; `lead` is the run of digits at `i`.
    fn section_before_year(&self, i: usize, lead: numerals::DigitRun) -> bool {
        if lead.len > 2 {
            return false;
        }
        let Some(year) = numerals::decimal_point(self.text, lead.end) else {
            return false;
        };
        let Some(digits) = self.text.as_bytes().get(year..year + 4) else {
            return false;
        };
        matches!(digits[..2], [b'1', b'9'] | [b'2', b'0'])
            && digits.iter().all(u8::is_ascii_digit)
            && starts_with(self.text, year + 4, "年")
            && (self.at_line_start(i) || self.after_sentence_end(i))
    }

    pub(super) fn after_sentence_end(&self, i: usize) -> bool {
        matches!(
            self.before_spaces(i),
            Some('。' | '；' | '！' | '？' | '!' | '?' | ';')
        )
    }

    fn mention(&self, core: &Core, excluded: Option<Exclusion>) -> Mention {
        let around = &core.around;
        let (unit, kind) = match &around.unit {
            None => ("", Kind::Number),
            Some(u) => match u.class {
                UnitClass::Money => ("元", Kind::Money),
                UnitClass::Rate => ("%", Kind::Rate),
                UnitClass::Count => (u.unit, Kind::Count),
                _ => (u.unit, Kind::Number),
            },
        };
        Mention {
            quantity: Quantity {
                start: around.start,
                end: around.end,
                num_start: core.start,
                num_end: core.end,
                value: normalized(around.value),
                unit,
                kind,
                approx: around.approx,
            },
            excluded,
        }
    }
}

/// `value` with no trailing zeros after its point, as
/// [`Decimal::normalize`] makes it. Most values are whole and positive
/// (scale 0, no sign), which it leaves as they are: told in line, by the
/// flags, before the call.
#[inline(always)]
fn normalized(value: Decimal) -> Decimal {
    if value.scale() == 0 && value.is_sign_positive() {
        value
    } else {
        value.normalize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_values_are_decimal_normalize() {
        for text in [
            "0", "-0", "0.0", "-0.00", "7", "-7", "120", "1.50", "-2.500", "3.14", "100.00",
        ] {
            let value: Decimal = text.parse().unwrap();
            let expected = value.normalize();
            let got = normalized(value);
            assert_eq!(got, expected, "{text}");
            assert_eq!(got.to_string(), expected.to_string(), "{text}");
            assert_eq!(got.serialize(), expected.serialize(), "{text}");
        }
        assert_eq!(
            normalized(-Decimal::ZERO).serialize(),
            Decimal::ZERO.serialize()
        );
    }

    #[test]
    fn the_byte_test_finds_the_chars_that_start_numbers() {
        for c in char::MIN..=char::MAX {
            let text = format!("a{c}b");
            assert_eq!(
                may_hold_number(&text),
                may_start_number(c) && !is_minus(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn the_stops_say_what_each_char_is_to_the_pass() {
        let wanted: Vec<(char, u8)> = context::Sketch::wanted().collect();
        for c in char::MIN..=char::MAX {
            let stop = STOPS.kinds.get(c);
            if c.is_ascii() {
                assert_eq!(STOPS.ascii[c as usize], stop, "{c:?}");
            } else {
                assert_eq!(STOPS.wide.contains(c), stop != 0, "{c:?}");
            }
            let want = wanted.iter().find(|(w, _)| *w == c);
            assert_eq!(stop & Stop::STARTS != 0, may_start_number(c), "{c:?}");
            assert_eq!(
                stop & Stop::NUMBER != 0,
                may_start_number(c) && !is_minus(c),
                "{c:?}"
            );
            assert_eq!(stop & Stop::DIGIT != 0, numerals::is_digit(c), "{c:?}");
            assert_eq!(stop & Stop::WANTED != 0, want.is_some(), "{c:?}");
            if let Some((_, want)) = want {
                assert_eq!(stop as u8, *want, "{c:?}");
            }
        }
    }

    #[test]
    fn the_pass_stops_where_numbers_may_start() {
        for text in [
            "",
            "共检查12家，罚款3.5万元",
            "ab-12，－３",
            "一二三四五六七",
            "é二𠀀３a",
            "查处案件一百二十起，2023年",
        ] {
            let mut buffers = Buffers::default();
            let holds = buffers.find_stops(text);
            let starts: Vec<usize> = text
                .char_indices()
                .filter(|&(_, c)| may_start_number(c))
                .map(|(at, _)| at)
                .collect();
            assert_eq!(buffers.starts, starts, "{text:?}");
            assert_eq!(holds, may_hold_number(text), "{text:?}");
        }
    }

    #[test]
    fn mentions_have_byte_offsets() {
        let text = "《2023年计划》中，约3.5万元，共１２家，罚款百分之九十八";
        for m in scan(text) {
            let q = &m.quantity;
            assert!(q.start <= q.num_start && q.num_end <= q.end, "{q:?}");
            assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        }
        let spans: Vec<&str> = scan(text)
            .iter()
            .map(|m| &text[m.quantity.start..m.quantity.end])
            .collect();
        assert_eq!(spans, ["2023年", "约3.5万元", "１２家", "百分之九十八"]);
    }
}
