//! Number words to exact decimals: Arabic digit strings (thousands commas,
//! space-grouped thousands, decimals, full-width digits) and Chinese numerals
//! (plain, financial, digit by digit). Positions are byte offsets into a text.

use super::text::{char_at, next_char, starts_with};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The value of an ASCII or full-width digit.
pub(crate) fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => u8::try_from(c as u32 - '０' as u32).ok(),
        _ => None,
    }
}

pub(crate) fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Separators allowed between groups of three digits: a comma, or one plain,
/// no-break or thin space (`3 197`).
const GROUP_SPACES: [char; 4] = [' ', '\u{a0}', '\u{2009}', '\u{202f}'];

/// An Arabic number read from the text.
#[derive(Debug, Clone)]
pub(crate) struct Arabic {
    pub value: Decimal,
    /// Byte offset just after the last digit.
    pub end: usize,
    pub form: ArabicForm,
}

/// How an Arabic number is written: what the judgements of its shape ask,
/// kept apart from its value and span, which the scanner keeps once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ArabicForm {
    /// How many digits stand before the decimal point (separators left out).
    pub int_digits: usize,
    /// How many digits stand after the decimal point, if there is one.
    pub fraction_digits: Option<usize>,
    /// Written with thousands separators.
    pub grouped: bool,
}

/// A run of digits in a row: how many, where it ends, and their value as
/// an integer, read in the one walk over them (the value wraps past
/// [`U64_DIGITS`] digits, where it is not used).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DigitRun {
    pub(crate) len: usize,
    /// Byte offset just after the last digit.
    pub(crate) end: usize,
    value: u64,
}

/// The run of digits at byte `at` of `text`, taking at most `most` digits.
/// Read from the bytes: an ASCII digit is its byte, a full-width one
/// `EF BC 90`…`EF BC 99`, and no char is decoded.
#[inline]
fn digit_run_of(text: &str, at: usize, most: usize) -> DigitRun {
    let bytes = text.as_bytes();
    let mut run = DigitRun {
        len: 0,
        end: at,
        value: 0,
    };
    while run.len < most {
        // a byte at a time, not a slice of the rest matched: the slice
        // is made again at every digit
        let d = match bytes.get(run.end) {
            Some(&b @ b'0'..=b'9') => {
                run.end += 1;
                b - b'0'
            }
            Some(0xEF) => match bytes.get(run.end + 1..run.end + 3) {
                Some(&[0xBC, third @ 0x90..=0x99]) => {
                    run.end += 3;
                    third - 0x90
                }
                _ => break,
            },
            _ => break,
        };
        run.len += 1;
        run.value = run.value.wrapping_mul(10).wrapping_add(u64::from(d));
    }
    run
}

/// The run of digits at byte `at` of `text`.
pub(crate) fn digit_run(text: &str, at: usize) -> DigitRun {
    digit_run_of(text, at, usize::MAX)
}

/// Read an Arabic number starting at byte `start`. With `integers_only`,
/// stop at the first non-digit (no separators, no decimal point): used
/// inside dates, codes and phone numbers, where `.` and `,` separate fields.
/// The digits are read where they stand, not copied.
pub(crate) fn read_arabic(text: &str, start: usize, integers_only: bool) -> Option<Arabic> {
    read_arabic_from(text, start, digit_run(text, start), integers_only)
}

/// [`read_arabic`] for a caller that has read the run of digits at `start`
/// already (`lead`): each digit is read once.
pub(crate) fn read_arabic_from(
    text: &str,
    start: usize,
    lead: DigitRun,
    integers_only: bool,
) -> Option<Arabic> {
    if lead.len == 0 {
        return None;
    }
    let mut int_digits = lead.len;
    let mut mantissa = lead.value;
    let mut j = lead.end;
    let mut grouped = false;
    if !integers_only && lead.len <= 3 && !starts_with_zero(text, start) {
        let groups = read_groups(text, j);
        if groups.count > 0 {
            int_digits += 3 * groups.count;
            grouped = true;
            mantissa = groups
                .values
                .iter()
                .take(groups.count.min(GROUPS_KEPT))
                .fold(mantissa, |m, &g| {
                    m.wrapping_mul(1000).wrapping_add(u64::from(g))
                });
            j = groups.end;
        }
    }
    let int_end = j;
    let mut fraction = DigitRun {
        len: 0,
        end: j,
        value: 0,
    };
    if let Some(point) = decimal_point(text, j).filter(|_| !integers_only) {
        fraction = digit_run(text, point);
        if fraction.len > 0 {
            j = fraction.end;
        }
    }
    let value = if int_digits + fraction.len <= U64_DIGITS {
        let shift = 10u64.pow(u32::try_from(fraction.len).ok()?);
        exact_decimal(mantissa * shift + fraction.value, fraction.len)
    } else {
        // too many digits for a u64 (rare: longer than any amount in a
        // report): read again, as text
        let fraction_text = match decimal_point(text, int_end) {
            Some(point) if fraction.len > 0 => &text[point..j],
            _ => "",
        };
        decimal_of(
            digits_in(&text[start..int_end]),
            digits_in(fraction_text),
            fraction.len,
        )
    }?;
    Some(Arabic {
        value,
        end: j,
        form: ArabicForm {
            int_digits,
            fraction_digits: (fraction.len > 0).then_some(fraction.len),
            grouped,
        },
    })
}

/// The values of the digits in `text` (separators passed over).
fn digits_in(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.chars().filter_map(digit_value)
}

/// Most digits whose value a `u64` holds whatever they are: the digits of
/// a number are read into one as they are walked, and the [`Decimal`] made
/// from it once, where the walk in an `i128` (all the digits a Decimal
/// holds) costs a double-word multiply at each digit.
const U64_DIGITS: usize = 19;

/// The value of the digits `int`, with the decimal digits `fraction`, as
/// [`Decimal::from_str`] reads `int.fraction`: for numbers of more digits
/// than a `u64` holds (fewer are built from their digits at once).
fn decimal_of(
    int: impl Iterator<Item = u8>,
    fraction: impl Iterator<Item = u8>,
    fraction_len: usize,
) -> Option<Decimal> {
    let digit = |d: u8| char::from(b'0' + d);
    let mut literal: String = int.map(digit).collect();
    if fraction_len > 0 {
        literal.push('.');
        literal.extend(fraction.map(digit));
    }
    Decimal::from_str(&literal).ok()
}

/// The Decimal `mantissa` × 10^-`scale`, for at most [`U64_DIGITS`]
/// digits: the mantissa's two low words as they are.
fn exact_decimal(mantissa: u64, scale: usize) -> Option<Decimal> {
    let scale = u32::try_from(scale).ok()?;
    let (low, middle) = (mantissa as u32, (mantissa >> 32) as u32);
    Some(Decimal::from_parts(low, middle, 0, false, scale))
}

/// Most groups whose values [`Groups`] keeps: more digits than a `u64`
/// holds are read again from the text.
const GROUPS_KEPT: usize = U64_DIGITS / 3;

/// Thousands groups after the leading group.
struct Groups {
    count: usize,
    /// Byte offset where they end.
    end: usize,
    /// The value of each of the first [`GROUPS_KEPT`] groups.
    values: [u16; GROUPS_KEPT],
}

/// Thousands groups after the leading group: `,234,567` or ` 197`. All groups
/// use the separator of the first; each is exactly three digits.
fn read_groups(text: &str, mut j: usize) -> Groups {
    let mut groups = Groups {
        count: 0,
        end: j,
        values: [0; GROUPS_KEPT],
    };
    // a separator starts with one of these bytes: most chars after a
    // number start with none, and are not decoded
    if !matches!(text.as_bytes().get(j), Some(b',' | b' ' | 0xC2 | 0xE2)) {
        return groups;
    }
    let Some(sep) = char_at(text, j).filter(|c| *c == ',' || GROUP_SPACES.contains(c)) else {
        return groups;
    };
    while starts_with_char(text, j, sep) {
        let three = digit_run_of(text, j + sep.len_utf8(), 4);
        if three.len != 3 {
            break;
        }
        if let Some(value) = groups.values.get_mut(groups.count) {
            *value = three.value as u16;
        }
        groups.count += 1;
        j = three.end;
    }
    groups.end = j;
    groups
}

/// The byte after a decimal point (`.` or `．`) at byte `at` of `text`, if
/// one is there (told from the bytes).
pub(crate) fn decimal_point(text: &str, at: usize) -> Option<usize> {
    if text.as_bytes().get(at) == Some(&b'.') {
        Some(at + 1)
    } else {
        starts_with(text, at, "．").then_some(at + "．".len())
    }
}

/// Whether the digit at byte `at` of `text` is a zero (read from its bytes).
fn starts_with_zero(text: &str, at: usize) -> bool {
    text.as_bytes().get(at) == Some(&b'0') || starts_with(text, at, "０")
}

/// Whether `c` is written at byte `at` of `text`.
fn starts_with_char(text: &str, at: usize, c: char) -> bool {
    char_at(text, at) == Some(c)
}

/// One Chinese numeral character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numeral {
    /// 零〇一二两三… and the financial 壹贰叁…
    Digit(u8),
    /// 十拾 (10), 百佰 (100), 千仟 (1000).
    Small(u32),
    /// 万 (10^4) or 亿 (10^8), given as the exponent.
    Big(u32),
}

pub(crate) fn numeral(c: char) -> Option<Numeral> {
    use Numeral::*;
    Some(match c {
        '零' | '〇' | '○' => Digit(0),
        '一' | '壹' | '弌' => Digit(1),
        '二' | '两' | '贰' | '貳' | '兩' => Digit(2),
        '三' | '叁' | '叄' | '參' => Digit(3),
        '四' | '肆' => Digit(4),
        '五' | '伍' => Digit(5),
        '六' | '陆' | '陸' => Digit(6),
        '七' | '柒' => Digit(7),
        '八' | '捌' => Digit(8),
        '九' | '玖' => Digit(9),
        '十' | '拾' => Small(10),
        '百' | '佰' => Small(100),
        '千' | '仟' => Small(1000),
        '万' | '萬' => Big(4),
        '亿' | '億' => Big(8),
        _ => return None,
    })
}

/// Every char [`numeral`] reads, for a quick look at each char of a text.
pub(crate) const NUMERAL_CHARS: &[char] = &[
    '零', '〇', '○', '一', '壹', '弌', '二', '两', '贰', '貳', '兩', '三', '叁', '叄', '參', '四',
    '肆', '五', '伍', '六', '陆', '陸', '七', '柒', '八', '捌', '九', '玖', '十', '拾', '百', '佰',
    '千', '仟', '万', '萬', '亿', '億',
];

pub(crate) fn is_numeral(c: char) -> bool {
    numeral(c).is_some()
}

/// A Chinese numeral read from the text.
#[derive(Debug, Clone)]
pub(crate) struct Chinese {
    pub value: Decimal,
    /// Byte offset just after the numeral.
    pub end: usize,
    /// How many digits, when written digit by digit (0 otherwise).
    pub digits: usize,
    /// Written digit by digit (`二〇二三`).
    pub digitwise: bool,
    /// Two different digits side by side (`三四`): "three or four", not 34;
    /// the value is the lower end.
    pub pair: bool,
    /// Starts with a bare 百, 千, 万 or 亿 (`百余家`, `近千人`).
    pub bare: bool,
    /// More numeral characters follow that do not fit the grammar (`三十五六`).
    pub leftover: bool,
}

/// Longest digit-by-digit numeral read (20 digits keeps any value exact).
const MAX_DIGITWISE: usize = 20;

/// The numeral at byte `at` of `text`, with the byte after it.
fn numeral_at(text: &str, at: usize) -> Option<(Numeral, usize)> {
    let c = char_at(text, at)?;
    Some((numeral(c)?, at + c.len_utf8()))
}

/// Read a Chinese numeral starting at byte `start`, as far as the grammar
/// allows. `一百二十` = 120, `两千零五十` = 2050, `一万二` = 12000, `十四` =
/// 14, `壹拾贰万` = 120000, `二〇二三` = 2023.
pub(crate) fn read_chinese(text: &str, start: usize) -> Option<Chinese> {
    let (first, second_at) = numeral_at(text, start)?;
    let second = numeral_at(text, second_at);
    if let (Numeral::Digit(_), Some((Numeral::Digit(_), _))) = (first, second) {
        return Some(read_digitwise(text, start));
    }
    let mut acc = Accumulator::default();
    let mut j = start;
    // the numeral at `j`, each read once: taken, or where the reading stops
    let mut next = Some((first, second_at));
    while let Some((n, after)) = next {
        if !acc.push(n, j == start) {
            break;
        }
        j = after;
        next = if after == second_at {
            second
        } else {
            numeral_at(text, after)
        };
    }
    if !acc.saw_nonzero {
        return None;
    }
    let value = Decimal::from_i128_with_scale(i128::try_from(acc.value()).ok()?, 0);
    Some(Chinese {
        value,
        end: j,
        digits: 0,
        digitwise: false,
        pair: false,
        bare: acc.bare,
        leftover: next.is_some(),
    })
}

fn read_digitwise(text: &str, start: usize) -> Chinese {
    let mut value: u128 = 0;
    let mut j = start;
    let mut digits = 0;
    let mut has_zero = false;
    // the first two digits, to tell a pair
    let mut first_two = ['\0'; 2];
    while digits < MAX_DIGITWISE {
        let Some(c) = char_at(text, j) else {
            break;
        };
        let Some(Numeral::Digit(d)) = numeral(c) else {
            break;
        };
        if let Some(slot) = first_two.get_mut(digits) {
            *slot = c;
        }
        has_zero |= d == 0;
        value = value * 10 + u128::from(d);
        j += c.len_utf8();
        digits += 1;
    }
    let pair = digits == 2 && !has_zero && first_two[0] != first_two[1];
    if pair {
        // 三四家 is "three or four": keep the lower end
        value /= 10;
    }
    Chinese {
        value: Decimal::from_i128_with_scale(value as i128, 0),
        end: j,
        digits,
        digitwise: true,
        pair,
        bare: false,
        leftover: numeral_at(text, j).is_some(),
    }
}

/// State of the positional reading of a Chinese numeral.
#[derive(Default)]
struct Accumulator {
    /// Value closed by 亿.
    yi: u128,
    /// Value closed by 万 within the current 亿 group.
    wan: u128,
    /// Value below 万.
    small: u128,
    /// A digit waiting for its unit.
    digit: Option<u128>,
    /// The last 十/百/千 used below 万 (units must decrease).
    last_small: Option<u128>,
    /// The unit just before a trailing digit, for `一万二` = 12000.
    last_unit: u128,
    /// A 零 stands between the last unit and the trailing digit.
    zero: bool,
    seen_wan: bool,
    seen_yi: bool,
    bare: bool,
    saw_nonzero: bool,
}

impl Accumulator {
    /// Take one more numeral; false when it does not fit (it is not consumed).
    fn push(&mut self, n: Numeral, first: bool) -> bool {
        match n {
            Numeral::Digit(0) => {
                if self.digit.is_some() {
                    return false;
                }
                self.zero = true;
            }
            Numeral::Digit(d) => {
                if self.digit.is_some() {
                    return false;
                }
                self.digit = Some(u128::from(d));
                self.saw_nonzero = true;
            }
            Numeral::Small(u) => {
                let u = u128::from(u);
                if self.last_small.is_some_and(|l| u >= l) {
                    return false;
                }
                let d = match self.digit.take() {
                    Some(d) => d,
                    None if u == 10 => 1,
                    None if first => {
                        self.bare = true;
                        1
                    }
                    None => return false,
                };
                self.small += d * u;
                self.last_small = Some(u);
                self.last_unit = u;
                self.zero = false;
                self.saw_nonzero = true;
            }
            Numeral::Big(e) => {
                let mut part = self.small + self.digit.take().unwrap_or(0);
                let wan_wan = e == 4 && part == 0 && self.seen_wan && !self.seen_yi && !self.zero;
                if wan_wan {
                    // 四万万 = 4 亿
                    self.yi = self.wan * 10_000;
                    self.wan = 0;
                    self.seen_wan = false;
                    self.seen_yi = true;
                } else {
                    if part == 0 {
                        if !first {
                            return false;
                        }
                        self.bare = true;
                        part = 1;
                    }
                    if !self.close_group(e, part) {
                        return false;
                    }
                }
                self.small = 0;
                self.last_small = None;
                self.last_unit = if wan_wan { 100_000_000 } else { 10u128.pow(e) };
                self.zero = false;
                self.saw_nonzero = true;
            }
        }
        true
    }

    /// Close the group below 万 (`e` = 4) or 亿 (`e` = 8) with `part`.
    fn close_group(&mut self, e: u32, part: u128) -> bool {
        if e == 4 {
            if self.seen_wan {
                return false;
            }
            self.wan = part * 10_000;
            self.seen_wan = true;
        } else {
            if self.seen_yi {
                return false;
            }
            self.yi = (self.wan + part) * 100_000_000;
            self.wan = 0;
            self.seen_wan = false;
            self.seen_yi = true;
        }
        true
    }

    fn value(&self) -> u128 {
        let tail = match self.digit {
            // 一万二 = 12000, 三千五 = 3500, 十四 = 14
            Some(d) if !self.zero && self.last_unit >= 10 => d * self.last_unit / 10,
            Some(d) => d,
            None => 0,
        };
        self.yi + self.wan + self.small + tail
    }
}

/// Chinese decimal digits after 点 (`九十八点五`): returns the digits and the end.
pub(crate) fn read_chinese_fraction(text: &str, start: usize) -> Option<(String, usize)> {
    if char_at(text, start) != Some('点') {
        return None;
    }
    let mut digits = String::new();
    let mut j = next_char(text, start);
    while let Some((Numeral::Digit(d), after)) = numeral_at(text, j) {
        digits.push(char::from(b'0' + d));
        j = after;
    }
    (!digits.is_empty()).then_some((digits, j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeral_chars_are_the_chars_read() {
        let read: String = (char::MIN..=char::MAX).filter(|&c| is_numeral(c)).collect();
        let mut listed = NUMERAL_CHARS.to_vec();
        listed.sort_unstable();
        assert_eq!(read, listed.into_iter().collect::<String>());
    }

    /// How many chars stand before byte `end` of `s`.
    fn chars_to(s: &str, end: usize) -> usize {
        s[..end].chars().count()
    }

    fn chinese(s: &str) -> (String, usize) {
        let c = read_chinese(s, 0).unwrap();
        (c.value.to_string(), chars_to(s, c.end))
    }

    fn arabic(s: &str) -> (String, usize) {
        let a = read_arabic(s, 0, false).unwrap();
        (a.value.normalize().to_string(), chars_to(s, a.end))
    }

    #[test]
    fn chinese_positional() {
        assert_eq!(chinese("十二"), ("12".into(), 2));
        assert_eq!(chinese("一百二十万"), ("1200000".into(), 5));
        assert_eq!(chinese("壹拾贰万"), ("120000".into(), 4));
        assert_eq!(chinese("三千五百"), ("3500".into(), 4));
        assert_eq!(chinese("一万二千"), ("12000".into(), 4));
        assert_eq!(chinese("一万二"), ("12000".into(), 3));
        assert_eq!(chinese("两千零五十"), ("2050".into(), 5));
        assert_eq!(chinese("一百零五"), ("105".into(), 4));
        assert_eq!(chinese("三亿五千万"), ("350000000".into(), 5));
        assert_eq!(chinese("一千零一十"), ("1010".into(), 5));
    }

    #[test]
    fn chinese_stops_where_the_grammar_ends() {
        let c = read_chinese("十四五", 0).unwrap();
        assert_eq!(
            (c.value.to_string(), chars_to("十四五", c.end), c.leftover),
            ("14".into(), 2, true)
        );
        let c = read_chinese("百余", 0).unwrap();
        assert!(c.bare);
        assert!(read_chinese("零", 0).is_none());
        assert!(read_chinese("一百百", 0).unwrap().leftover);
    }

    #[test]
    fn chinese_digit_by_digit() {
        let c = read_chinese("二〇二三年", 0).unwrap();
        assert_eq!(
            (
                c.value.to_string(),
                chars_to("二〇二三年", c.end),
                c.digitwise
            ),
            ("2023".into(), 4, true)
        );
        assert!(read_chinese("三四家", 0).unwrap().pair);
        assert!(!read_chinese("一一", 0).unwrap().pair);
    }

    #[test]
    fn arabic_forms() {
        assert_eq!(arabic("1,234家"), ("1234".into(), 5));
        assert_eq!(arabic("1,234,567.5元"), ("1234567.5".into(), 11));
        assert_eq!(arabic("3 197户次"), ("3197".into(), 5));
        assert_eq!(arabic("0 0 0"), ("0".into(), 1));
        assert_eq!(arabic("1,23"), ("1".into(), 1));
        assert_eq!(arabic("60.25万"), ("60.25".into(), 5));
        assert_eq!(arabic("３０６家"), ("306".into(), 3));
        assert_eq!(arabic("97．86％"), ("97.86".into(), 5));
        assert_eq!(arabic("12 3456"), ("12".into(), 2));
        assert_eq!(arabic("1."), ("1".into(), 1));
    }

    #[test]
    fn numbers_read_as_decimal_reads_them() {
        let long = "1".repeat(30);
        for (int, fraction) in [
            ("0", None),
            ("0123", Some("450")),
            ("1", Some("0")),
            ("9999999999999999999999999999", None),
            ("9999999999999999999", None),
            ("18446744073709551615", None),
            ("99999999999999999999", None),
            ("999999999", Some("9999999999")),
            ("999999999", Some("99999999999")),
            ("99999999999999999999", Some("12345678")),
            ("99999999999999999999", Some("123456789")),
            (long.as_str(), None),
            ("1", Some(long.as_str())),
        ] {
            let literal = match fraction {
                Some(f) => format!("{int}.{f}"),
                None => int.to_string(),
            };
            let read = Decimal::from_str(&literal).ok();
            let built = read_arabic(&literal, 0, false).map(|a| a.value);
            assert_eq!(built, read, "{literal}");
            assert_eq!(built.map(|d| d.scale()), read.map(|d| d.scale()));
        }
    }

    #[test]
    fn arabic_integers_only() {
        let a = read_arabic("2024.3.8", 0, true).unwrap();
        assert_eq!((a.value.to_string(), a.end), ("2024".into(), 4));
    }

    #[test]
    fn chinese_fraction() {
        assert_eq!(read_chinese_fraction("点五", 0), Some(("5".into(), 6)));
        assert_eq!(read_chinese_fraction("点意见", 0), None);
    }
}
