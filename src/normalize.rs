//! Text as the rules see it: full-width forms folded to ASCII, traditional
//! characters folded to simplified ones, stray spaces around
//! numbers and Chinese characters dropped, pinyin glosses spliced in by mirror
//! sites (`監(jiān)督`) removed — with a map from every clean offset back to the
//! original text, so evidence quotes what the user sees and `line` points at it.
//! The map is kept in 32-bit offsets while they fit: on a huge report it is
//! about a third the size of the text. The walk also notes where sentences
//! end, so that the segmenter need not walk the text again to find out, and
//! where lines start.

use crate::lookup::BmpSet;
use std::cell::Cell;

/// The cleaned text of a document and the way back to the original, which
/// it borrows. The text is normalized whole ([`normalize`]) or a stretch of
/// lines at a time as it is read ([`Normalized::unread`]), the stretches read
/// being dropped ([`Normalized::forget_before`]): a huge report then never
/// holds its whole clean text, which is as much fresh memory as the report.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    /// The clean text from the clean offset [`Normalized::base`] on; line
    /// breaks are kept where the original has them.
    pub text: String,
    /// The offset in `text` just after each sentence-end mark of it
    /// ([`crate::segment::ends_sentence`]), in text order.
    pub sentence_ends: Vec<usize>,
    /// Runs of clean text that map to the original at a constant shift:
    /// `[clean_start, original_start]`, sorted by `clean_start`.
    runs: Offsets<2>,
    /// Byte offsets in the original where each line of the text read starts
    /// (but for the first `lines_forgotten`).
    line_starts: Offsets<1>,
    /// How many line starts the text forgotten had ([`Normalized::forget_before`]).
    lines_forgotten: usize,
    /// Where the last lookups in `runs` and `line_starts` ended, for the next
    /// to start from (see [`Offsets::count_at_or_before`]).
    run_near: Cell<usize>,
    line_near: Cell<usize>,
    /// The runs around the last one looked up in `runs`, and the last
    /// lookup in `line_starts` (the line count), emptied when the lists change.
    runs_near: Cell<RunsNear>,
    last_line: Cell<Hit>,
    /// The text as it arrived (decoded).
    pub original: &'a str,
    /// The clean offset where `text` starts: 0 until stretches are forgotten.
    base: usize,
    /// How much of the original is normalized: a line start, or its end.
    read: usize,
    /// Whether the next pushed text continues the current run at the same shift.
    shift: Option<isize>,
}

impl<'a> Normalized<'a> {
    /// The byte offset in the original text of the clean byte offset `clean`.
    pub fn original_offset(&self, clean: usize) -> usize {
        let (near, run) = self.runs_near(clean);
        clean
            .wrapping_add(near.shifts[run])
            .min(self.original.len())
    }

    /// The runs near the clean offset `clean`, and which of them holds it.
    /// The lookups of a row (its value, its evidence, its category) fall in
    /// a run or in a few runs in a row (a number whose spaces were dropped
    /// is a run of its own, between the text before and after it): the runs
    /// around the last one looked up answer them unsearched.
    fn runs_near(&self, clean: usize) -> (RunsNear, usize) {
        let near = self.runs_near.get();
        if let Some(run) = near.run_of(clean) {
            // Runs that take in the last run hold until a run is pushed
            // after it, where the last one then ends: told here, so that
            // the walk that pushes the runs need not empty them.
            if near.starts[RUNS_NEAR] != usize::MAX || near.runs == self.runs.len() {
                return (near, run);
            }
        }
        // The run that holds `clean` is the `count`th; the one before it
        // starts the window, so that a lookup just behind is answered too.
        let count = self.runs.count_at_or_before(clean, &self.run_near);
        let first = count.saturating_sub(2);
        // Before the first run, clean and original offsets are the same: a
        // run at 0 with no shift stands for that stretch.
        let before_first = count < 2;
        let run = |k: usize| match (before_first, k) {
            (true, 0) => Some([0, 0]),
            (true, k) => self.runs.get(k - 1),
            (false, k) => self.runs.get(first + k),
        };
        let mut near = RunsNear {
            starts: [usize::MAX; RUNS_NEAR + 1],
            shifts: [0; RUNS_NEAR],
            runs: self.runs.len(),
        };
        for k in 0..RUNS_NEAR {
            let Some([c, o]) = run(k) else { break };
            near.starts[k] = c;
            near.shifts[k] = o.wrapping_sub(c);
        }
        near.starts[RUNS_NEAR] = run(RUNS_NEAR).map_or(usize::MAX, |[c, _]| c);
        self.runs_near.set(near);
        let run = near.run_of(clean).unwrap_or_default();
        (near, run)
    }

    /// The original byte span of the clean span `start..end` (end exclusive).
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.original_offset(start);
        if end <= start {
            return (s, s);
        }
        // Within a run every char is as long in the clean text as in the
        // original (a char that is not ends its run, see
        // [`Normalized::push`]): the span's end, when the run of its last
        // byte goes on past it, maps at that run's shift, and it is a char
        // boundary there when it is one in the original. Most spans end so
        // (in their start's run, or in the run after a number whose spaces
        // were dropped): the clean text is then not read back to the span's
        // last char, nor that char looked up again, loads that the clock
        // found slow. The byte of the original read is the one just after
        // the span, most often in the line the row's copy of it reads.
        let (near, run) = self.runs_near(end - 1);
        let e = end.wrapping_add(near.shifts[run]);
        let run_end = near.starts[run + 1];
        if end < run_end && end < self.base + self.text.len() && self.original.is_char_boundary(e) {
            return (s, e);
        }
        self.original_span_by_last_char(s, start, end)
    }

    /// [`Normalized::original_span`] of a span, which starts at the original
    /// offset `s`, by its last char: right wherever the span ends (at the
    /// end of a run or of the text read too).
    fn original_span_by_last_char(&self, s: usize, start: usize, end: usize) -> (usize, usize) {
        // Map the last clean char and step past its original form: the text after
        // it may be dropped original text (spaces, glosses) we must not quote.
        // Both are told by bytes (a char starts at a byte that is no
        // continuation byte, its first byte gives its length), not decoded.
        let clean = &self.text.as_bytes()[start - self.base..end - self.base];
        let last_start = clean
            .iter()
            .rposition(|&b| !is_continuation(b))
            .unwrap_or(0);
        let last = self.original_offset(start + last_start);
        let len = self
            .original
            .as_bytes()
            .get(last)
            .map_or(0, |&first| utf8_len(first));
        (s, (last + len).max(s))
    }

    /// The original text of the clean span `start..end`.
    pub fn original_text(&self, start: usize, end: usize) -> &'a str {
        let (s, e) = self.original_span(start, end);
        &self.original[s..e]
    }

    /// The 1-based line of the original byte offset `original`.
    pub fn line_of_original(&self, original: usize) -> usize {
        // Rows come in text order, often several on a line.
        let count = Hit::answer(&self.last_line, original, || {
            let (entry, next) = self
                .line_starts
                .last_at_or_before(original, &self.line_near);
            Hit {
                from: entry.map_or(0, |[start]| start),
                to: next,
                answer: self.line_near.get(),
            }
        });
        (self.lines_forgotten + count).max(1)
    }

    /// The 1-based line in the original of the clean byte offset `clean`.
    pub fn line_of(&self, clean: usize) -> usize {
        self.line_of_original(self.original_offset(clean))
    }

    /// Nothing of `original` normalized yet: its clean text is read on a
    /// stretch at a time ([`Normalized::read_on`]).
    pub fn unread(original: &'a str) -> Normalized<'a> {
        let mut line_starts = Offsets::new();
        line_starts.push([0]);
        Normalized {
            text: String::new(),
            sentence_ends: Vec::new(),
            runs: Offsets::new(),
            line_starts,
            lines_forgotten: 0,
            run_near: Cell::default(),
            runs_near: Cell::default(),
            last_line: Cell::default(),
            line_near: Cell::default(),
            original,
            base: 0,
            read: 0,
            shift: None,
        }
    }

    /// The clean offset where [`Normalized::text`] starts.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Whether the whole original is normalized.
    pub fn is_complete(&self) -> bool {
        self.read == self.original.len()
    }

    /// Normalize at least `bytes` more of the original (all of it if less is
    /// left), up to the end of a line. A line is normalized as it would be
    /// in the whole text: what the text around a char decides (a space
    /// between ASCII words, a gloss after a Chinese character) never reaches
    /// across a line break.
    pub fn read_on(&mut self, bytes: usize) {
        if self.is_complete() {
            return;
        }
        let at_least = self
            .read
            .saturating_add(bytes.max(1))
            .min(self.original.len());
        let to = memchr::memchr(b'\n', &self.original.as_bytes()[at_least - 1..])
            .map_or(self.original.len(), |newline| at_least + newline);
        // The clean text of a stretch is never longer than the stretch: room
        // for it all, so that the text is not copied over as it grows.
        self.text.reserve(to - self.read);
        self.normalize_to(to);
    }

    /// Drop the clean text before the clean offset `clean` (from
    /// [`Normalized::base`] up to the end of the text read), and its
    /// sentence ends, or leave them to a later call that drops more (see
    /// below): the offsets before it are not asked for again.
    pub fn forget_before(&mut self, clean: usize) {
        // The lookups to come are at `clean` or after, and so in the original
        // (the runs map clean text to the original in order): the run that
        // holds `clean` is kept, and the line starts up to it are counted.
        let original = self.original_offset(clean);
        let runs_before = self.runs.count_at_or_before(clean, &self.run_near);
        self.runs.forget_first(runs_before.saturating_sub(1));
        let lines_before = self
            .line_starts
            .count_at_or_before(original, &self.line_near);
        self.line_starts.forget_first(lines_before);
        self.lines_forgotten += lines_before;
        self.run_near.set(0);
        self.runs_near.set(RunsNear::default());
        self.line_near.set(0);
        self.last_line.take();
        // What is left is moved to the front only when at least as much is
        // gone, so that each byte is moved once at most on average: the head
        // read at once for detection is forgotten a short window at a time.
        // Until then the text before `clean` stays, unread.
        let gone = clean - self.base;
        if gone < self.text.len() - gone {
            return;
        }
        self.text.drain(..gone);
        let ends_gone = self.sentence_ends.partition_point(|&e| e <= gone);
        self.sentence_ends.drain(..ends_gone);
        for end in &mut self.sentence_ends {
            *end -= gone;
        }
        self.base = clean;
    }
}

/// The clean text of `original` from the line that starts at `from` on, as
/// it is in the clean text of the whole (see [`Normalized::read_on`]).
pub fn clean_text_from(original: &str, from: usize) -> String {
    let mut clean = Normalized::unread(original);
    clean.read = from;
    clean.normalize_to(original.len());
    clean.text
}

/// Is `b` a UTF-8 continuation byte (not the first of a char)?
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The length of the UTF-8 char whose first byte is `first`.
fn utf8_len(first: u8) -> usize {
    (first.leading_ones() as usize).max(1)
}

/// The answer of a lookup in [`Offsets`], which holds for the offsets
/// `from..to` (those between the entry found and the next).
#[derive(Debug, Clone, Copy, Default)]
struct Hit {
    from: usize,
    to: usize,
    answer: usize,
}

impl Hit {
    /// The answer for `at`: that of the last hit if it holds there, else
    /// the one `find` finds, kept as the last hit.
    fn answer(last: &Cell<Hit>, at: usize, find: impl FnOnce() -> Hit) -> usize {
        let mut hit = last.get();
        if !(hit.from..hit.to).contains(&at) {
            hit = find();
            last.set(hit);
        }
        hit.answer
    }
}

/// Runs in a row of [`Normalized::runs`] (their clean starts and the start
/// of the run after them, `usize::MAX` past the last run), and the shift of
/// each to the original (wrapping): none at all by default.
#[derive(Debug, Clone, Copy, Default)]
struct RunsNear {
    starts: [usize; RUNS_NEAR + 1],
    shifts: [usize; RUNS_NEAR],
    /// How many runs the list held when these were taken from it.
    runs: usize,
}

/// How many runs [`RunsNear`] holds: the run before the one looked up, to
/// answer a lookup just behind, that one and the one after it.
const RUNS_NEAR: usize = 3;

impl RunsNear {
    /// Which of the runs holds the clean offset `at`, if one does.
    fn run_of(&self, at: usize) -> Option<usize> {
        if !(self.starts[0]..self.starts[RUNS_NEAR]).contains(&at) {
            return None;
        }
        Some(usize::from(at >= self.starts[1]) + usize::from(at >= self.starts[2]))
    }
}

/// Sorted entries of `N` byte offsets, kept in 32 bits each while every
/// offset fits (half the memory) and widened for good when one does not.
#[derive(Debug, Clone)]
enum Offsets<const N: usize> {
    Narrow(Vec<[u32; N]>),
    Wide(Vec<[usize; N]>),
}

impl<const N: usize> Offsets<N> {
    fn new() -> Self {
        Offsets::Narrow(Vec::new())
    }

    /// Add an entry after the others.
    fn push(&mut self, entry: [usize; N]) {
        match self {
            Offsets::Narrow(narrow) if entry.iter().all(|&x| x <= u32::MAX as usize) => {
                narrow.push(entry.map(|x| x as u32));
            }
            Offsets::Narrow(narrow) => {
                let mut wide: Vec<[usize; N]> =
                    narrow.iter().map(|e| e.map(|x| x as usize)).collect();
                wide.push(entry);
                *self = Offsets::Wide(wide);
            }
            Offsets::Wide(wide) => wide.push(entry),
        }
    }

    /// How many entries there are.
    fn len(&self) -> usize {
        match self {
            Offsets::Narrow(narrow) => narrow.len(),
            Offsets::Wide(wide) => wide.len(),
        }
    }

    /// Drop the first `n` entries.
    fn forget_first(&mut self, n: usize) {
        match self {
            Offsets::Narrow(narrow) => drop(narrow.drain(..n)),
            Offsets::Wide(wide) => drop(wide.drain(..n)),
        }
    }

    /// How many entries have a first offset at or before `at`, searched
    /// outward from `near`, the count of an earlier search, which is then set
    /// to this one: the lookups of a document come in text order or close
    /// together, so a search takes a few steps, not a search of the whole list.
    fn count_at_or_before(&self, at: usize, near: &Cell<usize>) -> usize {
        let count = match self {
            Offsets::Narrow(narrow) => count_near(narrow, near.get(), |e| e[0] as usize <= at),
            Offsets::Wide(wide) => count_near(wide, near.get(), |e| e[0] <= at),
        };
        near.set(count);
        count
    }

    /// The last entry whose first offset is at or before `at` (see
    /// [`Offsets::count_at_or_before`]), and the first offset of the entry
    /// after it (`usize::MAX` if none).
    fn last_at_or_before(&self, at: usize, near: &Cell<usize>) -> (Option<[usize; N]>, usize) {
        let count = self.count_at_or_before(at, near);
        let next_start = self.get(count).map_or(usize::MAX, |e| e[0]);
        (count.checked_sub(1).and_then(|i| self.get(i)), next_start)
    }

    /// Entry `i`, if there is one.
    fn get(&self, i: usize) -> Option<[usize; N]> {
        match self {
            Offsets::Narrow(narrow) => narrow.get(i).map(|e| e.map(|x| x as usize)),
            Offsets::Wide(wide) => wide.get(i).copied(),
        }
    }
}

/// `entries.partition_point(before)`, found by steps that double outward
/// from `near` and a binary search of the last step: a few steps when the
/// count is close to `near`.
fn count_near<T>(entries: &[T], near: usize, before: impl Fn(&T) -> bool) -> usize {
    let near = near.min(entries.len());
    let past_near = entries.get(near).is_some_and(&before);
    // Most often the count is `near` again (the same run or line), told
    // by the two entries around it.
    if !past_near && (near == 0 || before(&entries[near - 1])) {
        return near;
    }
    let mut step = 1;
    if past_near {
        // The count is past `near`: every entry before `from` is before `at`.
        let mut from = near + 1;
        loop {
            let probe = from + step - 1;
            if probe >= entries.len() || !before(&entries[probe]) {
                let to = probe.min(entries.len());
                return from + entries[from..to].partition_point(before);
            }
            from = probe + 1;
            step *= 2;
        }
    }
    // The count is at most `near`: no entry from `to` on is before `at`.
    let mut to = near;
    while to > 0 {
        let probe = to.saturating_sub(step);
        if before(&entries[probe]) {
            return probe + 1 + entries[probe + 1..to].partition_point(before);
        }
        to = probe;
        step *= 2;
    }
    0
}

/// The ASCII form of a full-width digit, letter, `％`, `．` or a wide space.
/// (ASCII and Chinese chars, most of those asked, are told by one or two
/// comparisons before the lists.)
const fn fold_width(c: char) -> Option<char> {
    if c.is_ascii() {
        return if c == '\t' { Some(' ') } else { None };
    }
    if c > '\u{3000}' && c < '\u{FF05}' {
        return None;
    }
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' | '＋' | '－' | '／' => {
            char::from_u32(c as u32 - 0xFEE0)
        }
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => Some(' '),
        _ => None,
    }
}

/// Can the char led by the byte `lead`, beyond ASCII, be [`fold_width`]ed:
/// `C2` (U+00A0), `E2` (U+2002–U+205F), `E3` (U+3000) or `EF` (the
/// full-width forms)? Chinese characters, led by `E4`–`E9`, are told by
/// their lead byte and not decoded.
const fn may_fold_wide(lead: u8) -> bool {
    matches!(lead, 0xC2 | 0xE2 | 0xE3 | 0xEF)
}

const fn is_horizontal_space(c: char) -> bool {
    c == ' '
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Is `s` (starting at a `(`) a pinyin gloss like `(jiān)`, and how long is it?
fn pinyin_gloss_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, open) = chars.next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let mut letters = 0;
    for (i, c) in chars {
        match c {
            ')' | '）' => {
                // A gloss is one lowercase syllable, so `(a)` list markers stay.
                return (2..=6).contains(&letters).then_some(i + c.len_utf8());
            }
            'a'..='z' => letters += 1,
            'ā' | 'á' | 'ǎ' | 'à' | 'ē' | 'é' | 'ě' | 'è' | 'ī' | 'í' | 'ǐ' | 'ì' | 'ō' | 'ó'
            | 'ǒ' | 'ò' | 'ū' | 'ú' | 'ǔ' | 'ù' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'ü' => {
                letters += 1;
            }
            _ => return None,
        }
        if letters > 6 {
            return None;
        }
    }
    None
}

/// `s` without the pinyin glosses spliced after its Chinese characters
/// (`通報(bào)批評` → `通報批評`), for quoting original text as a value.
pub fn without_glosses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let gloss = (c == '(' || c == '（')
            .then(|| {
                out.chars()
                    .next_back()
                    .filter(|&p| is_han(p))
                    .and(pinyin_gloss_len(rest))
            })
            .flatten();
        let skip = gloss.unwrap_or_else(|| {
            out.push(c);
            c.len_utf8()
        });
        rest = &rest[skip..];
    }
    out
}

/// Is `c` a Chinese character (the ones a gloss may follow)?
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// A char that stays as it is in the clean text and needs no look around: not
/// a line-end or BOM to drop, a bracket that may open a pinyin gloss, a space,
/// a full-width form or a traditional character.
fn kept_as_is(c: char) -> bool {
    !changed_whatever_the_script(c) && crate::script::simplified(c) == c
}

/// A line-end or BOM to drop, a bracket that may open a pinyin gloss, a space
/// or a full-width form: a char not kept as it is in either script.
const fn changed_whatever_the_script(c: char) -> bool {
    matches!(c, '\r' | '\u{FEFF}' | '(' | '（') || fold_width(c).is_some() || is_horizontal_space(c)
}

/// Every BMP char that may not be [`kept_as_is`] (the ones changed whatever
/// the script and those with a simplified form), the sentence-end marks and
/// the line feed, which are noted. Built at compile time, so that the scan
/// for the next char to look at tests one bit a char; a [`BmpSet`], so that
/// the runs of Chinese text are stepped over by the walk the number scan
/// steps with ([`BmpSet::skip_three_byte_others`]).
static LOOKED_AT: BmpSet = BmpSet::from_bits(looked_at_bits());

const fn looked_at_bits() -> [u64; 1024] {
    let mut bits = crate::script::IN_T2S;
    let mut cp = 0;
    while cp < 0x10000 {
        if let Some(c) = char::from_u32(cp) {
            if changed_whatever_the_script(c) {
                bits[cp as usize >> 6] |= 1 << (cp & 63);
            }
        }
        cp += 1;
    }
    let mut k = 0;
    while k < crate::segment::SENTENCE_END.len() {
        let cp = crate::segment::SENTENCE_END[k] as usize;
        bits[cp >> 6] |= 1 << (cp & 63);
        k += 1;
    }
    bits[0] |= 1 << b'\n';
    bits
}

/// The byte offset of the first char at or after `from` that may not be
/// [`kept_as_is`] or ends a sentence, or the end of the text. Most of a
/// report is kept as it is, so it is skipped here, a char at a time, without
/// the work of a char kept. Chinese text is runs of three-byte chars, each
/// tested from its bytes by one bit of [`LOOKED_AT`], two chars a turn; ASCII,
/// between the runs, is tested a byte at a time in a loop of its own; the
/// rarer chars (two bytes, four) are looked at.
fn next_to_look_at(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    // The bytes not yet skipped: a slice, so that a step needs no check of
    // its offset against the end but the chunk's.
    let mut rest = &bytes[from..];
    loop {
        rest = LOOKED_AT.skip_three_byte_others(rest);
        match rest.split_first() {
            Some((&b, after)) if b.is_ascii() && !looked_at_ascii(b) => {
                rest = after;
                // The rest of a run of ASCII, a byte a step.
                while let Some((&b, after)) = rest.split_first() {
                    if !b.is_ascii() || looked_at_ascii(b) {
                        break;
                    }
                    rest = after;
                }
            }
            _ => return bytes.len() - rest.len(),
        }
    }
}

/// Is the ASCII char `b` [`LOOKED_AT`]?
fn looked_at_ascii(b: u8) -> bool {
    LOOKED_AT.contains(char::from(b))
}

/// Building the clean text, its runs back to the original and its sentence ends.
impl Normalized<'_> {
    /// Push the char `c` for the original text at `orig` that is `len_in_orig` long.
    fn push_char(&mut self, c: char, orig: usize, len_in_orig: usize) {
        self.push(c.encode_utf8(&mut [0; 4]), orig, len_in_orig);
        if crate::segment::ends_sentence(c) {
            self.sentence_ends.push(self.text.len());
        }
    }

    /// Push `clean` for the original text at `orig` that is `len_in_orig` long.
    fn push(&mut self, clean: &str, orig: usize, len_in_orig: usize) {
        let at = self.base + self.text.len();
        let s = orig as isize - at as isize;
        if self.shift != Some(s) {
            self.runs.push([at, orig]);
            self.shift = Some(s);
        }
        self.text.push_str(clean);
        if clean.len() != len_in_orig {
            // The next text starts a new run: lengths differ here.
            self.shift = None;
        }
    }

    /// The last char of the clean text so far.
    fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    /// Copy `original[from..to]`, kept as it is.
    fn copy(&mut self, original: &str, from: usize, to: usize) {
        if from < to {
            self.push(&original[from..to], from, to - from);
        }
    }
}

/// Clean `original` for matching, keeping the map back to it.
pub fn normalize(original: &str) -> Normalized<'_> {
    let mut clean = Normalized::unread(original);
    clean.text.reserve(original.len());
    clean.normalize_to(original.len());
    clean
}

impl Normalized<'_> {
    /// Normalize the original from where it is read up to `to`, the start of
    /// a line or its end.
    fn normalize_to(&mut self, to: usize) {
        let original = &self.original[..to];
        // Walked by byte offset: no table of every char (16 bytes a char) is made.
        let char_at = |at: usize| original[at..].chars().next();
        let mut pos = self.read;
        // Where the chars kept as they are, not yet copied, start.
        let mut unchanged = pos;
        loop {
            pos = next_to_look_at(original, pos);
            // A space (between figures and words, most often) is the most
            // common stop: told by its byte, before a char is decoded.
            if original.as_bytes().get(pos) == Some(&b' ') {
                self.copy(original, unchanged, pos);
                pos = self.collapse_spaces(original, pos);
                unchanged = pos;
                continue;
            }
            // A line feed, kept as it is: the line start after it is noted
            // here, in the one walk of the text, not by a pass of its own.
            if original.as_bytes().get(pos) == Some(&b'\n') {
                pos += 1;
                self.line_starts.push([pos]);
                continue;
            }
            let Some(raw) = char_at(pos) else { break };
            // Most stops are at sentence ends, all kept as they are: told first,
            // without the tests of a char that may change.
            if crate::segment::ends_sentence(raw) {
                pos += raw.len_utf8();
                // Kept: the clean text runs on from `unchanged` as it is.
                let end = self.text.len() + (pos - unchanged);
                self.sentence_ends.push(end);
                continue;
            }
            if kept_as_is(raw) {
                pos += raw.len_utf8();
                continue;
            }
            self.copy(original, unchanged, pos);
            if raw == '\r' || raw == '\u{FEFF}' {
                pos += raw.len_utf8();
                unchanged = pos;
                continue;
            }
            // Pinyin glosses after a Chinese character.
            if (raw == '(' || raw == '（') && self.last_char().is_some_and(is_han) {
                if let Some(len) = pinyin_gloss_len(&original[pos..]) {
                    pos += len;
                    unchanged = pos;
                    continue;
                }
            }
            let c = fold_width(raw).unwrap_or_else(|| crate::script::simplified(raw));
            if is_horizontal_space(c) {
                pos = self.collapse_spaces(original, pos);
                unchanged = pos;
                continue;
            }
            self.push_char(c, pos, raw.len_utf8());
            pos += raw.len_utf8();
            unchanged = pos;
        }
        self.copy(original, unchanged, pos);
        self.last_line.take();
        self.read = to;
    }
}

impl Normalized<'_> {
    /// Collapse the run of spaces (any width) that starts at `pos` of
    /// `original`, already copied up to it: one is kept only between ASCII
    /// words or digits. Where the run ends. ASCII spaces, most of them, are
    /// told by their bytes, and the char before by the last byte of the clean
    /// text (a char beyond ASCII ends in a byte that is no ASCII letter).
    fn collapse_spaces(&mut self, original: &str, pos: usize) -> usize {
        let char_at = |at: usize| original[at..].chars().next();
        let folded_at = |at: usize| char_at(at).map(|c| fold_width(c).unwrap_or(c));
        let bytes = original.as_bytes();
        let mut j = pos;
        loop {
            match bytes.get(j) {
                // A tab is folded to a space.
                Some(b' ' | b'\t') => j += 1,
                Some(&b) if may_fold_wide(b) && folded_at(j).is_some_and(is_horizontal_space) => {
                    j += char_at(j).map_or(1, char::len_utf8);
                }
                _ => break,
            }
        }
        let after_word = self
            .text
            .as_bytes()
            .last()
            .is_some_and(u8::is_ascii_alphanumeric);
        let word_at = |at: usize| match bytes.get(at) {
            Some(b) if b.is_ascii() => is_ascii_word(char::from(*b)),
            Some(&b) => may_fold_wide(b) && folded_at(at).is_some_and(is_ascii_word),
            None => false,
        };
        if after_word && word_at(j) {
            self.push(" ", pos, char_at(pos).map_or(1, char::len_utf8));
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn folds_full_width_digits_and_percent() {
        assert_eq!(clean("完成率９７．８６％"), "完成率97.86%");
        assert_eq!(clean("检查３０６家次"), "检查306家次");
    }

    #[test]
    fn drops_spaces_around_numbers_and_han() {
        assert_eq!(clean("罚款 60.25 万元"), "罚款60.25万元");
        assert_eq!(clean("2024 年　全年"), "2024年全年");
        assert_eq!(clean("检查 3 197 户次"), "检查3 197户次");
        assert_eq!(clean("| 行政许可 | 0 0 0 |"), "|行政许可|0 0 0|");
    }

    #[test]
    fn every_char_folded_is_led_by_a_byte_told_so() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if fold_width(c).is_some() {
                let lead = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                assert!(may_fold_wide(lead), "{c:?}");
            }
        }
    }

    #[test]
    fn removes_pinyin_glosses_after_han() {
        assert_eq!(clean("監(jiān)督檢查"), "监督检查");
        assert_eq!(clean("罚款5萬(wàn)元"), "罚款5万元");
        // Not a gloss: a list marker or an abbreviation in brackets.
        assert_eq!(clean("事项(a)和(PDF)"), "事项(a)和(PDF)");
    }

    #[test]
    fn quotes_without_glosses() {
        assert_eq!(without_glosses("通報(bào)批評"), "通報批評");
        assert_eq!(without_glosses("事项(a)"), "事项(a)");
    }

    #[test]
    fn maps_clean_offsets_back_to_original_lines() {
        let original = "第一行\n罚款　６０ 万元\n";
        let n = normalize(original);
        let at = n.text.find("60").unwrap();
        assert_eq!(n.line_of(at), 2);
        let (s, e) = n.original_span(at, n.text.find("元").unwrap() + "元".len());
        assert_eq!(&original[s..e], "６０ 万元");
    }

    #[test]
    fn offsets_widen_when_one_does_not_fit_in_32_bits() {
        let mut offsets = Offsets::new();
        offsets.push([0, 3]);
        offsets.push([10, 20]);
        assert!(matches!(offsets, Offsets::Narrow(_)));
        let far = u32::MAX as usize + 7;
        offsets.push([far, far + 1]);
        assert!(matches!(offsets, Offsets::Wide(_)));
        let near = Cell::default();
        assert_eq!(offsets.last_at_or_before(15, &near), (Some([10, 20]), far));
        assert_eq!(
            offsets.last_at_or_before(far, &near),
            (Some([far, far + 1]), usize::MAX)
        );
        assert_eq!(offsets.count_at_or_before(far - 1, &near), 2);
    }

    #[test]
    fn a_search_from_near_counts_as_a_search_of_the_whole_list() {
        for len in 0..40 {
            let entries: Vec<usize> = (0..len).map(|i| i * 2).collect();
            for at in 0..len * 2 + 2 {
                let count = entries.partition_point(|&e| e <= at);
                for near in 0..len + 3 {
                    assert_eq!(count_near(&entries, near, |&e| e <= at), count);
                }
            }
        }
    }

    #[test]
    fn the_scan_looks_at_every_bmp_char_not_kept_as_is() {
        let bmp = (0..0x10000).filter_map(char::from_u32);
        for c in bmp.filter(|&c| !kept_as_is(c)) {
            assert!(LOOKED_AT.contains(c), "{c:?}");
        }
        let text = "罚款６０万元，監(jiān)督 检查";
        let first = next_to_look_at(text, 0);
        assert_eq!(&text[first..], "６０万元，監(jiān)督 检查");
        assert_eq!(next_to_look_at("全部照抄 abc", 0), "全部照抄".len());
        assert_eq!(next_to_look_at("全部照抄", 0), "全部照抄".len());
        // The tail of fewer than three bytes, and a two-byte char, looked at.
        assert_eq!(next_to_look_at("全部ab", 0), "全部ab".len());
        assert_eq!(next_to_look_at("ab×c", 0), 2);
        assert_eq!(next_to_look_at("全×", 0), "全".len());
    }

    #[test]
    fn fold_width_folds_what_its_lists_name() {
        let by_lists = |c: char| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' | '＋' | '－' | '／' => {
                char::from_u32(c as u32 - 0xFEE0)
            }
            '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\t' => {
                Some(' ')
            }
            _ => None,
        };
        for c in (0..0x30000).filter_map(char::from_u32) {
            assert_eq!(fold_width(c), by_lists(c), "{c:?}");
        }
    }

    #[test]
    fn sentence_ends_are_kept_as_they_are() {
        assert!(crate::segment::SENTENCE_END.iter().all(|&c| kept_as_is(c)));
    }

    #[test]
    fn notes_the_sentence_ends_of_the_clean_text() {
        for text in [
            "第一句。第二句！\r\n監(jiān)督；a;b?c!",
            "",
            "。",
            "罚款　６０ 万元？",
            "x ;",
        ] {
            let n = normalize(text);
            assert_eq!(
                n.sentence_ends,
                crate::segment::sentence_ends(&n.text),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_sentence_ends_are_those_a_scan_of_the_clean_text_finds(
            text in "[。！？；!?;，監督(jiān)ａ１ 　\r\n\u{FEFF}甲]{0,40}"
        ) {
            let n = normalize(&text);
            proptest::prop_assert_eq!(&n.sentence_ends, &crate::segment::sentence_ends(&n.text));
        }

        #[test]
        fn the_line_starts_are_those_after_each_line_feed(
            text in "[監督(jiān)ａ１a 　\t\r\n\u{FEFF}甲。]{0,40}"
        ) {
            let n = normalize(&text);
            let noted: Vec<usize> = (0..).map_while(|i| n.line_starts.get(i)).map(|[s]| s).collect();
            let after_feeds = text.match_indices('\n').map(|(at, _)| at + 1);
            let expected: Vec<usize> = std::iter::once(0).chain(after_feeds).collect();
            proptest::prop_assert_eq!(noted, expected);
        }

        #[test]
        fn text_forgotten_in_part_is_the_whole_texts_from_its_base(
            text in "[。；,監督(jiān)（bào）ａ１a2 　\t\r\n\u{FEFF}甲×]{0,60}",
            steps in proptest::collection::vec((1usize..12, 0usize..12), 1..8),
        ) {
            let whole = normalize(&text);
            let mut read = Normalized::unread(&text);
            let mut forgotten = 0;
            for &(bytes, keep) in steps.iter().cycle() {
                if read.is_complete() {
                    break;
                }
                read.read_on(bytes);
                // Forget all but about the last `keep` bytes read.
                let end = read.base() + read.text.len();
                let mut at = end.saturating_sub(keep).max(forgotten);
                while !whole.text.is_char_boundary(at) {
                    at += 1;
                }
                read.forget_before(at);
                forgotten = at;
                let (base, held) = (read.base(), read.text.len());
                proptest::prop_assert_eq!(&read.text[..], &whole.text[base..base + held]);
                // The text before `forgotten` is kept only while it is less
                // than the text after it.
                let dead = forgotten - base;
                proptest::prop_assert!(dead == 0 || dead < held - dead, "{} of {}", dead, held);
                for at in forgotten..end {
                    proptest::prop_assert_eq!(read.original_offset(at), whole.original_offset(at));
                    proptest::prop_assert_eq!(read.line_of(at), whole.line_of(at));
                }
            }
        }

        #[test]
        fn a_span_maps_as_its_last_char_does(
            text in "[。；,監督(jiān)（bào）ａ１a2 　\t\r\n\u{FEFF}甲×]{0,40}",
            stretch in 1usize..12,
        ) {
            // Every span of the text read so far that starts at a char (as
            // a span quoted does), as more is read: the runs near a lookup
            // must not outlive a run pushed after them.
            let spans_map_by_last_char = |n: &Normalized| {
                let end = n.base() + n.text.len();
                let starts = (n.base()..end).filter(|&at| n.text.is_char_boundary(at - n.base()));
                for start in starts {
                    for stop in start + 1..=end {
                        let by_last_char =
                            n.original_span_by_last_char(n.original_offset(start), start, stop);
                        proptest::prop_assert_eq!(n.original_span(start, stop), by_last_char);
                    }
                }
                Ok(())
            };
            spans_map_by_last_char(&normalize(&text))?;
            let mut read = Normalized::unread(&text);
            while !read.is_complete() {
                read.read_on(stretch);
                spans_map_by_last_char(&read)?;
            }
        }

        #[test]
        fn read_stretch_by_stretch_the_text_is_the_whole_texts(
            text in "[。；,監督(jiān)（bào）ａ１a2 　\t\r\n\u{FEFF}甲×]{0,60}",
            stretches in proptest::collection::vec(1usize..12, 1..8),
            forget in proptest::bool::ANY,
        ) {
            let whole = normalize(&text);
            let mut read = Normalized::unread(&text);
            let (mut clean, mut ends) = (String::new(), Vec::new());
            for bytes in stretches.iter().cycle() {
                if read.is_complete() {
                    break;
                }
                read.read_on(*bytes);
                // The stretch read so far maps back as the whole text does.
                let end = read.base() + read.text.len();
                for at in read.base()..end {
                    proptest::prop_assert_eq!(read.original_offset(at), whole.original_offset(at));
                    proptest::prop_assert_eq!(read.line_of(at), whole.line_of(at));
                }
                if forget {
                    ends.extend(read.sentence_ends.iter().map(|e| e + read.base()));
                    clean.push_str(&read.text);
                    read.forget_before(end);
                }
            }
            ends.extend(read.sentence_ends.iter().map(|e| e + read.base()));
            clean.push_str(&read.text);
            proptest::prop_assert_eq!(&clean, &whole.text);
            proptest::prop_assert_eq!(&ends, &whole.sentence_ends);
            let tail_start = text.rfind('\n').map_or(0, |newline| newline + 1);
            let tail = clean_text_from(&text, tail_start);
            proptest::prop_assert!(whole.text.ends_with(&tail), "{:?}", tail);
        }
    }

    #[test]
    fn strips_bom_and_carriage_returns() {
        let n = normalize("\u{FEFF}标题\r\n正文");
        assert_eq!(n.text, "标题\n正文");
        assert_eq!(n.line_of(n.text.find("正").unwrap()), 2);
    }
}
