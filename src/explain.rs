//! Why each number of a document did or did not become a row: every number
//! the scanner sees, in document order, with its line, the text around it and
//! its fate — the row it became, or the reason it did not.

use serde::Serialize;

use crate::extract::{Overrides, Reading, Row};
use crate::quantities::{self, Exclusion};
use crate::rules::{Fate, RuleSet};

/// One number and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct Explained {
    pub line: usize,
    /// The number as written, with its unit.
    pub number: String,
    /// The text around it on its line.
    pub context: String,
    /// The rows it became (several when one number serves a list of triggers).
    pub rows: Vec<Row>,
    /// Why it became no row; empty when it did.
    pub why_not: String,
}

/// Every number of `text`, in document order, with its fate.
pub fn explain(rules: &RuleSet, text: &str, overrides: &Overrides) -> Vec<Explained> {
    let reading = Reading::new(text, overrides);
    let (rows, fates) = reading.rows_and_fates(rules, "-");
    let clean = reading.clean();
    quantities::scan_all(&clean.text)
        .into_iter()
        .map(|m| {
            let q = &m.quantity;
            let seen: Vec<&Fate> = fates
                .iter()
                .filter(|(at, _)| *at == q.num_start)
                .map(|(_, f)| f)
                .collect();
            let (became, why_not) = match (m.excluded, seen.as_slice()) {
                (Some(reason), _) => (Vec::new(), exclusion_reason(reason)),
                (None, []) => (
                    Vec::new(),
                    "not in a sentence or table cell the rules read".to_string(),
                ),
                (None, fates) => {
                    let became: Vec<Row> = fates
                        .iter()
                        .filter_map(|f| match f {
                            Fate::Rows(r) => rows.get(r.clone()),
                            _ => None,
                        })
                        .flatten()
                        .cloned()
                        .collect();
                    let why = if became.is_empty() {
                        fate_reason(fates[0])
                    } else {
                        String::new()
                    };
                    (became, why)
                }
            };
            Explained {
                line: clean.line_of(q.num_start),
                number: clean.original_text(q.start, q.end).to_string(),
                context: context_around(&clean, q.start, q.end),
                rows: became,
                why_not,
            }
        })
        .collect()
}

fn exclusion_reason(reason: Exclusion) -> String {
    let what = serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string));
    format!(
        "never a value: {}",
        what.unwrap_or_default().replace('_', " ")
    )
}

fn fate_reason(fate: &Fate) -> String {
    match fate {
        Fate::Rows(_) => String::new(),
        Fate::OtherPeriod => "a figure of another period (同比, 去年…)".into(),
        Fate::Plan => "a plan or target not said to be carried out".into(),
        Fate::Change => "a change, not a level".into(),
        Fate::Threshold => "a threshold or band (…以上的案件)".into(),
        Fate::AnotherYear => "its clause is about another year".into(),
        Fate::NoTrigger => "no trigger phrase near it".into(),
        Fate::UnitNotAccepted { rule, unit } => {
            let unit = if unit.is_empty() {
                "a bare number"
            } else {
                unit.as_str()
            };
            format!("unit {unit} not accepted by rule {rule}")
        }
        Fate::ContextRefused { rule } => format!("context words refused by rule {rule}"),
        Fate::TooFar { rule } => format!("trigger of rule {rule} too far or across a clause"),
    }
}

/// Up to a dozen characters each side of a clean span, as written, on its line.
fn context_around(clean: &crate::normalize::Normalized, start: usize, end: usize) -> String {
    const SIDE: usize = 12;
    let (s, e) = clean.original_span(start, end);
    let original = clean.original;
    let line_start = original[..s].rfind('\n').map_or(0, |i| i + 1);
    let line_end = original[e..].find('\n').map_or(original.len(), |i| e + i);
    let before: String = original[line_start..s]
        .chars()
        .rev()
        .take(SIDE)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = original[e..line_end].chars().take(SIDE).collect();
    format!(
        "{}[{}]{}",
        before.trim_start(),
        &original[s..e],
        after.trim_end()
    )
}
