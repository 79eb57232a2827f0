//! Stretches of text where numbers are never values, found before the numbers
//! are read: dates written with separators (`2024.3.8`, `2024-11-11`), clock
//! times, year ranges, bracketed document numbers (`〔2021〕24号`), phone
//! numbers, codes, versions, set phrases (from `set_phrases.txt`) and `《…》`
//! titles. The result is a list of painted stretches ([`Marks`]): asked only
//! where a number starts.
//!
//! Numbers whose own shape or unit rules them out (`2023年`, `第二批`, `一、`,
//! `1-26期`) are judged by the scanner instead.

use super::numerals::{digit_run, is_digit};
use super::pattern::{at_least, opt, rep, LeadingDigits, Piece, Piece::*};
use super::text::{char_at, char_before};
use super::Exclusion;
use crate::lookup::is_among;
use crate::lookup::CharSet;
use crate::scan::{eight_bytes, first_bytes_mask};
use once_cell::sync::Lazy;

/// One pattern of a stretch where numbers are never values.
struct Rule {
    /// The pattern as a regex (`\d`: an ASCII or full-width digit): what
    /// `shape` matches, and the tests' oracle for it.
    #[cfg_attr(not(test), allow(dead_code))]
    pattern: &'static str,
    shape: &'static Piece,
    /// Every match starts at a digit: only digits are tried as starts.
    at_digit: bool,
    /// The chars a match may start with, when they are few and not just
    /// any digit: a place with another char is passed at once.
    first_chars: Option<Vec<char>>,
    /// Bit `c % 64` of each char of `first_chars` (all bits when there are
    /// none): most chars fail this one test, before the walk over them.
    first_bits: u64,
    /// The digits every match starts with, when the shape decides them
    /// (see [`Piece::leading_digits`]): only so many before the end of a
    /// run of digits are tried as starts.
    leading_digits: Option<LeadingDigits>,
    kind: Exclusion,
    /// No digit may touch the match on either side.
    bounded: bool,
    /// Characters that must not follow the match.
    not_before: &'static str,
    /// At the start of a line the match is a heading number (`1.2.3`).
    heading_at_line_start: bool,
    /// Every match holds a run of at least this many digits, so a text
    /// without such a run is not searched: one for each pattern written with
    /// `\d` (none has its digits only in an optional part), more where a
    /// pattern says so (a mobile number is eleven digits in a row).
    digit_run: usize,
    /// Sets of chars: every match holds at least one char of each set, so a
    /// text missing a whole set is not searched. Checked against the
    /// patterns' examples by a test.
    needs_any: Vec<&'static str>,
    /// Each set of `needs_any` as bits over [`Patterns::needed`].
    needs_masks: Vec<u128>,
    /// A test that every match at a place passes, far cheaper than the
    /// backtracking walk of `shape`: a place that fails it is passed.
    quick_test: Option<fn(&str, usize) -> bool>,
}

impl Rule {
    /// `shape` matches what the regex `pattern` does.
    fn new(pattern: &'static str, shape: &'static Piece, kind: Exclusion) -> Rule {
        let first_chars = shape
            .first_chars()
            .filter(|first| !first.iter().copied().all(is_digit) || first.len() < 20);
        Rule {
            pattern,
            shape,
            at_digit: shape.starts_at_digit(),
            first_bits: first_chars.as_ref().map_or(u64::MAX, |first| {
                first.iter().fold(0, |bits, &c| bits | first_bit(c))
            }),
            first_chars,
            leading_digits: shape.leading_digits(),
            kind,
            bounded: false,
            not_before: "",
            heading_at_line_start: false,
            digit_run: usize::from(pattern.contains(r"\d")),
            needs_any: Vec::new(),
            needs_masks: Vec::new(),
            quick_test: None,
        }
    }

    /// Whether a match may start with `c`.
    fn may_start_with(&self, c: char) -> bool {
        self.first_bits & first_bit(c) != 0
            && self
                .first_chars
                .as_ref()
                .is_none_or(|first| first.contains(&c))
    }

    fn bounded(mut self) -> Rule {
        self.bounded = true;
        self
    }

    fn not_before(mut self, chars: &'static str) -> Rule {
        self.not_before = chars;
        self
    }

    /// Every match holds `digits` digits in a row.
    fn digit_run(mut self, digits: usize) -> Rule {
        self.digit_run = digits;
        self
    }

    /// Every match at a place passes `test` (the shapes are checked
    /// against their regexes through [`Rule::each_match`], test and all).
    fn quick_test(mut self, test: fn(&str, usize) -> bool) -> Rule {
        self.quick_test = Some(test);
        self
    }

    fn heading_at_line_start(mut self) -> Rule {
        self.heading_at_line_start = true;
        self
    }

    /// Every match holds one of `chars` (several calls: one of each).
    fn needs_any(mut self, chars: &'static str) -> Rule {
        self.needs_any.push(chars);
        self
    }

    /// Each match in `text`, leftmost first and none overlapping the one
    /// before (as a regex's `find_iter`), as byte spans; `digits` are the
    /// byte spans of the digits of `text`.
    fn each_match(
        &self,
        text: &str,
        digits: &[(usize, usize)],
        mut found: impl FnMut(usize, usize),
    ) {
        let mut next = 0;
        // whether a match was looked for at `at`, where `c` is: it does not
        // overlap the last one and may start with `c`
        let mut try_at = |at: usize, c: Option<char>| {
            if at < next || !c.is_some_and(|c| self.may_start_with(c)) {
                return false;
            }
            if self.quick_test.is_some_and(|test| !test(text, at)) {
                return true;
            }
            if let Some(end) = self.shape.match_at(text, at) {
                found(at, end);
                next = end;
            }
            true
        };
        match (self.at_digit, &self.leading_digits) {
            (true, Some(lead)) => {
                for run in digit_runs(digits) {
                    let run_end = run[run.len() - 1].1;
                    let then = |then: &Vec<char>| {
                        char_at(text, run_end).is_some_and(|c| then.contains(&c))
                    };
                    if !lead.then_chars.as_ref().is_none_or(then) {
                        continue;
                    }
                    // the starts tried, as digits of the run (its end past the last)
                    let first = lead.max.map_or(0, |max| run.len().saturating_sub(max));
                    let Some(last) = run.len().checked_sub(lead.min) else {
                        continue;
                    };
                    for k in first..=last {
                        let at = run.get(k).map_or(run_end, |digit| digit.0);
                        // with any digits, the first start looked at decides for them all
                        if try_at(at, char_at(text, at)) && lead.any_digits {
                            break;
                        }
                    }
                }
            }
            // most digits fail the first bits (most rules start at a few
            // digits only): told in line, before the call of the look
            (true, None) => digits
                .iter()
                .filter_map(|&(at, _)| Some((at, char_at(text, at)?)))
                .filter(|&(_, c)| self.first_bits & first_bit(c) != 0)
                .for_each(|(at, c)| {
                    try_at(at, Some(c));
                }),
            // most chars fail the first bits: told in line, before the
            // call of the look at a place
            (false, _) => text
                .char_indices()
                .filter(|&(_, c)| self.first_bits & first_bit(c) != 0)
                .for_each(|(at, c)| {
                    try_at(at, Some(c));
                }),
        }
    }

    /// Whether a text with these traits can hold a match at all (the
    /// [`Sieve`] answers for all rules at once; this is its oracle).
    #[cfg(test)]
    fn may_match(&self, text: &TextTraits) -> bool {
        text.longest_digit_run >= self.digit_run
            && self.needs_masks.iter().all(|mask| text.present & mask != 0)
    }
}

/// The bit of `c` in [`Rule::first_bits`].
fn first_bit(c: char) -> u64 {
    1 << (c as u32 % 64)
}

/// What a text holds that decides which patterns are worth a search: digits,
/// and which of the patterns' required chars.
#[derive(Default)]
struct TextTraits {
    /// Set by [`TextTraits::finish`].
    longest_digit_run: usize,
    /// Bit `k` is set when the `k`-th char of [`Patterns::needed`] occurs.
    present: u128,
    /// The byte span of each digit, where most patterns start.
    digits: Vec<(usize, usize)>,
}

impl TextTraits {
    /// Once every char is taken in.
    fn finish(&mut self) {
        self.longest_digit_run = digit_runs(&self.digits).map(<[_]>::len).max().unwrap_or(0);
    }

    #[cfg(test)]
    fn of(text: &str) -> TextTraits {
        let mut traits = TextTraits::default();
        for (at, c) in text.char_indices() {
            if is_digit(c) {
                traits.digits.push((at, at + c.len_utf8()));
            }
            if let Some(look) = FIRST_LOOK.get(c) {
                traits.present |= look.needed;
            }
        }
        traits.finish();
        traits
    }
}

/// What the scanner's one pass over a text's chars gathers for [`paint`]:
/// the traits of the text, the set phrases, leftmost first and the
/// longest at a place, none overlapping the one before, and where the first
/// `《` is (no title starts before it). The pass hands over
/// only the digits and the chars [`Sketch::wanted`], so most chars cost it
/// one bit test. Kept from one text to the next, for its buffers.
#[derive(Default)]
pub(crate) struct Sketch {
    traits: TextTraits,
    /// The byte span of each set phrase, and whether it may not touch a digit.
    phrases: Vec<(usize, usize, bool)>,
    /// The first byte no phrase taken so far covers.
    free: usize,
    /// The byte offset of the first `《`.
    title_open: Option<usize>,
}

/// The char that opens a title.
const TITLE_OPEN: char = '《';

impl Sketch {
    /// What [`Sketch::take`] is handed for `《` (the others: their index
    /// among the looks).
    const TITLE: usize = u8::MAX as usize;

    /// The chars the pass must hand over with [`Sketch::take`] besides
    /// digits (the chars the patterns need, the first chars of the set
    /// phrases, and `《`), each with what to hand it over with: below 255.
    pub(crate) fn wanted() -> impl Iterator<Item = (char, u8)> {
        let looks = FIRST_LOOK.chars.chars();
        assert!(
            looks.len() < Sketch::TITLE && !looks.contains(&TITLE_OPEN),
            "a look's index is below the title's"
        );
        let looks = looks.iter().zip(0..).map(|(&c, k)| (c, k));
        looks.chain([(TITLE_OPEN, Sketch::TITLE as u8)])
    }

    /// Forget the last text.
    pub(crate) fn clear(&mut self) {
        self.traits.digits.clear();
        self.traits.present = 0;
        self.phrases.clear();
        self.free = 0;
        self.title_open = None;
    }

    /// Take in a digit, the bytes `at..end` (every digit, in text order).
    pub(crate) fn take_digit(&mut self, at: usize, end: usize) {
        self.traits.digits.push((at, end));
    }

    /// Take in the char at byte `at` of `text`, handed over with `want`
    /// ([`Sketch::wanted`]): each char wanted, in text order. Inlined into
    /// the pass, which hands over about one char in eight, most of them to
    /// find no phrase: the call cost more than the look.
    #[inline(always)]
    pub(crate) fn take(&mut self, text: &str, at: usize, want: u8) {
        let want = usize::from(want);
        if want == Sketch::TITLE {
            self.title_open.get_or_insert(at);
            return;
        }
        let look = &FIRST_LOOK.looks[want];
        self.traits.present |= look.needed;
        if at < self.free {
            return;
        }
        if let Some(phrase) = look.longest_phrase_at(text, at) {
            let end = at + phrase.text.len();
            self.phrases.push((at, end, phrase.digit_edge));
            // a phrase turned away by a digit at its edge still takes its text
            self.free = end;
        }
    }
}

/// The patterns, and every char some pattern needs.
struct Patterns {
    /// In painting order.
    rules: Vec<Rule>,
    needed: CharSet,
    sieve: Sieve,
}

static PATTERNS: Lazy<Patterns> = Lazy::new(|| {
    let mut rules = rules();
    let needed = CharSet::new(
        rules
            .iter()
            .flat_map(|r| r.needs_any.iter().flat_map(|set| set.chars())),
    );
    assert!(
        needed.len() <= 128,
        "needed chars fit the bits of TextTraits"
    );
    for rule in &mut rules {
        rule.needs_masks = rule
            .needs_any
            .iter()
            .map(|set| {
                set.chars()
                    .filter_map(|c| needed.index_of(c))
                    .fold(0, |mask, k| mask | 1 << k)
            })
            .collect();
    }
    let sieve = Sieve::new(&rules, needed.len());
    Patterns {
        rules,
        needed,
        sieve,
    }
});

/// [`Rule::may_match`] for all the rules at once, as bits (bit `r` for the
/// `r`-th rule): asked of every text, where a rule-by-rule test walks each
/// rule's sets of needed chars, and most rules fail.
struct Sieve {
    /// For each needed char (by its bit in [`TextTraits::present`]), the
    /// rules whose first, and whose second, set of `needs_any` holds it.
    meets: Vec<[u32; Sieve::SETS]>,
    /// The rules with no first, and no second, set: met by any text.
    unbound: [u32; Sieve::SETS],
    /// For each length of a run of digits, the rules a text whose longest
    /// run is that long may match (the last entry for any longer run).
    by_run: Vec<u32>,
}

impl Sieve {
    /// Most sets of `needs_any` a rule has.
    const SETS: usize = 2;

    fn new(rules: &[Rule], needed: usize) -> Sieve {
        assert!(rules.len() <= 32, "a rule's bit fits a u32");
        let mut meets = vec![[0; Sieve::SETS]; needed];
        let mut unbound = [0; Sieve::SETS];
        for (r, rule) in rules.iter().enumerate() {
            assert!(rule.needs_masks.len() <= Sieve::SETS, "{}", rule.pattern);
            for (set, met) in unbound.iter_mut().enumerate() {
                let Some(&mask) = rule.needs_masks.get(set) else {
                    *met |= 1 << r;
                    continue;
                };
                for (k, rules) in meets.iter_mut().enumerate() {
                    if mask >> k & 1 == 1 {
                        rules[set] |= 1 << r;
                    }
                }
            }
        }
        let longest = rules.iter().map(|r| r.digit_run).max().unwrap_or(0);
        let by_run = (0..=longest)
            .map(|run| {
                rules
                    .iter()
                    .enumerate()
                    .filter(|(_, rule)| rule.digit_run <= run)
                    .fold(0, |bits, (r, _)| bits | 1 << r)
            })
            .collect();
        Sieve {
            meets,
            unbound,
            by_run,
        }
    }

    /// The rules a text with these traits may match, as bits.
    fn rules_for(&self, text: &TextTraits) -> u32 {
        let mut met = self.unbound;
        // a text holds few of the needed chars
        let mut present = text.present;
        while present != 0 {
            let k = present.trailing_zeros() as usize;
            present &= present - 1;
            for (met, rules) in met.iter_mut().zip(self.meets[k]) {
                *met |= rules;
            }
        }
        let run = text.longest_digit_run.min(self.by_run.len() - 1);
        met.iter().fold(self.by_run[run], |bits, met| bits & met)
    }
}

/// `\d+`
const DIGITS: Piece = at_least(&Digit, 1);
/// `\d{1,2}`
const ONE_OR_TWO_DIGITS: Piece = rep(&Digit, 1, 2);
/// `\s*`
const SPACES: Piece = at_least(&Space, 0);
/// `(?:19|20)\d{2}`
const YEAR: Piece = Seq(&[Words(&["19", "20"]), rep(&Digit, 2, 2)]);
/// `(?:1[0-2]|0?[1-9])`
const MONTH: Piece = Alt(&[
    Seq(&[In("1"), In("012")]),
    Seq(&[opt(&In("0")), In("123456789")]),
]);
/// `(?:3[01]|[12]\d|0?[1-9])`
const DAY: Piece = Alt(&[
    Seq(&[In("3"), In("01")]),
    Seq(&[In("12"), Digit]),
    Seq(&[opt(&In("0")), In("123456789")]),
]);
/// `(?:\.\d+)`
const DOT_DIGITS: Piece = Seq(&[In("."), DIGITS]);
/// `(?:第\s*)?`
const ORDINAL_MARK: Piece = opt(&Seq(&[In("第"), SPACES]));
/// `\d{7,8}`
const LOCAL_NUMBER: Piece = rep(&Digit, 7, 8);

/// Whether digits, then twice a dot and digits, start at `at`: the
/// shape of [`DOTTED_CODE`] spelled out, so a decimal (`12.5`, the most
/// common place it is tried at) costs a few compares, not a backtracking
/// walk through every split of its digits.
fn two_dotted_parts(text: &str, at: usize) -> bool {
    dotted_parts_end(text, at, 2).is_some()
}

/// Whether a version word follows digits, a dot and digits at `at`
/// (`2.0版`, `4.0时代`): the shape of [`VERSION_WORD`] spelled out, so a
/// decimal in a text that holds one of the words' chars anywhere costs a
/// few compares, not a backtracking walk through every split of its
/// digits. No word starts with a digit, so only the whole runs of digits
/// can stand before one.
fn version_word_after(text: &str, at: usize) -> bool {
    let Seq([.., Words(words)]) = &VERSION_WORD else {
        unreachable!("a version ends with its word")
    };
    dotted_parts_end(text, at, 1).is_some_and(|k| words.iter().any(|w| text[k..].starts_with(w)))
}

/// Where digits, then `parts` times a dot and digits, that start at `at`
/// end (each run of digits taken whole), if they do.
fn dotted_parts_end(text: &str, at: usize, parts: usize) -> Option<usize> {
    // read from the bytes, as a number's digits are: no char decoded
    let digits_from = |k: usize| digit_run(text, k).end;
    let mut k = digits_from(at);
    if k == at {
        return None;
    }
    for _ in 0..parts {
        if text.as_bytes().get(k) != Some(&b'.') {
            return None;
        }
        let part = k + 1;
        k = digits_from(part);
        if k == part {
            return None;
        }
    }
    Some(k)
}

/// Whether a year at `at` is followed by what may join it to another
/// (`2021-`, `2021年至`): the shape of [`YEAR_SPAN`] up to its joiner
/// spelled out. Tried at the end of every run of four digits in a text
/// with a joiner anywhere, most of them a year followed by `年` and a word,
/// which this tells in a few compares, not a backtracking walk through
/// the joiners after every split of the spaces.
fn joiner_after_year(text: &str, at: usize) -> bool {
    if !matches!(text.as_bytes().get(at..at + 2), Some(b"19" | b"20")) {
        return false;
    }
    let mut k = at + 2;
    for _ in 0..2 {
        match char_at(text, k) {
            Some(c) if is_digit(c) => k += c.len_utf8(),
            _ => return false,
        }
    }
    if text[k..].starts_with('年') {
        k += '年'.len_utf8();
    }
    // `\s*`, then the first char of a joiner
    text[k..]
        .trim_start()
        .starts_with(['—', '-', '–', '－', '~', '～', '至', '到'])
}

// The shapes of the rules, in the order of [`rules`].
static VERSION_WORD: Piece = Seq(&[
    DIGITS,
    In("."),
    DIGITS,
    Words(&[
        "版", "版本", "时代", "方案", "平台", "系统", "模式", "工程", "升级",
    ]),
]);
static VERSION_LABEL: Piece = Seq(&[In("Vv"), DIGITS, at_least(&DOT_DIGITS, 0)]);
static DOTTED_CODE: Piece = Seq(&[DIGITS, at_least(&DOT_DIGITS, 2)]);
static NAMED_CODE: Piece = Seq(&[
    Words(&[
        "索引号",
        "统一社会信用代码",
        "信用代码",
        "备案号",
        "许可证号",
        "证书编号",
        "编号",
        "登记号",
        "ICP备",
        "网站标识码",
        "标识码",
        "公网安备",
        "邮政编码",
        "邮编",
    ]),
    opt(&In("：:")),
    SPACES,
    at_least(&NotSpaceNor("，。；、|"), 0),
]);
static DOT_DAY: Piece = Seq(&[ONE_OR_TWO_DIGITS, In("·•・‧･"), ONE_OR_TWO_DIGITS]);
static QUOTED_DAY: Piece = Seq(&[
    In("“"),
    ONE_OR_TWO_DIGITS,
    In("."),
    ONE_OR_TWO_DIGITS,
    In("”"),
]);
static NAMED_DAY: Piece = Seq(&[
    ONE_OR_TWO_DIGITS,
    In("."),
    ONE_OR_TWO_DIGITS,
    Alt(&[
        Seq(&[
            Words(&[
                "世界",
                "国际",
                "国家",
                "全国",
                "全民",
                "中国",
                "宪法",
                "消费者",
            ]),
            Repeat {
                piece: &Han,
                min: 0,
                max: Some(10),
                greedy: false,
            },
            Words(&["日", "周", "月", "晚会"]),
        ]),
        Words(&["宪法", "消费者权益"]),
    ]),
]);
static PLUS_LETTER: Piece = Alt(&[
    Seq(&[DIGITS, In("+"), Letter]),
    Seq(&[Letter, In("+"), DIGITS]),
]);
static AREA_PHONE: Piece = Seq(&[In("0"), rep(&Digit, 2, 3), In("-"), LOCAL_NUMBER]);
static BRACKETED_AREA_PHONE: Piece = Seq(&[
    In("（("),
    In("0"),
    rep(&Digit, 2, 3),
    In("）)"),
    SPACES,
    LOCAL_NUMBER,
]);
static SERVICE_PHONE: Piece = Seq(&[
    Words(&["400"]),
    opt(&In("-")),
    rep(&Digit, 3, 3),
    opt(&In("-")),
    rep(&Digit, 4, 4),
]);
static MOBILE_PHONE: Piece = Seq(&[In("1"), In("3456789"), rep(&Digit, 9, 9)]);
static NAMED_PHONE: Piece = Seq(&[
    Words(&[
        "电话",
        "传真",
        "手机",
        "联系方式",
        "热线电话",
        "举报电话",
        "投诉电话",
        "咨询电话",
    ]),
    In("：:"),
    SPACES,
    at_least(&In("0123456789０１２３４５６７８９-—()（） "), 5),
]);
static YEAR_SPAN: Piece = Seq(&[
    YEAR,
    opt(&In("年")),
    SPACES,
    Words(&["——", "-", "—", "–", "－", "~", "～", "至", "到"]),
    SPACES,
    YEAR,
]);
static FULL_DATE: Piece = Seq(&[YEAR, In("./-"), MONTH, In("./-"), DAY]);
static YEAR_MONTH: Piece = Seq(&[YEAR, In("/-"), MONTH]);
static DOTTED_YEAR_MONTH: Piece = Seq(&[YEAR, In("."), MONTH]);
static CLOCK: Piece = Seq(&[
    ONE_OR_TWO_DIGITS,
    In(":"),
    rep(&Digit, 2, 2),
    opt(&Seq(&[In(":"), rep(&Digit, 2, 2)])),
]);
static HOUR_MINUTE: Piece = Seq(&[ONE_OR_TWO_DIGITS, In("时点"), ONE_OR_TWO_DIGITS, In("分")]);
static BRACKETED_DOC_NO: Piece = Seq(&[
    In("〔[【﹝［"),
    SPACES,
    rep(&Digit, 4, 4),
    SPACES,
    In("〕]】﹞］"),
    SPACES,
    ORDINAL_MARK,
    opt(&Seq(&[DIGITS, SPACES, In("号")])),
]);
static PARENTHESIZED_DOC_NO: Piece = Seq(&[
    In("（("),
    SPACES,
    rep(&Digit, 4, 4),
    SPACES,
    In("）)"),
    SPACES,
    ORDINAL_MARK,
    DIGITS,
    SPACES,
    In("号"),
]);
static NAMED_DOC_NO: Piece = Seq(&[
    Words(&["发文字号", "文号"]),
    opt(&In("：:")),
    SPACES,
    at_least(&NotSpaceNor("，。；|"), 0),
]);

/// Painting order: later rules win where stretches overlap, so the most
/// specific reading (a title, a document number, a date) is painted last.
fn rules() -> Vec<Rule> {
    use Exclusion::*;
    vec![
        Rule::new(
            r"\d+\.\d+(?:版|版本|时代|方案|平台|系统|模式|工程|升级)",
            &VERSION_WORD,
            Version,
        )
        .needs_any(".")
        .needs_any("版时方平系模工升")
        .quick_test(version_word_after),
        Rule::new(r"[Vv]\d+(?:\.\d+)*", &VERSION_LABEL, Version)
            .bounded()
            .needs_any("Vv"),
        Rule::new(r"\d+(?:\.\d+){2,}", &DOTTED_CODE, Code)
            .bounded()
            .heading_at_line_start()
            .needs_any(".")
            .quick_test(two_dotted_parts),
        Rule::new(
            r"(?:索引号|统一社会信用代码|信用代码|备案号|许可证号|证书编号|编号|登记号|ICP备|网站标识码|标识码|公网安备|邮政编码|邮编)[：:]?\s*[^\s，。；、|]*",
            &NAMED_CODE,
            Code,
        )
        .needs_any("号码备编"),
        Rule::new(r"\d{1,2}[·•・‧･]\d{1,2}", &DOT_DAY, SetPhrase)
            .bounded()
            .needs_any("·•・‧･"),
        Rule::new(r"“\d{1,2}\.\d{1,2}”", &QUOTED_DAY, SetPhrase).needs_any("“"),
        Rule::new(
            r"\d{1,2}\.\d{1,2}(?:(?:世界|国际|国家|全国|全民|中国|宪法|消费者)\p{Han}{0,10}?(?:日|周|月|晚会)|宪法|消费者权益)",
            &NAMED_DAY,
            SetPhrase,
        )
        .bounded()
        .needs_any(".")
        .needs_any("世国民宪消"),
        Rule::new(r"\d+\+[A-Za-z]|[A-Za-z]\+\d+", &PLUS_LETTER, SetPhrase).needs_any("+"),
        Rule::new(r"0\d{2,3}-\d{7,8}", &AREA_PHONE, Phone)
            .bounded()
            .digit_run(7)
            .needs_any("-"),
        Rule::new(r"[（(]0\d{2,3}[）)]\s*\d{7,8}", &BRACKETED_AREA_PHONE, Phone)
            .bounded()
            .digit_run(7)
            .needs_any("（("),
        Rule::new(r"400-?\d{3}-?\d{4}", &SERVICE_PHONE, Phone)
            .bounded()
            .digit_run(4),
        Rule::new(r"1[3-9]\d{9}", &MOBILE_PHONE, Phone)
            .bounded()
            .digit_run(11),
        Rule::new(
            r"(?:电话|传真|手机|联系方式|热线电话|举报电话|投诉电话|咨询电话)[：:]\s*[0-9０-９\-—()（） ]{5,}",
            &NAMED_PHONE,
            Phone,
        )
        .needs_any("：:"),
        Rule::new(
            r"(?:19|20)\d{2}年?\s*(?:——|[-—–－~～至到])\s*(?:19|20)\d{2}",
            &YEAR_SPAN,
            Year,
        )
        .bounded()
        .digit_run(4)
        .needs_any("—-–－~～至到")
        .quick_test(joiner_after_year),
        Rule::new(
            r"(?:19|20)\d{2}[./\-](?:1[0-2]|0?[1-9])[./\-](?:3[01]|[12]\d|0?[1-9])",
            &FULL_DATE,
            Date,
        )
        .bounded()
        .digit_run(4)
        .needs_any("./-"),
        Rule::new(r"(?:19|20)\d{2}[/\-](?:1[0-2]|0?[1-9])", &YEAR_MONTH, Date)
            .bounded()
            .digit_run(4)
            .needs_any("/-"),
        Rule::new(
            r"(?:19|20)\d{2}\.(?:1[0-2]|0?[1-9])",
            &DOTTED_YEAR_MONTH,
            Date,
        )
        .bounded()
        .digit_run(4)
        .not_before("万亿千百元%％.")
        .needs_any("."),
        Rule::new(r"\d{1,2}:\d{2}(?::\d{2})?", &CLOCK, Date)
            .bounded()
            .digit_run(2)
            .needs_any(":"),
        Rule::new(r"\d{1,2}[时点]\d{1,2}分", &HOUR_MINUTE, Date)
            .bounded()
            .needs_any("分"),
        Rule::new(
            r"[〔\[【﹝［]\s*\d{4}\s*[〕\]】﹞］]\s*(?:第\s*)?(?:\d+\s*号)?",
            &BRACKETED_DOC_NO,
            DocumentNumber,
        )
        .digit_run(4)
        .needs_any("〔[【﹝［"),
        Rule::new(
            r"[（(]\s*\d{4}\s*[）)]\s*(?:第\s*)?\d+\s*号",
            &PARENTHESIZED_DOC_NO,
            DocumentNumber,
        )
        .digit_run(4)
        .needs_any("号"),
        Rule::new(
            r"(?:发文字号|文号)[：:]?\s*[^\s，。；|]*",
            &NAMED_DOC_NO,
            DocumentNumber,
        )
        .needs_any("号"),
    ]
}

/// One set phrase of `set_phrases.txt`.
struct SetPhrase {
    text: &'static str,
    /// The first eight bytes of the phrase (fewer for a short one), as the
    /// text's are read by [`eight_bytes`], and which bytes of the eight they
    /// are: compared before the whole phrase.
    head: u64,
    head_mask: u64,
    /// Starts or ends with an Arabic digit: matches only where no other
    /// digit touches it.
    digit_edge: bool,
}

/// What a char may start or stand for, for the one pass over a text's chars
/// before the patterns: its bit among the patterns' needed chars, and the
/// set phrases starting with it, longest first, so the first of them that
/// matches at a place is the longest one there.
#[derive(Default)]
struct Look {
    needed: u128,
    phrases: Vec<SetPhrase>,
    /// Bit `b % 64` of the byte `key_at` of each phrase (every bit for a
    /// phrase too short to have one): a place whose byte there has no bit
    /// holds none of the phrases, told by one test before they are
    /// compared.
    keys: u64,
    /// Two bytes past the look's char, where the bytes of its phrases
    /// differ most: the last byte of a second Chinese char, the byte of a
    /// digit or a dot after two digits.
    key_at: usize,
}

/// A [`Look`] for each char that is needed by a pattern or starts a set
/// phrase; one probe per char of a text answers both.
struct FirstLook {
    chars: CharSet,
    /// In the order of `chars`.
    looks: Vec<Look>,
}

impl FirstLook {
    fn load() -> FirstLook {
        let mut phrases: Vec<SetPhrase> = include_str!("set_phrases.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|text| SetPhrase {
                text,
                head: eight_bytes(text.as_bytes(), 0),
                head_mask: first_bytes_mask(text.len()),
                digit_edge: text.starts_with(|c: char| c.is_ascii_digit())
                    || text.ends_with(|c: char| c.is_ascii_digit()),
            })
            .collect();
        phrases.sort_by_key(|p| std::cmp::Reverse(p.text.len()));
        let needed = &PATTERNS.needed;
        let first_char = |p: &SetPhrase| p.text.chars().next().expect("no empty phrase");
        let chars = CharSet::new(
            needed
                .chars()
                .iter()
                .copied()
                .chain(phrases.iter().map(first_char)),
        );
        let mut looks: Vec<Look> = chars.chars().iter().map(|_| Look::default()).collect();
        for (k, &c) in needed.chars().iter().enumerate() {
            looks[chars.index_of(c).expect("a member")].needed = 1 << k;
        }
        for phrase in phrases {
            let first = first_char(&phrase);
            let look = &mut looks[chars.index_of(first).expect("a member")];
            look.key_at = first.len_utf8() + 2;
            look.keys |= phrase
                .text
                .as_bytes()
                .get(look.key_at)
                .map_or(u64::MAX, |&b| Look::key_bit(b));
            look.phrases.push(phrase);
        }
        FirstLook { chars, looks }
    }

    #[cfg(test)]
    fn get(&self, c: char) -> Option<&Look> {
        self.chars.index_of(c).map(|k| &self.looks[k])
    }
}

impl Look {
    /// The bit of `byte` in [`Look::keys`].
    fn key_bit(byte: u8) -> u64 {
        1 << (byte & 63)
    }

    /// The longest phrase written at `byte`, where the char of this look is.
    fn longest_phrase_at(&self, text: &str, byte: usize) -> Option<&SetPhrase> {
        if self.phrases.is_empty() {
            return None;
        }
        let rest = &text.as_bytes()[byte..];
        // most places hold no phrase: the first eight bytes tell at once
        // (zeros past the end, where only a phrase without a key byte,
        // which has every bit, can end)
        let head = eight_bytes(rest, 0);
        if self.keys & Look::key_bit((head >> (8 * self.key_at)) as u8) == 0 {
            return None;
        }
        self.phrases.iter().find(|p| {
            head & p.head_mask == p.head
                && (p.text.len() <= 8 || rest.starts_with(p.text.as_bytes()))
        })
    }
}

static FIRST_LOOK: Lazy<FirstLook> = Lazy::new(FirstLook::load);

/// The stretches of a text the context painted, each with its exclusion,
/// in painting order: a later one wins where they overlap. A list, not a
/// mark per char: a sentence has few, and they are asked only where a
/// number starts. Kept from one text to the next, for its buffer.
#[derive(Default)]
pub(crate) struct Marks(Vec<(usize, usize, Exclusion)>);

impl Marks {
    /// The exclusion painted last on the byte `at`, if any.
    pub(crate) fn at(&self, at: usize) -> Option<Exclusion> {
        self.0
            .iter()
            .rev()
            .find(|&&(from, to, _)| from <= at && at < to)
            .map(|&(_, _, kind)| kind)
    }

    fn paint(&mut self, from: usize, to: usize, kind: Exclusion) {
        if from < to {
            self.0.push((from, to, kind));
        }
    }
}

/// The text, and the marks being painted.
struct Canvas<'a> {
    text: &'a str,
    marks: &'a mut Marks,
}

impl Canvas<'_> {
    /// No digit right before byte `start` or right at byte `end`.
    fn digit_free_edges(&self, start: usize, end: usize) -> bool {
        !char_before(self.text, start).is_some_and(is_digit)
            && !char_at(self.text, end).is_some_and(is_digit)
    }
}

/// Paint into `marks` (whose old content is dropped) the exclusions of
/// `text`, with what the pass over its chars gathered.
pub(crate) fn paint(text: &str, sketch: &mut Sketch, marks: &mut Marks) {
    marks.0.clear();
    let mut canvas = Canvas { text, marks };
    let Sketch {
        traits,
        phrases,
        title_open,
        ..
    } = sketch;
    for &(start, end, digit_edge) in phrases.iter() {
        if !digit_edge || canvas.digit_free_edges(start, end) {
            canvas.marks.paint(start, end, Exclusion::SetPhrase);
        }
    }
    traits.finish();
    let mut rules = PATTERNS.sieve.rules_for(traits);
    while rules != 0 {
        let rule = &PATTERNS.rules[rules.trailing_zeros() as usize];
        rules &= rules - 1;
        rule.each_match(text, &traits.digits, |start, end| {
            if rule.bounded && !canvas.digit_free_edges(start, end) {
                return;
            }
            if char_at(text, end).is_some_and(|c| is_among(c, rule.not_before)) {
                return;
            }
            let kind = if rule.heading_at_line_start && at_line_start(text, start) {
                Exclusion::SectionNumber
            } else {
                rule.kind
            };
            canvas.marks.paint(start, end, kind);
        });
    }
    if let Some(first) = *title_open {
        paint_titles(&mut canvas, first);
    }
}

/// The runs of digits, given the byte spans of the digits in order: each
/// run as the spans of its digits.
fn digit_runs(digits: &[(usize, usize)]) -> impl Iterator<Item = &[(usize, usize)]> + '_ {
    digits.chunk_by(|a, b| a.1 == b.0)
}

/// Only spaces stand between the last line break and byte `at`.
fn at_line_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .all(char::is_whitespace)
}

/// Everything between `《` and its matching `》`, from the first `《`, at
/// byte `first` (the pass over the chars noted it: nothing before it can be
/// in a title). Nesting is counted; a title left open ends at the line break.
fn paint_titles(canvas: &mut Canvas, first: usize) {
    let mut depth = 0usize;
    let mut open_at = 0usize;
    let text = canvas.text;
    for (offset, c) in text[first..].char_indices() {
        let at = first + offset;
        match c {
            TITLE_OPEN => {
                if depth == 0 {
                    open_at = at + TITLE_OPEN.len_utf8();
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    canvas.marks.paint(open_at, at, Exclusion::Title);
                }
            }
            '\n' if depth > 0 => {
                canvas.marks.paint(open_at, at, Exclusion::Title);
                depth = 0;
            }
            _ => {}
        }
    }
    if depth > 0 {
        canvas.marks.paint(open_at, text.len(), Exclusion::Title);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str) -> Marks {
        let mut sketch = Sketch::default();
        for (at, c) in text.char_indices() {
            if is_digit(c) {
                sketch.take_digit(at, at + c.len_utf8());
            }
            if let Some((_, want)) = Sketch::wanted().find(|(w, _)| *w == c) {
                sketch.take(text, at, want);
            }
        }
        let mut marks = Marks::default();
        paint(text, &mut sketch, &mut marks);
        marks
    }

    /// The mark on the first char of `needle` in `text`.
    fn mark_of(text: &str, needle: &str) -> Option<Exclusion> {
        marks(text).at(text.find(needle).unwrap())
    }

    /// One text each pattern matches, written for this test.
    const PATTERN_EXAMPLES: [&str; 22] = [
        "升级为2.0版",
        "系统V3.2.1",
        "依照1.2.3条",
        "统一社会信用代码：91410100MA12345678",
        "3·15",
        "“3.15”",
        "3.15国际消费者权益日",
        "5+X",
        "0371-63201234",
        "（0371）63201234",
        "400-810-1234",
        "13812345678",
        "举报电话：12345678",
        "2021—2025",
        "2024.3.8",
        "2024/11",
        "2024.11",
        "9:30",
        "9时30分",
        "〔2021〕24号",
        "（2021）第5号",
        "文号：豫卫〔2024〕1号",
    ];

    /// The regex a rule's shape stands for.
    fn oracle(rule: &Rule) -> regex::Regex {
        regex::Regex::new(&rule.pattern.replace(r"\d", "[0-9０-９]")).unwrap()
    }

    /// The char spans the regex of `rule` finds in `text`.
    fn oracle_matches(re: &regex::Regex, text: &str) -> Vec<(usize, usize)> {
        let char_at = |byte: usize| text[..byte].chars().count();
        re.find_iter(text)
            .map(|m| (char_at(m.start()), char_at(m.end())))
            .collect()
    }

    /// The char spans `rule`'s shape finds in `text`.
    fn shape_matches(rule: &Rule, text: &str) -> Vec<(usize, usize)> {
        let digits = TextTraits::of(text).digits;
        let char_at = |byte: usize| text[..byte].chars().count();
        let mut found = Vec::new();
        rule.each_match(text, &digits, |start, end| {
            found.push((char_at(start), char_at(end)))
        });
        found
    }

    #[test]
    fn shapes_match_as_their_regexes() {
        let texts = PATTERN_EXAMPLES.iter().chain(&[
            "2024.11.5万元",
            "１２３４５６７８９０１",
            "V2.0.1版 v3",
            "编号 AB-12，下",
            "3.15世界消费者权益日 3.15国家宪法日 12.4宪法",
            "12.4国家安全教育a日",
            "2021年 — 2025年 2021至2025",
            "12:30:45 1:2 123:45",
            "〔 2021 〕第 12 号 ［2020］",
            "电话：(0371) 6320-1234 传真: 12",
            "13912345678901 0371-1234567",
            "2021年—2025 2021年 ——2025 2021～2025年",
            "2021年\u{3000}至2025 20２１－2025 2023年度至2024 2021 年-2022 1999年\n到2000",
            "2024-1-31 2024/12/1 2024.09.09 2024-13-1 2024-02-32 2024.3",
            "400810-1234 4008101234 400-8101-234",
            "5+5 a+1 5+a +5 1.2+A",
            "（0371） 63201234 (010)1234567",
            "（ 2021 ） 第 3 号 (2021)号",
            "编号123 ICP备ABC、X 邮编:450000。",
            "发文字号：豫政〔2024〕5号，文号 XY|",
            "1.2.3.4 11.22 v1 V1.2.3a",
            "12.5 1.2. 3..4 5.6.a 7.８.９ 1.2.3",
            "12.5万 2.0版 1２.０时代 3.4.5方案 .5平台 6.系统 12.34模式升级",
        ]);
        for rule in PATTERNS.rules.iter() {
            let re = oracle(rule);
            for text in texts.clone() {
                assert_eq!(
                    shape_matches(rule, text),
                    oracle_matches(&re, text),
                    "{} in {text:?}",
                    rule.pattern
                );
            }
        }
    }

    #[test]
    fn char_classes_are_the_regex_classes() {
        let han = regex::Regex::new(r"^\p{Han}$").unwrap();
        let space = regex::Regex::new(r"^\s$").unwrap();
        for c in char::MIN..=char::MAX {
            let text = c.encode_utf8(&mut [0; 4]).to_owned();
            assert_eq!(
                Han.match_at(&text, 0).is_some(),
                han.is_match(&text),
                "{c:?}"
            );
            assert_eq!(
                Space.match_at(&text, 0).is_some(),
                space.is_match(&text),
                "{c:?}"
            );
        }
    }

    /// Pieces of text that meet the patterns often: every char some pattern
    /// names, digits and spaces of both widths, a few other letters, runs of
    /// digits and the examples whole.
    fn pattern_fragments() -> Vec<String> {
        let mut chars: Vec<char> = PATTERNS
            .rules
            .iter()
            .flat_map(|r| r.pattern.chars())
            .chain("0123456789０１２３４５６７８９ \u{3000}\n中日aZ".chars())
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let runs = [
            "19", "20", "2024", "12", "0371", "400", "138", "63201234", "１２",
        ];
        chars
            .iter()
            .map(char::to_string)
            .chain(runs.iter().map(|r| r.to_string()))
            .chain(PATTERN_EXAMPLES.iter().map(|e| e.to_string()))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]
        /// Two examples side by side, a few chars put in, taken out or
        /// changed: texts near a match on every side of it.
        #[test]
        fn shapes_match_as_their_regexes_near_matches(
            first in proptest::prelude::any::<proptest::sample::Index>(),
            second in proptest::prelude::any::<proptest::sample::Index>(),
            edits in proptest::collection::vec(
                (proptest::prelude::any::<proptest::sample::Index>(), 0..3u8, proptest::prelude::any::<proptest::sample::Index>()),
                0..4,
            ),
        ) {
            static ORACLES: Lazy<Vec<regex::Regex>> =
                Lazy::new(|| PATTERNS.rules.iter().map(oracle).collect());
            static FRAGMENTS: Lazy<Vec<String>> = Lazy::new(pattern_fragments);
            let mut text: Vec<char> = first
                .get(&PATTERN_EXAMPLES)
                .chars()
                .chain(second.get(&PATTERN_EXAMPLES).chars())
                .collect();
            for (place, edit, fragment) in edits {
                let at = place.index(text.len() + 1);
                let put: Vec<char> = fragment.get(&FRAGMENTS).chars().collect();
                match edit {
                    0 => drop(text.splice(at..at, put)),
                    _ if at == text.len() => {}
                    1 => drop(text.remove(at)),
                    _ => drop(text.splice(at..=at, put)),
                }
            }
            let text: String = text.into_iter().collect();
            for (rule, re) in PATTERNS.rules.iter().zip(ORACLES.iter()) {
                proptest::prop_assert_eq!(
                    shape_matches(rule, &text),
                    oracle_matches(re, &text),
                    "{} in {:?}", rule.pattern, text
                );
            }
        }
    }

    #[test]
    fn every_pattern_needs_what_its_matches_hold() {
        for rule in PATTERNS.rules.iter() {
            let re = oracle(rule);
            let matched: Vec<&str> = PATTERN_EXAMPLES
                .iter()
                .filter_map(|t| re.find(t).map(|m| m.as_str()))
                .collect();
            assert!(!matched.is_empty(), "no example for {}", rule.pattern);
            for m in matched {
                let traits = TextTraits::of(m);
                assert!(rule.may_match(&traits), "{} matches {m:?}", rule.pattern);
            }
        }
    }

    #[test]
    fn the_sieve_lets_through_the_rules_that_may_match() {
        let needed = PATTERNS.needed.len();
        let mut presents: Vec<u128> = (0..needed).map(|k| 1 << k).collect();
        presents.extend([0, u128::MAX >> (128 - needed)]);
        presents.extend((0..needed).flat_map(|a| (0..needed).map(move |b| 1 << a | 1 << b)));
        for present in presents {
            for longest_digit_run in 0..14 {
                let traits = TextTraits {
                    longest_digit_run,
                    present,
                    digits: Vec::new(),
                };
                let expected = PATTERNS
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.may_match(&traits))
                    .fold(0, |bits, (r, _)| bits | 1 << r);
                assert_eq!(PATTERNS.sieve.rules_for(&traits), expected);
            }
        }
    }

    #[test]
    fn titles_nest_and_close_at_line_end() {
        let t = "依据《关于〈2023年计划〉的通知》检查5家";
        assert_eq!(mark_of(t, "2023"), Some(Exclusion::Title));
        assert_eq!(mark_of(t, "5家"), None);
        let t = "《未闭合3号\n检查5家";
        assert_eq!(mark_of(t, "3号"), Some(Exclusion::Title));
        assert_eq!(mark_of(t, "5家"), None);
    }

    #[test]
    fn set_phrases_respect_digit_edges() {
        assert_eq!(
            mark_of("拨打12345热线", "12345"),
            Some(Exclusion::SetPhrase)
        );
        assert_eq!(mark_of("共123456件", "123456"), None);
        assert_eq!(
            mark_of("“十四五”规划", "十四五"),
            Some(Exclusion::SetPhrase)
        );
    }

    #[test]
    fn separated_dates() {
        assert_eq!(mark_of("于2024.3.8检查", "2024"), Some(Exclusion::Date));
        assert_eq!(mark_of("于2024-11-11检查", "11-11"), Some(Exclusion::Date));
        assert_eq!(mark_of("罚款2023.5万元", "2023"), None);
        assert_eq!(mark_of("9:30开会", "9"), Some(Exclusion::Date));
    }

    #[test]
    fn dotted_codes_at_line_start_are_sections() {
        assert_eq!(
            mark_of("1.2.3 总体要求", "1"),
            Some(Exclusion::SectionNumber)
        );
        assert_eq!(mark_of("见标准1.2.3条", "1"), Some(Exclusion::Code));
    }

    #[test]
    fn document_numbers_and_phones() {
        assert_eq!(
            mark_of("宛发〔2021〕24号", "24"),
            Some(Exclusion::DocumentNumber)
        );
        assert_eq!(
            mark_of("电话：0371-63201234", "0371"),
            Some(Exclusion::Phone)
        );
        assert_eq!(mark_of("手机13812345678。", "138"), Some(Exclusion::Phone));
    }
}
