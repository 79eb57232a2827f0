//! Guards that keep Chinese numerals out of ordinary words: `唯一`, `统一`
//! (the 一 belongs to the word), `一起开展` ("together", not one case), and
//! the pattern `一户一档` (one file per household: a slogan, not a count).

use super::text::{char_at, char_before, starts_with};
use crate::lookup::BmpSet;

/// Characters that, right before 一, make it part of a word (`唯一`, `统一`,
/// `逐一`, `同一`, `每一`, `上一年度`, `下一步`, `新一轮`), so the numeral
/// starts after it if at all.
/// A set, not a string walked: asked before every 一 read as a numeral.
static WORD_BEFORE_YI: BmpSet = BmpSet::of_str("统唯逐单同划专归合万每任某上下新这那");

/// Whether the 一 at byte `at` belongs to the word before it.
pub(crate) fn yi_belongs_to_word(text: &str, at: usize) -> bool {
    starts_with(text, at, "一") && char_before(text, at).is_some_and(|c| WORD_BEFORE_YI.contains(c))
}

/// Verbs (last character) after which `一起` counts one case: `发生一起`,
/// `查处一起`, `立案一起`, `办理一起`, `其中一起`, `共一起`, `是一起`.
static COUNTING_BEFORE_YIQI: BmpSet = BmpSet::of_str("生处案理送破办获报有共计仅中结了是另");

/// Words that start the noun a counted `一起` goes with: `一起事故`,
/// `一起涉嫌非法行医案`, `一起未经许可…`.
const NOUNS_AFTER_YIQI: [&str; 36] = [
    "案",
    "事故",
    "事件",
    "涉",
    "违法",
    "违规",
    "非法",
    "无证",
    "未",
    "生产",
    "安全",
    "交通",
    "火灾",
    "较大",
    "重大",
    "一般",
    "特别",
    "医疗",
    "食品",
    "药品",
    "典型",
    "刑事",
    "行政",
    "民事",
    "环境",
    "污染",
    "群体",
    "突发",
    "纠纷",
    "投诉",
    "举报",
    "擅自",
    "超范围",
    "虚假",
    "传染病",
    "职业",
];

/// Whether `一起` at byte `at` (where 一 is) means one case rather than
/// "together": it ends the clause, follows a counting verb, or starts a
/// noun phrase about a case. `一起开展`, `一起学习` are "together".
pub(crate) fn yiqi_is_count(text: &str, at: usize) -> bool {
    let after = at + "一起".len();
    let ends_clause = char_at(text, after).is_none_or(|c| !is_cjk_letter(c));
    let counted = char_before(text, at).is_some_and(|c| COUNTING_BEFORE_YIQI.contains(c));
    let noun = NOUNS_AFTER_YIQI.iter().any(|w| starts_with(text, after, w));
    ends_clause || counted || noun
}

/// Whether a single 一 with a one-character measure word is followed by
/// another 一: `一户一档`, `一人一岗`, `一件一码` are slogans (byte offsets).
pub(crate) fn one_per_one(text: &str, num_start: usize, unit_end: usize) -> bool {
    const YI: &str = "一";
    let unit_start = num_start + YI.len();
    starts_with(text, num_start, YI)
        && unit_end > unit_start
        && char_at(text, unit_start).is_some_and(|u| unit_start + u.len_utf8() == unit_end)
        && starts_with(text, unit_end, YI)
}

/// A CJK ideograph (a letter of a word, not punctuation).
pub(crate) fn is_cjk_letter(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yiqi() {
        assert!(yiqi_is_count("一起。", 0));
        assert!(yiqi_is_count("发生一起燃气泄漏", 6));
        assert!(yiqi_is_count("一起无证行医案", 0));
        assert!(!yiqi_is_count("大家一起开展", 6));
        assert!(!yiqi_is_count("一起学习", 0));
    }

    #[test]
    fn yi_in_words() {
        assert!(yi_belongs_to_word("唯一", 3));
        assert!(!yi_belongs_to_word("共一", 3));
        assert!(one_per_one("一户一档", 0, 6));
        assert!(!one_per_one("一户。", 0, 6));
    }
}
