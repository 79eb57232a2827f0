//! Every rule carries its own examples: sentences with the rows they must give,
//! and sentences that must give none. This module runs them, for `cargo test`
//! and for `zhibiao patterns test`.

use rust_decimal::Decimal;

use super::RuleSet;
use crate::extract;

/// An expected row: indicator, category and value.
pub type Expected = (String, String, Decimal);

/// Parse `indicator|category|value`.
pub fn parse_expected(s: &str) -> Option<Expected> {
    let mut parts = s.split('|').map(str::trim);
    let indicator = parts.next().filter(|p| !p.is_empty())?;
    let category = parts.next()?;
    let value: Decimal = parts.next()?.parse().ok()?;
    parts.next().is_none().then(|| {
        (
            indicator.to_string(),
            category.to_string(),
            value.normalize(),
        )
    })
}

/// One example that did not give what it says.
#[derive(Debug, Clone)]
pub struct Failure {
    pub rule: String,
    pub file: String,
    pub text: String,
    pub expected: Vec<Expected>,
    pub actual: Vec<Expected>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |rows: &[Expected]| {
            if rows.is_empty() {
                return "(no rows)".to_string();
            }
            rows.iter()
                .map(|(i, c, v)| format!("{i}|{c}|{v}"))
                .collect::<Vec<_>>()
                .join("  ")
        };
        write!(
            f,
            "{} ({}): {}\n  expected: {}\n  actual:   {}",
            self.rule,
            self.file,
            self.text,
            show(&self.expected),
            show(&self.actual)
        )
    }
}

/// The rows a sentence gives under `rules`, sorted.
pub fn rows_of(rules: &RuleSet, text: &str) -> Vec<Expected> {
    let doc = extract::extract_text(rules, text, "-");
    let mut rows: Vec<Expected> = doc
        .rows
        .into_iter()
        .map(|r| (r.indicator, r.category, r.value.normalize()))
        .collect();
    rows.sort();
    rows.dedup();
    rows
}

/// Run every example and negative of every rule; the failures.
pub fn check(rules: &RuleSet) -> (usize, Vec<Failure>) {
    check_only(rules, |_| true)
}

/// Run the examples of the rules whose file `from` accepts, under the whole rule set.
pub fn check_only(rules: &RuleSet, from: impl Fn(&str) -> bool) -> (usize, Vec<Failure>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for rule in rules.rules.iter().filter(|r| from(&r.file)) {
        let cases = rule
            .spec
            .examples
            .iter()
            .map(|e| {
                (
                    e.text.as_str(),
                    e.gives.iter().filter_map(|g| parse_expected(g)).collect(),
                )
            })
            .chain(rule.spec.negatives.iter().map(|n| (n.as_str(), Vec::new())));
        for (text, mut expected) in cases {
            count += 1;
            expected.sort();
            let actual = rows_of(rules, text);
            if actual != expected {
                failures.push(Failure {
                    rule: rule.spec.id.clone(),
                    file: rule.file.clone(),
                    text: text.to_string(),
                    expected,
                    actual,
                });
            }
        }
    }
    (count, failures)
}
