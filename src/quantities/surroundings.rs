//! What stands around a number once it is read: a hedge (`余`, `多`) and a
//! multiplier after it (`200余万元`), its unit, a hedge after the unit
//! (`以上`, `左右`), a hedge before it (`约`, `近`), and `人民币` on either side.

use super::scanner::{is_space, Around, Core, Mode, Scanner, Script};
use super::text::{ends_with, starts_with};
use super::units::{self, Unit, UnitClass};
use super::words;

impl Scanner<'_> {
    /// Read what follows and precedes the number into `core.around`:
    /// hedges, multiplier, unit, `人民币`. None when a multiplier overflows.
    pub(super) fn read_around(&self, core: &mut Core, mode: Mode) -> Option<()> {
        let arabic = matches!(core.script, Script::Arabic(_));
        let mut value = core.value;
        let mut j = core.end;
        let mut approx = false;
        let mut hedged_after = false;
        let free = !mode.integers_only && core.percent_words.is_none();
        let mut multiplied = core.multiplied;
        // the first char after `j` that is not a space, worked out once
        // for each `j`: the multiplier, the hedge and the unit are each
        // looked for there
        let mut spaced = self.skip_spaces(j);
        // `60.25 万元`, spaced as copied from a PDF (one glued to the
        // number is part of it already)
        if free && arabic && !multiplied && spaced > j {
            if let Some((power, end)) = units::multiplier_at(self.text, spaced) {
                value = units::scale(value, power)?;
                j = end;
                spaced = self.skip_spaces(j);
                multiplied = true;
            }
        }
        let h = spaced;
        if free && units::is_mid_hedge_at(self.text, h) {
            // 余 and 多 are three bytes
            let mut k = self.after(h);
            let mut scaled = value;
            if !multiplied {
                if let Some((power, end)) = units::multiplier_at(self.text, k) {
                    scaled = units::scale(value, power)?;
                    k = end;
                }
            }
            let unit_follows = self.unit_after(k, arabic).is_some();
            if unit_follows || !self.at(k).is_some_and(words::is_cjk_letter) {
                approx = true;
                hedged_after = true;
                value = scaled;
                j = k;
                spaced = self.skip_spaces(j);
            }
        }
        let unit = if core.percent_words.is_some() {
            Some(Unit {
                unit: "%",
                class: UnitClass::Rate,
                end: j,
            })
        } else {
            units::unit_at(self.text, spaced, arabic)
        };
        if let Some(u) = &unit {
            j = u.end;
        }
        if !mode.integers_only {
            let k = if unit.is_some() {
                self.skip_spaces(j)
            } else {
                spaced
            };
            if let Some(end) = units::hedge_after(self.text, k) {
                approx = true;
                j = end;
            }
        }
        core.around = Around {
            start: core.percent_words.unwrap_or(core.start),
            end: j,
            value,
            unit,
            approx,
            hedged_before: false,
            hedged_after,
        };
        if !mode.integers_only {
            self.read_before(core);
        }
        self.read_rmb(&mut core.around);
        Some(())
    }

    /// The first char at or after `j` that is not a space (a line break
    /// stops it). Asked several times around every number, where most
    /// often no space stands: that is told in line, by the first byte.
    #[inline]
    pub(super) fn skip_spaces(&self, j: usize) -> usize {
        if may_start_space(self.text.as_bytes().get(j)) {
            self.skip_spaces_from(j)
        } else {
            j
        }
    }

    /// [`Scanner::skip_spaces`] where a space may stand at `j`.
    fn skip_spaces_from(&self, j: usize) -> usize {
        let mut k = j;
        while may_start_space(self.text.as_bytes().get(k)) {
            match self.at(k).filter(|c| is_space(*c)) {
                Some(c) => k += c.len_utf8(),
                None => break,
            }
        }
        k
    }

    /// The unit at `j`, perhaps after spaces (never across a line break).
    pub(super) fn unit_after(&self, j: usize, arabic: bool) -> Option<Unit> {
        units::unit_at(self.text, self.skip_spaces(j), arabic)
    }

    /// A hedge before the number: `约`, `近`, `逾`, `超过`, and `上` before a
    /// bare `百`/`千`/`万` (`上千人`).
    fn read_before(&self, core: &mut Core) {
        let bare = self.is_bare(core);
        let around = &mut core.around;
        // the char before the number, decoded once already (unless
        // `百分之` stands before the number)
        let before = if around.start == core.start {
            core.before
        } else {
            self.before(around.start)
        };
        let hedge = before.and_then(|last| units::hedge_ending_in(self.text, around.start, last));
        if let Some(h) = hedge {
            around.start = h;
            around.approx = true;
            around.hedged_before = true;
        } else if bare && before == Some('上') {
            around.start -= '上'.len_utf8();
            around.approx = true;
            around.hedged_before = true;
        }
    }

    /// `人民币` before or after an amount; a bare number after `人民币` is money.
    fn read_rmb(&self, around: &mut Around) {
        let class = around.unit.as_ref().map(|u| u.class);
        if !matches!(class, None | Some(UnitClass::Money)) {
            return;
        }
        if let Some(start) = ends_with(self.text, around.start, units::RMB) {
            around.start = start;
            if around.unit.is_none() {
                around.unit = Some(Unit {
                    unit: "元",
                    class: UnitClass::Money,
                    end: around.end,
                });
            }
        }
        if class == Some(UnitClass::Money) && starts_with(self.text, around.end, units::RMB) {
            around.end += units::RMB.len();
        }
    }

    pub(super) fn is_bare(&self, core: &Core) -> bool {
        matches!(&core.script, Script::Chinese(c) if c.bare)
    }
}

/// Whether a space may start with `byte`: most chars after a number start
/// with none of these bytes, and are not decoded.
#[inline]
fn may_start_space(byte: Option<&u8>) -> bool {
    matches!(byte, Some(b' ' | b'\t' | 0xC2 | 0xE2 | 0xE3))
}
