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
//!
//! A document may come as windows of sentences ([`apply_each`]); what runs on
//! from one sentence to the next (a breakdown's scope, a list of `；` items)
//! is carried from one window to the next.

mod category;
mod facts;
mod lists;
mod text;

use std::cell::Cell;
use std::collections::VecDeque;

use category::*;
use facts::*;
use lists::*;
use text::*;

use super::words::{find_word, rfind_word, Words};
use super::{CategoryFrom, Look, RuleSet, Window, OTHER_PERIOD, PLAN};
use crate::quantities::{self, Kind, Quantity};
use crate::segment::Sentence;

/// A number bound to a rule.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Index of the sentence in its window (the slice given to [`apply`]).
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

/// What became of a number the engine saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// It became rows: the indices of its bindings in the document (several
    /// when one number serves a list of triggers, `查处率、反馈率均为100%`).
    Rows(std::ops::Range<usize>),
    /// A figure of another period (`同比`, `去年`).
    OtherPeriod,
    /// A plan or a target not said to be carried out.
    Plan,
    /// A change, not a level (`增长8.5%`, `提升1个百分点`).
    Change,
    /// A threshold or band (`5万元以上大案`).
    Threshold,
    /// Its clause opens with another year than the report's.
    AnotherYear,
    /// No trigger before or after it in its clause.
    NoTrigger,
    /// The nearest trigger's rules do not take this unit.
    UnitNotAccepted { rule: String, unit: String },
    /// The rule needs or refuses context words that decide against it.
    ContextRefused { rule: String },
    /// The trigger stands too far from the number, or across a clause.
    TooFar { rule: String },
}

/// A number of a sentence and its fate.
#[derive(Debug, Clone)]
pub struct Trace {
    /// Index of the sentence in its window.
    pub sentence: usize,
    /// The number; offsets local to the sentence text.
    pub quantity: Quantity,
    pub fate: Fate,
}

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

/// Apply every rule to the sentences of one document, as one window.
pub fn apply(rules: &RuleSet, sentences: &[Sentence], year: Option<i32>) -> Vec<Binding> {
    let mut out = Vec::new();
    apply_each(rules, [sentences], year, |_, b| out.push(b));
    out
}

/// Apply every rule to a document given as windows of sentences in text
/// order, handing each binding with its sentence to `each` as soon as its
/// sentence is done, so a caller can stream rows instead of holding them all
/// and hold one window's sentences at a time. A window must not cut a
/// paragraph: the engine carries only a breakdown's scope and whether the
/// last sentence ended with `；` from one window to the next.
pub fn apply_each<W: AsRef<[Sentence]>>(
    rules: &RuleSet,
    windows: impl IntoIterator<Item = W>,
    year: Option<i32>,
    mut each: impl FnMut(&Sentence, Binding),
) {
    run(rules, windows, year, None, &mut each);
}

/// [`apply_each`], also telling `trace` what became of every number the
/// rules saw (reading it costs a diagnosis per unbound number).
pub fn apply_traced<W: AsRef<[Sentence]>>(
    rules: &RuleSet,
    windows: impl IntoIterator<Item = W>,
    year: Option<i32>,
    mut each: impl FnMut(&Sentence, Binding),
    mut trace: impl FnMut(&Sentence, Trace),
) {
    run(rules, windows, year, Some(&mut trace), &mut each);
}

/// Where the fate of each number goes, when someone asks for it.
type Tracer<'t> = Option<&'t mut dyn FnMut(&Sentence, Trace)>;

/// What one window hands on to the next.
#[derive(Default)]
struct Carried {
    /// The scope of the last bound trigger, for parts in the next sentence.
    scope: Option<Scope>,
    /// The last sentence ended with `；`.
    previous_item: bool,
    /// Bindings made so far.
    emitted: usize,
    /// Sentences passed so far: the number of the window's first sentence
    /// in the document.
    sentences: usize,
    /// What rules' context words gave, tagged with the sentence they were
    /// given for: kept from one window to the next, not made (8 KB) and
    /// cleared for each.
    known: KnownAnswers,
}

/// The pass over the windows.
fn run<W: AsRef<[Sentence]>>(
    rules: &RuleSet,
    windows: impl IntoIterator<Item = W>,
    year: Option<i32>,
    mut trace: Tracer<'_>,
    each: &mut dyn FnMut(&Sentence, Binding),
) {
    let mut carried = Carried {
        known: KnownAnswers {
            whole: vec![Cell::new(WholeAnswer::default()); 2 * rules.rules.len()],
            clauses: vec![Cell::new(ClauseAnswer::default()); 2 * rules.rules.len()],
        },
        ..Carried::default()
    };
    let mut scratch = Scratch::default();
    for window in windows {
        let sentences = window.as_ref();
        run_window(
            rules,
            sentences,
            year,
            &mut carried,
            &mut scratch,
            &mut trace,
            each,
        );
    }
}

/// What rules' context words gave, per rule (see [`SentenceContext`]).
#[derive(Default)]
struct KnownAnswers {
    whole: Vec<Cell<WholeAnswer>>,
    clauses: Vec<Cell<ClauseAnswer>>,
}

/// The buffers one sentence after another fills: kept from one to the next,
/// so that a sentence allocates none of them anew.
#[derive(Default)]
struct Scratch<'r> {
    /// The trigger hits of the sentence, in text order.
    hits: Vec<Hit<'r>>,
    /// Which hits are bound already.
    used: Vec<bool>,
    /// The open triggers before a number, kept from one number to the next.
    open: Vec<usize>,
    /// The sentence's bindings, handed out (and emptied) once it is done.
    out: Vec<Binding>,
    /// The numbers of the sentence, in text order.
    quantities: Vec<Quantity>,
}

/// The pass over the sentences of one window.
fn run_window<'r>(
    rules: &'r RuleSet,
    sentences: &[Sentence],
    year: Option<i32>,
    carried: &mut Carried,
    scratch: &mut Scratch<'r>,
    trace: &mut Tracer<'_>,
    each: &mut dyn FnMut(&Sentence, Binding),
) {
    let (paragraphs, paragraph_of) = paragraphs(sentences);
    for (i, sentence) in sentences.iter().enumerate() {
        let text: &str = &sentence.text;
        let ctx = SentenceContext {
            sentence,
            text,
            paragraph: &paragraphs[paragraph_of[i]],
            whole: &carried.known.whole,
            clauses: &carried.known.clauses,
            serial: carried.sentences + i,
            clause: Cell::new((0, 0)),
        };
        // `其中a 5件；b 3件；c 2件`: the items of a breakdown run on across `；`.
        // (Whether the sentence opens a breakdown is asked only of a sentence
        // a scope runs on to, few of them.)
        let previous_item = carried.previous_item;
        carried.previous_item = text.ends_with(['；', ';']);
        let inherited = carried
            .scope
            .take()
            .filter(|s| (s.explicit && previous_item) || rules.settings.breakdown.starts(text))
            .map(|s| Scope {
                explicit: true,
                last_end: 0,
                ..s
            });
        let traced = trace.is_some();
        let (last_scope, fates) = bind_sentence(rules, &ctx, i, inherited, year, traced, scratch);
        carried.scope = last_scope;
        if let Some(trace) = trace.as_deref_mut() {
            let emitted = carried.emitted;
            for (quantity, fate) in fates {
                let fate = match fate {
                    Fate::Rows(r) => Fate::Rows(emitted + r.start..emitted + r.end),
                    other => other,
                };
                let t = Trace {
                    sentence: i,
                    quantity,
                    fate,
                };
                trace(sentence, t);
            }
        }
        carried.emitted += scratch.out.len();
        scratch.out.drain(..).for_each(|b| each(sentence, b));
    }
    carried.sentences += sentences.len();
}

/// The runs of sentences of one paragraph, and for each sentence the index
/// of its paragraph's run.
fn paragraphs(sentences: &[Sentence]) -> (Vec<Paragraph<'_>>, Vec<usize>) {
    let mut runs: Vec<Paragraph> = Vec::new();
    let mut index = Vec::with_capacity(sentences.len());
    let mut start = 0;
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 && sentences[i - 1].paragraph != s.paragraph {
            runs.push(Paragraph::new(&sentences[start..i]));
            start = i;
        }
        index.push(runs.len());
    }
    if start < sentences.len() {
        runs.push(Paragraph::new(&sentences[start..]));
    }
    (runs, index)
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
        look_ok && rule.accepts(q.kind, q.unit) && context_ok(rules, r, ctx, lo, hi)
    })
}

struct SentenceBinder<'a> {
    rules: &'a RuleSet,
    ctx: &'a SentenceContext<'a>,
    index: usize,
    quantities: &'a [Quantity],
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
        let text = self.text();
        // The number stands before its trigger (`对40家医疗机构进行检查`).
        let left = mode_span.0 >= q.end;
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
                hit.map_or_else(String::new, |t| clean_category(t, self.rules))
            }
            CategoryFrom::Label => {
                // The words before the trigger make the category; a bare trigger
                // is left to the context words.
                let label = clean_category(
                    after_last_verb(&text[label_span.0..label_span.1], &spec.triggers),
                    self.rules,
                );
                let bare = spec.triggers.contains(&label);
                if bare {
                    String::new()
                } else {
                    label
                }
            }
            CategoryFrom::Gap if self.gap_has_number(mode_span.0, mode_span.1) => String::new(),
            // A count before its trigger: the noun it measures.
            CategoryFrom::Gap if left => {
                let noun = clean_category(
                    counted_noun(after_clause_end(&text[mode_span.0..mode_span.1])),
                    self.rules,
                );
                if noun.is_empty() {
                    scope_before_count(&text[..q.start], self.rules)
                } else {
                    noun
                }
            }
            CategoryFrom::Gap => clean_category(
                after_clause_end(&text[mode_span.0..mode_span.1]),
                self.rules,
            ),
        };
        if category.is_empty() && spec.category != CategoryFrom::None {
            // Most rules have no category words: no window to look in.
            let named = (!spec.category_words.is_empty())
                .then(|| {
                    let window = self.ctx.window(spec.needs_in, q.start, q.end);
                    window.first_of(&spec.category_words)
                })
                .flatten();
            if let Some(w) = named {
                category = w.clone();
            } else if let Some(object) = (spec.category == CategoryFrom::Gap)
                .then(|| object_of_dui(&text[label_span.0..label_span.1], self.rules))
                .filter(|o| !o.is_empty())
            {
                category = object;
            } else if spec.category == CategoryFrom::Gap && q.kind == Kind::Count {
                category = noun_after(text, q.end, self.rules);
            } else if spec.category == CategoryFrom::Label {
                category = clean_category(&text[label_span.0..label_span.1], self.rules);
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

/// Bind the numbers of one sentence, leaving its bindings in `scratch.out`;
/// the scope that runs on, and with `traced` the fate of every number.
fn bind_sentence<'r>(
    rules: &'r RuleSet,
    ctx: &SentenceContext,
    index: usize,
    inherited: Option<Scope>,
    year: Option<i32>,
    traced: bool,
    scratch: &mut Scratch<'r>,
) -> (Option<Scope>, Vec<(Quantity, Fate)>) {
    let text = ctx.text();
    if !quantities::may_hold_number(text) {
        // No number: nothing to bind, and a scope runs on unchanged.
        return (inherited, Vec::new());
    }
    let Scratch {
        hits,
        used,
        open,
        out,
        quantities,
    } = scratch;
    hits.clear();
    // A trigger naming a law is none (so a sentence whose only triggers
    // name laws needs no number read).
    hits.extend(
        rules
            .triggers_in(text)
            .filter(|&(_, end, _)| !names_a_law(&text[end..]))
            .map(|(start, end, rules)| Hit { start, end, rules }),
    );
    if hits.is_empty() && inherited.is_none() && !traced {
        // No trigger and no breakdown running on: no number here can bind, so
        // the numbers need not be read (`explain` reads them all the same).
        return (None, Vec::new());
    }
    quantities::scan_into(text, quantities);
    let quantities: &[Quantity] = quantities;
    if quantities.is_empty() {
        // No number: nothing to bind, and a scope runs on unchanged.
        return (inherited, Vec::new());
    }
    hits.retain(|h| {
        !quantities
            .iter()
            .any(|q| h.start < q.end && h.end > q.start)
    });
    let hits: &[Hit] = hits;
    let mut b = SentenceBinder {
        rules,
        ctx,
        index,
        quantities,
        out: std::mem::take(out),
    };
    let settings = &rules.settings;

    used.clear();
    used.resize(hits.len(), false);
    let mut scope = inherited;
    let mut respective: VecDeque<usize> = VecDeque::new();
    let mut next_hit = 0;
    let mut fates = Vec::new();
    let facts = SentenceFacts::default();
    for q in quantities {
        let emitted = b.out.len();
        let mut skipped: Option<Fate> = None;
        'q: {
            // Triggers between the last number and this one: the latest that
            // could apply ends a scope, unless it names the scope's own indicator.
            // (An explicit scope stays explicit: its gap need not be searched.)
            if let Some(s) = scope.as_mut().filter(|s| !s.explicit) {
                s.explicit =
                    contains_any(&text[s.last_end.min(q.start)..q.start], &settings.breakdown);
            }
            let passed = next_hit;
            while next_hit < hits.len() && hits[next_hit].end <= q.start {
                next_hit += 1;
            }
            if let Some(s) = &scope {
                if latest_live(rules, ctx, hits, used, passed..next_hit, s).is_some_and(|h| {
                    !hits[h]
                        .rules
                        .iter()
                        .any(|&r| same_indicator(rules, r, s.rule))
                }) {
                    scope = None;
                }
            }
            let clause = ctx.clause_start(q.start);
            let reason = not_a_fact(rules, text, &facts, clause, q, year)
                .or_else(|| count_change(text, q, &settings.change).then_some(Fate::Change));
            if let Some(reason) = reason {
                scope = None; // its parts would be parts of the change or the plan
                skipped = Some(reason);
                break 'q;
            }
            // 1a. A respective list still waiting for its numbers.
            if let Some(h) = respective.pop_front() {
                if let Some(r) = pick_rule(rules, &hits[h], q, ctx, false) {
                    let category =
                        b.category(r, (q.start, q.start), (hits[h].start, hits[h].end), q);
                    b.emit(r, category, q, (hits[h].start, q.end));
                    scope = None;
                    break 'q;
                }
                respective.clear();
            }
            // 1. Triggers before the number in its clause, latest first (from
            // the clause before, when this one opens a list).
            let reach = if clause > 0 && opens_list(&text[clause..q.start], &settings.list_openers)
            {
                let boundary = text[..clause].chars().next_back().map_or(0, char::len_utf8);
                clause_start(text, clause - boundary)
            } else {
                clause
            };
            let explicit = scope.as_ref().is_some_and(|s| s.explicit);
            open.clear();
            open.extend(
                (0..next_hit)
                    .filter(|&h| !used[h] && hits[h].start >= reach)
                    .filter(|&h| !(explicit && ctx.in_brackets(hits[h].start))),
            );
            let emitted = b.out.len();
            if let Some(bound) = bind_before(&mut b, hits, open, q, &mut respective, used) {
                // A part naming its own trigger (`案卷72卷，优秀案卷14卷`); its
                // words may not make it a statement of its own (`…下达处罚决定书N份`).
                let part = scope.as_ref().and_then(|s| {
                    let fits = same_indicator(rules, s.rule, bound)
                        && rules.rules[s.rule].spec.parts
                        && (s.explicit || is_part_of(&s.head, q));
                    if !fits {
                        return None;
                    }
                    let own =
                        last_piece(&text[s.last_end.min(q.start)..q.start], &settings.breakdown);
                    let own = strip_leading_trigger(own, &rules.rules[bound].spec.triggers);
                    let label = clean_part(own, rules);
                    (s.explicit || !contains_any(&label, &settings.not_a_category)).then_some(label)
                });
                match (part, &mut scope) {
                    (Some(label), Some(s)) => {
                        if !label.is_empty() {
                            b.out[emitted].category = label;
                        }
                        s.last_end = q.end;
                    }
                    _ => {
                        scope = Some(Scope {
                            rule: bound,
                            head: q.clone(),
                            explicit: false,
                            last_end: q.end,
                        })
                    }
                }
                break 'q;
            }
            // 2. A part of the total the last trigger governs.
            if let Some(s) = &mut scope {
                if let Some(category) = part_label(rules, text, s, q) {
                    let start = label_start(text, s.last_end, q.start, &settings.breakdown);
                    b.emit(s.rule, category, q, (start, q.end));
                    s.last_end = q.end;
                    break 'q;
                }
            }
            // 3. A trigger after the number, for rules that look left.
            let max_gap = max_left_gap(text, clause, q);
            if let Some((h, r)) = (next_hit..hits.len())
                .filter(|&h| !used[h])
                .take_while(|&h| {
                    let gap = &text[q.end..hits[h].start];
                    !has_clause_end(gap) && gap.chars().count() <= max_gap
                })
                .filter(|&h| !governs_next_number(text, &hits[h], quantities))
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
                .is_some_and(|s| !rules.rules[s.rule].accepts(q.kind, q.unit))
            {
                scope = None;
            }
        }
        if traced {
            let fate = if b.out.len() > emitted {
                Fate::Rows(emitted..b.out.len())
            } else {
                skipped.unwrap_or_else(|| diagnose(rules, ctx, hits, used, q))
            };
            fates.push((q.clone(), fate));
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
    *out = b.out;
    (scope, fates)
}

/// Of the triggers `between` the last number and the next, the latest that
/// could apply (its context allows one of its rules). Asked only while a
/// scope is open, which it may end, and from the last back: the first found is it.
fn latest_live(
    rules: &RuleSet,
    ctx: &SentenceContext,
    hits: &[Hit],
    used: &[bool],
    between: std::ops::Range<usize>,
    scope: &Scope,
) -> Option<usize> {
    between.rev().find(|&h| {
        let hit = &hits[h];
        let live = !used[h]
            && hit
                .rules
                .iter()
                .any(|&r| context_ok(rules, r, ctx, hit.start, hit.end));
        // Inside a breakdown, a trigger in brackets qualifies a part's
        // name (`其中简易程序(警告)77起`); it is no new statement.
        let qualifier = scope.explicit && ctx.in_brackets(hit.start);
        live && !qualifier
    })
}

/// Does a trigger stand right before a number of its own (`、处罚18件`)? Then
/// it governs that one, not a number before it.
fn governs_next_number(text: &str, hit: &Hit, quantities: &[Quantity]) -> bool {
    quantities.iter().any(|n| {
        n.start >= hit.end && {
            let gap = &text[hit.end..n.start];
            gap.chars().count() <= 2 && !has_clause_end(gap)
        }
    })
}

/// `因退休调离减少6人`, `比上年增加12件`: a count right after a change word
/// is the change, not a level. (Rates are judged in `not_a_figure`.)
fn count_change(text: &str, q: &Quantity, change: &Words) -> bool {
    q.kind != Kind::Rate && ends_with_any(text[..q.start].trim_end_matches(['了', ' ']), change)
}

fn same_indicator(rules: &RuleSet, a: usize, b: usize) -> bool {
    rules.rules[a].spec.indicator == rules.rules[b].spec.indicator
}
