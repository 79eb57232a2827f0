//! One document through the whole pipeline: decoded text → normalized text →
//! sentences → rule bindings → rows keyed by agency and year. Sentences and
//! table cells are read and bound window by window, cut between paragraphs, so
//! a huge report holds one window's sentences at a time; when only its rows
//! are asked for, a long report is also normalized window by window, its
//! agency and year told by its first and last lines (read whole, as a short
//! one is, when those lines cannot tell).

use std::cell::{Ref, RefCell};
use std::ops::Range;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::document::{self, DocumentInfo};
use crate::normalize::{self, Normalized};
use crate::rules::{self, Fate, RuleSet};
use crate::segment::{self, Sentence};
use crate::tables;

/// One indicator row, as `indicators.md` defines it. Its text fields are
/// `String`s, or, while the row streams out of the document it quotes, text
/// borrowed from the document and the rules where it can be ([`RowView`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row<S = String> {
    pub agency: S,
    pub year: Option<i32>,
    pub indicator: S,
    pub category: S,
    #[serde(serialize_with = "value_as_number")]
    pub value: Decimal,
    pub unit: S,
    pub approx: bool,
    pub text: S,
    pub source: S,
    pub line: usize,
    pub rule: S,
}

/// A value as a JSON number, written as `Display` writes it (as
/// `rust_decimal::serde::arbitrary_precision` does): an integer, as most
/// values are, as one, and any other value through the text of its digits,
/// which `arbitrary_precision` builds and parses again.
fn value_as_number<S: serde::Serializer>(
    value: &Decimal,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // A negative zero is written `-0`, which no integer is.
    let integer = value.scale() == 0 && !(value.is_zero() && value.is_sign_negative());
    match i64::try_from(value.mantissa()) {
        Ok(n) if integer => serializer.serialize_i64(n),
        _ => rust_decimal::serde::arbitrary_precision::serialize(value, serializer),
    }
}

/// A row as it is found: its text borrowed from the document, the rules and
/// the binding, but for the evidence of a table cell and a category quoted
/// as written, which are put together for the row in [`RowText`].
pub type RowView<'a> = Row<&'a str>;

impl RowView<'_> {
    /// The row with text of its own.
    pub fn into_owned(self) -> Row {
        Row {
            agency: self.agency.to_owned(),
            year: self.year,
            indicator: self.indicator.to_owned(),
            category: self.category.to_owned(),
            value: self.value,
            unit: self.unit.to_owned(),
            approx: self.approx,
            text: self.text.to_owned(),
            source: self.source.to_owned(),
            line: self.line,
            rule: self.rule.to_owned(),
        }
    }
}

/// The text of a row that is put together rather than borrowed (the
/// evidence of a table cell, a category quoted without its spaces and
/// glosses), in buffers kept from one row to the next: a row allocates
/// nothing, and is lent as plain borrowed text.
#[derive(Default)]
struct RowText {
    evidence: String,
    category: String,
}

/// A document and its rows.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub source: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// Empty for a whole year, else the span the document covers.
    pub period: Option<String>,
    /// The encoding the file was read as; `None` for text given as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    pub rows: Vec<Row>,
}

/// Overrides from the command line, which win over detection.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub agency: Option<String>,
    pub year: Option<i32>,
}

/// Extract the rows of one document's text, detecting agency and year.
pub fn extract_text(rules: &RuleSet, text: &str, source: &str) -> Document {
    extract_with(rules, text, source, &Overrides::default())
}

/// A document read up to the rules: its clean text and what it says about
/// itself (with the command line's overrides). Its sentences and table cells
/// are read window by window as the rules go (see [`Reading::windows`]).
pub struct Reading<'t> {
    /// The clean text, whole or read on window by window (see
    /// [`Reading::streamed`]): the windows read it on while the rows read it.
    clean: RefCell<Normalized<'t>>,
    pub info: DocumentInfo,
    /// How much clean text a window takes at least.
    window_bytes: usize,
}

/// How much clean text a window of sentences takes at least before it is cut:
/// enough that cutting costs little, little enough that a window's text, its
/// sentences (a few times their text) and the original they quote stay in
/// the core's own cache (L2) from the segmenter to the rows. At 256 KB they
/// did not: the 100 MB benchmark ran 1.1× as long, most of the difference
/// waiting on the loads of sentences made a window's length before.
const WINDOW_BYTES: usize = 32 * 1024;

/// A report longer than this is normalized window by window when its rows
/// alone are asked for ([`Reading::streamed`]).
const STREAM_ABOVE: usize = 512 * 1024;

/// How much of a long report's first lines, and of its last lines, its
/// agency, year and period are looked for in before the whole is read
/// ([`document::detect_from_ends`]).
const HEAD_BYTES: usize = 256 * 1024;
const TAIL_BYTES: usize = 16 * 1024;

/// How much of the original a window's text is read on by at least when it
/// is short of the window's end: little more than is missing, so that little
/// is left over to move to the front of the text when the window is dropped.
const READ_ON_BYTES: usize = WINDOW_BYTES;

impl<'t> Reading<'t> {
    /// Normalize the whole text and detect agency, year and period.
    pub fn new(text: &'t str, overrides: &Overrides) -> Reading<'t> {
        let clean = normalize::normalize(text);
        let info = document::detect(&clean.text);
        Reading::with_info(clean, info, overrides)
    }

    /// A reading for its rows ([`Reading::each_row`]): a long report's clean
    /// text is normalized window by window as the rules read it, so that it
    /// is never held whole (as much fresh memory as the report, and text
    /// long gone from the caches when its rows quote it), when its agency,
    /// year and period are told by its first and last lines, as most are.
    pub fn streamed(text: &'t str, overrides: &Overrides) -> Reading<'t> {
        Reading::streamed_with(text, overrides, STREAM_ABOVE, HEAD_BYTES)
    }

    /// [`Reading::streamed`] of a text longer than `above`, detecting in its
    /// first `head_bytes` (and last [`TAIL_BYTES`]).
    fn streamed_with(
        text: &'t str,
        overrides: &Overrides,
        above: usize,
        head_bytes: usize,
    ) -> Reading<'t> {
        if text.len() <= above {
            return Reading::new(text, overrides);
        }
        let mut clean = Normalized::unread(text);
        // Room for the head and what the first window reads on after it, as
        // much as a window takes from then on: the clean text is not copied
        // over to a larger buffer (of fresh pages) as the first window is read.
        clean
            .text
            .reserve(head_bytes.max(WINDOW_BYTES) + 2 * READ_ON_BYTES);
        clean.read_on(head_bytes);
        if clean.is_complete() {
            let info = document::detect(&clean.text);
            return Reading::with_info(clean, info, overrides);
        }
        let tail_from = text.len().saturating_sub(TAIL_BYTES);
        let tail_start = memchr::memchr(b'\n', &text.as_bytes()[tail_from..])
            .map_or(text.len(), |newline| tail_from + newline + 1);
        let tail = normalize::clean_text_from(text, tail_start);
        match document::detect_from_ends(&clean.text, &tail) {
            Some(info) => Reading::with_info(clean, info, overrides),
            None => Reading::new(text, overrides),
        }
    }

    /// The reading of `clean` with what detection found and the overrides.
    fn with_info(
        clean: Normalized<'t>,
        mut info: DocumentInfo,
        overrides: &Overrides,
    ) -> Reading<'t> {
        if overrides.agency.is_some() {
            info.agency.clone_from(&overrides.agency);
        }
        info.year = overrides.year.or(info.year);
        Reading {
            clean: RefCell::new(clean),
            info,
            window_bytes: WINDOW_BYTES,
        }
    }

    /// The clean text: whole when the reading is [`Reading::new`]'s.
    pub fn clean(&self) -> Ref<'_, Normalized<'t>> {
        self.clean.borrow()
    }

    /// The same reading cut into windows of at least `bytes` of clean text.
    #[cfg(test)]
    fn with_window(self, bytes: usize) -> Reading<'t> {
        Reading {
            window_bytes: bytes,
            ..self
        }
    }

    /// Hand each row to `each`, in binding order, as the rules find them; the
    /// first error stops the rows. A row is lent, not moved: it is made in
    /// place and not copied on (a few hundred bytes a row).
    pub fn each_row<E>(
        &self,
        rules: &RuleSet,
        source: &str,
        mut each: impl FnMut(&RowView) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut result = Ok(());
        let mut text = RowText::default();
        rules::apply_each(rules, self.windows(), self.info.year, |sentence, b| {
            if result.is_ok() {
                result = each(&self.row(rules, sentence, &b, source, &mut text));
            }
        });
        result
    }

    /// Every row, and the fate of every number the rules saw with the clean
    /// offset where it starts, in document order.
    pub fn rows_and_fates(&self, rules: &RuleSet, source: &str) -> (Vec<Row>, Vec<(usize, Fate)>) {
        let mut rows = Vec::new();
        let mut fates = Vec::new();
        let mut text = RowText::default();
        rules::apply_traced(
            rules,
            self.windows(),
            self.info.year,
            |sentence, b| {
                rows.push(
                    self.row(rules, sentence, &b, source, &mut text)
                        .into_owned(),
                )
            },
            |sentence, t| fates.push((sentence.clean_offset(t.quantity.num_start), t.fate)),
        );
        (rows, fates)
    }

    /// The prose sentences and table cells of the document, window by window:
    /// each window holds at least `window_bytes` of clean text (or the rest)
    /// and ends where no sentence, paragraph or table runs on (see
    /// [`window_end`]), so reading it on its own, with the headings and
    /// counts carried on, gives the sentences the whole document gives.
    ///
    /// A text read on as it goes is normalized on until the window's end is
    /// found, and the windows before are forgotten: the rows of a window are
    /// made before the next is asked for.
    fn windows(&self) -> impl Iterator<Item = Vec<Sentence>> + use<'_, 't> {
        let mut segmenter = segment::Segmenter::default();
        let mut tables = tables::Reader::default();
        let mut start = 0;
        std::iter::from_fn(move || {
            let mut clean = self.clean.borrow_mut();
            if !clean.is_complete() {
                clean.forget_before(start);
            }
            let end = loop {
                let (base, complete) = (clean.base(), clean.is_complete());
                match window_end(&clean.text, start - base, self.window_bytes, complete) {
                    Some(end) => break base + end,
                    None => {
                        let read = base + clean.text.len();
                        let missing = start.saturating_add(self.window_bytes).saturating_sub(read);
                        clean.read_on(missing.max(READ_ON_BYTES));
                    }
                }
            };
            if start >= end {
                return None;
            }
            let base = clean.base();
            let mut sentences = sentences_and_tables(
                &clean.text,
                start - base..end - base,
                &clean.sentence_ends,
                &mut segmenter,
                &mut tables,
            );
            if base > 0 {
                sentences.iter_mut().for_each(|s| s.shift(base));
            }
            start = end;
            Some(sentences)
        })
    }

    fn row<'a>(
        &'a self,
        rules: &'a RuleSet,
        sentence: &Sentence,
        b: &'a rules::Binding,
        source: &'a str,
        put_together: &'a mut RowText,
    ) -> RowView<'a> {
        let clean = self.clean.borrow();
        let rule = &rules.rules[b.rule];
        let (s, e) = b.evidence;
        let value_at = sentence.clean_offset(b.quantity.num_start);
        // The value looked up first, then the evidence around it, then the
        // category: the runs near the value's answer them most often
        // ([`Normalized::original_offset`]).
        let line = clean.line_of(value_at);
        let RowText { evidence, category } = put_together;
        let text = if sentence.table_row {
            table_evidence(&clean, sentence, e, &b.quantity, evidence)
        } else {
            let (cs, ce) = (sentence.clean_offset(s), sentence.clean_end(e));
            clean.original_text(cs, ce)
        };
        Row {
            agency: self.info.agency.as_deref().unwrap_or_default(),
            year: self.info.year,
            indicator: &rule.spec.indicator,
            category: match b.category_span {
                Some((s, e)) => written(
                    &clean,
                    sentence.clean_offset(s),
                    sentence.clean_end(e),
                    category,
                ),
                None => &b.category,
            },
            value: b.quantity.value.normalize(),
            unit: b.quantity.unit,
            approx: b.quantity.approx,
            text,
            source,
            line,
            rule: &rule.spec.id,
        }
    }
}

/// Extract the rows of one document's text with command-line overrides.
pub fn extract_with(rules: &RuleSet, text: &str, source: &str, overrides: &Overrides) -> Document {
    let reading = Reading::streamed(text, overrides);
    let mut rows = Vec::new();
    let written: Result<(), std::convert::Infallible> = reading.each_row(rules, source, |row| {
        rows.push(row.clone().into_owned());
        Ok(())
    });
    let Ok(()) = written;
    let DocumentInfo {
        agency,
        year,
        period,
    } = reading.info;
    Document {
        source: source.to_string(),
        agency,
        year,
        period,
        encoding: None,
        rows,
    }
}

/// The original text of a clean span, without the spaces and the pinyin
/// glosses the original has in it: borrowed when it has neither, as most
/// have, else put together in `out`.
fn written<'a>(clean: &Normalized<'a>, start: usize, end: usize, out: &'a mut String) -> &'a str {
    let original = clean.original_text(start, end);
    // A gloss opens with a bracket ([`normalize::without_glosses`]).
    if !original.contains(|c: char| c.is_whitespace() || c == '(' || c == '（') {
        return original;
    }
    out.clear();
    out.extend(
        normalize::without_glosses(original)
            .chars()
            .filter(|c| !c.is_whitespace()),
    );
    out
}

/// The prose sentences and the table cells of a whole clean text, in text
/// order: the document as one window.
pub fn sentences(clean: &str) -> Vec<Sentence> {
    let (mut segmenter, mut tables) = Default::default();
    let ends = segment::sentence_ends(clean);
    sentences_and_tables(clean, 0..clean.len(), &ends, &mut segmenter, &mut tables)
}

/// The prose sentences and the table cells of the lines of `clean[window]`,
/// in text order: a line a table claims is read by the table reader, not as
/// prose. `sentence_ends` are those of `clean` ([`segment::sentence_ends`]).
fn sentences_and_tables(
    clean: &str,
    window: Range<usize>,
    sentence_ends: &[usize],
    segmenter: &mut segment::Segmenter,
    tables: &mut tables::Reader,
) -> Vec<Sentence> {
    let tables = tables.read(clean, window.clone());
    let mut sentences = segmenter.sentences(clean, window, sentence_ends);
    sentences.retain(|s| !tables.claims(s.clean_start()));
    sentences.extend(tables.sentences);
    sentences.sort_by_key(Sentence::clean_start);
    sentences
}

/// The end of the window of `clean` that starts at `start` and takes at
/// least `size` bytes: the end of the first line from there on after which
/// the text can be cut, or the end of the text. A cut must fall after a line
/// that does not run on into the next ([`segment::continues_on_next_line`])
/// and between lines no table can take ([`tables::is_table_line`]), so that
/// no sentence, paragraph, table or table caption spans it. `None` when
/// `clean` is not `complete` (the text goes on after it) and its lines end
/// before the cut is found: more must be read.
fn window_end(clean: &str, start: usize, size: usize, complete: bool) -> Option<usize> {
    if !complete && clean.len() < start.saturating_add(size.max(1)) {
        return None;
    }
    // No line ending before `start + size` can be the cut: the walk starts at
    // the line that holds the window's last byte.
    let last_byte = start.saturating_add(size.max(1) - 1).min(clean.len());
    let mut end = memchr::memrchr(b'\n', &clean.as_bytes()[start..last_byte])
        .map_or(start, |newline| start + newline + 1);
    let mut cut = None;
    for raw in crate::scan::lines_inclusive(&clean[end..]) {
        end += raw.len();
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(cut) = cut.filter(|_| !tables::is_table_line(line)) {
            return Some(cut);
        }
        let can_cut = end - start >= size
            && raw.ends_with('\n')
            && !segment::continues_on_next_line(line)
            && !tables::is_table_line(line);
        cut = can_cut.then_some(end);
    }
    complete.then_some(clean.len())
}

/// The evidence of a table cell: the original text of the pieces of the
/// value's clause (its header, or its label, then the value), joined with
/// ` … ` where they do not touch; a unit taken from a header above the value
/// is left out. The clause is after the last `，` (or `|`, on a pipe line
/// read as prose) before the value, so the evidence never quotes the `，` the
/// table reader put between parts. Put together in `out`.
fn table_evidence<'a>(
    clean: &Normalized,
    sentence: &Sentence,
    end: usize,
    value: &crate::quantities::Quantity,
    out: &'a mut String,
) -> &'a str {
    let clause = sentence.text[..value.num_start]
        .rfind(['，', '|'])
        .map_or(0, |i| {
            i + sentence.text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for r in sentence.clean_ranges(clause, value.num_end) {
        match ranges.last_mut() {
            Some(last) if last.end == r.start => last.end = r.end,
            _ => ranges.push(r),
        }
    }
    for r in sentence.clean_ranges(value.num_end, end) {
        match ranges.last_mut() {
            Some(last) if last.end == r.start => last.end = r.end,
            _ => break,
        }
    }
    out.clear();
    for (i, r) in ranges.into_iter().enumerate() {
        if i > 0 {
            out.push_str(" … ");
        }
        out.push_str(clean.original_text(r.start, r.end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report section of sentences written for this test, its figures
    /// varied by `n`: headings, a breakdown and a list of `；` items on lines
    /// of their own, a line broken mid-sentence, a blank line, a pipe table
    /// under a caption that gives its unit and a stacked one.
    fn section(n: usize) -> String {
        format!(
            "一、日常监管工作\n\
             （一）检查情况\n\
             本年度共开展监督检查{a}户次，其中餐饮单位{b}户次，食品销售单位{c}户次。\n\
             全年共立案查处违法案件{d}起。\n\
             其中适用简易程序{e}起，适用一般程序{f}起。\n\
             全年受理行政许可申请{g}件；\n\
             其中当场办结{h}件；\n\
             承诺办结{i}件。\n\
             \n\
             在日常巡查中发现部分经营者主体责任落实不到位，我们依法责令整改并复查到位，共发现\n\
             问题{j}个，双随机抽查任务完成率{k}%。\n\
             二、统计情况\n\
             罚没款情况(单位:万元)：\n\
             |项目|立案数(件)|罚没金额|\n\
             |食品|{l}|{m}.5|\n\
             |药品|{o}|1.2|\n\
             表2 行政许可情况\n\
             许可事项\n\
             受理数量\n\
             办结数量\n\
             食品经营许可\n\
             {p}\n\
             {q}\n\
             以上数据截至年底。\n",
            a = 100 + n,
            b = 40 + n,
            c = 30 + n,
            d = 20 + n,
            e = n % 7 + 1,
            f = n % 5 + 2,
            g = 30 + n,
            h = 20 + n,
            i = 10 + n,
            j = n + 9,
            k = 90 + n % 10,
            l = 5 + n,
            m = n + 1,
            o = n % 3 + 4,
            p = 60 + n,
            q = 50 + n,
        )
    }

    proptest::proptest! {
        #[test]
        fn a_value_is_the_json_number_arbitrary_precision_writes(
            lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28, small: i64
        ) {
            #[derive(Serialize)]
            struct Written(#[serde(with = "rust_decimal::serde::arbitrary_precision")] Decimal);
            #[derive(Serialize)]
            struct Number(#[serde(serialize_with = "value_as_number")] Decimal);
            let json = |value: Decimal| {
                let number = serde_json::to_string(&Number(value)).expect("json");
                proptest::prop_assert_eq!(number, serde_json::to_string(&Written(value)).expect("json"));
                Ok(())
            };
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            json(value)?;
            json(value.normalize())?;
            json(Decimal::from_parts(lo, mid, hi, negative, 0))?;
            json(Decimal::from(small))?;
            json(Decimal::from_parts(0, 0, 0, negative, scale))?;
        }
    }

    #[test]
    fn windows_give_the_rows_of_the_whole_document() {
        let rules = RuleSet::embedded().expect("embedded rules");
        let text = format!(
            "北湖区市场监督管理局2023年法治政府建设年度报告\n{}",
            (0..40).map(section).collect::<String>()
        );
        let rows_of = |window: usize| {
            let reading = Reading::new(&text, &Overrides::default()).with_window(window);
            let windows = reading.windows().count();
            let mut rows = Vec::new();
            let written: Result<(), ()> = reading.each_row(&rules, "t.txt", |row| {
                rows.push(row.clone().into_owned());
                Ok(())
            });
            assert!(written.is_ok());
            (windows, rows, reading.rows_and_fates(&rules, "t.txt"))
        };
        let streamed_rows_of = |window: usize| {
            let reading =
                Reading::streamed_with(&text, &Overrides::default(), 0, 2_000).with_window(window);
            let mut rows = Vec::new();
            let written: Result<(), ()> = reading.each_row(&rules, "t.txt", |row| {
                rows.push(row.clone().into_owned());
                Ok(())
            });
            assert!(written.is_ok());
            // The text is read on 32 KB at a time (a window's bytes), and
            // forgotten once as much is gone as is left: the whole of it is
            // read at once but for the smallest windows, which find their
            // ends before.
            assert!(
                window >= 5_000 || reading.clean().base() > 0,
                "window {window}: read window by window"
            );
            rows
        };
        let (one, whole, whole_traced) = rows_of(usize::MAX);
        assert_eq!(one, 1);
        assert_eq!(whole.len(), 40 * 15, "rows of prose, breakdowns and tables");
        for window in [0, 1, 100, 700, 5_000] {
            let (windows, rows, traced) = rows_of(window);
            assert!(windows > 1, "window {window}: {windows} windows");
            assert_eq!(rows, whole, "window {window}");
            assert_eq!(traced.0, whole_traced.0, "window {window}");
            assert_eq!(traced.1, whole_traced.1, "window {window}");
            assert_eq!(streamed_rows_of(window), whole, "streamed, window {window}");
        }
    }

    #[test]
    fn a_window_ends_after_a_closed_line_before_a_line_no_table_takes() {
        let clean = "第一句。\n本年度共开展监督检查各类单位和场所共计，\n120户次。\n|立案|5|\n表后一句。\n末句。\n";
        let after = |line: &str| clean.find(line).unwrap() + line.len() + 1;
        // Not inside the broken sentence, not before the table nor after it.
        let end = |start, size| window_end(clean, start, size, true);
        assert_eq!(end(0, 1), Some(after("第一句。")));
        assert_eq!(end(after("第一句。"), 1), Some(after("表后一句。")));
        assert_eq!(end(after("表后一句。"), 1), Some(clean.len()));
        assert_eq!(end(0, usize::MAX), Some(clean.len()));
        // A text that goes on: no cut is taken before the line after it is seen.
        let upto = |line: &str| &clean[..after(line)];
        assert_eq!(window_end(upto("第一句。"), 0, 1, false), None);
        assert_eq!(
            window_end(upto("120户次。"), 0, 1, false),
            Some(after("第一句。"))
        );
        assert_eq!(
            window_end(upto("表后一句。"), after("第一句。"), 1, false),
            None
        );
    }
}
