//! The exclusion patterns of `context` as small trees of [`Piece`]s, matched
//! on a sentence's text (at byte offsets) by backtracking, with the priority the `regex` crate
//! gives (alternatives in order, greedy or lazy repeats): so each tree finds
//! exactly what the regex written beside it finds. Compiling those regexes
//! cost more than a short report's whole scan (0.5–2.5 M instructions
//! each), and the patterns are short and tried only where they can start
//! (most at a digit), so a backtracking walk is cheap. The regexes stay as
//! the tests' oracle.

/// One piece of a pattern; the comments give the regex syntax each stands for.
#[derive(Debug)]
pub(super) enum Piece {
    /// An ASCII or full-width digit: `\d` of the patterns, `[0-9０-９]`.
    Digit,
    /// A white-space char: `\s`.
    Space,
    /// A char of the Han script: `\p{Han}`.
    Han,
    /// An ASCII letter: `[A-Za-z]`.
    Letter,
    /// One of these chars: `[…]`.
    In(&'static str),
    /// Any char but white space and these chars: `[^\s…]`.
    NotSpaceNor(&'static str),
    /// The first of these words that leads to a match: `(?:ab|c)`.
    Words(&'static [&'static str]),
    /// The pieces one after the other.
    Seq(&'static [Piece]),
    /// The first of these that leads to a match: `a|b`.
    Alt(&'static [Piece]),
    /// `piece{min,max}` (no `max`: no bound), as many times as can be
    /// (greedy) or as few (lazy, `{min,max}?`). The piece never matches
    /// the empty string.
    Repeat {
        piece: &'static Piece,
        min: u8,
        max: Option<u8>,
        greedy: bool,
    },
}

use super::numerals::is_digit;
use super::text::{char_at, char_before, starts_with};
use crate::lookup::is_among;
use Piece::*;

/// `piece{min,max}`, greedy.
pub(super) const fn rep(piece: &'static Piece, min: u8, max: u8) -> Piece {
    Repeat {
        piece,
        min,
        max: Some(max),
        greedy: true,
    }
}

/// `piece{min,}`, greedy (`*` is `{0,}`, `+` is `{1,}`).
pub(super) const fn at_least(piece: &'static Piece, min: u8) -> Piece {
    Repeat {
        piece,
        min,
        max: None,
        greedy: true,
    }
}

/// `piece?`.
pub(super) const fn opt(piece: &'static Piece) -> Piece {
    rep(piece, 0, 1)
}

/// The digits a match starts with (see [`Piece::leading_digits`]).
#[derive(Debug, Clone)]
pub(super) struct LeadingDigits {
    pub(super) min: usize,
    /// None: no bound.
    pub(super) max: Option<usize>,
    /// Any digits of a length from `min` to `max` will do: whether a match
    /// starts within a run of digits does not hang on where it starts.
    pub(super) any_digits: bool,
    /// The chars that may follow the digits, when they are few: a run of
    /// digits followed by another char holds no match.
    pub(super) then_chars: Option<Vec<char>>,
}

/// What the continuation of a match makes of the place a piece ends at:
/// the end of the whole match, or None to backtrack.
type Then<'t> = &'t mut dyn FnMut(usize) -> Option<usize>;

impl Piece {
    /// The end of the match of `self` at byte `at` of `text`, if there is one.
    pub(super) fn match_at(&self, text: &str, at: usize) -> Option<usize> {
        self.run(text, at, &mut Some)
    }

    /// Whether `self` only ever matches starting at a digit.
    pub(super) fn starts_at_digit(&self) -> bool {
        match self {
            Digit => true,
            In(set) => set.chars().all(is_digit),
            Words(words) => words.iter().all(|w| w.starts_with(is_digit)),
            Seq(pieces) => pieces.first().is_some_and(Piece::starts_at_digit),
            Alt(pieces) => pieces.iter().all(Piece::starts_at_digit),
            Repeat { piece, min, .. } => *min > 0 && piece.starts_at_digit(),
            Space | Han | Letter | NotSpaceNor(_) => false,
        }
    }

    /// The chars a match of `self` may start with, when they are few
    /// (classes such as `\s` are not), sorted.
    pub(super) fn first_chars(&self) -> Option<Vec<char>> {
        let mut chars = match self {
            Digit => DIGITS.chars().collect(),
            In(set) => set.chars().collect(),
            Words(words) => words.iter().filter_map(|w| w.chars().next()).collect(),
            Seq(pieces) => seq_first_chars(pieces)?,
            Alt(pieces) => pieces
                .iter()
                .map(Piece::first_chars)
                .collect::<Option<Vec<_>>>()?
                .concat(),
            Repeat { piece, .. } => piece.first_chars()?,
            Space | Han | Letter | NotSpaceNor(_) => return None,
        };
        chars.sort_unstable();
        chars.dedup();
        Some(chars)
    }

    /// Whether `self` is a class of single chars.
    fn is_one_char(&self) -> bool {
        matches!(self, Digit | Space | Han | Letter | In(_) | NotSpaceNor(_))
    }

    /// Whether a match of `self` that is not empty may start with a digit.
    fn may_start_with_digit(&self) -> bool {
        match self {
            Digit | NotSpaceNor(_) => true,
            // no digit is white space, Han or a letter
            Space | Han | Letter => false,
            In(set) => set.chars().any(is_digit),
            Words(words) => words.iter().any(|w| w.starts_with(is_digit)),
            Seq(pieces) => seq_starts_with_digit(pieces).unwrap_or(false),
            Alt(pieces) => pieces.iter().any(Piece::may_start_with_digit),
            Repeat { piece, .. } => piece.may_start_with_digit(),
        }
    }

    /// Whether `self` may match the empty string.
    fn may_be_empty(&self) -> bool {
        match self {
            Seq(pieces) => pieces.iter().all(Piece::may_be_empty),
            Alt(pieces) => pieces.iter().any(Piece::may_be_empty),
            Repeat { min, .. } => *min == 0,
            _ => false,
        }
    }

    /// How many digits a match starts with, when the shape decides it: a
    /// run of pieces that take only digits, followed by a piece that cannot
    /// start with one (and is not left out). Then a match within a run of
    /// digits of the text starts so many digits before the run's end, and
    /// nowhere else.
    pub(super) fn leading_digits(&self) -> Option<LeadingDigits> {
        let Seq(pieces) = self else {
            return None;
        };
        let mut lead = LeadingDigits {
            min: 0,
            max: Some(0),
            any_digits: true,
            then_chars: None,
        };
        for (k, piece) in pieces.iter().enumerate() {
            let Some((min, max)) = piece.digits_taken() else {
                let decided = k > 0 && !seq_may_start_with_digit(&pieces[k..]);
                lead.then_chars = seq_first_chars(&pieces[k..]).map(|mut chars| {
                    chars.sort_unstable();
                    chars.dedup();
                    chars
                });
                return decided.then_some(lead);
            };
            lead.min += min;
            lead.max = lead.max.zip(max).map(|(a, b)| a + b);
            lead.any_digits &= matches!(piece, Repeat { piece: Digit, .. } | Digit);
        }
        None
    }

    /// How many chars `self` takes when it takes digits only.
    fn digits_taken(&self) -> Option<(usize, Option<usize>)> {
        match self {
            Digit => Some((1, Some(1))),
            In(set) if set.chars().all(is_digit) => Some((1, Some(1))),
            Words(words) if words.iter().all(|w| w.chars().all(is_digit)) => {
                let lengths = words.iter().map(|w| w.chars().count());
                Some((lengths.clone().min()?, lengths.max()))
            }
            Seq(pieces) => pieces.iter().try_fold((0, Some(0)), |(lo, hi), piece| {
                let (min, max) = piece.digits_taken()?;
                Some((lo + min, hi.zip(max).map(|(a, b)| a + b)))
            }),
            Repeat {
                piece, min, max, ..
            } => {
                let (lo, hi) = piece.digits_taken()?;
                let times =
                    |n: Option<usize>, m: Option<u8>| n.zip(m).map(|(n, m)| n * usize::from(m));
                Some((lo * usize::from(*min), times(hi, *max)))
            }
            _ => None,
        }
    }

    /// Whether the one char `c` matches `self` (false for pieces that are
    /// not one char).
    fn admits(&self, c: char) -> bool {
        match self {
            Digit => is_digit(c),
            Space => c.is_whitespace(),
            Han => is_han(c),
            Letter => c.is_ascii_alphabetic(),
            In(set) => is_among(c, set),
            NotSpaceNor(set) => !c.is_whitespace() && !is_among(c, set),
            Words(_) | Seq(_) | Alt(_) | Repeat { .. } => false,
        }
    }

    /// Match `self` at `at`, then hand each place it may end at, in order of
    /// priority, to `then` until `then` takes one.
    fn run(&self, text: &str, at: usize, then: Then) -> Option<usize> {
        match self {
            Words(words) => words.iter().find_map(|w| {
                let end = word_end(text, at, w)?;
                then(end)
            }),
            Seq(pieces) => run_seq(pieces, text, at, then),
            Alt(pieces) => pieces.iter().find_map(|p| p.run(text, at, then)),
            Repeat { .. } => run_repeat(self, 0, text, at, then),
            _ => {
                let c = char_at(text, at)?;
                if self.admits(c) {
                    then(at + c.len_utf8())
                } else {
                    None
                }
            }
        }
    }
}

/// The chars a match of `pieces`, one after the other, may start with,
/// unsorted; None when they are many, or the pieces may all be left out.
fn seq_first_chars(pieces: &[Piece]) -> Option<Vec<char>> {
    let mut chars = Vec::new();
    for piece in pieces {
        chars.extend(piece.first_chars()?);
        if !piece.may_be_empty() {
            return Some(chars);
        }
    }
    None
}

/// The chars `\d` stands for.
const DIGITS: &str = "0123456789０１２３４５６７８９";

/// Whether what follows in `pieces` may be a digit: a piece that may start
/// with one, or the end of the pattern (anything may follow a match).
fn seq_may_start_with_digit(pieces: &[Piece]) -> bool {
    seq_starts_with_digit(pieces).unwrap_or(true)
}

/// Whether a match of `pieces`, one after the other, may start with a
/// digit; None when the pieces may all be left out.
fn seq_starts_with_digit(pieces: &[Piece]) -> Option<bool> {
    for piece in pieces {
        if piece.may_start_with_digit() {
            return Some(true);
        }
        if !piece.may_be_empty() {
            return Some(false);
        }
    }
    None
}

fn run_seq(pieces: &[Piece], text: &str, at: usize, then: Then) -> Option<usize> {
    // a piece of one char ends at one place: taken in line, with no
    // continuation to call back
    let mut at = at;
    let mut pieces = pieces;
    while let Some((first, rest)) = pieces.split_first() {
        if !first.is_one_char() {
            break;
        }
        let c = char_at(text, at)?;
        if !first.admits(c) {
            return None;
        }
        at += c.len_utf8();
        pieces = rest;
    }
    match pieces.split_first() {
        None => then(at),
        // the last piece hands its ends straight to `then`
        Some((last, [])) => last.run(text, at, then),
        Some((first, rest)) => first.run(text, at, &mut |j| run_seq(rest, text, j, then)),
    }
}

/// `repeat` (a [`Piece::Repeat`]) at `at`, `done` times matched already.
fn run_repeat(repeat: &Piece, done: u8, text: &str, at: usize, then: Then) -> Option<usize> {
    let Repeat {
        piece,
        min,
        max,
        greedy,
    } = repeat
    else {
        unreachable!("run_repeat is given a Repeat")
    };
    if piece.is_one_char() {
        return run_repeat_chars(piece, *min, *max, *greedy, text, at, then);
    }
    let may_stop = done >= *min;
    let may_go_on = max.is_none_or(|m| done < m);
    if *greedy {
        if may_go_on {
            let more = piece.run(text, at, &mut |j| {
                run_repeat(repeat, done.saturating_add(1), text, j, then)
            });
            if more.is_some() {
                return more;
            }
        }
        return if may_stop { then(at) } else { None };
    }
    if may_stop {
        if let Some(end) = then(at) {
            return Some(end);
        }
    }
    if !may_go_on {
        return None;
    }
    piece.run(text, at, &mut |j| {
        run_repeat(repeat, done.saturating_add(1), text, j, then)
    })
}

/// A repeat of a one-char piece: each time takes one char, so the places it
/// may end at are known at once, without a walk back through each time.
fn run_repeat_chars(
    piece: &Piece,
    min: u8,
    max: Option<u8>,
    greedy: bool,
    text: &str,
    at: usize,
    then: Then,
) -> Option<usize> {
    let limit = max.map_or(usize::MAX, usize::from);
    let min = usize::from(min);
    let rest = text.get(at..).unwrap_or_default();
    // the end of the first `min` chars taken, then of all taken
    let (mut taken, mut least, mut most) = (0, at, at);
    for c in rest.chars().take(limit) {
        if !piece.admits(c) {
            break;
        }
        taken += 1;
        most += c.len_utf8();
        if taken == min {
            least = most;
        }
    }
    if taken < min {
        return None;
    }
    if greedy {
        // from the most taken back to the fewest, char by char
        let mut end = most;
        loop {
            if let Some(found) = then(end) {
                return Some(found);
            }
            if end == least {
                return None;
            }
            end -= char_before(text, end).map_or(0, char::len_utf8);
        }
    }
    let mut end = least;
    loop {
        if let Some(found) = then(end) {
            return Some(found);
        }
        if end == most {
            return None;
        }
        end += char_at(text, end).map_or(0, char::len_utf8);
    }
}

/// Where `word` ends when it is written at byte `at` of `text`.
fn word_end(text: &str, at: usize, word: &str) -> Option<usize> {
    starts_with(text, at, word).then_some(at + word.len())
}

/// The chars of the Han script (Unicode's Scripts.txt, as the `regex`
/// crate has them for `\p{Han}`), sorted.
const HAN: [(u32, u32); 22] = [
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9),
    (0x16FE2, 0x16FE3),
    (0x16FF0, 0x16FF1),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B739),
    (0x2B740, 0x2B81D),
    (0x2B820, 0x2CEA1),
    (0x2CEB0, 0x2EBE0),
    (0x2EBF0, 0x2EE5D),
    (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
    (0x31350, 0x323AF),
];

fn is_han(c: char) -> bool {
    let c = c as u32;
    // most Han chars of a report are in the main block
    if (0x4E00..=0x9FFF).contains(&c) {
        return true;
    }
    HAN.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}
