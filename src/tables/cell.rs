//! One cell of a flattened table: a stretch of clean text with its offset, and
//! what its words say about the table: a value, a placeholder, a caption, the
//! corner header of the label column, a total, a unit in brackets, a note.

/// A stretch of clean text and the clean byte offset where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell<'a> {
    pub text: &'a str,
    pub start: usize,
}

impl<'a> Cell<'a> {
    pub fn new(text: &'a str, start: usize) -> Cell<'a> {
        Cell { text, start }
    }

    /// The clean offset just after the cell.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// The cell without surrounding spaces.
    pub fn trimmed(&self) -> Cell<'a> {
        let after_lead = self.text.trim_start();
        let lead = self.text.len() - after_lead.len();
        Cell::new(after_lead.trim_end(), self.start + lead)
    }

    /// The sub-cell `range` of the cell's text (byte offsets within the cell).
    fn slice(&self, from: usize, to: usize) -> Cell<'a> {
        Cell::new(&self.text[from..to], self.start + from)
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// What a cell holds when it is not words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Value {
    /// A figure that can be a value (`93`, `1,234`, `12.5`, `97.5%`, `12.5万元`).
    Figure,
    /// A negative figure: a change between years, never a value.
    Negative,
    /// A cell that keeps a column's place without a value (`-`, `—`, `/`, `无`).
    Placeholder,
}

/// Is `c` one of the characters of the units a value cell may carry
/// (`12.5万元`, `3件次`)? Compared char by char rather than searched for in a
/// string (a substring search for a char beyond ASCII).
pub(crate) fn is_measure(c: char) -> bool {
    matches!(
        c,
        '万' | '亿'
            | '千'
            | '百'
            | '元'
            | '件'
            | '起'
            | '家'
            | '户'
            | '宗'
            | '人'
            | '次'
            | '个'
            | '份'
            | '卷'
            | '项'
            | '台'
            | '辆'
            | '例'
            | '所'
            | '名'
            | '条'
            | '处'
            | '张'
    )
}

const PLACEHOLDERS: [&str; 9] = ["-", "--", "—", "——", "/", "无", "*", "…", "－"];

/// The value a cell holds, if it holds one.
pub(crate) fn value_of(text: &str) -> Option<Value> {
    if PLACEHOLDERS.contains(&text) {
        return Some(Value::Placeholder);
    }
    let (negative, rest) = match text.strip_prefix(['-', '−', '－']) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let figure_end = figure_len(rest)?;
    let unit = &rest[figure_end..];
    let unit_ok = unit.is_empty()
        || unit == "%"
        // Three chars are 12 bytes at most: a longer unit is not counted.
        || (unit.len() <= 12
            && unit.chars().count() <= 3
            && unit.chars().all(is_measure));
    if !unit_ok {
        return None;
    }
    Some(if negative {
        Value::Negative
    } else {
        Value::Figure
    })
}

/// The length of the figure at the start of `s`: digits with thousands commas
/// and a decimal part, or `None` when `s` does not start with one.
fn figure_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            digits += 1;
            i += 1;
        } else if b == b',' && digits > 0 && followed_by_three_digits(&bytes[i + 1..]) {
            i += 1;
        } else {
            break;
        }
    }
    if digits == 0 {
        return None;
    }
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    Some(i)
}

fn followed_by_three_digits(rest: &[u8]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && !rest.get(3).is_some_and(u8::is_ascii_digit)
}

/// The values of a cell holding several figures separated by spaces
/// (`0 0 0`), each with its own offset; `None` unless every token is a value.
pub(crate) fn spaced_values(cell: Cell<'_>) -> Option<Vec<Cell<'_>>> {
    if !cell.text.contains(' ') {
        return None;
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for token in cell.text.split(' ') {
        if !token.is_empty() {
            value_of(token)?;
            out.push(cell.slice(offset, offset + token.len()));
        }
        offset += token.len() + 1;
    }
    (out.len() > 1).then_some(out)
}

/// The length of a leading list marker: `一、`, `(一)`, `（二）`, `1.`, `(1)`, `第二十条`.
pub(crate) fn marker_len(text: &str) -> usize {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    // The byte offset after a run of numerals starting at `from`, and the char there.
    let numerals = |from: usize| -> (usize, Option<char>) {
        let rest = &text[from..];
        let len = rest.find(|c: char| !numeral(c)).unwrap_or(rest.len());
        (from + len, rest[len..].chars().next())
    };
    let Some(first) = text.chars().next() else {
        return 0;
    };
    let after_first = first.len_utf8();
    let closes = |(end, next): (usize, Option<char>), start: usize, ends: &[char]| match next {
        Some(c) if end > start && ends.contains(&c) => end + c.len_utf8(),
        _ => 0,
    };
    match first {
        '(' | '（' => closes(numerals(after_first), after_first, &[')', '）']),
        '第' => closes(numerals(after_first), after_first, &['条', '章', '节']),
        _ => closes(numerals(0), 0, &['、', '.']),
    }
}

/// The cell's words without a bracketed note after them: `处理决定数量(指…)`
/// → `处理决定数量`, `罚没金额(万元)` → `罚没金额`; a leading list marker
/// such as `(二)` stays.
pub(crate) fn name_of(cell: Cell<'_>) -> Cell<'_> {
    let mut search = marker_len(cell.text);
    while let Some(open) = cell.text[search..].find(['(', '（']) {
        let open = search + open;
        let numbered = marker_len(&cell.text[open..]);
        if numbered == 0 {
            return cell.slice(0, open).trimmed();
        }
        search = open + numbered; // `第(五)项`: a numbered item, not a note
    }
    cell.trimmed()
}

/// The unit a cell names in brackets (`(万元)`, `（单位：万元）`, `(宗)`) or as
/// `单位:万元`, pointing at the unit's own text.
pub(crate) fn unit_in(cell: Cell<'_>) -> Option<Cell<'_>> {
    let from = marker_len(cell.text);
    let text = &cell.text[from..];
    if let Some(rest) = unit_label_end(text) {
        return plausible_unit(cell.slice(from + rest, cell.text.len()));
    }
    let mut search = from;
    while let Some(open) = cell.text[search..].find(['(', '（']) {
        let open = search + open;
        let inner_start = open + cell.text[open..].chars().next().map_or(1, char::len_utf8);
        let Some(close) = cell.text[inner_start..].find([')', '）']) else {
            break;
        };
        let inner = cell.slice(inner_start, inner_start + close);
        let inner = match unit_label_end(inner.text) {
            Some(k) => inner.slice(k, inner.text.len()),
            None => inner,
        };
        if let Some(unit) = plausible_unit(inner) {
            return Some(unit);
        }
        search = inner_start + close;
    }
    None
}

/// After `单位:` or `单位：`, the byte offset of what follows.
fn unit_label_end(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("单位")?;
    let sep = rest.chars().next().filter(|c| matches!(c, ':' | '：'))?;
    Some("单位".len() + sep.len_utf8())
}

fn plausible_unit(cell: Cell<'_>) -> Option<Cell<'_>> {
    let cell = cell.trimmed();
    let n = cell.text.chars().count();
    let ok = (1..=3).contains(&n) && cell.text.chars().all(|c| c == '%' || is_measure(c));
    ok.then_some(cell)
}

/// A cell that is only a unit in brackets (`(宗)`), the tail of the header above it.
pub(crate) fn is_unit_only(cell: Cell<'_>) -> bool {
    name_of(cell).is_empty() && unit_in(cell).is_some()
}

const TOTALS: [&str; 4] = ["合计", "总计", "小计", "总数"];

/// A total column or row (`合计`, `总计(宗)`): never split, never a parent.
pub(crate) fn is_total(cell: Cell<'_>) -> bool {
    TOTALS.contains(&name_of(cell).text)
}

const CORNERS: [&str; 9] = [
    "信息内容",
    "单位名称",
    "项目",
    "名称",
    "类别",
    "指标",
    "序号",
    "单位",
    "项目名称",
];

/// The corner cell that heads the label column (`信息内容`, `单位名称`).
pub(crate) fn is_corner(cell: Cell<'_>) -> bool {
    CORNERS.contains(&name_of(cell).text)
}

/// A cell that reads as the table's caption rather than a column header: a
/// heading with a list marker, or a title ending in `表`.
pub(crate) fn is_caption(cell: Cell<'_>) -> bool {
    let name = name_of(cell).text;
    marker_len(cell.text) > 0 || name.ends_with('表') || name.contains("统计表")
}

/// A closed cell ends with a bracket: it is a whole header, not the first half
/// of one split over two lines.
pub(crate) fn is_closed(cell: Cell<'_>) -> bool {
    cell.text.ends_with([')', '）'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Cell<'_> {
        Cell::new(s, 0)
    }

    #[test]
    fn reads_values_and_placeholders() {
        for s in ["93", "1,234", "12.5", "97.5%", "12.5万元", "0"] {
            assert_eq!(value_of(s), Some(Value::Figure), "{s}");
        }
        assert_eq!(value_of("-417"), Some(Value::Negative));
        assert_eq!(value_of("-"), Some(Value::Placeholder));
        for s in [
            "行政许可",
            "2020年度报告",
            "12,34",
            "1.2.3",
            "",
            "3件事项",
            "12ab",
        ] {
            assert_eq!(value_of(s), None, "{s}");
        }
    }

    #[test]
    fn splits_spaced_values_with_offsets() {
        let v = spaced_values(Cell::new("0 12 3", 10)).unwrap();
        assert_eq!(
            v.iter().map(|c| c.text).collect::<Vec<_>>(),
            ["0", "12", "3"]
        );
        assert_eq!(v[1].start, 12);
        assert!(spaced_values(c("0 a")).is_none());
        assert!(spaced_values(c("7")).is_none());
    }

    #[test]
    fn names_drop_notes_but_keep_markers() {
        assert_eq!(
            name_of(c("处理决定数量(指2020年办件量)")).text,
            "处理决定数量"
        );
        assert_eq!(name_of(c("(二)部分公开(区分处理的)")).text, "(二)部分公开");
        assert_eq!(name_of(c("(宗)")).text, "");
        assert_eq!(name_of(c("行政许可")).text, "行政许可");
        assert_eq!(name_of(c("第二十条第(五)项")).text, "第二十条第(五)项");
    }

    #[test]
    fn finds_units_in_brackets() {
        let cell = Cell::new("罚没金额(万元)", 100);
        let unit = unit_in(cell).unwrap();
        assert_eq!(unit.text, "万元");
        assert_eq!(unit.start, 100 + "罚没金额(".len());
        assert_eq!(
            unit_in(c("本年收费金额（单位：万元）")).unwrap().text,
            "万元"
        );
        assert_eq!(unit_in(c("单位:万元")).unwrap().text, "万元");
        assert_eq!(unit_in(c("合计(宗)")).unwrap().text, "宗");
        assert!(unit_in(c("上一年项目数量(指2019年事项数)")).is_none());
        assert!(unit_in(c("(一)予以公开")).is_none());
        assert!(unit_in(c("第二十条第(五)项")).is_none());
        assert_eq!(unit_in(c("金额(千元)")).unwrap().text, "千元");
        assert!(is_unit_only(c("(宗)")));
    }

    #[test]
    fn knows_markers_captions_corners_totals() {
        assert_eq!(marker_len("一、总体情况"), "一、".len());
        assert_eq!(marker_len("(一)统计表"), "(一)".len());
        assert_eq!(marker_len("第二十条第(五)项"), "第二十条".len());
        assert_eq!(marker_len("1.属于国家秘密"), 2);
        assert_eq!(marker_len("行政许可"), 0);
        assert_eq!(marker_len("("), 0);
        assert!(is_caption(c("2024年行政处罚实施情况统计表")));
        assert!(is_caption(c("第二十条第(六)项")));
        assert!(!is_caption(c("警告")));
        assert!(is_corner(c("信息内容")));
        assert!(is_total(c("合计(宗)")));
        assert!(is_closed(c("合计(宗)")));
    }
}
