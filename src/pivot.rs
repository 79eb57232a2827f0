//! Extract rows turned wide, for `zhibiao pivot`: one line per (agency, year,
//! source), one column per indicator, for spreadsheets.
//!
//! A cell holds one value of its indicator, chosen so that it is the overall
//! figure of the document:
//!
//! 1. the first row in document order with an empty category (the total);
//! 2. failing that, if all the indicator's rows share one category (the
//!    random-check rates are all `双随机`), the first of them;
//! 3. otherwise the cell stays empty: parts without their total are no total,
//!    and adding them up could count a unit twice. The long output keeps them.
//!
//! When the rows a cell was chosen from disagree (two totals of `fines`, 186500
//! and 190000), the line's `conflicts` column says so: `fines: 186500 ≠ 190000`.
//! The same value stated twice is one fact, not a conflict.
//!
//! Columns come in a stable order: the ids of `indicators.md` in the order of
//! its core, extended and further tables ([`INDICATOR_ORDER`]), then any other
//! id alphabetically; by default only the indicators the input has.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::extract::{Document, Row};

/// The indicator ids of `indicators.md`: core, extended, then further ones, in
/// the order of its tables.
pub const INDICATOR_ORDER: [&str; 42] = [
    // core
    "inspections",
    "random_check_tasks",
    "random_check_completion_rate",
    "random_check_closure_rate",
    "complaints",
    "cases_filed",
    "cases_closed",
    "penalties",
    "fines",
    "fines_confiscations",
    "confiscated_income",
    "permits_applied",
    "permits_accepted",
    "permits_granted",
    "permits_revoked",
    // extended
    "supervision_notices",
    "officer_trips",
    "vehicle_trips",
    "referrals",
    "court_enforcement",
    "coercive_measures",
    "legal_reviews",
    "reconsiderations",
    "lawsuits",
    "disputes",
    "disputes_resolved",
    "case_files_reviewed",
    "case_file_pass_rate",
    "coverage_rate",
    // further
    "no_penalty_cases",
    "orders_to_correct",
    "hazards_found",
    "hazards_fixed",
    "permits_denied",
    "seizures",
    "closures",
    "fees",
    "disclosure_requests",
    "certified_officers",
    "handling_rate",
    "compliance_rate",
    "joint_operations",
];

/// The wide table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The indicator columns, in order.
    pub indicators: Vec<String>,
    pub lines: Vec<Line>,
}

/// One line of the wide table: a document (or several with the same agency,
/// year and source).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub agency: String,
    pub year: Option<i32>,
    pub source: String,
    pub period: Option<String>,
    /// One per indicator column.
    pub cells: Vec<Option<Decimal>>,
    /// `fines: 186500 ≠ 190000`, in column order.
    pub conflicts: Vec<String>,
}

/// The wide table of some documents; with `all_indicators`, a column for every
/// id of [`INDICATOR_ORDER`] even where the input has no row of it.
pub fn pivot(documents: &[Document], all_indicators: bool) -> Table {
    let groups = groups(documents);
    let indicators = columns(&groups, all_indicators);
    let lines = groups.iter().map(|g| line(g, &indicators)).collect();
    Table { indicators, lines }
}

/// The rows of one agency, year and source.
struct Group<'a> {
    agency: String,
    year: Option<i32>,
    source: &'a str,
    period: Option<&'a str>,
    rows: Vec<&'a Row>,
}

/// Documents gathered by (agency, year, source), in order of first appearance;
/// a document without rows still has its line.
fn groups(documents: &[Document]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(String, Option<i32>, &str), usize> = HashMap::new();
    for doc in documents {
        let agency = doc.agency.clone().unwrap_or_default();
        let key = (agency.clone(), doc.year, doc.source.as_str());
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(Group {
                agency,
                year: doc.year,
                source: &doc.source,
                period: None,
                rows: Vec::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[i];
        group.period = group.period.or(doc.period.as_deref());
        group.rows.extend(&doc.rows);
    }
    groups
}

/// The indicator columns: spec ids in table order, then others alphabetically.
fn columns(groups: &[Group], all_indicators: bool) -> Vec<String> {
    let mut ids: BTreeSet<&str> = groups
        .iter()
        .flat_map(|g| g.rows.iter().map(|r| r.indicator.as_str()))
        .collect();
    if all_indicators {
        ids.extend(INDICATOR_ORDER);
    }
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_by_key(|id| rank(id));
    ids.into_iter().map(String::from).collect()
}

/// The place of an id among the columns; ids the spec does not list go last
/// (and keep their alphabetical order, the sort being stable).
fn rank(id: &str) -> usize {
    INDICATOR_ORDER
        .iter()
        .position(|known| *known == id)
        .unwrap_or(INDICATOR_ORDER.len())
}

fn line(group: &Group, indicators: &[String]) -> Line {
    let mut cells = Vec::with_capacity(indicators.len());
    let mut conflicts = Vec::new();
    for id in indicators {
        let values = distinct_values(&candidates(&group.rows, id));
        cells.push(values.first().copied());
        if values.len() > 1 {
            conflicts.push(format!("{id}: {}", join(&values, " ≠ ")));
        }
    }
    Line {
        agency: group.agency.clone(),
        year: group.year,
        source: group.source.to_string(),
        period: group.period.map(String::from),
        cells,
        conflicts,
    }
}

/// The rows a cell of `indicator` is chosen from, in document order: its
/// totals, else the rows of its only category, else none.
fn candidates<'a>(rows: &[&'a Row], indicator: &str) -> Vec<&'a Row> {
    let of: Vec<&Row> = rows
        .iter()
        .copied()
        .filter(|r| r.indicator == indicator)
        .collect();
    let totals: Vec<&Row> = of
        .iter()
        .copied()
        .filter(|r| r.category.is_empty())
        .collect();
    if !totals.is_empty() {
        return totals;
    }
    let one_category = of.windows(2).all(|w| w[0].category == w[1].category);
    if one_category {
        of
    } else {
        Vec::new()
    }
}

/// The values of some rows, each once, in order of first appearance.
fn distinct_values(rows: &[&Row]) -> Vec<Decimal> {
    let mut values: Vec<Decimal> = Vec::new();
    for r in rows {
        if !values.contains(&r.value) {
            values.push(r.value);
        }
    }
    values
}

fn join(values: &[Decimal], separator: &str) -> String {
    values
        .iter()
        .map(|v| v.normalize().to_string())
        .collect::<Vec<_>>()
        .join(separator)
}

/// The output formats of `zhibiao pivot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A header line, then one line per document.
    Csv,
    /// One array of objects: agency, year, source, period, values, conflicts.
    Json,
}

/// Write the table in `format`; `bom` opens CSV with a UTF-8 byte-order mark.
pub fn write(table: &Table, format: Format, out: impl Write, bom: bool) -> io::Result<()> {
    match format {
        Format::Csv => write_csv(table, out, bom),
        Format::Json => write_json(table, out),
    }
}

/// The columns before the indicators.
const LEADING_COLUMNS: [&str; 4] = ["agency", "year", "source", "period"];

/// Write the table as CSV; with `bom`, a UTF-8 byte-order mark first (Excel).
pub fn write_csv(table: &Table, mut out: impl Write, bom: bool) -> io::Result<()> {
    if bom {
        out.write_all("\u{FEFF}".as_bytes())?;
    }
    let mut csv = csv::Writer::from_writer(out);
    let header = LEADING_COLUMNS
        .iter()
        .copied()
        .chain(table.indicators.iter().map(String::as_str))
        .chain(["conflicts"]);
    csv.write_record(header)?;
    for line in &table.lines {
        csv.write_record(csv_record(line))?;
    }
    csv.flush()
}

fn csv_record(line: &Line) -> Vec<String> {
    [
        line.agency.clone(),
        line.year.map(|y| y.to_string()).unwrap_or_default(),
        line.source.clone(),
        line.period.clone().unwrap_or_default(),
    ]
    .into_iter()
    .chain(
        line.cells
            .iter()
            .map(|c| c.map(|v| v.normalize().to_string()).unwrap_or_default()),
    )
    .chain([line.conflicts.join("; ")])
    .collect()
}

/// Write the table as one JSON array of lines, `values` in column order.
pub fn write_json(table: &Table, mut out: impl Write) -> io::Result<()> {
    let lines: Vec<JsonLine> = table
        .lines
        .iter()
        .map(|line| JsonLine {
            agency: &line.agency,
            year: line.year,
            source: &line.source,
            period: line.period.as_deref(),
            values: Values {
                indicators: &table.indicators,
                cells: &line.cells,
            },
            conflicts: &line.conflicts,
        })
        .collect();
    serde_json::to_writer_pretty(&mut out, &lines)?;
    writeln!(out)
}

#[derive(Serialize)]
struct JsonLine<'a> {
    agency: &'a str,
    year: Option<i32>,
    source: &'a str,
    period: Option<&'a str>,
    values: Values<'a>,
    conflicts: &'a [String],
}

/// The cells of a line as one JSON object, indicator → number or null.
struct Values<'a> {
    indicators: &'a [String],
    cells: &'a [Option<Decimal>],
}

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.cells.len()))?;
        for (id, cell) in self.indicators.iter().zip(self.cells) {
            map.serialize_entry(id, &cell.map(Exact))?;
        }
        map.end()
    }
}

/// A decimal written as a JSON number, exactly.
struct Exact(Decimal);

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::arbitrary_precision::serialize(&self.0.normalize(), serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_lists_every_id_once() {
        let ids: BTreeSet<&str> = INDICATOR_ORDER.into_iter().collect();
        assert_eq!(ids.len(), INDICATOR_ORDER.len());
    }

    fn document(indicators: &[&str]) -> Document {
        let row = |indicator: &&str| Row {
            agency: String::new(),
            year: None,
            indicator: indicator.to_string(),
            category: String::new(),
            value: Decimal::ONE,
            unit: String::new(),
            approx: false,
            text: String::new(),
            source: "r.txt".into(),
            line: 1,
            rule: String::new(),
        };
        Document {
            source: "r.txt".into(),
            agency: None,
            year: None,
            period: None,
            encoding: None,
            rows: indicators.iter().map(row).collect(),
        }
    }

    #[test]
    fn unknown_ids_follow_the_known_ones_alphabetically() {
        let doc = document(&["zeta", "fines", "alpha", "inspections"]);
        let table = pivot(&[doc], false);
        assert_eq!(table.indicators, ["inspections", "fines", "alpha", "zeta"]);
    }
}
