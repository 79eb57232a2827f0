//! What stands around a number: the unit after it (money, rate, measure word,
//! physical or time unit, date part), the multiplier glued to an Arabic number
//! (`万`, `亿`, `千`, `百万`), and the hedges before and after it.

use super::numerals;
use super::text::{char_at, char_before, ends_with, starts_with};
use crate::lookup::{is_among, BmpMap, ByChar};
use crate::scan::{eight_bytes, first_bytes_mask};
use once_cell::sync::Lazy;
use rust_decimal::Decimal;

/// What a unit makes of the number before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitClass {
    /// 元 (after any multiplier), or 人民币 alone.
    Money,
    /// `%`.
    Rate,
    /// A measure word of things counted (`件`, `家次`).
    Count,
    /// A physical, time or other unit: kind Number with the unit as written.
    Measure,
    /// `年`: a year when the number looks like one, else a number of years.
    Year,
    /// A part of a date or a clock time (`月`, `日`, `季度`, `时`).
    Date,
    /// `号`: a document number (or a day, after `月`).
    DocNo,
    /// `届`: a session (`十四届人大`), always an ordinal.
    Session,
}

/// One entry of the unit table.
struct UnitDef {
    /// As it appears in normalized text.
    written: &'static str,
    /// As reported (`％` becomes `%`).
    unit: &'static str,
    class: UnitClass,
    /// Characters that, right after the unit, show it is the start of another
    /// word (`处` before `罚`, `期` before `间`).
    not_before: &'static str,
    /// Only after Arabic digits (`3时` is a time, `一时` is "for a while").
    arabic_only: bool,
}

const fn u(written: &'static str, class: UnitClass, not_before: &'static str) -> UnitDef {
    UnitDef {
        written,
        unit: written,
        class,
        not_before,
        arabic_only: false,
    }
}

const fn alias(written: &'static str, unit: &'static str, class: UnitClass) -> UnitDef {
    UnitDef {
        written,
        unit,
        class,
        not_before: "",
        arabic_only: false,
    }
}

const fn arabic(written: &'static str, class: UnitClass, not_before: &'static str) -> UnitDef {
    UnitDef {
        written,
        unit: written,
        class,
        not_before,
        arabic_only: true,
    }
}

use UnitClass::{Count, Date, DocNo, Measure, Money, Rate, Session, Year};

/// Every unit the scanner knows; looked up longest first.
const UNIT_TABLE: &[UnitDef] = &[
    // money and rates
    u("元", Money, "旦宵素首"),
    u("人民币", Money, ""),
    u("%", Rate, ""),
    alias("％", "%", Rate),
    // counts: compounds with 次 first (longest match wins anyway)
    u("件次", Count, ""),
    u("家次", Count, ""),
    u("户次", Count, ""),
    u("人次", Count, ""),
    u("台次", Count, ""),
    u("车次", Count, ""),
    u("艘次", Count, ""),
    u("辆次", Count, ""),
    u("批次", Count, ""),
    u("场次", Count, ""),
    u("架次", Count, ""),
    u("班次", Count, ""),
    u("趟次", Count, ""),
    u("单位", Count, ""),
    u("部门", Count, ""),
    u("起", Count, "来到步始点码"),
    u("件", Count, ""),
    u("家", Count, "庭属长乡"),
    u("户", Count, "口籍外"),
    u("份", Count, "额"),
    u("卷", Count, ""),
    u("个", Count, ""),
    u("次", Count, "年日月"),
    u("宗", Count, "教旨"),
    u("项", Count, ""),
    u("人", Count, "民社力"),
    u("名", Count, "单称义录"),
    u("条", Count, "例款"),
    u("处", Count, "罚理置分长室"),
    u("台", Count, "账风阶"),
    u("辆", Count, ""),
    u("艘", Count, ""),
    u("架", Count, "构"),
    u("例", Count, "如行会"),
    u("张", Count, "贴"),
    u("批", Count, "准复示发评"),
    u("场", Count, "所地景"),
    u("所", Count, "有以在属长"),
    u("间", Count, "隔断"),
    u("本", Count, "级地"),
    u("册", Count, ""),
    u("单", Count, ""),
    u("位", Count, "于置"),
    u("支", Count, "持付出部"),
    u("队", Count, "伍员"),
    u("类", Count, "似"),
    u("种", Count, "类植"),
    u("块", Count, ""),
    u("套", Count, ""),
    u("箱", Count, ""),
    u("瓶", Count, ""),
    u("盒", Count, ""),
    u("袋", Count, ""),
    u("期", Count, "间限末初内满待望刊货"),
    u("篇", Count, ""),
    u("部", Count, "署分"),
    u("座", Count, "谈"),
    u("栋", Count, ""),
    u("幢", Count, ""),
    u("轮", Count, "流"),
    u("笔", Count, "录"),
    u("封", Count, "存闭"),
    u("组", Count, "织成建"),
    u("把", Count, "关握"),
    // other units: kind Number, unit as written
    u("个百分点", Measure, ""),
    u("百分点", Measure, ""),
    u("‰", Measure, ""),
    u("倍", Measure, ""),
    u("周岁", Measure, ""),
    u("岁", Measure, ""),
    u("周年", Measure, ""),
    u("个小时", Measure, ""),
    u("小时", Measure, ""),
    u("分钟", Measure, ""),
    u("个工作日", Measure, ""),
    u("工作日", Measure, ""),
    u("个月", Measure, ""),
    u("个季度", Measure, ""),
    u("天", Measure, "然津"),
    u("周", Measure, "边围"),
    u("吨", Measure, ""),
    u("公斤", Measure, ""),
    u("千克", Measure, ""),
    u("克", Measure, "服"),
    u("斤", Measure, ""),
    u("毫升", Measure, ""),
    u("升", Measure, "级"),
    u("立方米", Measure, ""),
    u("平方米", Measure, ""),
    u("平方公里", Measure, ""),
    u("平方千米", Measure, ""),
    u("公里", Measure, ""),
    u("千米", Measure, ""),
    u("厘米", Measure, ""),
    u("毫米", Measure, ""),
    u("米", Measure, "粉"),
    u("亩", Measure, ""),
    u("公顷", Measure, ""),
    u("千瓦时", Measure, ""),
    u("千瓦", Measure, ""),
    u("兆瓦", Measure, ""),
    u("美元", Measure, ""),
    u("港元", Measure, ""),
    u("欧元", Measure, ""),
    u("日元", Measure, ""),
    arabic("km", Measure, ""),
    arabic("kg", Measure, ""),
    arabic("mg", Measure, ""),
    arabic("ml", Measure, ""),
    arabic("mm", Measure, ""),
    arabic("cm", Measure, ""),
    arabic("m²", Measure, ""),
    arabic("m³", Measure, ""),
    arabic("m", Measure, ""),
    u("㎡", Measure, ""),
    // parts of dates; never values
    u("年度", Year, ""),
    u("年", Year, "级龄轻"),
    u("月份", Date, ""),
    u("月", Date, ""),
    u("日", Date, ""),
    u("季度", Date, ""),
    arabic("时", Date, "间期代候效限刻机"),
    u("号", DocNo, ""),
    u("届", Session, ""),
];

/// The table by first char, each list longest first (in chars), so `件次`
/// wins over `件` and `个月` over `个`; a number is followed by one char, not
/// looked up in the whole table.
static UNITS: Lazy<UnitsByFirst> = Lazy::new(|| {
    let mut units: Vec<Keyed> = UNIT_TABLE.iter().map(Keyed::new).collect();
    units.sort_by_key(|k| std::cmp::Reverse(k.def.written.chars().count()));
    let (firsts, lists) = ByChar::new(units, |k| k.def.written).into_parts();
    let mut keyed = Vec::new();
    let mut entries = Vec::new();
    for (c, list) in firsts.into_iter().zip(lists) {
        let (Ok(start), Ok(len)) = (u8::try_from(keyed.len()), u8::try_from(list.len())) else {
            panic!("a list's start and length each fit a byte")
        };
        entries.push((c, u16::from(start) << 8 | u16::from(len)));
        keyed.extend(list);
    }
    UnitsByFirst {
        first: BmpMap::new(entries),
        keyed,
    }
});

/// The units by the char they start with. Asked after every number, most
/// often at a three-byte char: its list is found from the char's bytes, two
/// loads, not a decoded char's hash probe; the lists lie in one array, so
/// the entry gives the list with no further load (a list of lists would
/// add one, dependent on the entry).
struct UnitsByFirst {
    /// For each first char, its list in `keyed`: start in the high byte,
    /// length in the low one (zero: no unit starts with the char).
    first: BmpMap,
    keyed: Vec<Keyed>,
}

impl UnitsByFirst {
    /// The units that start with the char at byte `at` of `text`.
    #[inline]
    fn starting_at(&self, text: &str, at: usize) -> &[Keyed] {
        let entry = match *text.as_bytes().get(at..).unwrap_or_default() {
            [lead @ 0xE0..=0xEF, second, third, ..] => self.first.get_utf8(lead, second, third),
            _ => char_at(text, at).map_or(0, |c| self.first.get(c)),
        };
        let start = usize::from(entry >> 8);
        &self.keyed[start..start + usize::from(entry & 0xFF)]
    }
}

/// A unit of the table with the first eight bytes of its written form
/// (fewer for a short one) as one number, and which bytes of the eight
/// they are: asked after every number, so compared with the text's first
/// eight bytes there at once, not byte by byte.
struct Keyed {
    def: &'static UnitDef,
    head: u64,
    head_mask: u64,
    /// Bit `c % 64` of each char of `not_before`: most chars after a unit
    /// fail this one test, before the walk over the set.
    not_before_bits: u64,
}

impl Keyed {
    fn new(def: &'static UnitDef) -> Keyed {
        let written = def.written.as_bytes();
        Keyed {
            def,
            head: eight_bytes(written, 0),
            head_mask: first_bytes_mask(written.len()),
            not_before_bits: def
                .not_before
                .chars()
                .fold(0, |bits, c| bits | 1 << (c as u32 % 64)),
        }
    }

    /// Whether the char at byte `end`, right after the unit, shows that
    /// the unit is the start of another word.
    fn starts_word_at(&self, text: &str, end: usize) -> bool {
        self.not_before_bits != 0
            && char_at(text, end).is_some_and(|c| {
                self.not_before_bits >> (c as u32 % 64) & 1 == 1 && is_among(c, self.def.not_before)
            })
    }

    /// Whether the unit is written where the text's bytes start with `head`.
    fn written_at(&self, text: &str, at: usize, head: u64) -> bool {
        let written = self.def.written;
        head & self.head_mask == self.head && (written.len() <= 8 || starts_with(text, at, written))
    }
}

/// A unit found after a number.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub unit: &'static str,
    pub class: UnitClass,
    /// Byte offset just after the unit as written.
    pub end: usize,
}

/// Whether the char at byte `at` of `text` is one of `set`.
#[inline]
fn char_among(text: &str, at: usize, set: &str) -> bool {
    !set.is_empty() && char_at(text, at).is_some_and(|c| is_among(c, set))
}

/// The unit written at byte `at`, if any. `after_arabic` admits units that
/// only follow Arabic digits. `人(次)` and `家（次）` read as `人次` and `家次`.
pub(crate) fn unit_at(text: &str, at: usize, after_arabic: bool) -> Option<Unit> {
    let head = eight_bytes(text.as_bytes(), at);
    let def = UNITS
        .starting_at(text, at)
        .iter()
        .find(|k| {
            (after_arabic || !k.def.arabic_only)
                && k.written_at(text, at, head)
                && !k.starts_word_at(text, at + k.def.written.len())
        })?
        .def;
    let mut unit = Unit {
        unit: def.unit,
        class: def.class,
        end: at + def.written.len(),
    };
    // most counts are followed by no bracket (a full-width comma shares its
    // first two bytes): the words are not compared then
    let times = || {
        (text.as_bytes().get(unit.end) == Some(&b'(') || starts_with(text, unit.end, "（"))
            .then(|| {
                ["(次)", "（次）"]
                    .into_iter()
                    .find(|t| starts_with(text, unit.end, t))
            })
            .flatten()
    };
    if def.class == Count {
        if let Some(times) = times() {
            let compound = UNIT_TABLE
                .iter()
                .find(|d| d.written.strip_suffix('次') == Some(def.unit));
            if let Some(compound) = compound {
                unit.unit = compound.written;
                unit.end += times.len();
            }
        }
    }
    if def.arabic_only
        && text
            .as_bytes()
            .get(unit.end)
            .is_some_and(u8::is_ascii_alphabetic)
    {
        return None;
    }
    Some(unit)
}

/// A multiplier glued to an Arabic number: `万` = 4, `亿` = 8, `百万` = 6 …
/// (the power of ten) and the byte offset after it. `千` before `米`, `克`,
/// `瓦` is part of the unit, and `百` before `分` is `百分点`.
pub(crate) fn multiplier_at(text: &str, at: usize) -> Option<(u32, usize)> {
    const MULTIPLIERS: [(&str, u32, &str); 12] = [
        ("万亿", 12, ""),
        ("万万", 8, ""),
        ("千亿", 11, ""),
        ("百亿", 10, ""),
        ("十亿", 9, ""),
        ("千万", 7, ""),
        ("百万", 6, ""),
        ("十万", 5, ""),
        ("亿", 8, ""),
        ("万", 4, ""),
        ("千", 3, "米克瓦伏卡分"),
        ("百", 2, "分"),
    ];
    if !may_start_multiplier(text, at) {
        return None;
    }
    if !matches!(char_at(text, at), Some('万' | '千' | '百' | '十' | '亿')) {
        return None;
    }
    MULTIPLIERS.iter().find_map(|(word, power, not_before)| {
        let end = at + word.len();
        (starts_with(text, at, word) && !char_among(text, end, not_before)).then_some((*power, end))
    })
}

/// Whether a multiplier may start at byte `at`: the first two bytes of
/// `万` and `亿` (E4 B8, E4 BA), `千` and `十` (E5 8D) or `百` (E7 99).
/// Asked after every Arabic number, in line: the chars after most numbers
/// (`年`, `元`, `家`, `%`, a comma) fail it at once, and the glue, which
/// costs a call and a [`Decimal`] handed back, is not looked for.
#[inline(always)]
pub(crate) fn may_start_multiplier(text: &str, at: usize) -> bool {
    matches!(
        text.as_bytes().get(at..at + 2),
        Some([0xE4, 0xB8 | 0xBA] | [0xE5, 0x8D] | [0xE7, 0x99])
    )
}

/// The multiplier glued to an Arabic number at byte `at`, with the smaller
/// parts after it: `万` = ×10^4, `1万2千` = 12000, `3亿5千万` = 350000000,
/// `7万5千4百` = 75400. Returns the value and the end; None when there is no
/// multiplier or the value overflows.
pub(crate) fn glue_multipliers(text: &str, at: usize, value: Decimal) -> Option<(Decimal, usize)> {
    let (power, mut end) = multiplier_at(text, at)?;
    let mut value = scale(value, power)?;
    let mut last = power;
    while last >= 3 {
        let Some(part) = numerals::read_arabic(text, end, true) else {
            break;
        };
        let Some((power, after)) = multiplier_at(text, part.end).filter(|(p, _)| *p < last) else {
            break;
        };
        let Some(sum) = scale(part.value, power).and_then(|v| value.checked_add(v)) else {
            break;
        };
        value = sum;
        end = after;
        last = power;
    }
    Some((value, end))
}

/// `value` times ten to the `power`; None on overflow.
pub(crate) fn scale(value: Decimal, power: u32) -> Option<Decimal> {
    value.checked_mul(Decimal::from_i128_with_scale(10i128.pow(power), 0))
}

/// Whether a hedge that stands between a number and its unit is at byte
/// `at`: `80余件`, `100多家`, `200余万元`.
pub(crate) fn is_mid_hedge_at(text: &str, at: usize) -> bool {
    starts_with(text, at, "余") || starts_with(text, at, "多")
}

/// Hedges after the unit (or after a bare number): `50家以上`, `5万元左右`.
const HEDGES_AFTER: [&str; 2] = ["以上", "左右"];

/// The end of a hedge after the unit at byte `at`, if one is there. Asked
/// after every number: the first byte (`以` and `左` start with 0xE4 and
/// 0xE5) passes most places before the words are compared.
pub(crate) fn hedge_after(text: &str, at: usize) -> Option<usize> {
    if !matches!(text.as_bytes().get(at), Some(0xE4 | 0xE5)) {
        return None;
    }
    let h = HEDGES_AFTER.iter().find(|h| starts_with(text, at, h))?;
    Some(at + h.len())
}

/// Characters before 约 that make it part of a word (`签约`, `预约`, `节约`).
const NOT_YUE: &str = "预签履节合制公条违特邀集契简相婚和盟要隐缔规守践赴失誓纽租";

/// Hedges before a number, longest first, each with the characters that must
/// not stand right before it (`不超过` is a cap, `最近` is "recent").
const HEDGES_BEFORE: [(&str, &str); 7] = [
    ("超过", "不未没"),
    ("约为", NOT_YUE),
    ("约占", NOT_YUE),
    ("约合", NOT_YUE),
    ("约", NOT_YUE),
    ("近", "最附临就亲靠贴邻远"),
    ("逾", ""),
];

/// The start of a hedge that ends at byte `end` (where the number starts), if any.
#[cfg(test)]
fn hedge_before(text: &str, end: usize) -> Option<usize> {
    hedge_ending_in(text, end, char_before(text, end)?)
}

/// The start of a hedge that ends at byte `end` with the char `last` (the
/// char before the number, which the scanner has decoded already), if any.
/// Asked before every number, most of which have no hedge: one match on
/// the char before rules them out, in line, before the call that compares
/// the words ending in it.
#[inline(always)]
pub(crate) fn hedge_ending_in(text: &str, end: usize, last: char) -> Option<usize> {
    if !matches!(last, '过' | '为' | '占' | '合' | '约' | '近' | '逾') {
        return None;
    }
    hedge_word_ending_in(text, end, last)
}

/// [`hedge_ending_in`] where `last` ends some hedge word.
fn hedge_word_ending_in(text: &str, end: usize, last: char) -> Option<usize> {
    let mut ending = HEDGES_BEFORE
        .iter()
        .filter(|(word, _)| word.ends_with(last));
    ending.find_map(|(word, not_after)| {
        let start = ends_with(text, end, word)?;
        let blocked = char_before(text, start).is_some_and(|c| is_among(c, not_after));
        (!blocked).then_some(start)
    })
}

/// `人民币`, which may stand before or after an amount of money.
pub(crate) const RMB: &str = "人民币";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hedge_before_is_found() {
        for (word, _) in HEDGES_BEFORE {
            let text = format!("{word}3");
            assert_eq!(hedge_before(&text, word.len()), Some(0), "{word:?}");
        }
    }

    #[test]
    fn every_unit_is_among_those_of_its_first_char() {
        for def in UNIT_TABLE {
            let text = format!("{}。", def.written);
            assert!(
                UNITS
                    .starting_at(&text, 0)
                    .iter()
                    .any(|k| k.def.written == def.written),
                "{:?}",
                def.written
            );
        }
        assert!(UNITS.starting_at("。", 0).is_empty());
        assert!(UNITS.starting_at("", 0).is_empty());
    }

    #[test]
    fn longest_unit_wins() {
        assert_eq!(unit_at("件次", 0, true).unwrap().unit, "件次");
        assert_eq!(unit_at("个月内", 0, false).unwrap().unit, "个月");
    }

    #[test]
    fn written_times_form() {
        let u = unit_at("人(次)", 0, true).unwrap();
        assert_eq!((u.unit, u.end), ("人次", "人(次)".len()));
        let u = unit_at("家（次）", 0, true).unwrap();
        assert_eq!((u.unit, u.end), ("家次", "家（次）".len()));
    }

    #[test]
    fn words_are_not_units() {
        for word in ["处罚", "期间", "人民", "名单", "元旦", "台账", "起点"] {
            assert!(unit_at(word, 0, true).is_none(), "{word}");
        }
        assert_eq!(unit_at("人民币", 0, true).unwrap().class, Money);
        assert!(unit_at("一时间", 3, false).is_none());
    }

    #[test]
    fn every_multiplier_passes_the_byte_test() {
        for c in ['万', '亿', '千', '百', '十'] {
            assert!(may_start_multiplier(&format!("{c}元"), 0), "{c}");
        }
        for text in ["元", "年", "家", "%", "，", "", "\u{e4}"] {
            assert!(!may_start_multiplier(text, 0), "{text:?}");
        }
    }

    #[test]
    fn multipliers() {
        assert_eq!(multiplier_at("百万元", 0), Some((6, 6)));
        assert_eq!(multiplier_at("千米", 0), None);
        assert_eq!(multiplier_at("百分点", 0), None);
    }

    #[test]
    fn glued_multipliers_with_lower_parts() {
        let glued = |s: &str| {
            glue_multipliers(s, 0, Decimal::ONE)
                .map(|(v, e)| (v.to_string(), s[..e].chars().count()))
        };
        assert_eq!(glued("万2千元"), Some(("12000".into(), 3)));
        assert_eq!(glued("万5千4百"), Some(("15400".into(), 5)));
        assert_eq!(glued("亿5千万"), Some(("150000000".into(), 4)));
        assert_eq!(glued("万5千米"), Some(("10000".into(), 1)));
        assert_eq!(glued("元"), None);
    }

    #[test]
    fn hedges_after() {
        for word in HEDGES_AFTER {
            assert_eq!(word.as_bytes()[0] & 0xFE, 0xE4, "{word}");
            let text = format!("家{word}");
            assert_eq!(hedge_after(&text, 3), Some(text.len()), "{word}");
        }
        assert_eq!(hedge_after("家以下", 3), None);
    }

    #[test]
    fn hedges_before() {
        assert_eq!(hedge_before("约3", 3), Some(0));
        assert_eq!(hedge_before("签约3", 6), None);
        assert_eq!(hedge_before("不超过3", 9), None);
        assert_eq!(hedge_before("最近3", 6), None);
    }
}
