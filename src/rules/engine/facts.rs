//! Whether a number is a figure of the report's own period (not another year,
//! a plan, a change or a threshold), whether a rule's context allows it, and
//! why a number found no rule.

use super::*;
use std::cell::OnceCell;

/// What the numbers of one sentence ask of it alike, answered on the first ask.
#[derive(Default)]
pub(super) struct SentenceFacts {
    /// Has the sentence a word that makes its plans done (`已完成`)?
    plan_done: OnceCell<bool>,
}

/// Is this number a figure of another period, a plan, a change or a threshold?
/// `before` is the text of its clause before it; `facts` are its sentence's.
pub(super) fn not_a_figure(
    rules: &RuleSet,
    text: &str,
    facts: &SentenceFacts,
    before: &str,
    q: &Quantity,
) -> Option<Fate> {
    let s = &rules.settings;
    let after = &text[q.end..];
    let lists = rules.period_and_plan.found_in(before);
    if lists & OTHER_PERIOD != 0 {
        return Some(Fate::OtherPeriod);
    }
    if lists & PLAN != 0
        && !*facts
            .plan_done
            .get_or_init(|| contains_any(text, &s.plan_done))
    {
        return Some(Fate::Plan);
    }
    // the last four chars before the number (looked at for a rate only)
    let near = || &before[before.char_indices().rev().nth(3).map_or(0, |(i, _)| i)..];
    if (q.kind == Kind::Rate && contains_any(near(), &s.change))
        || after.starts_with("百分点")
        || after.starts_with("个百分点")
    {
        return Some(Fate::Change);
    }
    // Thresholds and bands: `5万元以上大案`, `在一万元以下的案件`.
    let span = &text[q.start..q.end];
    let band = span.ends_with("以上")
        || span.ends_with("以下")
        || after.starts_with("以上")
        || after.starts_with("以下");
    let followed_by_word = || {
        let rest = trim_repeated(trim_repeated(after, "以上"), "以下");
        rest.chars().next().is_some_and(crate::normalize::is_han)
    };
    (q.kind == Kind::Money && band && (followed_by_word() || before.ends_with('在')))
        .then_some(Fate::Threshold)
}

/// `s` without the repeats of `prefix` it starts with.
fn trim_repeated<'s>(mut s: &'s str, prefix: &str) -> &'s str {
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

/// Why a number is no figure of the report's period, if it is not. `clause`
/// is where the number's clause starts; `facts` are its sentence's.
pub(super) fn not_a_fact(
    rules: &RuleSet,
    text: &str,
    facts: &SentenceFacts,
    clause: usize,
    q: &Quantity,
    year: Option<i32>,
) -> Option<Fate> {
    let before = &text[clause..q.start];
    not_a_figure(rules, text, facts, before, q)
        .or_else(|| names_another_year(before, year).then_some(Fate::AnotherYear))
}

/// Why a number that is a figure found no rule: the nearest trigger before it in
/// its clause did not take its unit, or refused the context, or stood too far.
pub(super) fn diagnose(
    rules: &RuleSet,
    ctx: &SentenceContext,
    hits: &[Hit],
    used: &[bool],
    q: &Quantity,
) -> Fate {
    let clause = ctx.clause_start(q.start);
    let Some(hit) = hits
        .iter()
        .zip(used)
        .filter(|(h, &u)| !u && h.start >= clause && h.end <= q.start)
        .map(|(h, _)| h)
        .next_back()
    else {
        return Fate::NoTrigger;
    };
    let id = |r: usize| rules.rules[r].spec.id.clone();
    let first = hit.rules[0];
    match hit
        .rules
        .iter()
        .find(|&&r| rules.rules[r].accepts(q.kind, q.unit))
    {
        None => Fate::UnitNotAccepted {
            rule: id(first),
            unit: q.unit.to_string(),
        },
        Some(&r) if !context_ok(rules, r, ctx, hit.start.min(q.start), q.end) => {
            Fate::ContextRefused { rule: id(r) }
        }
        Some(&r) => Fate::TooFar { rule: id(r) },
    }
}

/// Does the number's clause open with a year other than the report's
/// (`2023年行政检查960户次`, `较2022年…`)? A year further in names a thing
/// (`对2021年度报告中…的235家`), not the time of the figure.
/// `before` is the text of the clause before the number.
pub(super) fn names_another_year(before: &str, year: Option<i32>) -> bool {
    let Some(year) = year else { return false };
    // The places of 年, by a vector search for its last byte (a char
    // searcher's scalar one costs more on a clause).
    let bytes = before.as_bytes();
    let mut places = memchr::memchr_iter(YEAR_LAST, bytes)
        .filter_map(|end| (end + 1).checked_sub(YEAR.len()))
        .filter(|&i| bytes[i..].starts_with(YEAR));
    places.any(|i| {
        let Some(start) = i.checked_sub(4) else {
            return false;
        };
        let Some(digits) = before.get(start..i) else {
            return false;
        };
        let lead = &before[..start];
        let opens_clause =
            matches!(lead, "" | "在" | "于") || COMPARISON.iter().any(|w| lead.ends_with(w));
        opens_clause
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.parse::<i32>().is_ok_and(|y| y != year)
    })
}

/// 年's UTF-8, and its last byte.
const YEAR: &[u8] = "年".as_bytes();
const YEAR_LAST: u8 = YEAR[YEAR.len() - 1];

/// Words before a year that make it the other side of a comparison.
pub(super) const COMPARISON: [&str; 6] = ["比", "较", "同比", "与", "相比", "和"];

pub(super) fn context_ok(
    rules: &RuleSet,
    r: usize,
    ctx: &SentenceContext,
    lo: usize,
    hi: usize,
) -> bool {
    let spec = &rules.rules[r].spec;
    if !spec.needs.is_empty() && !ctx.has_any(spec.needs_in, &spec.needs, lo, hi, 2 * r) {
        return false;
    }
    spec.refuses.is_empty() || !ctx.has_any(spec.refuses_in, &spec.refuses, lo, hi, 2 * r + 1)
}
