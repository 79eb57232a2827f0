//! Binding a number to the triggers before it: the latest that takes it, a
//! shared list (`完成率、完结率均为100%`) or a respective one (`分别为…`).

use super::*;

pub(super) const DEFAULT_MAX_GAP: usize = 16;

pub(super) const MAX_LEFT_GAP: usize = 10;

pub(super) const MAX_OBJECT_GAP: usize = 24;

/// The most a trigger's clause may run on before a list opener takes over.
pub(super) const MAX_LIST_HEAD: usize = 8;

/// Bind a number to the open triggers before it: a shared list, a respective
/// list, or the latest trigger that takes it. The rule it is bound to; the
/// hits it took are marked `used`.
pub(super) fn bind_before(
    b: &mut SentenceBinder,
    hits: &[Hit],
    open: &[usize],
    q: &Quantity,
    respective: &mut VecDeque<usize>,
    used: &mut [bool],
) -> Option<usize> {
    let (ctx, rules) = (b.ctx, b.rules);
    let text = ctx.text();
    let settings = &rules.settings;
    let &last = open.last()?;
    let between = &text[hits[last].end..q.start];
    let list = trigger_list(text, hits, open, &settings.joiners);
    if list.len() > 1 && ends_with_any(between, &settings.respective) {
        let first = list[0];
        if let Some(r) = pick_rule(rules, &hits[first], q, ctx, false) {
            let category = b.category(
                r,
                (q.start, q.start),
                (hits[first].start, hits[first].end),
                q,
            );
            b.emit(r, category, q, (hits[first].start, q.end));
            respective.extend(list[1..].iter().copied());
            list.iter().for_each(|&h| used[h] = true);
            return Some(r);
        }
    }
    if list.len() > 1 && ends_with_any(between, &settings.shared) {
        let mut bound = None;
        for &h in list {
            if let Some(r) = pick_rule(rules, &hits[h], q, ctx, false) {
                // Each item is named with the words before the list's first item:
                // `投诉举报查处率、反馈率` → 投诉举报查处率, 投诉举报反馈率.
                let prefix = &text[ctx.clause_start(hits[list[0]].start)..hits[list[0]].start];
                let label = (hits[h].start, hits[h].end);
                let category = if h == list[0] {
                    b.category(
                        r,
                        (q.start, q.start),
                        (ctx.clause_start(label.0), label.1),
                        q,
                    )
                } else if b.rules.rules[r].spec.category == CategoryFrom::Label {
                    let item = &text[label.0..label.1];
                    clean_category(&format!("{prefix}{item}"), rules)
                } else {
                    b.category(r, (q.start, q.start), label, q)
                };
                b.emit(r, category, q, (hits[h].start, q.end));
                bound = Some(r);
                used[h] = true;
            }
        }
        return bound;
    }
    for &h in open.iter().rev() {
        let hit = &hits[h];
        let gap = &text[hit.end..q.start];
        let Some(r) = pick_rule(rules, hit, q, ctx, false) else {
            continue;
        };
        let max_gap = rules.rules[r].spec.max_gap.unwrap_or(DEFAULT_MAX_GAP);
        if !gap_ok(gap, max_gap, &settings.list_openers) || object_of_later_verb(gap) {
            continue;
        }
        let label_from = ctx.clause_start(hit.start);
        let category = b.category(r, (hit.end, q.start), (label_from, hit.end), q);
        b.emit(r, category, q, (hit.start, q.end));
        used[h] = true;
        return Some(r);
    }
    None
}

/// The words between a trigger and its number: short, in one clause — or
/// running into a list the next clause opens (`…任务中，涉及公共场所1088家`).
pub(super) fn gap_ok(gap: &str, max_gap: usize, openers: &Words) -> bool {
    let Some(end) = last_clause_end(gap, 0, gap.len()) else {
        return gap.chars().count() <= max_gap;
    };
    // The last clause end: none stands after it.
    let cut = end - gap[..end].chars().next_back().map_or(0, char::len_utf8);
    let (head, tail) = (&gap[..cut], &gap[end..]);
    !has_clause_end(head)
        && head.chars().count() <= MAX_LIST_HEAD
        && opens_list(tail, openers)
        && tail.chars().count() <= max_gap
}

pub(super) fn opens_list(clause: &str, openers: &Words) -> bool {
    openers.starts(clause)
}

/// `…对670家…开展`: a number after the preposition 对 is the object of the verb
/// that follows it, not of a trigger before the 对.
pub(super) fn object_of_later_verb(gap: &str) -> bool {
    find_word(gap, "对").is_some()
}

/// The longest a left-looking trigger may stand after its number: far in the
/// `对N家…进行检查` construction, near otherwise.
/// `clause` is where the number's clause starts.
pub(super) fn max_left_gap(text: &str, clause: usize, q: &Quantity) -> usize {
    let mut before = text[clause..q.start].chars().rev().take(4);
    if before.any(|c| c == '对') {
        MAX_OBJECT_GAP
    } else {
        MAX_LEFT_GAP
    }
}

/// The open triggers that end the clause as one list joined by `、和及与`.
pub(super) fn trigger_list<'o>(
    text: &str,
    hits: &[Hit],
    open: &'o [usize],
    joiners: &[String],
) -> &'o [usize] {
    // Counted back from the last trigger: how many stand in the list.
    let joined = open
        .windows(2)
        .rev()
        .take_while(|pair| {
            let between = &text[hits[pair[0]].end..hits[pair[1]].start];
            joiners.iter().any(|j| between.starts_with(j.as_str()))
                && between.chars().count() <= 6
                && !has_clause_end(between)
        })
        .count();
    &open[open.len().saturating_sub(joined + 1)..]
}
