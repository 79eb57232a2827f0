//! One document through the whole pipeline: decoded text → normalized text →
//! sentences → rule bindings → rows keyed by agency and year.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::document::{self, DocumentInfo};
use crate::normalize::{self, Normalized};
use crate::rules::{self, RuleSet};
use crate::segment;
use crate::tables;

/// One indicator row, as `indicators.md` defines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub agency: String,
    pub year: Option<i32>,
    pub indicator: String,
    pub category: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub value: Decimal,
    pub unit: String,
    pub approx: bool,
    pub text: String,
    pub source: String,
    pub line: usize,
    pub rule: String,
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

/// A document read up to the rules: its clean text, its sentences and table
/// cells, and what it says about itself (with the command line's overrides).
pub struct Reading<'t> {
    pub clean: Normalized<'t>,
    pub sentences: Vec<segment::Sentence>,
    pub info: DocumentInfo,
}

impl<'t> Reading<'t> {
    /// Normalize, segment and detect agency, year and period.
    pub fn new(text: &'t str, overrides: &Overrides) -> Reading<'t> {
        let clean = normalize::normalize(text);
        let sentences = sentences_and_tables(&clean.text);
        let mut info = document::detect(&clean.text);
        if overrides.agency.is_some() {
            info.agency.clone_from(&overrides.agency);
        }
        info.year = overrides.year.or(info.year);
        Reading {
            clean,
            sentences,
            info,
        }
    }

    /// Hand each row to `each`, in binding order, as the rules find them; the
    /// first error stops the rows.
    pub fn each_row<E>(
        &self,
        rules: &RuleSet,
        source: &str,
        mut each: impl FnMut(Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut result = Ok(());
        rules::apply_each(rules, &self.sentences, self.info.year, |b| {
            if result.is_ok() {
                result = each(self.row(rules, b, source));
            }
        });
        result
    }

    /// The rows of the rules' bindings, in binding order.
    pub fn rows(&self, rules: &RuleSet, bindings: Vec<rules::Binding>, source: &str) -> Vec<Row> {
        bindings
            .into_iter()
            .map(|b| self.row(rules, b, source))
            .collect()
    }

    fn row(&self, rules: &RuleSet, b: rules::Binding, source: &str) -> Row {
        let sentence = &self.sentences[b.sentence];
        let rule = &rules.rules[b.rule];
        let (s, e) = b.evidence;
        let value_at = sentence.clean_offset(b.quantity.num_start);
        let text = if sentence.table_row {
            table_evidence(&self.clean, sentence, e, &b.quantity)
        } else {
            let (cs, ce) = (sentence.clean_offset(s), sentence.clean_end(e));
            self.clean.original_text(cs, ce).to_string()
        };
        Row {
            agency: self.info.agency.clone().unwrap_or_default(),
            year: self.info.year,
            indicator: rule.spec.indicator.clone(),
            category: match b.category_span {
                Some((s, e)) => {
                    written(&self.clean, sentence.clean_offset(s), sentence.clean_end(e))
                }
                None => b.category,
            },
            value: b.quantity.value.normalize(),
            unit: b.quantity.unit.clone(),
            approx: b.quantity.approx,
            text,
            source: source.to_string(),
            line: self.clean.line_of(value_at),
            rule: rule.spec.id.clone(),
        }
    }
}

/// Extract the rows of one document's text with command-line overrides.
pub fn extract_with(rules: &RuleSet, text: &str, source: &str, overrides: &Overrides) -> Document {
    let reading = Reading::new(text, overrides);
    let bindings = rules::apply(rules, &reading.sentences, reading.info.year);
    let rows = reading.rows(rules, bindings, source);
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

/// The original text of a clean span, without the spaces the original has in it.
fn written(clean: &Normalized, start: usize, end: usize) -> String {
    normalize::without_glosses(clean.original_text(start, end))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The prose sentences and the table cells of a document, in text order: a
/// line a table claims is read by the table reader, not as prose.
fn sentences_and_tables(clean: &str) -> Vec<segment::Sentence> {
    let tables = tables::read(clean);
    let mut sentences = segment::sentences(clean);
    sentences.retain(|s| !tables.claims(s.clean_start()));
    sentences.extend(tables.sentences);
    sentences.sort_by_key(segment::Sentence::clean_start);
    sentences
}

/// The evidence of a table cell: the original text of the pieces of the
/// value's clause (its header, or its label, then the value), joined with
/// ` … ` where they do not touch; a unit taken from a header above the value
/// is left out. The clause is after the last `，` (or `|`, on a pipe line
/// read as prose) before the value, so the evidence never quotes the `，` the
/// table reader put between parts.
fn table_evidence(
    clean: &Normalized,
    sentence: &segment::Sentence,
    end: usize,
    value: &crate::quantities::Quantity,
) -> String {
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
    ranges
        .into_iter()
        .map(|r| clean.original_text(r.start, r.end))
        .collect::<Vec<_>>()
        .join(" … ")
}
