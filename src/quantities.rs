//! Number mentions in Chinese text (stub: being written).
use rust_decimal::Decimal;

/// What a number measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An amount of money; value in 元.
    Money,
    /// A rate; value in percent points.
    Rate,
    /// A count with a measure word (件, 起, 家次 …).
    Count,
    /// A bare number with no unit the scanner knows (table cells).
    Number,
}

/// Why a number is never a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    Date,
    Year,
    DocumentNumber,
    SectionNumber,
    Title,
    SetPhrase,
    Ordinal,
    Range,
    Phone,
}

/// One number with its unit, as found in normalized text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte offset where the mention starts (a leading hedge such as 约 included).
    pub start: usize,
    /// Byte offset just after the mention (unit and trailing hedge included).
    pub end: usize,
    /// Byte span of the number itself.
    pub num_start: usize,
    pub num_end: usize,
    /// Normalized value: 元 for money, percent points for rates, plain for counts.
    pub value: Decimal,
    /// `元`, `%`, the measure word as written (`家次`), or empty for a bare number.
    pub unit: String,
    pub kind: Kind,
    /// The text hedges the number (余, 多, 以上, 左右 after; 约, 近, 逾, 超过 before).
    pub approx: bool,
}

/// A number the scanner saw, with the reason it is never a value, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub quantity: Quantity,
    pub excluded: Option<Exclusion>,
}

/// Every number in `text`, excluded ones included, in text order.
pub fn scan_all(text: &str) -> Vec<Mention> {
    // Interim scanner (Arabic digits only) until the full number layer lands.
    use once_cell::sync::Lazy;
    static RE: Lazy<regex::Regex> = Lazy::new(|| {
        regex::Regex::new(r"(约|近|逾|超过)?(\d+(?:,\d{3})*(?: \d{3})*(?:\.\d+)?)(余|多)?(万|亿|千)?(元人民币|元|%|件次|家次|户次|人次|台次|辆次|车次|人\(次\)|起|件|家|户|份|卷|个|次|宗|项|人|名|条|处|台|辆|例|所|年|月|日|号)?(以上|左右)?").unwrap()
    });
    let mut out = Vec::new();
    for c in RE.captures_iter(text) {
        let m = c.get(0).unwrap();
        let num: String = c[2]
            .chars()
            .filter(|ch| ch.is_ascii_digit() || *ch == '.')
            .collect();
        let Ok(mut value) = num.parse::<Decimal>() else {
            continue;
        };
        let mult = c.get(4).map(|m| m.as_str());
        let unit = c.get(5).map_or("", |m| m.as_str());
        match mult {
            Some("万") => value *= Decimal::from(10000),
            Some("亿") => value *= Decimal::from(100000000),
            Some("千") => value *= Decimal::from(1000),
            _ => {}
        }
        let (kind, unit) = match unit {
            "元" | "元人民币" => (Kind::Money, "元".to_string()),
            "%" => (Kind::Rate, "%".to_string()),
            "" => (Kind::Number, String::new()),
            "人(次)" => (Kind::Count, "人次".to_string()),
            u => (Kind::Count, u.to_string()),
        };
        let excluded =
            matches!(unit.as_str(), "年" | "月" | "日" | "号").then_some(Exclusion::Date);
        out.push(Mention {
            quantity: Quantity {
                start: m.start(),
                end: m.end(),
                num_start: c.get(2).unwrap().start(),
                num_end: c.get(2).unwrap().end(),
                value: value.normalize(),
                unit,
                kind,
                approx: c.get(1).is_some() || c.get(3).is_some() || c.get(6).is_some(),
            },
            excluded,
        });
    }
    out
}

/// The numbers in `text` that can be values, in text order.
pub fn scan(text: &str) -> Vec<Quantity> {
    scan_all(text)
        .into_iter()
        .filter(|m| m.excluded.is_none())
        .map(|m| m.quantity)
        .collect()
}
