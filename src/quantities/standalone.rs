//! One number written on its own, such as a table cell or an entry of a
//! numeral test corpus: `一千零一`, `负三十二`, `4.78万亿`, `一七二零点一`,
//! `7万5千4百`, `1,050,000`. Unlike the scanner, it takes bare Chinese
//! numerals, since the whole text is known to be a number.

use super::numerals::{self, Numeral};
use super::units;
use rust_decimal::Decimal;

/// The value of `text` when all of it (spaces aside) is one number; None otherwise.
pub fn parse_number(text: &str) -> Option<Decimal> {
    let compacted = compact(text);
    let (negative, body) = match compacted.strip_prefix(['-', '－', '−', '负', '負']) {
        Some(rest) => (true, rest),
        None => (false, compacted.as_str()),
    };
    let first = body.chars().next()?;
    let value = if numerals::is_digit(first) || first == '.' {
        arabic(body)?
    } else {
        chinese(body)?
    };
    Some(if negative { -value } else { value }.normalize())
}

/// `text` without spaces, except one between two digits (`3 197`); a
/// full-width comma reads as a thousands separator (`３，５６５`).
fn compact(text: &str) -> String {
    let all: Vec<char> = text
        .trim()
        .chars()
        .map(|c| if c == '，' { ',' } else { c })
        .collect();
    all.iter()
        .enumerate()
        .filter(|(i, c)| {
            !c.is_whitespace()
                || (**c == ' '
                    && i.checked_sub(1).is_some_and(|k| numerals::is_digit(all[k]))
                    && all.get(i + 1).is_some_and(|n| numerals::is_digit(*n)))
        })
        .map(|(_, c)| *c)
        .collect()
}

/// `1,234.5`, `.77`, `3.5万`, `5万4千6百`, `100K`, `1.2M`.
fn arabic(body: &str) -> Option<Decimal> {
    let padded: String;
    let body = if body.starts_with('.') {
        padded = format!("0{body}");
        &padded
    } else {
        body
    };
    let read = numerals::read_arabic(body, 0, false)?;
    let (mut value, mut end) = (read.value, read.end);
    if let Some((glued, after)) = units::glue_multipliers(body, end, value) {
        (value, end) = (glued, after);
    }
    let power = match body.as_bytes().get(end) {
        Some(b'k' | b'K') => Some(3),
        Some(b'M') => Some(6),
        Some(b'G') => Some(9),
        _ => None,
    };
    if let Some(power) = power {
        value = units::scale(value, power)?;
        end += 1;
    }
    (end == body.len()).then_some(value)
}

/// `一百零一`, `拾`, `零点五`, `点一`, `一七二零点一三四`, `四万万`.
fn chinese(body: &str) -> Option<Decimal> {
    let only_big_units = body.chars().all(|c| {
        matches!(
            numerals::numeral(c),
            Some(Numeral::Big(_) | Numeral::Small(100 | 1000))
        )
    });
    if only_big_units {
        return None;
    }
    let first = body.chars().next()?;
    let (int, end) = if first == '点' {
        (Decimal::ZERO, 0)
    } else if let Some(read) = numerals::read_chinese(body, 0) {
        (read.value, read.end)
    } else if numerals::numeral(first) == Some(Numeral::Digit(0)) {
        // a lone 零, which the scanner never reads as a number
        (Decimal::ZERO, first.len_utf8())
    } else {
        return None;
    };
    let (value, end) = match numerals::read_chinese_fraction(body, end) {
        Some((digits, after)) => (format!("{int}.{digits}").parse().ok()?, after),
        None => (int, end),
    };
    (end == body.len()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<String> {
        parse_number(text).map(|v| v.to_string())
    }

    #[test]
    fn chinese_numbers() {
        for (text, value) in [
            ("一", "1"),
            ("拾", "10"),
            ("一十一", "11"),
            ("一千零一万零一", "10010001"),
            ("十亿零一万零一", "1000010001"),
            ("一千亿一千万一千零一", "100010001001"),
            ("四亿五千六百四十二万零一十五", "456420015"),
            ("九百九", "990"),
            ("百三", "130"),
            ("四万万", "400000000"),
            ("零", "0"),
            ("零点零一", "0.01"),
            ("点一", "0.1"),
            ("一七二零点一三四", "1720.134"),
            ("负三十二", "-32"),
            ("一百 五 十 二", "152"),
        ] {
            assert_eq!(parsed(text).as_deref(), Some(value), "{text}");
        }
    }

    #[test]
    fn arabic_numbers() {
        for (text, value) in [
            ("1.10", "1.1"),
            ("01.10", "1.1"),
            (".77", "0.77"),
            ("34,567", "34567"),
            ("３，５６５", "3565"),
            ("- 1,200,000", "-1200000"),
            ("负1200000", "-1200000"),
            ("4.78万亿", "4780000000000"),
            ("7万5千4百", "75400"),
            ("5亿1万4千6百", "500014600"),
            ("100K", "100000"),
            ("1.04M", "1040000"),
            ("3 197", "3197"),
        ] {
            assert_eq!(parsed(text).as_deref(), Some(value), "{text}");
        }
    }

    #[test]
    fn not_one_number() {
        for text in [
            "",
            "万",
            "万万",
            "百",
            "一切",
            "3家",
            "零点点",
            "1.2.3",
            "-",
            "负",
        ] {
            assert_eq!(parsed(text), None, "{text}");
        }
    }
}
