//! Agency, year and period of a document: what a report says about itself.
//!
//! [`detect`] reads the normalized text of a whole document (full-width digits
//! folded, spaces between Chinese characters removed, traditional characters
//! folded to simplified, line breaks kept) and finds:
//!
//! - **agency**: the department that wrote the report, full name as written.
//!   Looked for in the title lines first, then in the signature block at the end,
//!   then as the subject of a clause in the body, and last in a `《》` title of the
//!   department's own plan or list. Addressee lines (`区人民政府：`) are never the
//!   agency, names after `根据`, `按照`, `在`, `和` … are references to other
//!   bodies, names followed by `的` are possessive, and in a joint signature of a
//!   party group and its department (`中共…局党组 …局`) the department wins.
//! - **year**: the year reported on: from the title, then from the opening
//!   paragraphs (`2023年，…`, `现将2023年度…报告如下`, a statistics period of
//!   1 January to 31 December), then from the signature date (a report signed in
//!   January–March is about the year before), then the year the body mentions
//!   most, then a page's publication date. Years in `《》` titles, ranges
//!   (`2021-2025年`), comparisons (`较2022年`) and plans (`2025年工作安排`) do
//!   not count; page furniture dates count only as the last resort.
//! - **period**: `None` for a whole year, else the span the title or opening
//!   states (`第三季度`, `上半年`, `1-6月`), as written.
//!
//! Everything here is heuristics over the shape of Chinese official documents
//! (title block, addressee, body, signature): suffix lists for agency names,
//! boundary words for where a name starts, and line classes for page furniture.

use std::collections::HashMap;

use crate::lookup::ByChar;
use crate::rules::dictionary::Dictionary;
use once_cell::sync::Lazy;
// Patterns run on a handful of lines (title, opening, signature): compiled in a
// fraction of `regex`'s time, which a small report's start-up feels.
use regex_lite::Regex as LiteRegex;

/// What a document says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentInfo {
    /// The reporting department, full name as written; `None` when unknown.
    pub agency: Option<String>,
    /// The year reported on; `None` when unknown.
    pub year: Option<i32>,
    /// Empty for a whole year, else the span stated (`第三季度`, `上半年`, `1-6月`).
    pub period: Option<String>,
}

/// Detect agency, year and period from the normalized text of a whole document.
pub fn detect(text: &str) -> DocumentInfo {
    let whole = detect_in(&Layout::new(text, text, true));
    whole.expect("the lines of a whole text do not run out before it ends")
}

/// [`detect`] of a document of which only the clean text of its first lines,
/// `head`, and that of its last lines, `tail`, are at hand (each whole lines):
/// `None` when what is looked for may lie between them — a walk of the lines
/// went on past the end of `head`, or the signature's past the start of
/// `tail` — and the whole text is needed. Most reports say who and when in
/// their title or opening lines, and a huge one is then never held whole.
pub fn detect_from_ends(head: &str, tail: &str) -> Option<DocumentInfo> {
    detect_in(&Layout::new(head, tail, false))
}

fn detect_in(layout: &Layout) -> Option<DocumentInfo> {
    let info = DocumentInfo {
        agency: detect_agency(layout),
        year: detect_year(layout),
        period: detect_period(layout),
    };
    (!layout.ran_out.get()).then_some(info)
}

// ---------------------------------------------------------------------------
// Layout: title block, body, page furniture, signature block
// ---------------------------------------------------------------------------

/// How many leading lines may belong to the title block.
const HEAD_MAX_LINES: usize = 12;
/// The longest line (in characters) taken as a title line.
const HEAD_MAX_CHARS: usize = 60;
/// The longest line that can be page furniture or an addressee.
const CHROME_MAX_CHARS: usize = 80;
/// The longest line of a signature block.
const SIGNATURE_MAX_CHARS: usize = 40;
/// How many lines at the end may form the signature block.
const SIGNATURE_MAX_LINES: usize = 3;
/// The opening: at most this many body lines …
const OPENING_MAX_LINES: usize = 4;
/// … and no more once this many characters have been read.
const OPENING_MAX_CHARS: usize = 600;

/// The lines of a document sorted by the part they play. The body and the
/// page furniture are not held as lists of lines: they are walked when needed,
/// so a huge document costs no line table here, and the walk stops where
/// what is looked for is found.
struct Layout<'a> {
    /// The text, or its first lines when it is not `complete`.
    text: &'a str,
    /// Title lines at the top (not furniture, not addressee).
    head: Vec<&'a str>,
    /// The last short lines: who signed and when.
    signature: Vec<&'a str>,
    /// Whether `text` is the whole text (and the signature read from its end).
    complete: bool,
    /// Whether a walk of the lines went on past those at hand: set when the
    /// text is not `complete`, whose lines then cannot tell.
    ran_out: std::cell::Cell<bool>,
}

/// The part a line plays in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Head,
    Body,
    Chrome,
    Addressee,
}

/// The non-empty lines of `text`, trimmed.
fn nonempty_lines(text: &str) -> impl Iterator<Item = &str> {
    crate::scan::lines_inclusive(text)
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

/// The non-empty lines of `text`, trimmed, each with the part it plays.
fn parts(text: &str) -> impl Iterator<Item = (Part, &str)> {
    let mut in_head = true;
    nonempty_lines(text).enumerate().map(move |(i, line)| {
        let part = if is_chrome(line) {
            Part::Chrome
        } else if is_addressee(line) {
            in_head = false;
            Part::Addressee
        } else if in_head && i < HEAD_MAX_LINES && is_title_line(line) {
            Part::Head
        } else {
            in_head = false;
            Part::Body
        };
        (part, line)
    })
}

impl<'a> Layout<'a> {
    /// The layout of `text`, with the signature read from the end of `tail`
    /// (`text` itself when it is `complete`).
    fn new(text: &'a str, tail: &'a str, complete: bool) -> Self {
        let mut layout = Layout {
            text,
            head: Vec::new(),
            signature: Vec::new(),
            complete,
            ran_out: std::cell::Cell::new(false),
        };
        // Only the first lines may be head lines.
        let head = layout
            .parts()
            .take(HEAD_MAX_LINES)
            .filter(|(part, _)| *part == Part::Head)
            .map(|(_, line)| line)
            .collect();
        let signature = signature_block(tail, || layout.run_out());
        layout.head = head;
        layout.signature = signature;
        layout
    }

    /// Note that a walk went on past the lines at hand, if they are not all.
    fn run_out(&self) {
        if !self.complete {
            self.ran_out.set(true);
        }
    }

    /// [`parts`] of the text, noting when a walk goes on past its end.
    fn parts(&self) -> impl Iterator<Item = (Part, &'a str)> + '_ {
        parts(self.text).chain(std::iter::from_fn(|| {
            self.run_out();
            None
        }))
    }

    /// Every other line of text, in order.
    fn body(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.lines(Part::Body)
    }

    /// The page furniture (publication dates, sources, view counters, site
    /// names), in order.
    fn chrome(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.lines(Part::Chrome)
    }

    /// The lines of text that play `part`, classified as they are walked: the
    /// callers mostly stop at the first lines they look at.
    fn lines(&self, part: Part) -> impl Iterator<Item = &'a str> + '_ {
        self.parts()
            .filter(move |(p, _)| *p == part)
            .map(|(_, line)| line)
    }

    /// The first paragraphs of the body, where a report says what it covers.
    fn opening(&self) -> impl Iterator<Item = &'a str> + '_ {
        let mut read = 0;
        self.body().take(OPENING_MAX_LINES).take_while(move |line| {
            let more = read < OPENING_MAX_CHARS;
            read += line.chars().count();
            more
        })
    }
}

/// Words that mark a short line as page furniture rather than report text.
const CHROME_WORDS: &[&str] = &[
    "发布日期",
    "发布时间",
    "发布机构",
    "发布单位",
    "发布者",
    "信息来源",
    "来源:",
    "来源：",
    "索引号",
    "浏览",
    "阅读次数",
    "点击数",
    "访问量",
    "字号",
    "当前位置",
    "首页",
    "欢迎访问",
    "网站",
    "官网",
    "扫一扫",
    "责任编辑",
    "作者:",
    "作者：",
    "审核人",
    "关闭窗口",
    "打印本页",
    "分享到",
    "标题",
    "文号",
    "主题分类",
    "有效性",
    "免责声明",
    "版权所有",
    "备案号",
    "联系我们",
];

/// [`CHROME_WORDS`] by their first char: a line is searched once, not per
/// word, and a char that starts no word costs one probe (no automaton to
/// build for a small report, none to walk byte by byte for a large one).
static CHROME_FINDER: Lazy<Dictionary> = Lazy::new(|| Dictionary::new(CHROME_WORDS));

/// Whether `line` has at most `n` chars, found without counting a long line
/// (a char is at most four bytes), and for one in between by the vector char
/// count rather than by decoding char after char.
fn at_most_chars(line: &str, n: usize) -> bool {
    line.len() <= n || (line.len() <= 4 * n && line.chars().count() <= n)
}

/// Is `line` page furniture: a short line with a site word, a bare date, or no
/// Chinese at all?
fn is_chrome(line: &str) -> bool {
    at_most_chars(line, CHROME_MAX_CHARS)
        && (!line.chars().any(is_han) || CHROME_FINDER.find(line).is_some() || is_date_line(line))
}

/// Is `line` a bare date (`2023-05-06 10:30`)? It is read as the pattern
/// `^[•·\-\s]*[0-9]{4}[-./年][0-9]{1,2}[-./月][0-9]{1,2}日?(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?(?:星期.)?$`
/// reads it, by hand: the regex cost a small report's start-up more to
/// compile than all its lines to search.
fn is_date_line(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| matches!(c, '•' | '·' | '-') || c.is_whitespace());
    let Some(rest) = digits(rest, 4..=4).and_then(|r| r.strip_prefix(['-', '.', '/', '年']))
    else {
        return false;
    };
    let Some(rest) = digits(rest, 1..=2).and_then(|r| r.strip_prefix(['-', '.', '/', '月']))
    else {
        return false;
    };
    // A day of two digits, or of one when the time starts right after it.
    [2, 1]
        .into_iter()
        .any(|n| digits(rest, n..=n).is_some_and(date_line_end))
}

/// `s` after as many ASCII digits at its start as `count` allows (the most),
/// if it starts with at least the fewest.
fn digits(s: &str, count: std::ops::RangeInclusive<usize>) -> Option<&str> {
    let n = s
        .bytes()
        .take(*count.end())
        .take_while(u8::is_ascii_digit)
        .count();
    (n >= *count.start()).then(|| &s[n..])
}

/// Does `s` end a date line after its day: `日?(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?(?:星期.)?$`?
fn date_line_end(s: &str) -> bool {
    let s = s.strip_prefix('日').unwrap_or(s);
    let s = after_time(s).unwrap_or(s);
    after_weekday(s).unwrap_or(s).is_empty()
}

/// `s` after a time at its start: `\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?`.
fn after_time(s: &str) -> Option<&str> {
    let s = digits(s.trim_start(), 1..=2)?.strip_prefix(':')?;
    let s = digits(s, 2..=2)?;
    Some(
        s.strip_prefix(':')
            .and_then(|seconds| digits(seconds, 2..=2))
            .unwrap_or(s),
    )
}

/// `s` after a weekday at its start: `星期.`.
fn after_weekday(s: &str) -> Option<&str> {
    let mut day = s.strip_prefix("星期")?.chars();
    day.next().filter(|&c| c != '\n')?;
    Some(day.as_str())
}

/// Is `line` an addressee (`中共某县委、某县人民政府：`): short, ending in a
/// colon, with no figures and no `如下` (which ends an introducing sentence)?
fn is_addressee(line: &str) -> bool {
    at_most_chars(line, SIGNATURE_MAX_CHARS)
        && ends_with_colon(line)
        && !line.contains('。')
        && !line.contains("如下")
        && !line.chars().any(|c| c.is_ascii_digit())
}

fn ends_with_colon(line: &str) -> bool {
    line.ends_with([':', '：'])
}

/// Is `c` a Chinese numeral of one to ten (section and month numbers)?
fn is_numeral_to_ten(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// `s` after the chars at its start that `within` takes, if there is one.
fn after_run(s: &str, within: impl Fn(char) -> bool) -> Option<&str> {
    let rest = s.trim_start_matches(within);
    (rest.len() < s.len()).then_some(rest)
}

/// Does `line` open with a section number (`一、`, `（二）`, `3.`, `第四章`), as
/// `^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]{1,2}[、．]|[0-9]{1,2}\.[^0-9]|第[一二三四五六七八九十]+[章节部分条])`
/// reads it? Read by hand: the regex cost a small report's start-up more to
/// compile than its lines to search.
fn opens_with_section_number(line: &str) -> bool {
    let then = |rest: Option<&str>, marks: &[char]| rest.is_some_and(|r| r.starts_with(marks));
    let numbered = then(after_run(line, is_numeral_to_ten), &['、', '.', '．']);
    let bracketed = || {
        let inside = line
            .strip_prefix(['（', '('])
            .and_then(|r| after_run(r, |c| is_numeral_to_ten(c) || c.is_ascii_digit()));
        then(inside, &[')', '）'])
    };
    let in_digits = || {
        digits(line, 1..=2).is_some_and(|rest| {
            rest.starts_with(['、', '．'])
                || rest
                    .strip_prefix('.')
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| !c.is_ascii_digit())
        })
    };
    let chapter = || {
        let rest = line
            .strip_prefix('第')
            .and_then(|r| after_run(r, is_numeral_to_ten));
        then(rest, &['章', '节', '部', '分', '条'])
    };
    numbered || bracketed() || in_digits() || chapter()
}

/// Could `line` be part of the title block: short, no sentence end, no colon
/// introducing what follows, no section number?
fn is_title_line(line: &str) -> bool {
    at_most_chars(line, HEAD_MAX_CHARS)
        && !line.ends_with(['。', '！', '？', '；', ';'])
        && !ends_with_colon(line)
        && !opens_with_section_number(line)
}

/// The short lines at the very end (after any furniture): the signature
/// block. `run_out` is called if the walk goes on past the first line of `text`.
fn signature_block(text: &str, run_out: impl Fn()) -> Vec<&str> {
    let mut block: Vec<&str> = text
        .lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .chain(std::iter::from_fn(|| {
            run_out();
            None
        }))
        .skip_while(|l| is_chrome(l) && !has_date(l))
        .take(SIGNATURE_MAX_LINES)
        .take_while(|l| {
            at_most_chars(l, SIGNATURE_MAX_CHARS)
                && !l.ends_with(['。', '！', '？', '；', ';', '，', ','])
        })
        .collect();
    block.reverse();
    block
}

/// Is `c` a Chinese character?
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

// ---------------------------------------------------------------------------
// Agency names
// ---------------------------------------------------------------------------

/// What stands right before a name, which tells whether it is the subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// Start of a clause or of a title: the name is the subject.
    Start,
    /// A word that leaves the name the subject (`现将`, `近日`, `今年以来`).
    Neutral,
    /// A word that makes the name an object or a reference (`根据`, `在`, `和`).
    Reference,
    /// `关于`: the subject of a titled report (`关于某局2023年…的报告`), a
    /// reference in running text.
    About,
}

/// One agency-like name found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mention {
    name: String,
    /// Byte span of the name in its line.
    start: usize,
    end: usize,
    lead: Lead,
    /// Inside `《》` or `〈〉`.
    quoted: bool,
    /// Followed by `党组`, `党委` …: the party group, not the department.
    party: bool,
    /// Followed by `的` or by `网站`, `公众号` …: a possessive or a site.
    attributive: bool,
    /// Followed by `关于`: the issuer of a document (the agency itself in its title).
    issuer: bool,
    /// Byte offset where scanning resumes (after a party-group word).
    resume: usize,
}

impl Mention {
    /// Is this mention the department itself, standing as a subject? In a title
    /// the issuer of the document (`某局关于…的报告`) is.
    fn is_subject(&self, in_title: bool) -> bool {
        !self.party
            && !self.attributive
            && self.lead != Lead::Reference
            && (in_title || (!self.issuer && self.lead != Lead::About))
    }
}

/// Words an agency name ends with, longest first where one ends another.
const SUFFIXES: &[&str] = &[
    "委员会",
    "人民政府",
    "办公室",
    "办公厅",
    "检察院",
    "法院",
    "监督所",
    "派出所",
    "研究所",
    "事务所",
    "管理所",
    "检验所",
    "检测所",
    "司法所",
    "执法所",
    "总队",
    "支队",
    "大队",
    "中队",
    "中心",
    "分局",
    "总局",
    "系统",
    "局",
    "政府",
    "委",
    "厅",
    "部",
    "署",
];

/// A character before a suffix that makes it an ordinary word (`大局`, `干部`, `大厅`).
fn suffix_blocked_before(suffix: &str, before: Option<char>) -> bool {
    let Some(b) = before else { return false };
    let blocked: &str = match suffix {
        "局" => "大格布结全当开赌棋饭骗残终时政顾",
        "厅" => "大餐客舞歌展门",
        "部" => "干内外全局东西南北中总各本头支底顶细基腹俱",
        "中心" => "为核重",
        "署" => "部",
        _ => "",
    };
    blocked.contains(b)
}

/// A character after a suffix that makes it an ordinary word (`局面`, `部门`, `委托`).
fn suffix_blocked_after(suffix: &str, after: Option<char>) -> bool {
    let Some(a) = after else { return false };
    let blocked: &str = match suffix {
        "局" => "面势限促",
        "部" => "门署分长位件属委落",
        "委" => "员托派屈婉任",
        "中心" => "城区",
        _ => "",
    };
    blocked.contains(a)
}

/// Words after a name that make it a party group (`中共某局党组`).
const PARTY_WORDS: &[&str] = &["党组", "党委", "党工委", "党支部", "党总支"];
/// Words after a name that make it no subject: possessive, a site, a document.
const ATTRIBUTIVE_WORDS: &[&str] = &["的", "网站", "官网", "门户", "公众号"];

/// Words before a name that leave it the subject (`现将某局…`, `近日，某局…`).
const NEUTRAL_WORDS: &[&str] = &[
    "今年以来",
    "下一步",
    "现将",
    "近日",
    "目前",
    "今年",
    "去年",
    "同时",
    "此外",
    "另外",
    "截至",
    "据悉",
    "获悉",
    "将",
    "由",
];
/// Words before a name that make it an object or a reference to another body
/// (`根据某办通知`, `在某委指导下`, `配合某局`, `公示某区政府预案`).
const REFERENCE_WORDS: &[&str] = &[
    "根据", "按照", "依据", "记者", "通过", "经过", "督促", "指导", "要求", "协调", "组织", "推动",
    "配合", "会同", "联合", "邀请", "通知", "报请", "提请", "协助", "支持", "帮助", "委托", "依托",
    "召开", "参加", "参与", "接受", "印发", "转发", "下发", "出台", "制定", "牵头", "报送", "上报",
    "呈报", "提交", "抄送", "移送", "移交", "公示", "公开", "发布", "通报", "约谈", "表彰", "评为",
    "授予", "获得", "荣获", "对接", "针对", "面向", "围绕", "借助", "利用", "成立", "设立", "组建",
    "在", "对", "向", "从", "与", "和", "及", "为", "以", "据", "的", "被", "给", "把",
];

/// Characters that end the place part of a name (`某县`, `某市某区`).
const LEVEL_CHARS: &str = "省市县区州旗盟";
/// Characters after a level character that make it an ordinary word (`市场`, `区域`).
const NOT_LEVEL_AFTER: &str = "场域级民属直内外辖面容";
/// One-character "places" that are quantifiers or pronouns (`全县`, `我市`, `两区`).
const PSEUDO_PLACES: &str =
    "全本我该各此其每外多辖所两一二三四五六七八九十几数等邻他跨分城省市县区";
/// First characters of a longer "place" that make it no place (`全省各市`).
const PSEUDO_PLACE_LEADS: &str = "全本我该各此其每辖多邻";
/// Words before a level character that name no place (`自治州`).
const PSEUDO_PLACE_WORDS: &[&str] = &["自治", "设区", "民族"];
/// National prefixes that stand in for a place.
const NATIONAL_PREFIXES: &[&str] = &["中共中央", "国务院", "国家", "中央", "全国"];
/// National ministries and offices, which carry no place in their names.
const NATIONAL_BODIES: &[&str] = &[
    "外交部",
    "国防部",
    "教育部",
    "科学技术部",
    "工业和信息化部",
    "公安部",
    "民政部",
    "司法部",
    "财政部",
    "人力资源和社会保障部",
    "自然资源部",
    "生态环境部",
    "住房和城乡建设部",
    "交通运输部",
    "水利部",
    "农业农村部",
    "商务部",
    "文化和旅游部",
    "应急管理部",
    "退役军人事务部",
    "审计署",
    "海关总署",
    "市场监管总局",
    "税务总局",
];
/// The longest name taken, in characters.
const NAME_MAX_CHARS: usize = 30;
/// The longest name taken, in bytes (four per character at most).
const NAME_MAX_BYTES: usize = NAME_MAX_CHARS * 4;
/// How many characters the place part may take.
const PLACE_MAX_CHARS: usize = 9;

/// [`SUFFIXES`] by first char, in list order.
static SUFFIX_INDEX: Lazy<ByChar<&'static str>> =
    Lazy::new(|| ByChar::new(SUFFIXES.iter().copied(), |s| s));

/// The suffix that starts at byte `i` of `run`, if one does there.
fn suffix_at(run: &str, i: usize) -> Option<&'static str> {
    let rest = &run[i..];
    let before = run[..i].chars().next_back();
    let first = rest.chars().next()?;
    SUFFIX_INDEX.keyed_by(first).iter().copied().find(|s| {
        rest.starts_with(s)
            && !suffix_blocked_before(s, before)
            && !suffix_blocked_after(s, rest[s.len()..].chars().next())
    })
}

/// Byte length of the place part that opens `name` (`某县`, `中共某市`, `国家`),
/// or `None` when the name opens with no place.
fn place_len(name: &str) -> Option<usize> {
    let (skip, rest) = match name.strip_prefix("中共") {
        Some(rest) => ("中共".len(), rest),
        None => (0, name),
    };
    if let Some(p) = NATIONAL_PREFIXES.iter().find(|p| rest.starts_with(**p)) {
        return Some(skip + p.len());
    }
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate().take(PLACE_MAX_CHARS) {
        let next = chars.get(k + 1).map(|&(_, n)| n);
        if !LEVEL_CHARS.contains(c) || next.is_some_and(|n| NOT_LEVEL_AFTER.contains(n)) {
            continue;
        }
        let place = &rest[..at];
        let first = place.chars().next();
        let pseudo = PSEUDO_PLACE_WORDS.contains(&place)
            || match place.chars().count() {
                0 => false,
                1 => first.is_some_and(|f| PSEUDO_PLACES.contains(f)),
                _ => first.is_some_and(|f| PSEUDO_PLACE_LEADS.contains(f)),
            };
        return (!pseudo).then_some(skip + at + c.len_utf8());
    }
    None
}

/// Is `name` (ending with `suffix`) shaped like an agency name?
fn is_agency_name(name: &str, suffix: &str) -> bool {
    let chars = name.chars().count();
    if chars > NAME_MAX_CHARS || name.contains('的') {
        return false;
    }
    let Some(place) = place_len(name) else {
        return NATIONAL_BODIES.contains(&name);
    };
    let core_end = name.len() - suffix.len();
    if place > core_end {
        return false;
    }
    let core = &name[place..core_end];
    if core.ends_with('党') || core.ends_with("党工") {
        return false;
    }
    let named_place = name[..place].chars().count() > 1;
    match suffix {
        // `某区人民政府`, never a bare `区政府` (a reference to the local government).
        "政府" | "人民政府" => core.is_empty() && named_place,
        // `某区分局` or `某区公安分局`.
        "分局" if core.is_empty() => named_place,
        _ => core.chars().count() >= 2,
    }
}

/// Every boundary word with its lead, by first char, longest first.
static BOUNDARY_WORDS: Lazy<ByChar<(&'static str, Lead)>> = Lazy::new(|| {
    let neutral = NEUTRAL_WORDS.iter().map(|w| (*w, Lead::Neutral));
    let reference = REFERENCE_WORDS.iter().map(|w| (*w, Lead::Reference));
    let about = std::iter::once(("关于", Lead::About));
    let mut words: Vec<(&str, Lead)> = neutral.chain(reference).chain(about).collect();
    words.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    ByChar::new(words, |(w, _)| w)
});

/// A boundary word found in a run: byte span and the lead it gives the name after it.
#[derive(Debug, Clone, Copy)]
struct Cut {
    start: usize,
    end: usize,
    lead: Lead,
}

/// The longest boundary word, in bytes.
static BOUNDARY_MAX_BYTES: Lazy<usize> = Lazy::new(|| {
    BOUNDARY_WORDS
        .iter()
        .map(|(w, _)| w.len())
        .max()
        .unwrap_or(0)
});

/// Boundary words found in a run, in order, the longest word at each position.
fn boundaries(run: &str) -> Vec<Cut> {
    run.char_indices()
        .filter_map(|(i, c)| {
            BOUNDARY_WORDS
                .keyed_by(c)
                .iter()
                .find(|(w, _)| run[i..].starts_with(w))
                .map(|&(w, lead)| Cut {
                    start: i,
                    end: i + w.len(),
                    lead,
                })
        })
        .collect()
}

/// The cuts of `cuts` (sorted by start) that start at or after byte `from`.
fn cuts_from(cuts: &[Cut], from: usize) -> &[Cut] {
    &cuts[cuts.partition_point(|c| c.start < from)..]
}

/// The first valid name in `run` at or after byte `pos`, if any.
///
/// For each suffix end in turn, the start is the leftmost of `pos` and the ends
/// of boundary words such that no boundary word sits inside the place part.
fn next_mention(run: &str, pos: usize, at_run_start: bool, cuts: &[Cut]) -> Option<Mention> {
    let cuts = cuts_from(cuts, pos);
    let suffix_ends = run[pos..]
        .char_indices()
        .filter_map(|(i, _)| suffix_at(run, pos + i).map(|s| (pos + i, pos + i + s.len(), s)));
    for (suffix_start, end, suffix) in suffix_ends {
        // Starts further back than the longest name cannot give a name.
        let nearest = end.saturating_sub(NAME_MAX_BYTES);
        let at_pos = (pos >= nearest).then_some((pos, Lead::Start));
        let after_cuts = cuts_from(cuts, nearest.saturating_sub(*BOUNDARY_MAX_BYTES))
            .iter()
            .take_while(|c| c.start < suffix_start)
            .filter(|c| c.end >= nearest)
            .map(|c| (c.end, c.lead));
        let valid_start = at_pos.into_iter().chain(after_cuts).find(|&(start, _)| {
            start < suffix_start
                && is_agency_name(&run[start..end], suffix)
                && !cut_in_place(run, start, end, at_run_start && start == pos, cuts)
        });
        if let Some((start, lead)) = valid_start {
            return Some(finish_mention(run, start, end, lead));
        }
    }
    None
}

/// Does a boundary word sit inside the place part of `run[start..end]`? A
/// one-character word opening a run and a two-character place is part of the
/// place (`和平区`, `向阳区`), not a boundary.
fn cut_in_place(run: &str, start: usize, end: usize, run_opens_here: bool, cuts: &[Cut]) -> bool {
    let name = &run[start..end];
    let Some(place) = place_len(name) else {
        return false;
    };
    let place_name_chars = name[..place].chars().count() - 1;
    cuts_from(cuts, start)
        .iter()
        .take_while(|c| c.start < start + place)
        .any(|c| {
            let part_of_place = run_opens_here
                && c.start == start
                && run[c.start..c.end].chars().count() == 1
                && place_name_chars == 2;
            !part_of_place
        })
}

/// The text of `run` from byte `at` on, at most one name's length of it.
fn ahead(run: &str, at: usize) -> &str {
    let end = run[at..]
        .char_indices()
        .nth(NAME_MAX_CHARS)
        .map_or(run.len(), |(i, _)| at + i);
    &run[at..end]
}

/// The name right after byte `at` of `run` (looked for within one name's length).
fn name_right_after(run: &str, at: usize) -> Option<Mention> {
    let window = &run[..at + ahead(run, at).len()];
    next_mention(window, at, false, &[]).filter(|m| m.start == at)
}

/// Does `inner`, named right after `outer`, belong to it: a sub-bureau
/// (`某市公安局某区分局`) or a local office of a national bureau
/// (`国家税务总局某市税务局`)?
fn is_part_of(outer: &str, inner: &str) -> bool {
    inner.ends_with("分局") || (outer.ends_with("总局") && place_len(inner).is_some())
}

/// Build the mention for `run[start..end]`: extend to an office or a unit of it
/// named right after it, and classify what follows.
fn finish_mention(run: &str, start: usize, mut end: usize, lead: Lead) -> Mention {
    let rest = &run[end..];
    if let Some(office) = ["办公厅", "办公室"].iter().find(|o| rest.starts_with(**o)) {
        end += office.len();
    } else if run[start..end].ends_with("总局") || ahead(run, end).contains("分局") {
        if let Some(inner) = name_right_after(run, end) {
            if is_part_of(&run[start..end], &inner.name) {
                end = inner.end;
            }
        }
    }
    let after = &run[end..];
    let party = PARTY_WORDS.iter().find(|w| after.starts_with(**w));
    Mention {
        name: run[start..end].to_string(),
        start,
        end,
        lead,
        quoted: false,
        party: party.is_some(),
        attributive: ATTRIBUTIVE_WORDS.iter().any(|w| after.starts_with(w)),
        issuer: after.starts_with("关于"),
        resume: end + party.map_or(0, |w| w.len()),
    }
}

/// Leading words of a run right after a number that belong to the number.
const AFTER_NUMBER: &[&str] = &["年度", "年", "月份", "月", "日", "号"];

/// All agency-like names in one line, in order.
fn mentions(line: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut depth: i32 = 0;
    let mut prev: Option<char> = None;
    let mut run_start: Option<usize> = None;
    let mut run_prev: Option<char> = None;
    let mut run_depth = 0;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), '\n')))
    {
        if is_han(c) {
            if run_start.is_none() {
                run_start = Some(i);
                run_prev = prev;
                run_depth = depth;
            }
        } else {
            if let Some(s) = run_start.take() {
                let after_number = run_prev.is_some_and(|p| p.is_ascii_digit());
                let inherited = list_lead(line, s, &out);
                scan_run(
                    &line[s..i],
                    s,
                    after_number,
                    inherited,
                    run_depth > 0,
                    &mut out,
                );
            }
            match c {
                '《' | '〈' => depth += 1,
                '》' | '〉' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        prev = Some(c);
    }
    out
}

/// The lead of the name a run at byte `start` continues a `、` list of: the
/// last name found, when it ends right before the `、` before `start`.
fn list_lead(line: &str, start: usize, found: &[Mention]) -> Option<Lead> {
    let before = line[..start].strip_suffix('、')?;
    found
        .last()
        .filter(|m| m.resume == before.len())
        .map(|m| m.lead)
}

/// Find the names in one run of Chinese characters starting at byte `offset` of its line.
///
/// `inherited` is the lead of a name the run continues a `、` list of.
fn scan_run(
    run: &str,
    offset: usize,
    after_number: bool,
    inherited: Option<Lead>,
    quoted: bool,
    out: &mut Vec<Mention>,
) {
    let mut pos = 0;
    if after_number {
        if let Some(w) = AFTER_NUMBER.iter().find(|w| run.starts_with(**w)) {
            pos = w.len();
        }
    }
    let cuts = boundaries(run);
    let mut at_run_start = !after_number;
    while pos < run.len() {
        let Some(mut m) = next_mention(run, pos, at_run_start, &cuts) else {
            break;
        };
        if let (Some(lead), 0) = (inherited, m.start) {
            if m.lead == Lead::Start {
                m.lead = lead;
            }
        }
        pos = m.resume;
        m.start += offset;
        m.end += offset;
        m.resume += offset;
        m.quoted = quoted;
        out.push(m);
        at_run_start = false;
    }
}

/// The agency: title, then signature, then a subject in the body, then a `《》` title.
fn detect_agency(layout: &Layout) -> Option<String> {
    agency_from_title(layout)
        .or_else(|| agency_from_signature(layout))
        .or_else(|| agency_from_body(layout))
        .or_else(|| agency_from_quoted(layout))
}

fn agency_from_title(layout: &Layout) -> Option<String> {
    let title = layout.head.concat();
    mentions(&title)
        .into_iter()
        .find(|m| m.is_subject(true))
        .map(|m| m.name)
}

/// A signature line is nothing but names (a party group and its department, say).
fn agency_from_signature(layout: &Layout) -> Option<String> {
    layout.signature.iter().find_map(|line| {
        let names_part = strip_date(line);
        let found = mentions(names_part);
        let tiles = !found.is_empty()
            && found.first().is_some_and(|m| m.start == 0)
            && found.last().is_some_and(|m| m.resume == names_part.len())
            && found.windows(2).all(|w| w[0].resume == w[1].start);
        if !tiles {
            return None;
        }
        found.into_iter().find(|m| !m.party).map(|m| m.name)
    })
}

fn agency_from_body(layout: &Layout) -> Option<String> {
    layout.body().find_map(|line| {
        mentions(line)
            .into_iter()
            .find(|m| m.is_subject(false) && !m.quoted)
            .map(|m| m.name)
    })
}

/// A name opening a `《》` title of the department's own plan or list.
fn agency_from_quoted(layout: &Layout) -> Option<String> {
    layout.body().find_map(|line| {
        mentions(line)
            .into_iter()
            .find(|m| m.quoted && m.is_subject(false))
            .map(|m| m.name)
    })
}

// ---------------------------------------------------------------------------
// Years and dates
// ---------------------------------------------------------------------------

/// A year written before `年` (`2023年`, `二〇二三年度`) in a line.
struct YearMark<'a> {
    /// Byte span of the mark, `年` and any `度` included.
    start: usize,
    end: usize,
    /// The four digits or Chinese numerals.
    digits: &'a str,
    /// Followed by `度`: a fiscal year (`2023年度`).
    fiscal: bool,
}

/// The year marks of `line`, as `([0-9]{4}|[〇零一二三四五六七八九]{4})年(度)?`
/// finds them, read by hand from each `年`: the regex cost a small report's
/// start-up more to compile than all its lines to search.
fn year_marks(line: &str) -> impl Iterator<Item = YearMark<'_>> {
    let is_numeral = |c: char| {
        matches!(
            c,
            '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
        )
    };
    line.match_indices('年').filter_map(move |(at, _)| {
        let ascii = at
            .checked_sub(4)
            .filter(|&from| line.as_bytes()[from..at].iter().all(u8::is_ascii_digit));
        // The numerals are three bytes each.
        let chinese = || {
            at.checked_sub(12).filter(|&from| {
                line.get(from..at)
                    .is_some_and(|d| d.chars().all(is_numeral))
            })
        };
        let start = ascii.or_else(chinese)?;
        let after = at + '年'.len_utf8();
        let fiscal = line[after..].starts_with('度');
        Some(YearMark {
            start,
            end: if fiscal {
                after + '度'.len_utf8()
            } else {
                after
            },
            digits: &line[start..at],
            fiscal,
        })
    })
}
static DATE: Lazy<LiteRegex> = Lazy::new(|| {
    LiteRegex::new(
        r"([0-9]{4}|[〇零一二三四五六七八九]{4})(?:年([0-9]{1,2}|[一二三四五六七八九十]{1,3})月([0-9]{1,2}|[一二三四五六七八九十]{1,3})日|[-./]([0-9]{1,2})[-./]([0-9]{1,2}))",
    )
    .expect("date regex")
});
static FULL_YEAR_SPAN: Lazy<LiteRegex> = Lazy::new(|| {
    LiteRegex::new(r"([0-9]{4})年0?1月0?1日(?:起)?(?:至|到|-|—|~)([0-9]{4})年12月31日")
        .expect("span regex")
});

/// Words right after a year that make it a plan for that year.
const PLAN_WORDS: &[&str] = &[
    "计划", "安排", "打算", "思路", "要点", "目标", "规划", "展望", "设想",
];
/// Words right before a year that make it a comparison.
const COMPARISON_WORDS: &[&str] = &["较", "比", "与", "对比", "相比"];
/// Words in the clause before a year that make it the year reported on.
const REPORT_WORDS: &[&str] = &["现将", "现就", "现把", "统计期限", "统计时限"];
/// The earliest and latest years taken.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// One `2023年` in a line, with what surrounds it.
#[derive(Debug, Clone)]
struct YearMention {
    year: i32,
    /// Inside `《》`: the title of some document.
    quoted: bool,
    /// Inside a `《》` title of a report (`《某局关于2023年度…的报告》`).
    in_report_title: bool,
    /// Followed by a month: a date, not a year reported on.
    dated: bool,
    /// The end of a range (`2021-2025年`) or a comparison (`较2022年`).
    excluded: bool,
    /// A plan for that year (`2025年工作安排`).
    plan: bool,
    /// Opens a clause (`2023年，我局…`).
    clause_start: bool,
    /// The clause before it announces the report (`现将2023年度…`).
    announced: bool,
}

/// The value of a year or month written in digits or Chinese numerals.
fn numeral(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as i32)
            .or((c == '零').then_some(0))
    };
    if s.chars().count() == 4 {
        return s.chars().try_fold(0, |acc, c| Some(acc * 10 + digit(c)?));
    }
    // 一 … 十二, 二十三, 三十一
    match s.split_once('十') {
        Some((tens, ones)) => {
            let t = if tens.is_empty() {
                1
            } else {
                digit(tens.chars().next()?)?
            };
            let o = if ones.is_empty() {
                0
            } else {
                digit(ones.chars().next()?)?
            };
            Some(t * 10 + o)
        }
        None => digit(s.chars().next()?),
    }
}

/// The clause of `line` that ends at byte `at` (after the last clause mark).
fn clause_before(line: &str, at: usize) -> &str {
    let start = line[..at]
        .rfind(['，', ',', '。', '；', ';', '：', ':', '！', '？'])
        .map_or(0, |i| {
            i + line[i..].chars().next().map_or(1, char::len_utf8)
        });
    &line[start..at]
}

/// Is the year at byte `at` at the start of a clause (maybe after `1.`)?
fn opens_clause(line: &str, at: usize) -> bool {
    let before = clause_before(line, at);
    before.is_empty()
        || (before
            .trim_end_matches(['.', '、'])
            .chars()
            .all(|c| c.is_ascii_digit())
            && line[..at].len() == before.len())
}

/// Every year mention in `line`.
fn year_mentions(line: &str) -> Vec<YearMention> {
    year_marks(line)
        .filter_map(|mark| {
            let (start, end) = (mark.start, mark.end);
            let before = &line[..start];
            if before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
            {
                return None;
            }
            let year = numeral(mark.digits).filter(|y| YEARS.contains(y))?;
            let after = &line[end..];
            let ranged = before.ends_with(['-', '—', '–', '~', '～'])
                || ["至", "到"].iter().any(|w| {
                    before
                        .strip_suffix(w)
                        .and_then(|b| b.chars().next_back())
                        .is_some_and(|c| c.is_ascii_digit() || "年月日".contains(c))
                });
            let compared = COMPARISON_WORDS
                .iter()
                .any(|w| before.ends_with(w) || before.ends_with(&format!("{w}同期")));
            let clause_rest = after
                .split(['，', ',', '。', '；', ';'])
                .next()
                .unwrap_or("");
            Some(YearMention {
                year,
                quoted: depth_at(line, start) > 0,
                in_report_title: enclosing_title(line, start)
                    .is_some_and(|t| REPORT_TITLE_WORDS.iter().any(|w| t.contains(w))),
                dated: !mark.fiscal && starts_with_month(after),
                excluded: ranged || compared,
                plan: PLAN_WORDS
                    .iter()
                    .any(|w| clause_rest.chars().take(20).collect::<String>().contains(w)),
                clause_start: opens_clause(line, start),
                announced: REPORT_WORDS
                    .iter()
                    .any(|w| clause_before(line, start).contains(w)),
            })
        })
        .collect()
}

/// Does `s` open with a month (`6月`, `十二月`), as
/// `^(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月` reads it? Read by hand: the
/// regex cost a small report's start-up more to compile than its lines to search.
fn starts_with_month(s: &str) -> bool {
    // The numerals are three bytes each.
    let numerals = 3 * s
        .chars()
        .take(3)
        .take_while(|&c| is_numeral_to_ten(c))
        .count();
    let in_numerals = (numerals > 0).then(|| &s[numerals..]);
    [digits(s, 1..=2), in_numerals]
        .into_iter()
        .flatten()
        .any(|rest| rest.starts_with('月'))
}

/// Words that make a `《》` title the title of a report.
const REPORT_TITLE_WORDS: &[&str] = &["报告", "年报", "总结"];

/// The innermost `《》`/`〈〉` title around byte `at` of `line`.
fn enclosing_title(line: &str, at: usize) -> Option<&str> {
    let open = line[..at].rfind(['《', '〈'])?;
    let close = at + line[at..].find(['》', '〉'])?;
    let inner = &line[open..close];
    // An inner title that closed before `at` means `at` is outside it.
    (!inner.contains(['》', '〉'])).then_some(inner)
}

/// How deep inside `《》`/`〈〉` byte `at` of `line` sits.
fn depth_at(line: &str, at: usize) -> i32 {
    line[..at].chars().fold(0, |d, c| match c {
        '《' | '〈' => d + 1,
        '》' | '〉' => (d - 1).max(0),
        _ => d,
    })
}

/// Does `line` hold a date?
fn has_date(line: &str) -> bool {
    DATE.is_match(line)
}

/// `line` without the date it ends with (a signature line with its date).
fn strip_date(line: &str) -> &str {
    match DATE.find_iter(line).last() {
        Some(m) if m.start() > 0 => line[..m.start()].trim_end(),
        Some(_) => "",
        None => line,
    }
}

/// The year and month of the last date in `line`.
fn last_date(line: &str) -> Option<(i32, i32)> {
    let cap = DATE.captures_iter(line).last()?;
    let year = numeral(cap.get(1)?.as_str()).filter(|y| YEARS.contains(y))?;
    let month = numeral(cap.get(2).or_else(|| cap.get(4))?.as_str())?;
    (1..=12).contains(&month).then_some((year, month))
}

/// The year a report dated `(year, month)` is about: one signed in January–March
/// reports on the year before.
fn year_reported(date: (i32, i32)) -> i32 {
    let (year, month) = date;
    if month <= 3 {
        year - 1
    } else {
        year
    }
}

fn detect_year(layout: &Layout) -> Option<i32> {
    year_from_title(layout)
        .or_else(|| year_from_opening(layout))
        .or_else(|| signature_date(layout).map(year_reported))
        .or_else(|| year_most_mentioned(layout))
        .or_else(|| layout.chrome().find_map(last_date).map(year_reported))
}

fn year_from_title(layout: &Layout) -> Option<i32> {
    layout.head.iter().find_map(|line| {
        year_mentions(line)
            .into_iter()
            .find(|m| !m.dated && !m.excluded && !m.plan && (!m.quoted || m.in_report_title))
            .map(|m| m.year)
    })
}

fn year_from_opening(layout: &Layout) -> Option<i32> {
    layout.opening().find_map(|line| {
        if let Some(cap) = FULL_YEAR_SPAN.captures(line) {
            let (a, b) = (cap.get(1)?.as_str(), cap.get(2)?.as_str());
            if a == b {
                return a.parse().ok();
            }
        }
        year_mentions(line)
            .into_iter()
            .find(|m| {
                !m.quoted && !m.dated && !m.excluded && !m.plan && (m.clause_start || m.announced)
            })
            .map(|m| m.year)
    })
}

fn signature_date(layout: &Layout) -> Option<(i32, i32)> {
    layout.signature.iter().rev().find_map(|l| last_date(l))
}

/// The year the body mentions most (ties: the first mentioned).
fn year_most_mentioned(layout: &Layout) -> Option<i32> {
    // year -> (count, first position)
    let mut seen: HashMap<i32, (usize, usize)> = Default::default();
    let mentions = layout.body().flat_map(year_mentions);
    for (i, m) in mentions
        .filter(|m| !m.quoted && !m.excluded && !m.plan)
        .enumerate()
    {
        seen.entry(m.year).or_insert((0, i)).0 += 1;
    }
    seen.into_iter()
        .max_by_key(|&(_, (count, first))| (count, std::cmp::Reverse(first)))
        .map(|(year, _)| year)
}

// ---------------------------------------------------------------------------
// Period
// ---------------------------------------------------------------------------

static PERIOD: Lazy<LiteRegex> = Lazy::new(|| {
    LiteRegex::new(
        r"(?:[0-9]{4}年度?|今年|本年度?)(第[一二三四1-4]季度|[一二三四1-4]季度|前三季度|上半年|下半年|[0-9]{1,2}(?:-|—|~|至|到)[0-9]{1,2}月份?|[0-9]{1,2}月份?(?:至|到)[0-9]{1,2}月份?)",
    )
    .expect("period regex")
});
static TITLE_PERIOD: Lazy<LiteRegex> = Lazy::new(|| {
    LiteRegex::new(r"(?:^|[^0-9])(第[一二三四1-4]季度|[一二三四1-4]季度|前三季度|上半年|下半年|[0-9]{1,2}(?:-|—|~|至|到)[0-9]{1,2}月份?)")
        .expect("title period regex")
});

/// Does a month span cover the whole year (`1-12月`)?
fn is_whole_year(span: &str) -> bool {
    static WHOLE: Lazy<LiteRegex> = Lazy::new(|| {
        LiteRegex::new(r"^0?1月?份?(?:-|—|~|至|到)12月份?$").expect("whole-year regex")
    });
    WHOLE.is_match(span)
}

fn detect_period(layout: &Layout) -> Option<String> {
    let from_title = layout.head.iter().find_map(|l| TITLE_PERIOD.captures(l));
    let from_opening = || layout.opening().take(2).find_map(|l| PERIOD.captures(l));
    let cap = from_title.or_else(from_opening)?;
    let span = cap.get(1)?.as_str();
    (!is_whole_year(span)).then(|| span.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn detection_from_the_ends_of_a_text_is_that_of_the_whole_or_none() {
        for report in [
            include_str!("../fixtures/report.txt"),
            include_str!("../fixtures/report-prose.txt"),
        ] {
            let text = crate::normalize::normalize(report).text;
            let whole = detect(&text);
            let line_ends: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
            let mut found = 0;
            for &head in &line_ends {
                for &tail in line_ends.iter().step_by(3) {
                    if let Some(info) = detect_from_ends(&text[..head], &text[tail..]) {
                        assert_eq!(info, whole, "head {head}, tail from {tail}");
                        found += 1;
                    }
                }
            }
            assert!(found > 0, "the ends tell something");
        }
    }

    fn agency(text: &str) -> Option<String> {
        detect(text).agency
    }

    fn year(text: &str) -> Option<i32> {
        detect(text).year
    }

    fn period(text: &str) -> Option<String> {
        detect(text).period
    }

    // --- agency ---------------------------------------------------------

    proptest::proptest! {
        #[test]
        fn date_lines_are_the_lines_the_date_pattern_matches(
            line in "[•· \t-]{0,2}[0-9]{3,5}[-./年a][0-9]{0,3}[-./月][0-9]{0,3}日?( {0,2}[0-9]{0,3}:?[0-9]{1,3}(:[0-9]{1,3})?)?(星期.?)?[a日:]?",
            noise in "[0-9•· ./年月日:星期一\n-]{0,16}",
        ) {
            let re = Regex::new(
                r"^[•·\-\s]*[0-9]{4}[-./年][0-9]{1,2}[-./月][0-9]{1,2}日?(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?(?:星期.)?$",
            )
            .unwrap();
            for line in [&line, &noise] {
                proptest::prop_assert_eq!(is_date_line(line), re.is_match(line), "{:?}", line);
            }
        }
    }

    #[test]
    fn date_lines() {
        for line in [
            "2023-05-06 10:30",
            "• 2023年5月6日星期六",
            "2023-5-12:30",
            "2023.1.1 9:05:59",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in [
            "2023-05-06 10:3",
            "2023-05-061",
            "2023年5月6日起",
            "202-05-06",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn year_marks_are_the_matches_of_the_year_pattern(
            line in "[0-9〇零一二三年度月a，]{0,16}"
        ) {
            let re = Regex::new(r"([0-9]{4}|[〇零一二三四五六七八九]{4})年(度)?").unwrap();
            let by_regex: Vec<_> = re
                .captures_iter(&line)
                .map(|c| (c.get(0).unwrap().range(), c[1].to_string(), c.get(2).is_some()))
                .collect();
            let by_hand: Vec<_> = year_marks(&line)
                .map(|m| (m.start..m.end, m.digits.to_string(), m.fiscal))
                .collect();
            proptest::prop_assert_eq!(by_hand, by_regex);
        }
    }

    proptest::proptest! {
        #[test]
        fn section_numbers_are_what_the_section_pattern_matches(
            line in "[一二十第（(）)0-9、.．章分a]{0,6}",
        ) {
            let re = Regex::new(
                r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]{1,2}[、．]|[0-9]{1,2}\.[^0-9]|第[一二三四五六七八九十]+[章节部分条])",
            )
            .unwrap();
            proptest::prop_assert_eq!(opens_with_section_number(&line), re.is_match(&line), "{:?}", line);
        }
    }

    proptest::proptest! {
        #[test]
        fn months_are_what_the_month_pattern_matches(s in "[0-9一二十三月a]{0,6}") {
            let re = Regex::new(r"^(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月").unwrap();
            proptest::prop_assert_eq!(starts_with_month(&s), re.is_match(&s), "{:?}", s);
        }
    }

    #[test]
    fn agency_from_title_line() {
        let text = "青禾县卫生健康局2023年度法治政府建设情况报告\n\
                    一、主要工作\n今年以来，我局认真落实各项要求，依法开展监督检查。\n";
        assert_eq!(agency(text).as_deref(), Some("青禾县卫生健康局"));
    }

    #[test]
    fn agency_from_title_split_over_lines() {
        let text = "云岭市东湖区应急管理局2024年度\n行政执法工作报告\n\
                    2024年，我局持续强化安全生产执法。\n";
        assert_eq!(agency(text).as_deref(), Some("云岭市东湖区应急管理局"));
        let text = "青禾县文化和旅游局\n关于2023年法治政府建设情况的报告\n正文。\n";
        assert_eq!(agency(text).as_deref(), Some("青禾县文化和旅游局"));
    }

    #[test]
    fn agency_issuing_its_own_titled_report() {
        let text = "云岭市卫生健康委员会关于2023年度法治政府建设工作的报告\n正文第一段。\n";
        assert_eq!(agency(text).as_deref(), Some("云岭市卫生健康委员会"));
        let text =
            "浙文〔2024〕5号《江南省文化和旅游厅关于2023年度法治政府建设情况的报告》\n正文。\n";
        assert_eq!(agency(text).as_deref(), Some("江南省文化和旅游厅"));
    }

    #[test]
    fn agency_after_about_in_a_title_only() {
        let text = "关于云岭市生态环境局2023年度法治政府建设情况的报告\n正文。\n";
        assert_eq!(agency(text).as_deref(), Some("云岭市生态环境局"));
        let text = "我局认真贯彻关于云岭市生态环境局职能配置的规定。\n";
        assert_eq!(agency(text), None);
    }

    #[test]
    fn place_opening_with_a_function_character() {
        let text = "和平区教育局2023年行政执法工作报告\n正文。\n";
        assert_eq!(agency(text).as_deref(), Some("和平区教育局"));
    }

    #[test]
    fn agency_from_signature_after_addressee() {
        let text = "关于2023年法治政府建设情况的报告\n\
                    中共青禾县委、青禾县人民政府：\n\
                    2023年，县卫健委坚持依法行政，现将有关情况报告如下：\n\
                    一、主要做法\n全年开展法治培训十二次。\n\
                    特此报告。\n青禾县卫生健康委员会\n2024年1月23日\n";
        let info = detect(text);
        assert_eq!(info.agency.as_deref(), Some("青禾县卫生健康委员会"));
        assert_eq!(info.year, Some(2023));
    }

    #[test]
    fn addressee_is_never_the_agency() {
        let text = "青禾县人民政府：\n2024年，我局坚持依法行政，全年办理行政许可3000件。\n";
        assert_eq!(agency(text), None);
        let text = "东湖区人民政府:\n2024年,东湖区市场监管局坚持以法治为引领。\n";
        assert_eq!(agency(text).as_deref(), Some("东湖区市场监管局"));
    }

    #[test]
    fn party_group_joint_signature_gives_the_department() {
        let text = "关于2024年度法治政府建设情况的报告\n正文写到这里。\n特此报告。\n\
                    中共云岭新区卫生健康局党组 云岭新区卫生健康局\n2025年1月14日\n";
        // Normalization removes the spaces between the two names.
        let normalized = text.replace(' ', "");
        assert_eq!(agency(&normalized).as_deref(), Some("云岭新区卫生健康局"));
    }

    #[test]
    fn agency_as_subject_in_the_body() {
        let text = "2023年,在省应急管理厅和云岭市政府的坚强领导下,云岭市应急管理局紧紧围绕执法重点工作。\n";
        assert_eq!(agency(text).as_deref(), Some("云岭市应急管理局"));
        let text = "现将市水务局2025年度行政执法工作情况报告如下:\n一、基本情况\n";
        assert_eq!(agency(text).as_deref(), Some("市水务局"));
    }

    #[test]
    fn referenced_bodies_are_not_the_agency() {
        let text = "根据市政务服务和大数据管理局转发的《关于做好年度报告工作的通知》要求，\
                    现将我局2022年度政府信息公开情况报告如下。\n";
        assert_eq!(agency(text), None);
        let text = "按照中共中央办公厅、国务院办公厅印发的规定，我局认真开展工作。\n";
        assert_eq!(agency(text), None);
        let text = "在县委、县政府的正确领导和市卫健委的精心指导下，我局扎实推进依法行政。\n";
        assert_eq!(agency(text), None);
    }

    #[test]
    fn we_style_texts_have_no_agency() {
        let text = "2024年，我局坚持严格规范公正文明执法，现将2024年行政执法工作报告如下。\n\
                    一、工作开展情况\n全市各级执法部门共办理案件120件。\n";
        let info = detect(text);
        assert_eq!(info.agency, None);
        assert_eq!(info.year, Some(2024));
    }

    #[test]
    fn name_in_own_plan_title_is_the_last_resort() {
        let text =
            "今年来，我局认真落实普法责任制。制定了《2024年度青禾县卫生健康局普法责任清单》，\
                    明确各部门的普法责任。\n";
        assert_eq!(agency(text).as_deref(), Some("青禾县卫生健康局"));
    }

    #[test]
    fn sub_bureau_named_after_its_parent() {
        let text =
            "如有疑问,请与东湖市公安局江北区分局联系。\n2022年,江北区公安分局依法公开信息。\n";
        assert_eq!(agency(text).as_deref(), Some("江北区公安分局"));
        let text = "东湖市公安局江北区分局2022年政府信息公开工作年度报告\n正文。\n";
        assert_eq!(agency(text).as_deref(), Some("东湖市公安局江北区分局"));
    }

    #[test]
    fn local_office_of_a_national_bureau() {
        let text = "国家税务总局云岭市税务局2023年法治政府建设情况报告\n正文。\n";
        assert_eq!(agency(text).as_deref(), Some("国家税务总局云岭市税务局"));
    }

    #[test]
    fn national_ministry_without_a_place() {
        let text =
            "全国环境行政处罚情况通报\n生态环境部近日通报各地2021年环境行政处罚案件办理情况。\n";
        assert_eq!(agency(text).as_deref(), Some("生态环境部"));
    }

    #[test]
    fn page_furniture_is_skipped() {
        let text = "欢迎访问云岭市疾病预防控制中心网站\n当前位置:首页>>新闻\n\
                    市疾控中心开展卫生监督执法专项稽查\n2024-11-11 审核人:\n\
                    为规范执法行为,市疾控中心组织开展稽查。\n";
        let info = detect(text);
        assert_eq!(info.agency.as_deref(), Some("市疾控中心"));
        assert_eq!(info.year, Some(2024), "from the publication date");
    }

    #[test]
    fn quantifier_places_are_no_agency() {
        let text = "全县卫生健康系统认真落实“谁执法谁普法”责任制，全市各部门联合执法。\n";
        assert_eq!(agency(text), None);
    }

    // --- year -----------------------------------------------------------

    #[test]
    fn year_from_title_and_opening_forms() {
        assert_eq!(
            year("关于2023年法治政府建设情况的报告\n正文。\n"),
            Some(2023)
        );
        assert_eq!(
            year("青禾县卫生健康局\n2024年度法治政府建设情况报告\n"),
            Some(2024)
        );
        let text = "本报告中所列数据的统计期限自2022年1月1日至2022年12月31日止。\n";
        assert_eq!(year(text), Some(2022));
        let text = "根据《条例》要求，现将我局2021年度政府信息公开情况报告如下。\n";
        assert_eq!(year(text), Some(2021));
        assert_eq!(year("2023年我局坚持依法行政。\n"), Some(2023));
    }

    #[test]
    fn signature_in_january_to_march_reports_the_year_before() {
        let body = "正文。\n特此报告。\n青禾县卫生健康局\n";
        assert_eq!(year(&format!("{body}2024年3月8日\n")), Some(2023));
        assert_eq!(year(&format!("{body}2023年12月18日\n")), Some(2023));
        assert_eq!(year(&format!("{body}二〇二四年一月十五日\n")), Some(2023));
    }

    #[test]
    fn page_view_date_and_quoted_years_are_ignored() {
        let text = "政务网\n2019年12月3日星期二\n\
                    按照《关于印发〈2025年行政执法协调监督工作方案〉的通知》要求，\
                    现将市水务局2024年度行政执法工作情况报告如下：\n";
        assert_eq!(year(text), Some(2024));
        let text = "市卫生健康委《关于2020年医疗美容机构专项检查情况的通报》指出的问题已整改。\n";
        assert_eq!(year(text), None);
    }

    #[test]
    fn plans_ranges_and_comparisons_are_not_the_year() {
        let text =
            "一、主要举措\n落实《法治政府建设实施纲要(2021-2025年)》，较2022年案件有所增加。\n\
                    三、2025年度推进法治政府建设的主要安排\n";
        assert_eq!(year(text), None);
    }

    #[test]
    fn most_mentioned_year_when_nothing_else_states_it() {
        let text =
            "为保障劳动者健康，支队于2022年6月10日部署专项检查，对2021年度报告中的单位开展检查。\n\
                    截至2022年11月，共检查用人单位235家。\n";
        assert_eq!(year(text), Some(2022));
    }

    #[test]
    fn no_year_stated() {
        let text =
            "近日，市卫生监督所对全市医疗美容机构开展专项稽查。\n下一步将持续加大监管力度。\n";
        assert_eq!(year(text), None);
        assert_eq!(detect(""), DocumentInfo::default());
    }

    // --- period ---------------------------------------------------------

    #[test]
    fn period_forms() {
        assert_eq!(
            period("2025年第三季度,区疾病预防控制中心检查公共场所236家。\n").as_deref(),
            Some("第三季度")
        );
        assert_eq!(
            period("4月8日,省市场监管局通报了2020年一季度全省执法案件办理情况。\n").as_deref(),
            Some("一季度")
        );
        assert_eq!(
            period("云岭市卫生健康委员会2023年上半年行政执法情况\n正文。\n").as_deref(),
            Some("上半年")
        );
        assert_eq!(
            period("2024年1-6月,我局共办理行政处罚案件58件。\n").as_deref(),
            Some("1-6月")
        );
    }

    #[test]
    fn whole_year_has_no_period() {
        assert_eq!(
            period("青禾县卫生健康局2023年度法治政府建设情况报告\n正文。\n"),
            None
        );
        assert_eq!(period("2023年1-12月,我局共办理案件80件。\n"), None);
        assert_eq!(period("正文没有时间。\n"), None);
    }

    // --- robustness -----------------------------------------------------

    #[test]
    fn never_panics_on_odd_text() {
        let samples = [
            "局",
            "委员会",
            "《",
            "》》》",
            "中共",
            "中共党组",
            "2024年",
            "二〇二四年十三月",
            "9999年",
            "市",
            "、、、局",
            "\n\n\n",
            "　",
            "𠀀𠀁局",
            "年度年度",
            "至2023年",
        ];
        for s in samples {
            let _ = detect(s);
        }
        let long = "云岭市卫生健康委员会".repeat(500);
        let _ = detect(&long);
    }
}
