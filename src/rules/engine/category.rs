//! Categories: the words that say what part a number counts, cleaned of noise,
//! and the parts of a total (`其中…`, `公共场所843户次，…`).

use super::*;

pub(super) const MAX_LABEL: usize = 16;

/// Trim punctuation and noise words from a stretch of text meant as a category.
pub(super) fn clean_category(raw: &str, rules: &RuleSet) -> String {
    clean_with(raw, rules, false)
}

/// [`clean_category`] for the words of a part, which may also hold a
/// breakdown word (`其中`) to trim.
pub(super) fn clean_part(raw: &str, rules: &RuleSet) -> String {
    clean_with(raw, rules, true)
}

/// Trim punctuation and noise words from the ends of `raw`: the category
/// noise, and for a `part` the breakdown words too ([`RuleSet::noise`]).
fn clean_with(raw: &str, rules: &RuleSet, part: bool) -> String {
    let (settings, noise) = (&rules.settings, &rules.noise);
    let general = settings.category_noise.len();
    let is_noise = |i: usize| part || i < general;
    let mut s: &str = trim_punctuation(raw);
    // Whether a noise word may stand at the start, at the end: an end that a
    // look found none at, and that nothing has cut since, has none (what is
    // left of the text there starts or ends as it did).
    let (mut front, mut back) = (true, true);
    // Nothing (as between a trigger and the number right after it) is no
    // category: no noise to strip, and none of the checks below to make.
    while !s.is_empty() && (front || back) {
        let before = s;
        if let Some(w) = front
            .then(|| {
                noise.longest_prefix_by_index(s, |i| is_noise(i) && !qualifies_next(&noise[i]))
            })
            .flatten()
        {
            s = &s[w.len()..];
        }
        if let Some(w) = back
            .then(|| noise.longest_suffix_by_index(s, is_noise))
            .flatten()
        {
            s = &s[..s.len() - w.len()];
        }
        if s.len() == before.len() {
            // Nothing stripped: `s` is trimmed already (trimming twice changes nothing).
            break;
        }
        s = trim_punctuation(s);
        let (now, then) = (
            s.as_bytes().as_ptr_range(),
            before.as_bytes().as_ptr_range(),
        );
        (front, back) = (now.start != then.start, now.end != then.end);
    }
    // An ASCII digit's byte stands in no other char's UTF-8, so bytes will do.
    if s.is_empty()
        || s.bytes().any(|b| b.is_ascii_digit())
        || (s.len() > MAX_LABEL && s.chars().count() > MAX_LABEL)
        || settings.generic_category.has(s)
    {
        return String::new();
    }
    s.to_string()
}

/// Noise words that are noise only at the end of a category: at its start they
/// qualify the noun after them (`违规经营出租汽车`, `违法建设`), at its end they
/// are the generic head (`无证行医违法行为`).
fn qualifies_next(word: &str) -> bool {
    word.starts_with('违') || word == "行为"
}

/// Where `category` stands in the sentence: inside the evidence, else the
/// nearest place before the number, else anywhere.
pub(super) fn locate(
    text: &str,
    category: &str,
    evidence: (usize, usize),
    number: usize,
) -> Option<(usize, usize)> {
    if category.is_empty() {
        return None;
    }
    let span = |i: usize| (i, i + category.len());
    let in_evidence =
        find_word(&text[evidence.0..evidence.1], category).map(|i| span(evidence.0 + i));
    in_evidence
        .or_else(|| rfind_word(&text[..number], category).map(span))
        .or_else(|| find_word(text, category).map(span))
}

/// Can `q` be a part of the total `head`: same kind, not more than it?
pub(super) fn is_part_of(head: &Quantity, q: &Quantity) -> bool {
    q.kind == head.kind && head.value > rust_decimal::Decimal::ZERO && q.value <= head.value
}

/// `审查签订合同` → `签订合同`: a part's words without the trigger they open with.
pub(super) fn strip_leading_trigger<'t>(label: &'t str, triggers: &[String]) -> &'t str {
    triggers
        .iter()
        .filter(|t| label.starts_with(t.as_str()) && label.len() > t.len())
        .max_by_key(|t| t.len())
        .map_or(label, |t| &label[t.len()..])
}

/// The longest word, in chars, that [`noun_after`] takes for a noun.
const NOUN_AFTER_MAX: usize = 6;

/// A short noun right after a count that it counts (`553家公共场所（…`).
pub(super) fn noun_after(text: &str, at: usize, rules: &RuleSet) -> String {
    let rest = &text[at..];
    // A word of more than six chars is no noun here, so the first char that
    // ends it is looked for among seven only, not over the rest of the text.
    let Some((end, after)) = rest
        .char_indices()
        .take(NOUN_AFTER_MAX + 1)
        .find(|&(_, c)| !crate::normalize::is_han(c))
    else {
        return String::new();
    };
    let word = &rest[..end];
    let closed = matches!(after, '（' | '(' | '、' | '，' | ',');
    // No word (the count's clause ends right after it) makes no category.
    if word.is_empty() || !closed || contains_any(word, &rules.settings.not_a_category) {
        return String::new();
    }
    clean_category(word, rules)
}

/// The words of `raw` that name a part: after its last clause mark, `、` or
/// unclosed bracket, and after a breakdown word (`其中简易程序(警告)` → 简易程序(警告)).
pub(super) fn last_piece<'t>(raw: &'t str, breakdown: &[String]) -> &'t str {
    let mut from = after_last_pause(raw);
    if let Some(inside) = inside_open_bracket(&raw[from..]) {
        from += inside;
    }
    for w in breakdown {
        if let Some(i) = rfind_word(&raw[from..], w) {
            from += i + w.len();
        }
    }
    &raw[from..]
}

/// Where a part's own words start: after punctuation and `其中`.
pub(super) fn label_start(text: &str, from: usize, to: usize, breakdown: &[String]) -> usize {
    let mut at = from;
    loop {
        let rest = &text[at..to];
        if let Some(c) = rest.chars().next().filter(|&c| !is_word_char(c)) {
            at += c.len_utf8();
        } else if let Some(w) = breakdown.iter().find(|w| rest.starts_with(w.as_str())) {
            at += w.len();
        } else {
            return at;
        }
    }
}

/// The category of a part of the scope's total, if `q` is one.
pub(super) fn part_label(
    rules: &RuleSet,
    text: &str,
    scope: &Scope,
    q: &Quantity,
) -> Option<String> {
    let rule = &rules.rules[scope.rule];
    if !rule.spec.parts || q.kind != scope.head.kind || !rule.accepts(q.kind, q.unit) {
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
    let label = clean_part(own, rules);
    if label.is_empty() || (!scope.explicit && contains_any(&label, &rules.settings.not_a_category))
    {
        return None;
    }
    Some(label)
}

/// `s` without punctuation at its ends, but for a closing bracket whose
/// opening bracket it keeps (`简易程序(警告)`).
fn trim_punctuation(s: &str) -> &str {
    // Most labels start and end with a common ideograph: nothing to trim.
    let is_han = |c: Option<char>| c.is_some_and(|c| matches!(c, '\u{4E00}'..='\u{9FA5}'));
    if is_han(s.chars().next()) && is_han(s.chars().next_back()) {
        return s;
    }
    let s = s.trim_matches(|c: char| !is_word_char(c) && !matches!(c, ')' | '）'));
    let mut t = s;
    while let Some(c) = t.chars().next_back().filter(|c| matches!(c, ')' | '）')) {
        let inner = &t[..t.len() - c.len_utf8()];
        if inner.contains(['(', '（']) {
            break;
        }
        t = inner.trim_end_matches(|c: char| !is_word_char(c) && !matches!(c, ')' | '）'));
    }
    t
}

/// `c.is_alphanumeric()`, with the common ideographs (U+4E00..U+9FA5, all
/// letters since Unicode 1.1) and the punctuation a category is trimmed of
/// (`，、：（）“”`: [`PUNCTUATION_BLOCKS`], where no letter or digit stands)
/// answered before a look-up in Unicode's tables, which is slow for them.
fn is_word_char(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FA5}' => true,
        c if PUNCTUATION_BLOCKS.iter().any(|r| r.contains(&c)) => false,
        c => c.is_alphanumeric(),
    }
}

/// Runs of general, CJK and full-width punctuation that hold no letter and
/// no digit (the CJK block's `々〆〇` and the full-width digits and letters
/// lie outside them).
const PUNCTUATION_BLOCKS: [std::ops::RangeInclusive<char>; 5] = [
    '\u{2000}'..='\u{206F}',
    '\u{3000}'..='\u{3004}',
    '\u{3008}'..='\u{3020}',
    '\u{FF01}'..='\u{FF0F}',
    '\u{FF1A}'..='\u{FF20}',
];

/// The verbs that carry a trigger after its object (`对…开展监督检查`).
const OBJECT_VERBS: [&str; 5] = ["开展", "进行", "实施", "作出", "组织"];

/// `对辖区内医疗机构开展监督检查…`: the object of 对 before the verb that carries
/// the trigger, as a category; empty when the clause has no such object.
pub(super) fn object_of_dui(label: &str, rules: &RuleSet) -> String {
    let Some(at) = rfind_word(label, "对") else {
        return String::new();
    };
    let rest = &label[at + '对'.len_utf8()..];
    let Some(end) = OBJECT_VERBS.iter().filter_map(|v| find_word(rest, v)).min() else {
        return String::new();
    };
    clean_category(&rest[..end], rules)
}

/// `为辖区诊所办理医师执业注册` → `医师执业注册`: the words of a label after the
/// last verb that acts on them; a verb inside the trigger it ends with stays
/// (`限制开展生产经营活动`).
pub(super) fn after_last_verb<'t>(label: &'t str, triggers: &[String]) -> &'t str {
    const VERBS: [&str; 5] = ["办理", "核发", "发放", "颁发", "完成"];
    let trigger = triggers
        .iter()
        .filter(|t| label.ends_with(t.as_str()))
        .map(String::len)
        .max()
        .unwrap_or(0);
    let before = &label[..label.len() - trigger];
    VERBS
        .iter()
        .chain(&OBJECT_VERBS)
        .filter_map(|v| rfind_word(before, v).map(|i| i + v.len()))
        .max()
        .map_or(label, |end| &label[end..])
}

/// The words between a count and the trigger after it (`40家医疗机构的放射诊疗
/// 工作进行监督检查`): the noun the count measures, up to its first `的` or the
/// verb that carries the trigger — `医疗机构`.
pub(super) fn counted_noun(gap: &str) -> &str {
    let end = OBJECT_VERBS
        .iter()
        .chain(&["的"])
        .filter_map(|v| find_word(gap, v))
        .min()
        .unwrap_or(gap.len());
    &gap[..end]
}

/// `对市本级292家单位进行抽查`: the words between 对 and a count, when they name
/// where the counted units are; empty when the clause has no 对 right before.
pub(super) fn scope_before_count(before: &str, rules: &RuleSet) -> String {
    let clause = after_clause_end(before);
    let Some(at) = rfind_word(clause, "对") else {
        return String::new();
    };
    let scope = &clause[at + '对'.len_utf8()..];
    if scope.chars().count() > 6 {
        return String::new();
    }
    clean_category(scope, rules)
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_char_of_the_punctuation_blocks_is_a_letter_or_a_digit() {
        for c in PUNCTUATION_BLOCKS.into_iter().flatten() {
            assert!(!c.is_alphanumeric(), "{c:?} (U+{:04X})", u32::from(c));
        }
    }

    use super::*;
    use crate::rules::RuleSet;

    fn settings() -> RuleSet {
        RuleSet::embedded().expect("embedded rules")
    }

    #[test]
    fn a_counted_noun_ends_at_its_verb_or_at_de() {
        assert_eq!(counted_noun("托育机构的消毒隔离工作进行"), "托育机构");
        assert_eq!(counted_noun("游泳场所开展全覆盖"), "游泳场所");
        assert_eq!(counted_noun("药店实施了专项"), "药店");
        assert_eq!(counted_noun("学校"), "学校");
    }

    #[test]
    fn a_label_starts_after_its_last_verb() {
        let triggers = ["执业注册".to_string(), "限制开展生产经营活动".to_string()];
        for (label, expected) in [
            ("为辖区诊所办理医师执业注册", "医师执业注册"),
            ("组织开展放射诊疗许可证", "放射诊疗许可证"),
            ("限制开展生产经营活动", "限制开展生产经营活动"),
            ("投诉举报查处率", "投诉举报查处率"),
        ] {
            assert_eq!(after_last_verb(label, &triggers), expected);
        }
    }

    #[test]
    fn the_place_between_dui_and_a_count_names_the_units() {
        let s = settings();
        assert_eq!(scope_before_count("今年对城区", &s), "城区");
        // A noise word alone names nothing.
        assert_eq!(scope_before_count("对全县", &s), "");
        // 对 of an earlier clause does not reach here.
        assert_eq!(scope_before_count("对此高度重视，抽取", &s), "");
        assert_eq!(scope_before_count("完成", &s), "");
    }

    #[test]
    fn noise_is_trimmed_but_not_the_first_character_of_a_word() {
        let s = settings();
        assert_eq!(clean_category("计量器具", &s), "计量器具");
        assert_eq!(clean_category("有关政府信息公开", &s), "政府信息公开");
        assert_eq!(clean_category("食品经营许可相关事项", &s), "食品经营许可");
        assert_eq!(clean_category("各类机构", &s), "");
        assert_eq!(clean_category("违规经营出租汽车", &s), "违规经营出租汽车");
        assert_eq!(clean_category("无证行医违法行为", &s), "无证行医");
        assert_eq!(clean_category("违法行为", &s), "");
    }
}
