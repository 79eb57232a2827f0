//! Reading `zhibiao extract` outputs back, for the commands that work on them
//! (`diff`, `pivot`): CSV, JSON and JSON Lines, told apart by their content.
//!
//! After a UTF-8 byte-order mark and leading white space, text that opens with
//! `[` is JSON (an array of documents), with `{` JSON Lines (one row per line),
//! anything else CSV with a header line; empty text is an output without rows.
//! The bytes are decoded like reports are ([`crate::decode`]), so a CSV file an
//! editor saved back as GBK still reads.
//!
//! Columns (CSV) and keys (JSON) are matched by name and may come in any order.
//! `indicator` and `value` are required; any other field of a row may be
//! missing and is then empty (`approx` false, `line` 0). Values are read as
//! exact decimals, never through binary floats. A problem is an [`InputError`]
//! naming the file, the format it was read as, and the line.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::extract::{Document, Row};
use crate::input::{self, Input, InputError};

/// The shape of an extract output, from its first character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Csv,
    Json,
    Jsonl,
    Empty,
}

impl Shape {
    /// The shape of `text`.
    pub fn detect(text: &str) -> Shape {
        match text
            .trim_start_matches('\u{FEFF}')
            .trim_start()
            .chars()
            .next()
        {
            None => Shape::Empty,
            Some('[') => Shape::Json,
            Some('{') => Shape::Jsonl,
            Some(_) => Shape::Csv,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Shape::Csv => "CSV",
            Shape::Json => "JSON",
            Shape::Jsonl => "JSON Lines",
            Shape::Empty => "empty",
        }
    }
}

/// Read the extract output at `path` (`-` for standard input) as documents.
pub fn read_path(path: &str) -> Result<Vec<Document>, InputError> {
    let inp = if path == "-" {
        Input::Stdin
    } else {
        Input::File(path.into())
    };
    let decoded = input::read(&inp, None)?;
    parse(&decoded.text, &inp.source_name())
}

/// Parse an extract output; `name` is the file the errors name.
///
/// CSV and JSON Lines rows are gathered into one document per run of rows
/// with the same source, agency, year and period.
pub fn parse(text: &str, name: &str) -> Result<Vec<Document>, InputError> {
    let text = text.trim_start_matches('\u{FEFF}');
    let shape = Shape::detect(text);
    let fail = |message: String| InputError {
        source: name.to_string(),
        message: format!("read as {}: {message}", shape.name()),
    };
    match shape {
        Shape::Empty => Ok(Vec::new()),
        Shape::Json => parse_json(text).map_err(fail),
        Shape::Jsonl => parse_jsonl(text).map(documents).map_err(fail),
        Shape::Csv => parse_csv(text).map(documents).map_err(fail),
    }
}

/// Every row of some documents, in document order.
pub fn rows(documents: Vec<Document>) -> Vec<Row> {
    documents.into_iter().flat_map(|d| d.rows).collect()
}

/// A row and the period of its document, as CSV and JSON Lines carry them.
type LooseRow = (Row, Option<String>);

/// Consecutive rows of one source, agency, year and period as one document.
fn documents(rows: Vec<LooseRow>) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    for (row, period) in rows {
        match docs.last_mut() {
            Some(d) if belongs(d, &row, &period) => d.rows.push(row),
            _ => docs.push(Document {
                source: row.source.clone(),
                agency: Some(row.agency.clone()).filter(|a| !a.is_empty()),
                year: row.year,
                period,
                encoding: None,
                rows: vec![row],
            }),
        }
    }
    docs
}

fn belongs(doc: &Document, row: &Row, period: &Option<String>) -> bool {
    doc.source == row.source
        && doc.agency.as_deref().unwrap_or_default() == row.agency
        && doc.year == row.year
        && doc.period == *period
}

/// A row as JSON and JSON Lines give it; see the module comment for defaults.
#[derive(Deserialize)]
struct JsonRow {
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    year: Option<i32>,
    indicator: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(deserialize_with = "rust_decimal::serde::arbitrary_precision::deserialize")]
    value: Decimal,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    approx: Option<bool>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    rule: Option<String>,
}

impl From<JsonRow> for Row {
    fn from(r: JsonRow) -> Row {
        Row {
            agency: r.agency.unwrap_or_default(),
            year: r.year,
            indicator: r.indicator,
            category: r.category.unwrap_or_default(),
            value: r.value,
            unit: r.unit.unwrap_or_default(),
            approx: r.approx.unwrap_or_default(),
            text: r.text.unwrap_or_default(),
            source: r.source.unwrap_or_default(),
            line: r.line.unwrap_or_default(),
            rule: r.rule.unwrap_or_default(),
        }
    }
}

/// A document as `extract --format json` gives it.
#[derive(Deserialize)]
struct JsonDocument {
    #[serde(default)]
    source: String,
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    period: Option<String>,
    rows: Vec<JsonRow>,
}

fn parse_json(text: &str) -> Result<Vec<Document>, String> {
    let docs: Vec<JsonDocument> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(docs
        .into_iter()
        .map(|d| Document {
            source: d.source,
            agency: d.agency,
            year: d.year,
            period: d.period,
            encoding: None,
            rows: d.rows.into_iter().map(Row::from).collect(),
        })
        .collect())
}

fn parse_jsonl(text: &str) -> Result<Vec<LooseRow>, String> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<JsonRow>()
        .map(|r| r.map(|r| (Row::from(r), None)).map_err(|e| e.to_string()))
        .collect()
}

/// The columns every CSV extract output must have.
const REQUIRED_COLUMNS: [&str; 2] = ["indicator", "value"];

/// Where each named column of a CSV header is.
struct Columns(HashMap<String, usize>);

impl Columns {
    fn new(header: &csv::StringRecord) -> Result<Columns, String> {
        let columns = Columns(
            header
                .iter()
                .enumerate()
                .map(|(i, name)| (name.trim().to_string(), i))
                .collect(),
        );
        match REQUIRED_COLUMNS
            .iter()
            .find(|c| !columns.0.contains_key(**c))
        {
            Some(missing) => Err(format!("line 1: the header has no `{missing}` column")),
            None => Ok(columns),
        }
    }

    /// The cell of column `name` in `record`; empty when there is no such column.
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        self.0
            .get(name)
            .and_then(|&i| record.get(i))
            .unwrap_or_default()
    }
}

fn parse_csv(text: &str) -> Result<Vec<LooseRow>, String> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let columns = Columns::new(reader.headers().map_err(|e| e.to_string())?)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = record.position().map_or(0, |p| p.line());
        let row = csv_row(&columns, &record).map_err(|e| format!("line {line}: {e}"))?;
        rows.push(row);
    }
    Ok(rows)
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos: Some(pos),
            expected_len,
            len,
        } => format!(
            "line {}: {len} fields where the header has {expected_len}",
            pos.line()
        ),
        _ => e.to_string(),
    }
}

fn csv_row(columns: &Columns, record: &csv::StringRecord) -> Result<LooseRow, String> {
    let cell = |name| columns.get(record, name);
    let row = Row {
        agency: cell("agency").to_string(),
        year: optional(cell("year"), "year", "a whole number")?,
        indicator: required(cell("indicator"), "indicator")?.to_string(),
        category: cell("category").to_string(),
        value: decimal(required(cell("value"), "value")?)?,
        unit: cell("unit").to_string(),
        approx: optional(cell("approx"), "approx", "true or false")?.unwrap_or_default(),
        text: cell("text").to_string(),
        source: cell("source").to_string(),
        line: optional(cell("line"), "line", "a line number")?.unwrap_or_default(),
        rule: cell("rule").to_string(),
    };
    let period = Some(cell("period").to_string()).filter(|p| !p.is_empty());
    Ok((row, period))
}

fn required<'a>(cell: &'a str, column: &str) -> Result<&'a str, String> {
    match cell.trim() {
        "" => Err(format!("the `{column}` cell is empty")),
        c => Ok(c),
    }
}

/// An optional cell: empty is `None`, anything but `expected` an error.
fn optional<T: FromStr>(cell: &str, column: &str, expected: &str) -> Result<Option<T>, String> {
    match cell.trim() {
        "" => Ok(None),
        c => c
            .parse()
            .map(Some)
            .map_err(|_| format!("`{column}` is {c:?}, not {expected}")),
    }
}

/// An exact decimal, as written or in exponent form (`2.5E+3`).
fn decimal(cell: &str) -> Result<Decimal, String> {
    Decimal::from_str_exact(cell)
        .or_else(|_| Decimal::from_scientific(cell))
        .map_err(|_| format!("`value` is {cell:?}, not a decimal number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_come_from_the_first_character() {
        assert_eq!(Shape::detect("\u{FEFF} [\n]"), Shape::Json);
        assert_eq!(Shape::detect("\n{\"a\":1}"), Shape::Jsonl);
        assert_eq!(Shape::detect("agency,year"), Shape::Csv);
        assert_eq!(Shape::detect(" \n"), Shape::Empty);
    }

    #[test]
    fn csv_rows_of_one_source_make_one_document() {
        let text = "indicator,value,source,period\nfines,2488220.0,a.txt,\ncases_filed,3,a.txt,\nfines,1,b.txt,上半年\n";
        let docs = parse(text, "t.csv").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].rows.len(), 2);
        assert_eq!(docs[0].rows[0].value, Decimal::from(2488220));
        assert_eq!(docs[1].period.as_deref(), Some("上半年"));
    }

    #[test]
    fn json_values_are_exact() {
        let text = r#"[{"source":"a","rows":[{"indicator":"fines","value":1656799.00000000001}]}]"#;
        let docs = parse(text, "t.json").unwrap();
        assert_eq!(docs[0].rows[0].value.to_string(), "1656799.00000000001");
    }

    #[test]
    fn errors_name_the_file_the_format_and_the_line() {
        let e = parse("indicator,value\nfines,1\nfines,x\n", "t.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv: read as CSV: line 3: `value` is \"x\", not a decimal number"
        );
        let e = parse(
            "{\"indicator\":\"a\",\"value\":1}\n{\"indicator\":\"b\"}\n",
            "t.jsonl",
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("missing field `value` at line 2"),
            "{e}"
        );
        let e = parse("agency,year\nx,2024\n", "t.csv").unwrap_err();
        assert!(e.to_string().contains("no `indicator` column"), "{e}");
    }
}
