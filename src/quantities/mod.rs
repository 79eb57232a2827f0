//! Number mentions in normalized Chinese report text: the number layer under the
//! indicator rules.
//!
//! [`scan_all`] reads a text once, left to right, and returns every number it
//! sees with its unit and hedges: Arabic digits (`1,234`, `3 197`, `60.25`),
//! Chinese numerals plain, financial and digit by digit (`一百二十`, `壹拾贰`,
//! `二〇二三`), mixes (`3.5万`, `1.2亿元`, `200余万元`) and rates (`97.86%`,
//! `百分之九十八`). Money is normalized to 元, rates to percent points; values
//! are exact [`Decimal`]s, never floats.
//!
//! Numbers that are never indicator values (dates, years, document and section
//! numbers, ordinals, ranges, phone numbers, numbers inside `《…》` titles and
//! inside set phrases such as `十四五` or `双随机、一公开`) are reported with the
//! [`Exclusion`] that rules them out; [`scan`] keeps only the others.
//!
//! [`parse_number`] reads a text that is one number and nothing else (a
//! table cell, a numeral corpus entry), bare Chinese numerals included.
//!
//! Layout: `numerals` reads number words; `units` knows what may follow or
//! precede them (units, multipliers, hedges); `words` guards Chinese numerals
//! against ordinary words (`一起开展`, `唯一`); `context` marks the stretches of
//! text where numbers are never values (set phrases come from
//! `set_phrases.txt`; its char tables are `crate::lookup`'s; its patterns
//! are matched by `pattern`); `scanner` runs the pass, with `surroundings` reading what stands
//! around each number and `judgement` deciding whether it is ever a value;
//! `standalone` reads a lone number; `text` reads chars and words at the
//! byte offsets they all work with.
//!
//! Choices worth knowing:
//! - Chinese numerals are taken only with a unit after them (or after `百分之`,
//!   or where a context names them, e.g. a section number `二、`); bare Arabic
//!   numbers are taken with kind [`Kind::Number`] and an empty unit.
//! - Lengths, weights, areas, durations, `倍`, `岁`, `个百分点` and foreign
//!   currencies are kind [`Kind::Number`] with the unit as written; only measure
//!   words of things counted in reports (`件`, `家次`, `人`…) are [`Kind::Count`].
//! - `num_start..num_end` covers the contiguous numeral, with a multiplier glued
//!   to it (`60.25万` in `60.25万元`; only `200` in `200余万元`; `九十八` in
//!   `百分之九十八`).
use rust_decimal::Decimal;

mod context;
mod judgement;
mod numerals;
mod pattern;
mod scanner;
mod standalone;
mod surroundings;
mod text;
mod units;
mod words;

pub use standalone::parse_number;

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
    /// A bare number, or one with a unit that is not money, rate or count
    /// (`吨`, `天`, `个百分点`; table cells have no unit at all).
    Number,
}

/// Why a number is never a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// A calendar date or time: `7月21日`, `2024.3.8`, `1-6月`, `9:30`.
    Date,
    /// A year or a span of years: `2023年`, `2023年度`, `2021-2025年`.
    Year,
    /// A document number: `〔2021〕24号`, `第12号`.
    DocumentNumber,
    /// A heading number: `一、`, `（二）`, `(3)`, `1.`, `2、`.
    SectionNumber,
    /// Inside a `《…》` title.
    Title,
    /// Part of a set phrase: `十四五`, `双随机、一公开`, `3·15`, `12345`.
    SetPhrase,
    /// An ordinal: `第二批`, `第3次`.
    Ordinal,
    /// An end of a range (`1-26期`, `3至5家`) or a vague pair (`三四家`).
    Range,
    /// A phone number or a service hotline (`0371-63201234`, `12315`).
    Phone,
    /// A version label: `2.0方案`, `V3.1`.
    Version,
    /// An identifier or code: `GB2760`, `5G`, index and credit codes.
    Code,
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
    /// `元`, `%`, the measure word as written (`家次`), or empty for a bare
    /// number: always a word of the unit table, so borrowed from it, not
    /// a `String` allocated per number and again per copy of the quantity.
    pub unit: &'static str,
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
    scanner::scan(text)
}

/// Whether `text` may hold a number at all (a cheap look before a scan).
pub fn may_hold_number(text: &str) -> bool {
    scanner::may_hold_number(text)
}

/// The numbers in `text` that can be values, in text order.
pub fn scan(text: &str) -> Vec<Quantity> {
    let mut quantities = Vec::new();
    scan_into(text, &mut quantities);
    quantities
}

/// [`scan`] into `quantities`, emptied first (its room is kept).
pub fn scan_into(text: &str, quantities: &mut Vec<Quantity>) {
    scanner::scan_kept_into(
        text,
        |m| m.excluded.is_none().then_some(m.quantity),
        quantities,
    );
}
