//! Comparing two extract outputs row by row, for `zhibiao diff`.
//!
//! Rows are keyed by (agency, year, indicator, category). Under one key each
//! side holds a multiset of rows, and the two are paired one for one, best
//! matches first: rows equal in the compared fields, then rows that share
//! their evidence text, rule, unit and line, then document order. A pair that
//! differs in a compared field is *changed*; a row left without a partner is
//! *removed* (old side) or *added* (new side). A pair equal in the compared
//! fields but different in another is *unchanged*: listed only on request,
//! it never makes the outputs differ.
//!
//! Values compare as exact decimals (`2488220` equals `2488220.0`). By default
//! value, unit and approx are compared ([`Field::DEFAULT`]); text, source, line
//! and rule are shown but count only when asked for.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::io::{self, Write};

use serde::Serialize;

use crate::extract::Row;

/// A field of a row that can count as a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Value,
    Unit,
    Approx,
    Text,
    Source,
    Line,
    Rule,
}

impl Field {
    /// Every field, in the order of the row table.
    pub const ALL: [Field; 7] = [
        Field::Value,
        Field::Unit,
        Field::Approx,
        Field::Text,
        Field::Source,
        Field::Line,
        Field::Rule,
    ];

    /// The fields compared unless asked otherwise: what the figure is.
    pub const DEFAULT: [Field; 3] = [Field::Value, Field::Unit, Field::Approx];

    /// The field's name, as the command line and the outputs spell it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Value => "value",
            Field::Unit => "unit",
            Field::Approx => "approx",
            Field::Text => "text",
            Field::Source => "source",
            Field::Line => "line",
            Field::Rule => "rule",
        }
    }

    fn differs(self, a: &Row, b: &Row) -> bool {
        match self {
            Field::Value => a.value != b.value,
            Field::Unit => a.unit != b.unit,
            Field::Approx => a.approx != b.approx,
            Field::Text => a.text != b.text,
            Field::Source => a.source != b.source,
            Field::Line => a.line != b.line,
            Field::Rule => a.rule != b.rule,
        }
    }

    /// Does the field show in the quantity `186500 元 (approx)`?
    fn is_quantity(self) -> bool {
        Field::DEFAULT.contains(&self)
    }
}

/// The fields whose differences count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared(BTreeSet<Field>);

impl Default for Compared {
    fn default() -> Compared {
        Compared(Field::DEFAULT.into_iter().collect())
    }
}

impl Compared {
    /// Every field counts.
    pub fn all() -> Compared {
        Compared(Field::ALL.into_iter().collect())
    }

    /// These fields count too.
    pub fn with(mut self, fields: &[Field]) -> Compared {
        self.0.extend(fields);
        self
    }

    /// These fields do not count.
    pub fn without(mut self, fields: &[Field]) -> Compared {
        self.0.retain(|f| !fields.contains(f));
        self
    }

    /// The fields that count, in the order of the row table.
    pub fn fields(&self) -> Vec<Field> {
        self.0.iter().copied().collect()
    }

    fn counts(&self, field: Field) -> bool {
        self.0.contains(&field)
    }

    fn equal(&self, a: &Row, b: &Row) -> bool {
        !self.0.iter().any(|f| f.differs(a, b))
    }
}

/// What a row is about: the rows of one key are one multiset of figures.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Key {
    pub agency: String,
    pub year: Option<i32>,
    pub indicator: String,
    pub category: String,
}

impl Key {
    pub fn of(row: &Row) -> Key {
        Key {
            agency: row.agency.clone(),
            year: row.year,
            indicator: row.indicator.clone(),
            category: row.category.clone(),
        }
    }
}

/// `青禾县卫生健康局 2024 inspections [公共场所]`.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.agency.as_str() {
            "" => f.write_str("(no agency)")?,
            agency => f.write_str(agency)?,
        }
        match self.year {
            Some(year) => write!(f, " {year}")?,
            None => f.write_str(" (no year)")?,
        }
        write!(f, " {}", self.indicator)?;
        if !self.category.is_empty() {
            write!(f, " [{}]", self.category)?;
        }
        Ok(())
    }
}

/// What happened to a row between the two outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Same key, different in a compared field.
    Changed,
    /// Only in the new output.
    Added,
    /// Only in the old output.
    Removed,
    /// Same key and compared fields, different in another field.
    Unchanged,
}

impl Change {
    /// The name the machine outputs use.
    pub fn name(self) -> &'static str {
        match self {
            Change::Changed => "changed",
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Unchanged => "unchanged",
        }
    }

    /// The mark at the start of a line of text output.
    fn sign(self) -> char {
        match self {
            Change::Changed => '~',
            Change::Added => '+',
            Change::Removed => '-',
            Change::Unchanged => '=',
        }
    }
}

/// One difference between the outputs.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub change: Change,
    #[serde(flatten)]
    pub key: Key,
    /// The fields in which a pair differs, compared or not.
    pub fields: Vec<Field>,
    pub old: Option<Row>,
    pub new: Option<Row>,
}

/// The differences between two outputs.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub compared: Compared,
    /// Keys in order of first appearance (old output, then new); within a
    /// key, old rows in order, then the added ones.
    pub entries: Vec<Entry>,
    /// Pairs equal in the compared fields.
    pub same: usize,
}

impl Comparison {
    /// Do the outputs differ in a compared field?
    pub fn is_different(&self) -> bool {
        self.entries.iter().any(|e| e.change != Change::Unchanged)
    }

    pub fn count(&self, change: Change) -> usize {
        self.entries.iter().filter(|e| e.change == change).count()
    }

    /// The entries to show: `unchanged` ones only when `verbose`.
    pub fn listed(&self, verbose: bool) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |e| verbose || e.change != Change::Unchanged)
    }
}

/// Compare the rows of two outputs.
pub fn compare(old: Vec<Row>, new: Vec<Row>, compared: &Compared) -> Comparison {
    let mut comparison = Comparison {
        compared: compared.clone(),
        entries: Vec::new(),
        same: 0,
    };
    for group in groups(old, new) {
        compare_group(group, &mut comparison);
    }
    comparison
}

/// The rows of one key on each side.
struct Group {
    key: Key,
    old: Vec<Row>,
    new: Vec<Row>,
}

fn groups(old: Vec<Row>, new: Vec<Row>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    let sided = old
        .into_iter()
        .map(|r| (false, r))
        .chain(new.into_iter().map(|r| (true, r)));
    for (is_new, row) in sided {
        let key = Key::of(&row);
        let i = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(Group {
                key,
                old: Vec::new(),
                new: Vec::new(),
            });
            groups.len() - 1
        });
        let side = if is_new {
            &mut groups[i].new
        } else {
            &mut groups[i].old
        };
        side.push(row);
    }
    groups
}

fn compare_group(group: Group, comparison: &mut Comparison) {
    let partners = pairs(&group.old, &group.new, &comparison.compared);
    let mut new: Vec<Option<Row>> = group.new.into_iter().map(Some).collect();
    for (i, old) in group.old.into_iter().enumerate() {
        let partner = partners
            .iter()
            .find(|&&(o, _)| o == i)
            .and_then(|&(_, n)| new[n].take());
        let entry = match partner {
            Some(new) => paired(&group.key, old, new, comparison),
            None => Some(single(&group.key, Change::Removed, old)),
        };
        comparison.entries.extend(entry);
    }
    for row in new.into_iter().flatten() {
        comparison
            .entries
            .push(single(&group.key, Change::Added, row));
    }
}

/// How well two rows of one key match, best first: equal in the compared
/// fields, then the same evidence, rule, unit and line.
fn affinity(a: &Row, b: &Row, compared: &Compared) -> [bool; 5] {
    [
        compared.equal(a, b),
        a.text == b.text,
        a.rule == b.rule,
        a.unit == b.unit,
        a.line == b.line,
    ]
}

/// Pairs of (old, new) indexes, each row in at most one: the best matches
/// are taken first, ties in document order.
fn pairs(old: &[Row], new: &[Row], compared: &Compared) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize)> = (0..old.len())
        .flat_map(|i| (0..new.len()).map(move |j| (i, j)))
        .collect();
    candidates.sort_by_key(|&(i, j)| (Reverse(affinity(&old[i], &new[j], compared)), i, j));
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    candidates
        .into_iter()
        .filter(|&(i, j)| {
            let free = !old_taken[i] && !new_taken[j];
            if free {
                old_taken[i] = true;
                new_taken[j] = true;
            }
            free
        })
        .collect()
}

/// The entry of a pair, if the rows differ at all; counts pairs equal in the
/// compared fields as the same.
fn paired(key: &Key, old: Row, new: Row, comparison: &mut Comparison) -> Option<Entry> {
    let fields: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| f.differs(&old, &new))
        .collect();
    let counted = fields.iter().any(|&f| comparison.compared.counts(f));
    if !counted {
        comparison.same += 1;
    }
    if fields.is_empty() {
        return None;
    }
    Some(Entry {
        change: if counted {
            Change::Changed
        } else {
            Change::Unchanged
        },
        key: key.clone(),
        fields,
        old: Some(old),
        new: Some(new),
    })
}

fn single(key: &Key, change: Change, row: Row) -> Entry {
    let (old, new) = match change {
        Change::Added => (None, Some(row)),
        _ => (Some(row), None),
    };
    Entry {
        change,
        key: key.clone(),
        fields: Vec::new(),
        old,
        new,
    }
}

/// The output formats of `zhibiao diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: one line per difference, its evidence below, a summary.
    Text,
    /// One object: the files, the compared fields, a summary, the differences.
    Json,
    /// One line per difference, old and new fields side by side.
    Csv,
}

/// A comparison with the names of its files, ready to print.
pub struct Report<'a> {
    pub old_name: &'a str,
    pub new_name: &'a str,
    pub comparison: &'a Comparison,
    /// List the `unchanged` entries too.
    pub verbose: bool,
}

impl Report<'_> {
    pub fn write(&self, format: Format, out: &mut impl Write) -> io::Result<()> {
        match format {
            Format::Text => self.write_text(out),
            Format::Json => self.write_json(out),
            Format::Csv => self.write_csv(out),
        }
    }

    fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let mut listed = self.comparison.listed(self.verbose).peekable();
        if listed.peek().is_some() {
            writeln!(out, "--- {}\n+++ {}", self.old_name, self.new_name)?;
        }
        for entry in listed {
            write_text_entry(entry, &self.comparison.compared, out)?;
        }
        writeln!(out, "{}", self.summary())
    }

    /// `1 changed, 1 added, 0 removed; 37 rows the same in value, unit, approx`.
    fn summary(&self) -> String {
        let c = self.comparison;
        let same = match c.compared.fields().as_slice() {
            [] => format!("{} rows paired (no field compared)", c.same),
            fields => format!("{} rows the same in {}", c.same, names(fields)),
        };
        let mut line = if c.is_different() {
            format!(
                "{} changed, {} added, {} removed; {same}",
                c.count(Change::Changed),
                c.count(Change::Added),
                c.count(Change::Removed),
            )
        } else {
            format!("no differences: {same}")
        };
        let unchanged = c.count(Change::Unchanged);
        if unchanged > 0 && !self.verbose {
            line += &format!(" ({unchanged} of them differ in other fields; --verbose lists them)");
        }
        line
    }

    fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        let c = self.comparison;
        let report = JsonReport {
            old: self.old_name,
            new: self.new_name,
            compared: c.compared.fields(),
            summary: JsonSummary {
                different: c.is_different(),
                changed: c.count(Change::Changed),
                added: c.count(Change::Added),
                removed: c.count(Change::Removed),
                same: c.same,
            },
            differences: c.listed(self.verbose).collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }

    fn write_csv(&self, out: &mut impl Write) -> io::Result<()> {
        let mut csv = csv::Writer::from_writer(out);
        let sides = ["old", "new"].map(|side| SIDE_COLUMNS.map(|c| format!("{side}_{c}")));
        let header = [
            "change",
            "agency",
            "year",
            "indicator",
            "category",
            "fields",
        ]
        .map(String::from)
        .into_iter()
        .chain(sides.into_iter().flatten());
        csv.write_record(header)?;
        for e in self.comparison.listed(self.verbose) {
            csv.write_record(csv_record(e))?;
        }
        csv.flush()
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    old: &'a str,
    new: &'a str,
    compared: Vec<Field>,
    summary: JsonSummary,
    differences: Vec<&'a Entry>,
}

#[derive(Serialize)]
struct JsonSummary {
    different: bool,
    changed: usize,
    added: usize,
    removed: usize,
    same: usize,
}

/// `value, unit, approx`.
fn names(fields: &[Field]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    names.join(", ")
}

/// `~ 青禾县卫生健康局 2024 fines: 186500 元 → 190000 元`, then the evidence.
fn write_text_entry(entry: &Entry, compared: &Compared, out: &mut impl Write) -> io::Result<()> {
    let quantities: Vec<String> = [&entry.old, &entry.new]
        .into_iter()
        .flatten()
        .map(quantity)
        .collect();
    let mut head = format!("{} {}: {}", entry.change.sign(), entry.key, quantities[0]);
    if quantities.len() == 2 && quantities[0] != quantities[1] {
        head += &format!(" → {}", quantities[1]);
    }
    head += &others(entry, compared);
    writeln!(out, "{head}")?;
    if let Some(old) = &entry.old {
        writeln!(out, "    - {}", evidence(old))?;
    }
    if let Some(new) = &entry.new {
        writeln!(out, "    + {}", evidence(new))?;
    }
    Ok(())
}

/// ` (text, line differ)`: the differing fields the quantity does not show,
/// those compared for a changed pair, all for an unchanged one.
fn others(entry: &Entry, compared: &Compared) -> String {
    let unchanged = entry.change == Change::Unchanged;
    let shown: Vec<Field> = entry
        .fields
        .iter()
        .copied()
        .filter(|&f| !f.is_quantity() && (unchanged || compared.counts(f)))
        .collect();
    let verb = if shown.len() == 1 {
        "differs"
    } else {
        "differ"
    };
    let note = if unchanged { ", not compared" } else { "" };
    match shown.is_empty() {
        true => String::new(),
        false => format!(" ({} {verb}{note})", names(&shown)),
    }
}

/// `2350 人次 (approx)`.
fn quantity(row: &Row) -> String {
    let mut q = row.value.normalize().to_string();
    if !row.unit.is_empty() {
        q = format!("{q} {}", row.unit);
    }
    if row.approx {
        q += " (approx)";
    }
    q
}

/// `罚款 18.65 万元  (fixtures/report.txt line 10, fines.amount)`.
fn evidence(row: &Row) -> String {
    let line = match row.line {
        0 => String::new(),
        n => format!("line {n}"),
    };
    let place = join_present(&[&row.source, &line], " ");
    match join_present(&[&place, &row.rule], ", ").as_str() {
        "" => row.text.clone(),
        about => format!("{}  ({about})", row.text),
    }
}

/// The parts that are not empty, joined.
fn join_present(parts: &[&str], separator: &str) -> String {
    let present: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    present.join(separator)
}

/// The per-side columns of `--format csv`.
const SIDE_COLUMNS: [&str; 7] = ["value", "unit", "approx", "text", "source", "line", "rule"];

fn csv_record(e: &Entry) -> Vec<String> {
    let fields: Vec<&str> = e.fields.iter().map(|f| f.name()).collect();
    [
        e.change.name().to_string(),
        e.key.agency.clone(),
        e.key.year.map(|y| y.to_string()).unwrap_or_default(),
        e.key.indicator.clone(),
        e.key.category.clone(),
        fields.join(";"),
    ]
    .into_iter()
    .chain(side_cells(e.old.as_ref()))
    .chain(side_cells(e.new.as_ref()))
    .collect()
}

fn side_cells(row: Option<&Row>) -> [String; 7] {
    match row {
        None => Default::default(),
        Some(r) => [
            r.value.normalize().to_string(),
            r.unit.clone(),
            r.approx.to_string(),
            r.text.clone(),
            r.source.clone(),
            r.line.to_string(),
            r.rule.clone(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn row(category: &str, value: &str, text: &str) -> Row {
        Row {
            agency: "青禾县卫生健康局".into(),
            year: Some(2024),
            indicator: "inspections".into(),
            category: category.into(),
            value: value.parse::<Decimal>().unwrap(),
            unit: "户次".into(),
            approx: false,
            text: text.into(),
            source: "r.txt".into(),
            line: 9,
            rule: "inspections.visits".into(),
        }
    }

    fn changes(c: &Comparison) -> Vec<(Change, String, String)> {
        let value = |r: &Option<Row>| r.as_ref().map(|r| r.value.to_string()).unwrap_or_default();
        c.entries
            .iter()
            .map(|e| (e.change, value(&e.old), value(&e.new)))
            .collect()
    }

    #[test]
    fn equal_multisets_in_another_order_are_the_same() {
        let old = vec![row("", "1", "a"), row("", "2", "b")];
        let new = vec![row("", "2", "b"), row("", "1.0", "a")];
        let c = compare(old, new, &Compared::default());
        assert!(!c.is_different());
        assert_eq!(c.same, 2);
        assert!(c.entries.is_empty());
    }

    #[test]
    fn the_replaced_value_pairs_with_the_row_of_the_same_evidence() {
        let old = vec![row("", "1", "a"), row("", "2", "b")];
        let new = vec![row("", "3", "b"), row("", "1", "a")];
        let c = compare(old, new, &Compared::default());
        assert_eq!(changes(&c), vec![(Change::Changed, "2".into(), "3".into())]);
    }

    #[test]
    fn a_better_match_is_not_taken_by_an_earlier_row() {
        let old = vec![row("", "1", "a"), row("", "2", "b")];
        let new = vec![row("", "5", "b")];
        let c = compare(old, new, &Compared::default());
        assert_eq!(
            changes(&c),
            vec![
                (Change::Removed, "1".into(), String::new()),
                (Change::Changed, "2".into(), "5".into()),
            ]
        );
    }

    #[test]
    fn uncompared_fields_are_listed_but_do_not_count() {
        let old = vec![row("公共场所", "1", "a")];
        let new = vec![row("公共场所", "1", "b")];
        let c = compare(old.clone(), new.clone(), &Compared::default());
        assert!(!c.is_different());
        assert_eq!(c.entries[0].change, Change::Unchanged);
        assert_eq!(c.entries[0].fields, vec![Field::Text]);
        let c = compare(old, new, &Compared::default().with(&[Field::Text]));
        assert!(c.is_different());
    }

    #[test]
    fn ignored_value_leaves_only_the_count_of_rows() {
        let compared = Compared::default().without(&[Field::Value]);
        let c = compare(vec![row("", "1", "a")], vec![row("", "2", "a")], &compared);
        assert!(!c.is_different());
        let c = compare(vec![row("", "1", "a")], vec![], &compared);
        assert!(c.is_different());
    }
}
