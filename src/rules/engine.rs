//! The rule engine: binds the numbers of each sentence to trigger phrases.
//!
//! For every number, in text order, the engine tries in turn:
//! 1. the triggers before it in its clause, latest first (`罚款3万元`), or the
//!    whole list of triggers before a shared predicate (`完成率、完结率均为100%`)
//!    or a respective list (`罚款和没收违法所得分别为3万元、0.5万元`);
//! 2. the scope of the last bound trigger: the parts of a total
//!    (`监督检查1666户次，公共场所843户次…`, `其中…`), with the words before each
//!    part as its category;
//! 3. a trigger after it in its clause, for rules that look left
//!    (`对40家单位进行监督检查`).
//!
//! Context words that a rule needs or refuses, and the words that put a figure
//! in another period, a plan or a change, come from the rule files.

use std::collections::VecDeque;

use super::{CategoryFrom, Look, Rule, RuleSet, SettingsSpec, Window};
use crate::quantities::{self, Kind, Quantity};
use crate::segment::Sentence;

/// A number bound to a rule.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Index of the sentence in the slice given to [`apply`].
    pub sentence: usize,
    /// Index of the rule in the rule set.
    pub rule: usize,
    pub category: String,
    /// Local byte span of the category in the sentence, when it is quoted from
    /// it (so the row can give it as written); `None` for a composed one.
    pub category_span: Option<(usize, usize)>,
    /// The number; offsets are local to the sentence text.
    pub quantity: Quantity,
    /// Local byte span of the evidence (trigger through unit).
    pub evidence: (usize, usize),
}

const CLAUSE_END: [char; 10] = ['，', ',', '；', ';', '。', '：', ':', '！', '？', '\n'];
const DEFAULT_MAX_GAP: usize = 16;
const MAX_LEFT_GAP: usize = 10;
const MAX_OBJECT_GAP: usize = 24;
/// The most a trigger's clause may run on before a list opener takes over.
const MAX_LIST_HEAD: usize = 8;
const MAX_LABEL: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Hit<'r> {
    start: usize,
    end: usize,
    rules: &'r [usize],
}

/// The trigger whose parts are being listed.
#[derive(Debug, Clone)]
struct Scope {
    rule: usize,
    head: Quantity,
    /// A breakdown word (`其中`) stood after the head.
    explicit: bool,
    /// Where the last part (or the head) ended.
    last_end: usize,
}

struct SentenceContext<'a> {
    sentence: &'a Sentence,
    paragraph: &'a str,
}

impl SentenceContext<'_> {
    fn text(&self) -> &str {
        &self.sentence.text
    }

    fn window(&self, window: Window, lo: usize, hi: usize) -> String {
        let text = self.text();
        match window {
            Window::Clause => text[clause_start(text, lo)..hi.min(text.len())].to_string(),
            Window::Sentence => text.to_string(),
            Window::Paragraph => self.paragraph.to_string(),
            Window::Section => format!("{} {}", self.sentence.heading, self.paragraph),
        }
    }
}

fn clause_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind(CLAUSE_END).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// The part of `s` after its last clause end (all of it when it has none).
fn after_clause_end(s: &str) -> &str {
    s.rfind(CLAUSE_END)
        .map_or(s, |i| s[i..].trim_start_matches(CLAUSE_END))
}

fn has_clause_end(s: &str) -> bool {
    s.contains(CLAUSE_END)
}

fn contains_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

fn ends_with_any<'w>(text: &str, words: &'w [String]) -> Option<&'w str> {
    words
        .iter()
        .map(String::as_str)
        .filter(|w| text.ends_with(w))
        .max_by_key(|w| w.len())
}

/// Apply every rule to the sentences of one document.
pub fn apply(rules: &RuleSet, sentences: &[Sentence], year: Option<i32>) -> Vec<Binding> {
    let paragraphs = paragraph_texts(sentences);
    let mut out = Vec::new();
    let mut carried: Option<Scope> = None;
    for (i, sentence) in sentences.iter().enumerate() {
        let ctx = SentenceContext {
            sentence,
            paragraph: &paragraphs[i],
        };
        let starts_breakdown = rules
            .settings
            .breakdown
            .iter()
            .any(|w| sentence.text.starts_with(w.as_str()));
        // `其中a 5件；b 3件；c 2件`: the items of a breakdown run on across `；`.
        let previous_item = i > 0 && sentences[i - 1].text.ends_with(['；', ';']);
        let inherited = carried
            .take()
            .filter(|s| starts_breakdown || (s.explicit && previous_item))
            .map(|s| Scope {
                explicit: true,
                last_end: 0,
                ..s
            });
        let (bindings, last_scope) = bind_sentence(rules, &ctx, i, inherited, year);
        carried = last_scope;
        out.extend(bindings);
    }
    out
}

fn paragraph_texts(sentences: &[Sentence]) -> Vec<String> {
    let mut texts = vec![String::new(); sentences.len()];
    let mut start = 0;
    while start < sentences.len() {
        let p = sentences[start].paragraph;
        let end = (start..sentences.len())
            .find(|&j| sentences[j].paragraph != p)
            .unwrap_or(sentences.len());
        let joined: String = sentences[start..end]
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        for t in &mut texts[start..end] {
            t.clone_from(&joined);
        }
        start = end;
    }
    texts
}

/// Is this number a figure of another period, a plan, a change or a threshold?
fn is_not_a_fact(rules: &RuleSet, text: &str, q: &Quantity) -> bool {
    let s = &rules.settings;
    let before = &text[clause_start(text, q.start)..q.start];
    let after = &text[q.end..];
    if contains_any(before, &s.other_period) {
        return true;
    }
    if contains_any(before, &s.plan) && !contains_any(text, &s.plan_done) {
        return true;
    }
    let near: String = before
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if q.kind == Kind::Rate && contains_any(&near, &s.change) {
        return true;
    }
    if after.starts_with("百分点") || after.starts_with("个百分点") {
        return true;
    }
    // Thresholds and bands: `5万元以上大案`, `在一万元以下的案件`.
    let span = &text[q.start..q.end];
    let band = span.ends_with("以上")
        || span.ends_with("以下")
        || after.starts_with("以上")
        || after.starts_with("以下");
    let followed_by_word = after
        .trim_start_matches("以上")
        .trim_start_matches("以下")
        .chars()
        .next()
        .is_some_and(crate::normalize::is_han);
    q.kind == Kind::Money && band && (followed_by_word || before.ends_with('在'))
}

/// Does the number's clause open with a year other than the report's
/// (`2023年行政检查960户次`, `较2022年…`)? A year further in names a thing
/// (`对2021年度报告中…的235家`), not the time of the figure.
fn names_another_year(text: &str, q: &Quantity, year: Option<i32>) -> bool {
    let Some(year) = year else { return false };
    let before = &text[clause_start(text, q.start)..q.start];
    before.match_indices('年').any(|(i, _)| {
        let Some(start) = i.checked_sub(4) else {
            return false;
        };
        let Some(digits) = before.get(start..i) else {
            return false;
        };
        let lead = &before[..start];
        let opens_clause =
            lead.chars().count() <= 1 || COMPARISON.iter().any(|w| lead.ends_with(w));
        opens_clause
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.parse::<i32>().is_ok_and(|y| y != year)
    })
}

/// Words before a year that make it the other side of a comparison.
const COMPARISON: [&str; 6] = ["比", "较", "同比", "与", "相比", "和"];

fn context_ok(rule: &Rule, ctx: &SentenceContext, lo: usize, hi: usize) -> bool {
    let spec = &rule.spec;
    if !spec.needs.is_empty() && !contains_any(&ctx.window(spec.needs_in, lo, hi), &spec.needs) {
        return false;
    }
    spec.refuses.is_empty() || !contains_any(&ctx.window(spec.refuses_in, lo, hi), &spec.refuses)
}

/// The first rule of a hit that takes this number here.
fn pick_rule(
    rules: &RuleSet,
    hit: &Hit,
    q: &Quantity,
    ctx: &SentenceContext,
    left: bool,
) -> Option<usize> {
    let (lo, hi) = (hit.start.min(q.start), hit.end.max(q.end));
    hit.rules.iter().copied().find(|&r| {
        let rule = &rules.rules[r];
        let look_ok = match rule.spec.look {
            Look::Right => !left,
            Look::Left => left,
            Look::Both => true,
        };
        look_ok && rule.accepts(q.kind, &q.unit) && context_ok(rule, ctx, lo, hi)
    })
}

/// Trim punctuation and noise words from a stretch of text meant as a category.
fn clean_category(raw: &str, settings: &SettingsSpec, part: bool) -> String {
    let noise: Vec<&String> = if part {
        settings
            .category_noise
            .iter()
            .chain(&settings.breakdown)
            .collect()
    } else {
        settings.category_noise.iter().collect()
    };
    let is_punct = |c: char| !c.is_alphanumeric();
    let mut s: &str = raw.trim_matches(is_punct);
    loop {
        let before = s;
        if let Some(w) = noise
            .iter()
            .filter(|w| s.starts_with(w.as_str()))
            .max_by_key(|w| w.len())
        {
            s = &s[w.len()..];
        }
        if let Some(w) = noise
            .iter()
            .filter(|w| s.ends_with(w.as_str()))
            .max_by_key(|w| w.len())
        {
            s = &s[..s.len() - w.len()];
        }
        s = s.trim_matches(is_punct);
        if s == before {
            break;
        }
    }
    if s.chars().count() > MAX_LABEL
        || s.chars().any(|c| c.is_ascii_digit())
        || settings.generic_category.iter().any(|g| g == s)
    {
        return String::new();
    }
    s.to_string()
}

struct SentenceBinder<'a> {
    rules: &'a RuleSet,
    ctx: &'a SentenceContext<'a>,
    index: usize,
    quantities: Vec<Quantity>,
    out: Vec<Binding>,
}

impl SentenceBinder<'_> {
    fn text(&self) -> &str {
        self.ctx.text()
    }

    fn gap_has_number(&self, from: usize, to: usize) -> bool {
        self.quantities
            .iter()
            .any(|q| q.start >= from && q.end <= to)
    }

    fn category(
        &self,
        rule: usize,
        mode_span: (usize, usize),
        label_span: (usize, usize),
        q: &Quantity,
    ) -> String {
        let spec = &self.rules.rules[rule].spec;
        let settings = &self.rules.settings;
        let text = self.text();
        let mut category = match spec.category {
            CategoryFrom::None => String::new(),
            CategoryFrom::Trigger => {
                // The label ends with the hit: take the longest trigger it ends with.
                let label = &text[label_span.0..label_span.1];
                let hit = spec
                    .triggers
                    .iter()
                    .filter(|t| label.ends_with(t.as_str()))
                    .max_by_key(|t| t.len());
                hit.map_or_else(String::new, |t| clean_category(t, settings, false))
            }
            CategoryFrom::Label => {
                // The words before the trigger make the category; a bare trigger
                // is left to the context words.
                let label = clean_category(&text[label_span.0..label_span.1], settings, false);
                let bare = spec.triggers.contains(&label);
                if bare {
                    String::new()
                } else {
                    label
                }
            }
            CategoryFrom::Gap if self.gap_has_number(mode_span.0, mode_span.1) => String::new(),
            CategoryFrom::Gap => clean_category(
                after_clause_end(&text[mode_span.0..mode_span.1]),
                settings,
                false,
            ),
        };
        if category.is_empty() && spec.category != CategoryFrom::None {
            let window = self.ctx.window(spec.needs_in, q.start, q.end);
            if let Some(w) = spec
                .category_words
                .iter()
                .find(|w| window.contains(w.as_str()))
            {
                category = w.clone();
            } else if spec.category == CategoryFrom::Gap && q.kind == Kind::Count {
                category = noun_after(text, q.end, settings);
            } else if spec.category == CategoryFrom::Label {
                category = clean_category(&text[label_span.0..label_span.1], settings, false);
            }
        }
        category
    }

    fn emit(&mut self, rule: usize, category: String, q: &Quantity, evidence: (usize, usize)) {
        let text = self.ctx.text();
        let mut start = evidence.0;
        if let Some(c) = text[..start]
            .chars()
            .next_back()
            .filter(|c| matches!(c, '《' | '“' | '"'))
        {
            start -= c.len_utf8();
        }
        let evidence = (start, evidence.1);
        self.out.push(Binding {
            sentence: self.index,
            rule,
            category,
            category_span: None,
            quantity: q.clone(),
            evidence,
        });
    }
}

fn bind_sentence(
    rules: &RuleSet,
    ctx: &SentenceContext,
    index: usize,
    inherited: Option<Scope>,
    year: Option<i32>,
) -> (Vec<Binding>, Option<Scope>) {
    let text = ctx.text();
    let quantities = quantities::scan(text);
    let hits: Vec<Hit> = rules
        .triggers_in(text)
        .filter(|&(s, e, _)| !quantities.iter().any(|q| s < q.end && e > q.start))
        .map(|(start, end, rules)| Hit { start, end, rules })
        .collect();
    let mut b = SentenceBinder {
        rules,
        ctx,
        index,
        quantities: quantities.clone(),
        out: Vec::new(),
    };
    let settings = &rules.settings;

    let mut used = vec![false; hits.len()];
    let mut scope = inherited;
    let mut respective: VecDeque<usize> = VecDeque::new();
    let mut next_hit = 0;
    for q in &quantities {
        // Triggers between the last number and this one: they end a scope
        // unless they name the scope's own indicator inside a breakdown.
        while next_hit < hits.len() && hits[next_hit].end <= q.start {
            let h = &hits[next_hit];
            let live = !used[next_hit]
                && h.rules
                    .iter()
                    .any(|&r| context_ok(&rules.rules[r], ctx, h.start, h.end));
            if let Some(s) = scope.as_mut().filter(|_| live) {
                if contains_any(&text[s.last_end.min(h.start)..h.start], &settings.breakdown) {
                    s.explicit = true;
                }
                let same = h.rules.iter().any(|&r| same_indicator(rules, r, s.rule));
                // A trigger of the scope's own indicator may name a part.
                if !same {
                    scope = None;
                }
            }
            next_hit += 1;
        }
        if let Some(s) = &mut scope {
            if contains_any(&text[s.last_end.min(q.start)..q.start], &settings.breakdown) {
                s.explicit = true;
            }
        }
        if is_not_a_fact(rules, text, q) || names_another_year(text, q, year) {
            scope = None; // its parts would be parts of the change or the plan
            continue;
        }
        // 1a. A respective list still waiting for its numbers.
        if let Some(h) = respective.pop_front() {
            if let Some(r) = pick_rule(rules, &hits[h], q, ctx, false) {
                let category = b.category(r, (q.start, q.start), (hits[h].start, hits[h].end), q);
                b.emit(r, category, q, (hits[h].start, q.end));
                scope = None;
                continue;
            }
            respective.clear();
        }
        // 1. Triggers before the number in its clause, latest first.
        let clause = clause_start(text, q.start);
        let clause = if opens_list(&text[clause..q.start], &settings.list_openers) && clause > 0 {
            let boundary = text[..clause].chars().next_back().map_or(0, char::len_utf8);
            clause_start(text, clause - boundary)
        } else {
            clause
        };
        let open: Vec<usize> = (0..next_hit)
            .filter(|&h| !used[h] && hits[h].start >= clause)
            .collect();
        let emitted = b.out.len();
        if let Some(bound) = bind_before(&mut b, &hits, &open, q, &mut respective) {
            for &h in &bound.hits {
                used[h] = true;
            }
            match &mut scope {
                // A part naming its own trigger (`案卷72卷，优秀案卷14卷`).
                Some(s)
                    if same_indicator(rules, s.rule, bound.rule)
                        && (s.explicit || is_part_of(&s.head, q)) =>
                {
                    let own = last_piece(&text[s.last_end..q.start], &settings.breakdown);
                    let own = strip_leading_trigger(own, &rules.rules[bound.rule].spec.triggers);
                    let label = clean_category(own, settings, true);
                    if !label.is_empty() {
                        b.out[emitted].category = label;
                    }
                    s.last_end = q.end;
                }
                _ => {
                    scope = Some(Scope {
                        rule: bound.rule,
                        head: q.clone(),
                        explicit: false,
                        last_end: q.end,
                    })
                }
            }
            continue;
        }
        // 2. A part of the total the last trigger governs.
        if let Some(s) = &mut scope {
            if let Some(category) = part_label(rules, text, s, q) {
                let start = label_start(text, s.last_end, q.start, &settings.breakdown);
                b.emit(s.rule, category, q, (start, q.end));
                s.last_end = q.end;
                continue;
            }
        }
        // 3. A trigger after the number, for rules that look left.
        if let Some((h, r)) = (next_hit..hits.len())
            .filter(|&h| !used[h])
            .take_while(|&h| {
                let gap = &text[q.end..hits[h].start];
                !has_clause_end(gap) && gap.chars().count() <= max_left_gap(text, q)
            })
            .find_map(|h| pick_rule(rules, &hits[h], q, ctx, true).map(|r| (h, r)))
        {
            used[h] = true;
            let category = b.category(r, (q.end, hits[h].start), (q.end, hits[h].end), q);
            b.emit(r, category, q, (q.start, hits[h].end));
            scope = Some(Scope {
                rule: r,
                head: q.clone(),
                explicit: false,
                last_end: hits[h].end,
            });
        } else if scope
            .as_ref()
            .is_some_and(|s| !rules.rules[s.rule].accepts(q.kind, &q.unit))
        {
            scope = None;
        }
    }
    for binding in &mut b.out {
        binding.category_span = locate(
            text,
            &binding.category,
            binding.evidence,
            binding.quantity.start,
        );
    }
    (b.out, scope)
}

/// Where `category` stands in the sentence: inside the evidence, else the
/// nearest place before the number, else anywhere.
fn locate(
    text: &str,
    category: &str,
    evidence: (usize, usize),
    number: usize,
) -> Option<(usize, usize)> {
    if category.is_empty() {
        return None;
    }
    let span = |i: usize| (i, i + category.len());
    let in_evidence = text[evidence.0..evidence.1]
        .find(category)
        .map(|i| span(evidence.0 + i));
    in_evidence
        .or_else(|| text[..number].rfind(category).map(span))
        .or_else(|| text.find(category).map(span))
}

/// Can `q` be a part of the total `head`: same kind, not more than it?
fn is_part_of(head: &Quantity, q: &Quantity) -> bool {
    q.kind == head.kind && head.value > rust_decimal::Decimal::ZERO && q.value <= head.value
}

/// `审查签订合同` → `签订合同`: a part's words without the trigger they open with.
fn strip_leading_trigger<'t>(label: &'t str, triggers: &[String]) -> &'t str {
    triggers
        .iter()
        .filter(|t| label.starts_with(t.as_str()) && label.len() > t.len())
        .max_by_key(|t| t.len())
        .map_or(label, |t| &label[t.len()..])
}

fn same_indicator(rules: &RuleSet, a: usize, b: usize) -> bool {
    rules.rules[a].spec.indicator == rules.rules[b].spec.indicator
}

/// A short noun right after a count that it counts (`553家公共场所（…`).
fn noun_after(text: &str, at: usize, settings: &SettingsSpec) -> String {
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !crate::normalize::is_han(c))
        .unwrap_or(rest.len());
    let word = &rest[..end];
    let closed = rest[end..]
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '（' | '(' | '、' | '，' | ','));
    if !closed || word.chars().count() > 6 || contains_any(word, &settings.not_a_category) {
        return String::new();
    }
    clean_category(word, settings, false)
}

/// The words of `raw` that name a part: after its last clause mark, `、` or
/// unclosed bracket, and after a breakdown word (`其中简易程序(警告)` → 简易程序(警告)).
fn last_piece<'t>(raw: &'t str, breakdown: &[String]) -> &'t str {
    let mut from = raw
        .char_indices()
        .rfind(|&(_, c)| CLAUSE_END.contains(&c) || c == '、')
        .map_or(0, |(i, c)| i + c.len_utf8());
    if let Some((i, c)) = raw[from..]
        .char_indices()
        .rfind(|&(_, c)| matches!(c, '（' | '('))
    {
        if !raw[from + i..].contains([')', '）']) {
            from += i + c.len_utf8();
        }
    }
    for w in breakdown {
        if let Some(i) = raw[from..].rfind(w.as_str()) {
            from += i + w.len();
        }
    }
    &raw[from..]
}

/// Where a part's own words start: after punctuation and `其中`.
fn label_start(text: &str, from: usize, to: usize, breakdown: &[String]) -> usize {
    let mut at = from;
    loop {
        let rest = &text[at..to];
        if let Some(c) = rest.chars().next().filter(|c| !c.is_alphanumeric()) {
            at += c.len_utf8();
        } else if let Some(w) = breakdown.iter().find(|w| rest.starts_with(w.as_str())) {
            at += w.len();
        } else {
            return at;
        }
    }
}

struct Bound {
    rule: usize,
    hits: Vec<usize>,
}

/// Bind a number to the open triggers before it: a shared list, a respective
/// list, or the latest trigger that takes it.
fn bind_before(
    b: &mut SentenceBinder,
    hits: &[Hit],
    open: &[usize],
    q: &Quantity,
    respective: &mut VecDeque<usize>,
) -> Option<Bound> {
    let (ctx, rules) = (b.ctx, b.rules);
    let text = ctx.text();
    let settings = &rules.settings;
    let &last = open.last()?;
    let between = &text[hits[last].end..q.start];
    let list = trigger_list(text, hits, open, &settings.joiners);
    if list.len() > 1 && ends_with_any(between, &settings.respective).is_some() {
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
            return Some(Bound {
                rule: r,
                hits: list,
            });
        }
    }
    if list.len() > 1 && ends_with_any(between, &settings.shared).is_some() {
        let mut bound = Bound {
            rule: usize::MAX,
            hits: Vec::new(),
        };
        for &h in &list {
            if let Some(r) = pick_rule(rules, &hits[h], q, ctx, false) {
                // Each item is named with the words before the list's first item:
                // `投诉举报查处率、反馈率` → 投诉举报查处率, 投诉举报反馈率.
                let prefix = &text[clause_start(text, hits[list[0]].start)..hits[list[0]].start];
                let mut category =
                    b.category(r, (q.start, q.start), (hits[h].start, hits[h].end), q);
                if b.rules.rules[r].spec.category == CategoryFrom::Label && h != list[0] {
                    category = clean_category(
                        &format!("{prefix}{}", &text[hits[h].start..hits[h].end]),
                        settings,
                        false,
                    );
                } else if h == list[0] {
                    category = b.category(
                        r,
                        (q.start, q.start),
                        (clause_start(text, hits[h].start), hits[h].end),
                        q,
                    );
                }
                b.emit(r, category, q, (hits[h].start, q.end));
                bound.rule = r;
                bound.hits.push(h);
            }
        }
        return (!bound.hits.is_empty()).then_some(bound);
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
        let label_from = clause_start(text, hit.start);
        let category = b.category(r, (hit.end, q.start), (label_from, hit.end), q);
        b.emit(r, category, q, (hit.start, q.end));
        return Some(Bound {
            rule: r,
            hits: vec![h],
        });
    }
    None
}

/// The words between a trigger and its number: short, in one clause — or
/// running into a list the next clause opens (`…任务中，涉及公共场所1088家`).
fn gap_ok(gap: &str, max_gap: usize, openers: &[String]) -> bool {
    let Some(cut) = gap.rfind(CLAUSE_END) else {
        return gap.chars().count() <= max_gap;
    };
    let (head, tail) = (&gap[..cut], &gap[cut..]);
    let tail = tail.trim_start_matches(CLAUSE_END);
    !has_clause_end(head)
        && head.chars().count() <= MAX_LIST_HEAD
        && opens_list(tail, openers)
        && tail.chars().count() <= max_gap
}

fn opens_list(clause: &str, openers: &[String]) -> bool {
    openers.iter().any(|w| clause.starts_with(w.as_str()))
}

/// `…对670家…开展`: a number after the preposition 对 is the object of the verb
/// that follows it, not of a trigger before the 对.
fn object_of_later_verb(gap: &str) -> bool {
    gap.contains('对')
}

/// The longest a left-looking trigger may stand after its number: far in the
/// `对N家…进行检查` construction, near otherwise.
fn max_left_gap(text: &str, q: &Quantity) -> usize {
    let before: String = text[clause_start(text, q.start)..q.start]
        .chars()
        .rev()
        .take(4)
        .collect();
    if before.contains('对') {
        MAX_OBJECT_GAP
    } else {
        MAX_LEFT_GAP
    }
}

/// The open triggers that end the clause as one list joined by `、和及与`.
fn trigger_list(text: &str, hits: &[Hit], open: &[usize], joiners: &[String]) -> Vec<usize> {
    let mut list = vec![*open.last().unwrap_or(&0)];
    for pair in open.windows(2).rev() {
        let (a, b) = (pair[0], pair[1]);
        let between = &text[hits[a].end..hits[b].start];
        let joined = joiners.iter().any(|j| between.starts_with(j.as_str()));
        if !joined || between.chars().count() > 6 || has_clause_end(between) {
            break;
        }
        list.insert(0, a);
    }
    list
}

/// The category of a part of the scope's total, if `q` is one.
fn part_label(rules: &RuleSet, text: &str, scope: &Scope, q: &Quantity) -> Option<String> {
    let rule = &rules.rules[scope.rule];
    if q.kind != scope.head.kind || !rule.accepts(q.kind, &q.unit) {
        return None;
    }
    let fits = scope.explicit || is_part_of(&scope.head, q);
    if !fits || scope.last_end > q.start {
        return None;
    }
    let raw = &text[scope.last_end..q.start];
    if raw.contains(['。', '；', ';']) {
        return None;
    }
    let own = last_piece(raw, &rules.settings.breakdown);
    let label = clean_category(own, &rules.settings, true);
    if label.is_empty() || (!scope.explicit && contains_any(&label, &rules.settings.not_a_category))
    {
        return None;
    }
    Some(label)
}
