//! Stretches of text where numbers are never values, found before the numbers
//! are read: dates written with separators (`2024.3.8`, `2024-11-11`), clock
//! times, year ranges, bracketed document numbers (`〔2021〕24号`), phone
//! numbers, codes, versions, set phrases (from `set_phrases.txt`) and `《…》`
//! titles. The result is one mark per char: the [`Exclusion`] painted there.
//!
//! Numbers whose own shape or unit rules them out (`2023年`, `第二批`, `一、`,
//! `1-26期`) are judged by the scanner instead.

use super::numerals::is_digit;
use super::Exclusion;
use crate::lookup::CharSet;
use once_cell::sync::{Lazy, OnceCell};
use regex::Regex;

/// One pattern of a stretch where numbers are never values.
struct Rule {
    pattern: &'static str,
    /// Compiled on first need: a text that never needs a pattern (it lacks
    /// the chars of [`Rule::needs_any`]) never pays for compiling it.
    re: OnceCell<Regex>,
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
}

impl Rule {
    /// `\d` in `pattern` means an ASCII or full-width digit.
    fn new(pattern: &'static str, kind: Exclusion) -> Rule {
        Rule {
            pattern,
            re: OnceCell::new(),
            kind,
            bounded: false,
            not_before: "",
            heading_at_line_start: false,
            digit_run: usize::from(pattern.contains(r"\d")),
            needs_any: Vec::new(),
            needs_masks: Vec::new(),
        }
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

    fn heading_at_line_start(mut self) -> Rule {
        self.heading_at_line_start = true;
        self
    }

    /// Every match holds one of `chars` (several calls: one of each).
    fn needs_any(mut self, chars: &'static str) -> Rule {
        self.needs_any.push(chars);
        self
    }

    fn regex(&self) -> &Regex {
        self.re.get_or_init(|| {
            Regex::new(&self.pattern.replace(r"\d", "[0-9０-９]")).expect("valid exclusion pattern")
        })
    }

    /// Whether a text with these traits can hold a match at all.
    fn may_match(&self, text: &TextTraits) -> bool {
        text.longest_digit_run >= self.digit_run
            && self.needs_masks.iter().all(|mask| text.present & mask != 0)
    }
}

/// What a text holds that decides which patterns are worth a search: digits,
/// and which of the patterns' required chars.
#[derive(Default)]
struct TextTraits {
    longest_digit_run: usize,
    /// Length of the run of digits at the char last taken in.
    run: usize,
    /// Bit `k` is set when the `k`-th char of [`Patterns::needed`] occurs.
    present: u128,
}

impl TextTraits {
    /// Take in the next char of the text, with its entry in [`FIRST_LOOK`].
    fn take(&mut self, c: char, look: Option<&Look>) {
        if is_pattern_digit(c) {
            self.run += 1;
            self.longest_digit_run = self.longest_digit_run.max(self.run);
        } else {
            self.run = 0;
        }
        if let Some(look) = look {
            self.present |= look.needed;
        }
    }

    #[cfg(test)]
    fn of(chars: &[char]) -> TextTraits {
        let mut traits = TextTraits::default();
        for &c in chars {
            traits.take(c, FIRST_LOOK.get(c));
        }
        traits
    }
}

/// The patterns, and every char some pattern needs.
struct Patterns {
    /// In painting order.
    rules: Vec<Rule>,
    needed: CharSet,
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
    Patterns { rules, needed }
});

/// Painting order: later rules win where stretches overlap, so the most
/// specific reading (a title, a document number, a date) is painted last.
fn rules() -> Vec<Rule> {
    use Exclusion::*;
    vec![
        Rule::new(
            r"\d+\.\d+(?:版|版本|时代|方案|平台|系统|模式|工程|升级)",
            Version,
        )
        .needs_any(".")
        .needs_any("版时方平系模工升"),
        Rule::new(r"[Vv]\d+(?:\.\d+)*", Version)
            .bounded()
            .needs_any("Vv"),
        Rule::new(r"\d+(?:\.\d+){2,}", Code)
            .bounded()
            .heading_at_line_start()
            .needs_any("."),
        Rule::new(
            r"(?:索引号|统一社会信用代码|信用代码|备案号|许可证号|证书编号|编号|登记号|ICP备|网站标识码|标识码|公网安备|邮政编码|邮编)[：:]?\s*[^\s，。；、|]*",
            Code,
        )
        .needs_any("号码备编"),
        Rule::new(r"\d{1,2}[·•・‧･]\d{1,2}", SetPhrase)
            .bounded()
            .needs_any("·•・‧･"),
        Rule::new(r"“\d{1,2}\.\d{1,2}”", SetPhrase).needs_any("“"),
        Rule::new(
            r"\d{1,2}\.\d{1,2}(?:(?:世界|国际|国家|全国|全民|中国|宪法|消费者)\p{Han}{0,10}?(?:日|周|月|晚会)|宪法|消费者权益)",
            SetPhrase,
        )
        .bounded()
        .needs_any(".")
        .needs_any("世国民宪消"),
        Rule::new(r"\d+\+[A-Za-z]|[A-Za-z]\+\d+", SetPhrase).needs_any("+"),
        Rule::new(r"0\d{2,3}-\d{7,8}", Phone)
            .bounded()
            .digit_run(7)
            .needs_any("-"),
        Rule::new(r"[（(]0\d{2,3}[）)]\s*\d{7,8}", Phone)
            .bounded()
            .digit_run(7)
            .needs_any("（("),
        Rule::new(r"400-?\d{3}-?\d{4}", Phone)
            .bounded()
            .digit_run(4),
        Rule::new(r"1[3-9]\d{9}", Phone).bounded().digit_run(11),
        Rule::new(
            r"(?:电话|传真|手机|联系方式|热线电话|举报电话|投诉电话|咨询电话)[：:]\s*[0-9０-９\-—()（） ]{5,}",
            Phone,
        )
        .needs_any("：:"),
        Rule::new(
            r"(?:19|20)\d{2}年?\s*(?:——|[-—–－~～至到])\s*(?:19|20)\d{2}",
            Year,
        )
        .bounded()
        .digit_run(4)
        .needs_any("—-–－~～至到"),
        Rule::new(
            r"(?:19|20)\d{2}[./\-](?:1[0-2]|0?[1-9])[./\-](?:3[01]|[12]\d|0?[1-9])",
            Date,
        )
        .bounded()
        .digit_run(4)
        .needs_any("./-"),
        Rule::new(r"(?:19|20)\d{2}[/\-](?:1[0-2]|0?[1-9])", Date)
            .bounded()
            .digit_run(4)
            .needs_any("/-"),
        Rule::new(r"(?:19|20)\d{2}\.(?:1[0-2]|0?[1-9])", Date)
            .bounded()
            .digit_run(4)
            .not_before("万亿千百元%％.")
            .needs_any("."),
        Rule::new(r"\d{1,2}:\d{2}(?::\d{2})?", Date)
            .bounded()
            .digit_run(2)
            .needs_any(":"),
        Rule::new(r"\d{1,2}[时点]\d{1,2}分", Date)
            .bounded()
            .needs_any("分"),
        Rule::new(
            r"[〔\[【﹝［]\s*\d{4}\s*[〕\]】﹞］]\s*(?:第\s*)?(?:\d+\s*号)?",
            DocumentNumber,
        )
        .digit_run(4)
        .needs_any("〔[【﹝［"),
        Rule::new(
            r"[（(]\s*\d{4}\s*[）)]\s*(?:第\s*)?\d+\s*号",
            DocumentNumber,
        )
        .digit_run(4)
        .needs_any("号"),
        Rule::new(r"(?:发文字号|文号)[：:]?\s*[^\s，。；|]*", DocumentNumber).needs_any("号"),
    ]
}

/// One set phrase of `set_phrases.txt`.
struct SetPhrase {
    text: &'static str,
    /// Length in chars.
    chars: usize,
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
                chars: text.chars().count(),
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
            looks[chars.index_of(first_char(&phrase)).expect("a member")]
                .phrases
                .push(phrase);
        }
        FirstLook { chars, looks }
    }

    fn get(&self, c: char) -> Option<&Look> {
        self.chars.index_of(c).map(|k| &self.looks[k])
    }
}

impl Look {
    /// The longest phrase written at `byte`.
    fn longest_phrase_at(&self, text: &str, byte: usize) -> Option<&SetPhrase> {
        let rest = &text.as_bytes()[byte..];
        self.phrases
            .iter()
            .find(|p| rest.starts_with(p.text.as_bytes()))
    }
}

static FIRST_LOOK: Lazy<FirstLook> = Lazy::new(FirstLook::load);

/// The text as chars with their byte offsets, and the marks being painted.
struct Canvas<'a> {
    text: &'a str,
    chars: &'a [char],
    /// Byte offset of each char, and the text length at the end.
    offsets: &'a [usize],
    marks: Vec<Option<Exclusion>>,
}

impl Canvas<'_> {
    fn char_index(&self, byte: usize) -> usize {
        self.offsets.partition_point(|&o| o < byte)
    }

    fn is_digit_at_byte(&self, byte: usize) -> bool {
        self.text[byte..].chars().next().is_some_and(is_digit)
    }

    fn is_digit_before_byte(&self, byte: usize) -> bool {
        self.text[..byte].chars().next_back().is_some_and(is_digit)
    }

    /// No digit right before `start` or right at `end`.
    fn digit_free_edges(&self, start: usize, end: usize) -> bool {
        !self.is_digit_before_byte(start) && !self.is_digit_at_byte(end)
    }

    fn paint(&mut self, start: usize, end: usize, kind: Exclusion) {
        let (from, to) = (self.char_index(start), self.char_index(end));
        self.paint_chars(from, to, kind);
    }

    fn paint_chars(&mut self, from: usize, to: usize, kind: Exclusion) {
        paint_marks(&mut self.marks, from, to, kind);
    }
}

/// The exclusion painted on each of `chars`, the chars of `text` (`offsets`
/// as in [`Canvas`]).
pub(crate) fn paint(text: &str, chars: &[char], offsets: &[usize]) -> Vec<Option<Exclusion>> {
    let mut canvas = Canvas {
        text,
        chars,
        offsets,
        marks: vec![None; chars.len()],
    };
    let traits = paint_set_phrases(&mut canvas);
    for rule in PATTERNS.rules.iter().filter(|r| r.may_match(&traits)) {
        for m in rule.regex().find_iter(text) {
            if rule.bounded && !canvas.digit_free_edges(m.start(), m.end()) {
                continue;
            }
            if text[m.end()..]
                .chars()
                .next()
                .is_some_and(|c| rule.not_before.contains(c))
            {
                continue;
            }
            let kind = if rule.heading_at_line_start && at_line_start(text, m.start()) {
                Exclusion::SectionNumber
            } else {
                rule.kind
            };
            canvas.paint(m.start(), m.end(), kind);
        }
    }
    paint_titles(&mut canvas);
    canvas.marks
}

/// The set phrases, leftmost first and the longest at a place, none
/// overlapping the one before (a phrase turned away by a digit at its edge
/// still takes its text); and, in the same pass, the traits of the text.
fn paint_set_phrases(canvas: &mut Canvas) -> TextTraits {
    let table = &*FIRST_LOOK;
    let mut traits = TextTraits::default();
    // the first char no phrase painted so far covers
    let mut free = 0;
    for (i, &c) in canvas.chars.iter().enumerate() {
        let look = table.get(c);
        traits.take(c, look);
        if i < free {
            continue;
        }
        let byte = canvas.offsets[i];
        let Some(phrase) = look.and_then(|l| l.longest_phrase_at(canvas.text, byte)) else {
            continue;
        };
        let end = i + phrase.chars;
        if !phrase.digit_edge || canvas.digit_free_edges(byte, canvas.offsets[end]) {
            paint_marks(&mut canvas.marks, i, end, Exclusion::SetPhrase);
        }
        free = end;
    }
    traits
}

fn paint_marks(marks: &mut [Option<Exclusion>], from: usize, to: usize, kind: Exclusion) {
    for mark in &mut marks[from..to] {
        *mark = Some(kind);
    }
}

/// A char `\d` stands for in the patterns: an ASCII or full-width digit.
fn is_pattern_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Only spaces stand between the last line break and `byte`.
fn at_line_start(text: &str, byte: usize) -> bool {
    text[..byte]
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .all(|c| c.is_whitespace())
}

/// Everything between `《` and its matching `》`. Nesting is counted; a title
/// left open ends at the line break.
fn paint_titles(canvas: &mut Canvas) {
    // nothing before the first `《` can be in a title
    let Some(first) = canvas.text.find('《') else {
        return;
    };
    let mut depth = 0usize;
    let mut open_at = 0usize;
    for (byte, c) in canvas.text[first..].char_indices() {
        let byte = first + byte;
        match c {
            '《' => {
                if depth == 0 {
                    open_at = byte + c.len_utf8();
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    canvas.paint(open_at, byte, Exclusion::Title);
                }
            }
            '\n' if depth > 0 => {
                canvas.paint(open_at, byte, Exclusion::Title);
                depth = 0;
            }
            _ => {}
        }
    }
    if depth > 0 {
        canvas.paint(open_at, canvas.text.len(), Exclusion::Title);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str) -> Vec<Option<Exclusion>> {
        let chars: Vec<char> = text.chars().collect();
        let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        offsets.push(text.len());
        paint(text, &chars, &offsets)
    }

    /// The mark on the first char of `needle` in `text`.
    fn mark_of(text: &str, needle: &str) -> Option<Exclusion> {
        let byte = text.find(needle).unwrap();
        let index = text[..byte].chars().count();
        marks(text)[index]
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

    #[test]
    fn every_pattern_needs_what_its_matches_hold() {
        for rule in PATTERNS.rules.iter() {
            let matched: Vec<&str> = PATTERN_EXAMPLES
                .iter()
                .filter_map(|t| rule.regex().find(t).map(|m| m.as_str()))
                .collect();
            assert!(!matched.is_empty(), "no example for {}", rule.pattern);
            for m in matched {
                let traits = TextTraits::of(&m.chars().collect::<Vec<_>>());
                assert!(rule.may_match(&traits), "{} matches {m:?}", rule.pattern);
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
