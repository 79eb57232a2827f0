//! Whether a number read by the scanner is ever a value, judged from its own
//! shape and unit (the context pass has judged the text around it already):
//! heading numbers, dates and years, document numbers, ordinals, vague pairs,
//! phone numbers, codes and versions; and whether a Chinese numeral is a
//! number at all.

use super::numerals::{self, ArabicForm};
use super::scanner::{Core, Mode, Scanner, Script};
use super::units::UnitClass;
use super::words;
use super::Exclusion;
use rust_decimal::Decimal;

/// Whether a mention may be reported ([`Scanner::acceptance`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Acceptance {
    Accepted,
    /// Only as the first end of a range (`三至五年`: the second end's
    /// unit is the first's too).
    AsRangeEnd,
    Rejected,
}

impl Scanner<'_> {
    /// Why this number is never a value, judged from its own shape and unit.
    pub(super) fn own_exclusion(&self, core: &Core) -> Option<Exclusion> {
        use Exclusion::*;
        if core.section || self.is_section(core) {
            return Some(SectionNumber);
        }
        match core.around.unit.as_ref().map(|u| u.class) {
            Some(UnitClass::DocNo) if core.before == Some('月') => return Some(Date),
            Some(UnitClass::DocNo) => return Some(DocumentNumber),
            Some(UnitClass::Date) => return Some(Date),
            Some(UnitClass::Year) if self.year_like(core) => return Some(Year),
            Some(UnitClass::Session) => return Some(Ordinal),
            _ => {}
        }
        if core.before == Some('第') {
            return Some(Ordinal);
        }
        match &core.script {
            Script::Chinese(c) if c.pair || c.leftover => Some(Range),
            Script::Chinese(_) => core
                .around
                .unit
                .as_ref()
                .filter(|u| words::one_per_one(self.text, core.start, u.end))
                .map(|_| SetPhrase),
            Script::Arabic(a) => self.arabic_shape(core, a),
        }
    }

    /// Phones, codes and versions told by their digits and neighbours.
    fn arabic_shape(&self, core: &Core, a: &ArabicForm) -> Option<Exclusion> {
        let letter_before = match core.before {
            Some(c) if c.is_ascii_alphabetic() => true,
            // each of these is one byte
            Some('-' | '_' | '/' | ' ') => self
                .before(core.start - 1)
                .is_some_and(|c| c.is_ascii_alphabetic()),
            _ => false,
        };
        if letter_before {
            return Some(Exclusion::Code);
        }
        if core.around.unit.is_some() || core.multiplied || core.around.approx {
            return None;
        }
        if self.at(core.end).is_some_and(|c| c.is_ascii_alphabetic()) {
            return Some(Exclusion::Code);
        }
        if a.fraction_digits.is_none() && !a.grouped {
            if a.int_digits >= 12 {
                return Some(Exclusion::Code);
            }
            // five digits starting `123` (the value of a whole number is
            // its digits; no multiplier here, perhaps a sign), asked only
            // of those: the look for a table cell around walks the text
            let hotline =
                || (Decimal::from(12_300)..=Decimal::from(12_399)).contains(&core.value.abs());
            let in_cell = || {
                self.before_spaces(core.start) == Some('|')
                    && matches!(self.after_spaces(core.end), None | Some('|' | '\n' | '\r'))
            };
            if a.int_digits == 5 && hotline() && !in_cell() {
                return Some(Exclusion::Phone);
            }
        }
        // `2.0`: one decimal digit, a zero
        let version = a.fraction_digits == Some(1)
            && core.value.fract().is_zero()
            && self.at(core.end).is_some_and(words::is_cjk_letter);
        version.then_some(Exclusion::Version)
    }

    /// A heading number: `一、` or `1.` at a line start, `2、` after a sentence,
    /// `（二）` or `(3)` anywhere.
    fn is_section(&self, core: &Core) -> bool {
        let around = &core.around;
        if around.unit.is_some() || around.approx || core.percent_words.is_some() || core.multiplied
        {
            return false;
        }
        let short = match &core.script {
            Script::Arabic(a) => a.fraction_digits.is_none() && !a.grouped && a.int_digits <= 2,
            Script::Chinese(c) => !c.digitwise,
        };
        if !short {
            return false;
        }
        let after = self.at(core.end);
        let enclosed = matches!(core.before, Some('（' | '(' | '【'))
            && matches!(after, Some('）' | ')' | '】'));
        // the char after the mark: `1、2、3号楼` is a list of numbers, not a heading
        let next = self.at(self.after(core.end));
        let number_next = next.is_some_and(|c| numerals::is_digit(c) || numerals::is_numeral(c));
        let heading_mark = match after {
            Some('、') => !number_next,
            Some(')' | '）') => true,
            Some('.' | '．') => !next.is_some_and(numerals::is_digit),
            _ => false,
        };
        let cell_start = matches!(self.before_spaces(core.start), Some('|'));
        enclosed
            || (heading_mark && (self.at_line_start(core.start) || cell_start))
            || (after == Some('、') && !number_next && self.after_sentence_end(core.start))
    }

    /// A number that reads as a calendar year before `年`.
    fn year_like(&self, core: &Core) -> bool {
        let plain_year = (Decimal::from(1900)..=Decimal::from(2100)).contains(&core.value)
            && core.value.fract().is_zero();
        match &core.script {
            Script::Arabic(a) => a.int_digits == 4 && a.fraction_digits.is_none() && plain_year,
            Script::Chinese(c) => (c.digitwise && c.digits == 4) || plain_year,
        }
    }

    /// Whether the mention may be reported at all. Chinese numerals need a
    /// unit (or a context that names them, or, as the first end of a range,
    /// the second end has one); vague or word-bound ones are dropped.
    /// Judged once for both uses, alone and as the first end of a range.
    pub(super) fn acceptance(&self, core: &Core, mode: Mode, own: Option<Exclusion>) -> Acceptance {
        use Acceptance::*;
        let Script::Chinese(c) = &core.script else {
            return Accepted;
        };
        if mode.relaxed || core.percent_words.is_some() {
            return Accepted;
        }
        if matches!(own, Some(Exclusion::SectionNumber | Exclusion::Ordinal)) {
            return Accepted;
        }
        // 百家 alone is a name; 百余家, 近百家 and 上千人 are numbers
        if c.bare && !core.around.hedged_before && !core.around.hedged_after {
            return Rejected;
        }
        if matches!(core.before, Some('数' | '几' | '若')) {
            return Rejected;
        }
        let Some(unit) = &core.around.unit else {
            return AsRangeEnd;
        };
        if c.digitwise && !c.pair && !matches!(unit.class, UnitClass::Year | UnitClass::Date) {
            return Rejected;
        }
        let lone_yi = &self.text[core.start..core.end] == "一";
        if lone_yi && unit.unit == "起" && !words::yiqi_is_count(self.text, core.start) {
            return Rejected;
        }
        Accepted
    }
}
