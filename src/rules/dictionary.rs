//! A set of words found by the bytes they start with. One bit of a small
//! filter, hashed from the bytes at a place of a text as many as the
//! shortest word has (two chars for the rule triggers), says whether a word
//! may start there; only then do the bits set before it tell where the
//! words are whose first bytes have that bit (not all those of their first
//! char: `罚` or `移` start ten triggers or more), compared by their first
//! eight bytes at once. Filtering by the first two chars, not the first,
//! matters: the first chars of the triggers (`行`, `检`, `案`) are among the
//! commonest of the reports, their second chars together much less so. It is built in a
//! moment (start-up counts for one small report).
//!
//! A short text, or one searched for words shorter than two chars, is read
//! char by char, the filter asked at each. A longer one is read 64 bytes at
//! a time, with no branch: any word's first six bytes hold the three bytes of
//! one of every fourth place, so at every fourth byte a table of such
//! three-byte runs (hashed) says at which of the four places up to there a
//! word may start; only those few places ask the filter. The reads of a
//! block do not wait for each other nor on a branch hard to foresee, where
//! a skip table (Wu–Manber, before) or an automaton walking every byte
//! (aho-corasick's DFA: twice the skip table's time on the report
//! sentences, and ten milliseconds to build) reads one step after another:
//! on the report sentences this takes about 0.6 of the skip table's time.

use std::sync::OnceLock;

use crate::scan::{eight_bytes, first_bytes_mask};

/// Words that a text is searched for, leftmost-longest. Its filter has
/// `FILTER_WORDS` u64s and its table of three-byte runs `START_SLOTS`
/// slots (powers of two): sizes for a few hundred words by default,
/// [`SmallDictionary`] for a list of a few words.
#[derive(Debug, Clone)]
pub struct Dictionary<
    const FILTER_WORDS: usize = { LARGE_FILTER_WORDS },
    const START_SLOTS: usize = { LARGE_START_SLOTS },
> {
    /// The words grouped by the bit of [`Dictionary::filter`] their first
    /// bytes (as many as the shortest word has) hash to, the groups in the
    /// order of their bits, longest first in each group.
    entries: Vec<Entry>,
    /// Every word's bytes, one after the other.
    bytes: Vec<u8>,
    /// For each bit set in [`Dictionary::filter`], in order, its group of
    /// `entries`: the `n`th bit set has the `n`th group. No table of keys
    /// is probed: the filter, asked first, also gives the group's place, and
    /// the groups take a few kilobytes where a hash table of them, sparse
    /// enough for short probes, took tens (more than the L1 cache holds).
    groups: Vec<Group>,
    /// For each u64 of [`Dictionary::filter`], how many bits are set in
    /// those before it: with the bits set below a bit in its own u64, the
    /// index of its group.
    ranks: Box<[u16; FILTER_WORDS]>,
    /// One bit for each word's first `prefix_mask` bytes (as many as the
    /// shortest word has, at most eight), hashed; a text's bytes at a place
    /// whose bit is clear start no word. Of a fixed size, so that a probe
    /// needs no bounds check.
    filter: Box<[u64; FILTER_WORDS]>,
    /// The mask of a window's bytes that [`Dictionary::filter`] is hashed from.
    prefix_mask: u64,
    /// When every word has [`SAMPLED_WORDS`] bytes or more: for three bytes
    /// (hashed), at which of the four places up to them a word's first bytes
    /// hold them (bit `3 - j` for a word starting `j` bytes before them).
    /// Made when a long text is first searched: most dictionaries are word
    /// lists only ever looked for in a clause.
    starts: OnceLock<Option<Box<[u8; START_SLOTS]>>>,
}

/// How many places of a text [`Places`] reads at once: the bits of a u64.
const BLOCK: usize = 64;

/// The size of a [`Dictionary::starts`] table by default: a few hundred
/// words' runs leave most of it zero.
const LARGE_START_SLOTS: usize = 4096;

/// From this many bytes on, a text is read a block at a time (if its words
/// are long enough): below, the padded block costs more than the chars.
const SAMPLED_TEXT: usize = 16;

/// The shortest words a text is read a block at a time for: then every
/// fourth place of a text has its three bytes inside any word's first six.
const SAMPLED_WORDS: usize = 6;

/// The size of a [`Dictionary::filter`] in u64s by default: 8192 bits, so
/// that the prefixes of a few hundred words leave most bits clear.
const LARGE_FILTER_WORDS: usize = 128;

/// A dictionary of a rule's word list (a few words, a few dozen at most):
/// a filter of 1024 bits and a table of 512 runs, 640 bytes, where the
/// default sizes take five kilobytes. A rule set has a hundred such lists,
/// each asked about in turn, and a table is seldom still in the L1 cache
/// when its list is asked about again: on the benchmark's mix, the lists'
/// lookups missed it (simulated) 67 thousand times with tables of the
/// default size, an eighth of all misses, and 26 thousand with these.
pub type SmallDictionary = Dictionary<16, 512>;

/// One word of a dictionary.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The word's first eight bytes (fewer for a shorter word), little-endian.
    head: u64,
    /// Where the word's bytes stand in `Dictionary::bytes`, and how many.
    at: u32,
    len: u32,
    /// The word's index in the list the dictionary was built from.
    id: u32,
}

/// The words whose first bytes (as many as the shortest word has, at most
/// eight) hash to one bit of [`Dictionary::filter`]: all the words that may
/// stand where a text's bytes hash to it. Mostly the words of one start;
/// those of two starts whose bits are the same are one group, longest first
/// all the same (a text has one start at a place, so the first of the group
/// standing there is the longest).
#[derive(Debug, Clone, Copy, Default)]
struct Group {
    /// The group's words in `Dictionary::entries`.
    start: u32,
    end: u32,
    /// Where the group's words of fewer than eight bytes start (the longer
    /// ones come first), and which eighth bytes the longer ones have (a bit
    /// by [`eighth_bit`]): where the text's eighth byte is none of them, only
    /// the shorter words need be tried (`行政` opens twenty triggers).
    short: u32,
    eighths: u32,
}

/// The bit of a word's or a text's eighth byte in [`Slot::eighths`].
fn eighth_bit(window: u64) -> u32 {
    1 << ((window >> 56) & 31)
}

/// A word found in a text: its byte span and its index in the word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub id: usize,
}

/// The places of a text where a word may start, in text order.
struct Places<'d, 't, const FILTER_WORDS: usize, const START_SLOTS: usize> {
    dict: &'d Dictionary<FILTER_WORDS, START_SLOTS>,
    text: &'t [u8],
    /// The dictionary's [`Dictionary::starts`], when the text is read a
    /// block at a time; else it is read char by char.
    starts: Option<&'d [u8; START_SLOTS]>,
    /// Where the places not asked about yet begin.
    next: usize,
    /// The places of the block from `base` not handed out yet: bit `i` for
    /// `base + i`.
    base: usize,
    mask: u64,
}

impl<const FILTER_WORDS: usize, const START_SLOTS: usize> Iterator
    for Places<'_, '_, FILTER_WORDS, START_SLOTS>
{
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        if self.mask == 0 {
            let Some(starts) = self.starts else {
                return self.next_char_by_char();
            };
            self.next_block(starts)?;
        }
        let i = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.base + i)
    }
}

impl<const FILTER_WORDS: usize, const START_SLOTS: usize>
    Places<'_, '_, FILTER_WORDS, START_SLOTS>
{
    /// Read blocks up to one with a place (`None` at the end of the text).
    /// Kept apart from `next`, which is inlined where the places are used.
    fn next_block(&mut self, starts: &[u8; START_SLOTS]) -> Option<()> {
        while self.mask == 0 {
            let rest = self.text.get(self.next..).filter(|rest| !rest.is_empty())?;
            // The last block is read from a copy padded with zeros.
            let mut padded = [0u8; BLOCK + 8];
            let block = match rest.get(..BLOCK + 8) {
                Some(block) => block.try_into().expect("a block"),
                None => {
                    padded[..rest.len()].copy_from_slice(rest);
                    &padded
                }
            };
            let inside = rest.len().min(BLOCK);
            self.base = self.next;
            self.mask = self.dict.block_places(starts, block, inside);
            self.next += BLOCK;
        }
        Some(())
    }

    /// The next place, asking the filter at every char.
    fn next_char_by_char(&mut self) -> Option<usize> {
        let text = self.text;
        let Some(last) = text.len().checked_sub(8) else {
            return self.next_in_short_text();
        };
        // The last places' windows are the text's last eight bytes shifted
        // down (zeros come in above), not read from a padded copy.
        let tail = eight_bytes(text, last);
        while self.next < text.len() {
            let at = self.next;
            let window = match text.get(at..at + 8) {
                Some(bytes) => u64::from_le_bytes(bytes.try_into().expect("eight bytes")),
                None => tail >> (8 * (at - last)),
            };
            self.next += char_len(window);
            if self.dict.may_start(window) {
                return Some(at);
            }
        }
        None
    }

    /// [`Places::next_char_by_char`] for a text of fewer than eight bytes,
    /// read from a copy padded with zeros.
    fn next_in_short_text(&mut self) -> Option<usize> {
        let text = self.text;
        let mut padded = [0u8; 15];
        padded[..text.len()].copy_from_slice(text);
        while self.next < text.len() {
            let at = self.next;
            let window = u64::from_le_bytes(padded[at..at + 8].try_into().expect("eight bytes"));
            self.next += char_len(window);
            if self.dict.may_start(window) {
                return Some(at);
            }
        }
        None
    }
}

impl<const FILTER_WORDS: usize, const START_SLOTS: usize> Default
    for Dictionary<FILTER_WORDS, START_SLOTS>
{
    fn default() -> Self {
        Self::new::<&str>(&[])
    }
}

impl<const FILTER_WORDS: usize, const START_SLOTS: usize> Dictionary<FILTER_WORDS, START_SLOTS> {
    /// A dictionary of `words`; a word's index in the list is its id. Empty
    /// words are left out (they would stand everywhere); a repeated word
    /// keeps its first id.
    pub fn new<S: AsRef<str>>(words: &[S]) -> Self {
        const {
            assert!(FILTER_WORDS.is_power_of_two() && START_SLOTS.is_power_of_two());
        }
        let shortest = words
            .iter()
            .map(|w| w.as_ref().len())
            .filter(|&len| len > 0)
            .min();
        let prefix_mask = first_bytes_mask(shortest.unwrap_or(8));
        let mut order: Vec<(usize, usize)> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.as_ref().is_empty())
            .map(|(id, w)| {
                (
                    filter_bit::<FILTER_WORDS>(eight_bytes(w.as_ref().as_bytes(), 0) & prefix_mask),
                    id,
                )
            })
            .collect();
        // By filter bit, then longest first; a repeated word after its first.
        order.sort_by_key(|&(bit, id)| (bit, std::cmp::Reverse(words[id].as_ref().len()), id));
        let mut dict = Self {
            entries: Vec::with_capacity(order.len()),
            bytes: Vec::new(),
            groups: Vec::new(),
            ranks: Box::new([0; FILTER_WORDS]),
            filter: Box::new([0; FILTER_WORDS]),
            prefix_mask,
            starts: OnceLock::new(),
        };
        for (n, &(bit, id)) in order.iter().enumerate() {
            let word = words[id].as_ref().as_bytes();
            if dict.filter[bit >> 6] & (1 << (bit & 63)) == 0 {
                dict.filter[bit >> 6] |= 1 << (bit & 63);
                let n = n as u32;
                dict.groups.push(Group {
                    start: n,
                    end: n,
                    short: n,
                    eighths: 0,
                });
            }
            dict.entries.push(Entry {
                head: eight_bytes(word, 0),
                at: dict.bytes.len() as u32,
                len: word.len() as u32,
                id: id as u32,
            });
            dict.bytes.extend_from_slice(word);
            let group = dict.groups.last_mut().expect("a group");
            group.end += 1;
            if word.len() >= 8 {
                group.short = group.end;
                group.eighths |= eighth_bit(eight_bytes(word, 0));
            }
        }
        let mut set = 0;
        for (rank, bits) in dict.ranks.iter_mut().zip(dict.filter.iter()) {
            *rank = set;
            set += bits.count_ones() as u16;
        }
        // Eight bytes after the last word: its tail is read eight bytes at
        // a time as any other's ([`Dictionary::tail_is_at`]).
        dict.bytes.extend_from_slice(&[0; 8]);
        dict
    }

    /// The words in `text`, leftmost-longest, not overlapping.
    pub fn find_iter<'d, 't>(&'d self, text: &'t str) -> impl Iterator<Item = Found> + 'd
    where
        't: 'd,
    {
        let text = text.as_bytes();
        let mut places = self.places(text);
        let mut end = 0;
        std::iter::from_fn(move || {
            let found = places
                .by_ref()
                .filter(|&at| at >= end)
                .find_map(|at| self.longest_at(text, at))?;
            end = found.end;
            Some(found)
        })
    }

    /// The id of the longest word `text` starts with, among those `allowed`.
    pub fn longest_prefix(&self, text: &str, allowed: impl Fn(usize) -> bool) -> Option<usize> {
        let text = text.as_bytes();
        if text.is_empty() {
            return None;
        }
        let window = eight_bytes(text, 0);
        self.group(window)
            .iter()
            .find(|e| self.is_at(e, text, 0, window) && allowed(e.id as usize))
            .map(|e| e.id as usize)
    }

    /// The leftmost-longest word in `text`.
    pub fn find(&self, text: &str) -> Option<Found> {
        self.find_iter(text).next()
    }

    /// Does any word stand in `text`? (As [`Dictionary::find`], with no
    /// longest word to pick nor span to make: the first word found will do.)
    pub fn any_in(&self, text: &str) -> bool {
        let text = text.as_bytes();
        self.places(text).any(|at| {
            let window = eight_bytes(text, at);
            self.group(window)
                .iter()
                .any(|e| self.is_at(e, text, at, window))
        })
    }

    /// Hand `each` the id of every word standing in `text`, overlapping ones
    /// too (a word inside a longer one is no less there).
    pub fn each_in(&self, text: &str, mut each: impl FnMut(usize)) {
        let text = text.as_bytes();
        for at in self.places(text) {
            let window = eight_bytes(text, at);
            self.group(window)
                .iter()
                .filter(|e| self.is_at(e, text, at, window))
                .for_each(|e| each(e.id as usize));
        }
    }

    /// The places of `text` where a word may start.
    fn places<'d, 't>(&'d self, text: &'t [u8]) -> Places<'d, 't, FILTER_WORDS, START_SLOTS> {
        Places {
            dict: self,
            // An empty dictionary has nothing to look for.
            text: if self.entries.is_empty() { &[] } else { text },
            starts: if text.len() < SAMPLED_TEXT {
                None
            } else {
                self.starts()
            },
            next: 0,
            base: 0,
            mask: 0,
        }
    }

    /// May a word start where a text's bytes are `window`? Its bit of
    /// [`Dictionary::filter`] says.
    fn may_start(&self, window: u64) -> bool {
        let bit = filter_bit::<FILTER_WORDS>(window & self.prefix_mask);
        self.filter[bit >> 6] & (1 << (bit & 63)) != 0
    }

    /// The [`Dictionary::starts`] table, if its words are long enough.
    fn starts(&self) -> Option<&[u8; START_SLOTS]> {
        let starts = self.starts.get_or_init(|| {
            if (self.prefix_mask.count_ones() as usize / 8) < SAMPLED_WORDS {
                return None;
            }
            let mut starts: Box<[u8; START_SLOTS]> = vec![0; START_SLOTS]
                .into_boxed_slice()
                .try_into()
                .expect("START_SLOTS bytes");
            for e in &self.entries {
                let head = e.head.to_le_bytes();
                for j in 0..4 {
                    let three = u32::from_le_bytes([head[j], head[j + 1], head[j + 2], 0]);
                    starts[start_slot::<START_SLOTS>(three)] |= 1 << (3 - j);
                }
            }
            Some(starts)
        });
        starts.as_deref()
    }

    /// The places of `block` (and the eight bytes after it, read by the
    /// windows of its last places) where a word may start, bit `i` for the
    /// `i`th byte. First the three bytes of every fourth place say, in a loop
    /// with no branch, at which places up to them a word may start; then the
    /// filter is asked about each of those.
    fn block_places(&self, starts: &[u8; START_SLOTS], block: &[u8; BLOCK + 8], len: usize) -> u64 {
        let sample = |q: usize| {
            let three = u32::from_le_bytes(block[q..q + 4].try_into().expect("four bytes"));
            u64::from(starts[start_slot::<START_SLOTS>(three & 0xFF_FFFF)])
        };
        // The places before the block were asked about with the block before.
        let first = sample(0) >> 3;
        let mut mask = if len == BLOCK {
            (1..=BLOCK / 4).fold(first, |mask, k| mask | sample(4 * k) << (4 * k - 3))
        } else {
            (1..=(len + 2) / 4).fold(first, |mask, k| mask | sample(4 * k) << (4 * k - 3))
                & (u64::MAX >> (64 - len))
        };
        let mut maybe = mask;
        while maybe != 0 {
            let i = maybe.trailing_zeros() as usize;
            maybe &= maybe - 1;
            let window = u64::from_le_bytes(block[i..i + 8].try_into().expect("eight bytes"));
            mask &= !(u64::from(!self.may_start(window)) << i);
        }
        mask
    }

    /// The longest word that stands at `at`.
    fn longest_at(&self, text: &[u8], at: usize) -> Option<Found> {
        let window = eight_bytes(text, at);
        let e = self
            .group(window)
            .iter()
            .find(|e| self.is_at(e, text, at, window))?;
        Some(Found {
            start: at,
            end: at + e.len as usize,
            id: e.id as usize,
        })
    }

    /// The words that may start with the first bytes of `window` (those
    /// whose first bytes have the same filter bit), less the long ones whose
    /// eighth byte it cannot have.
    #[inline]
    fn group(&self, window: u64) -> &[Entry] {
        let bit = filter_bit::<FILTER_WORDS>(window & self.prefix_mask);
        let (bits, this) = (self.filter[bit >> 6], 1u64 << (bit & 63));
        if bits & this == 0 {
            return &[];
        }
        let rank = usize::from(self.ranks[bit >> 6]) + (bits & (this - 1)).count_ones() as usize;
        let group = &self.groups[rank];
        let start = if group.eighths & eighth_bit(window) == 0 {
            group.short
        } else {
            group.start
        };
        &self.entries[start as usize..group.end as usize]
    }

    /// Does the word of `e` stand at `at` (whose first bytes are `window`)?
    fn is_at(&self, e: &Entry, text: &[u8], at: usize, window: u64) -> bool {
        let len = e.len as usize;
        window & first_bytes_mask(len) == e.head
            && len <= text.len() - at
            && (len <= 8 || self.tail_is_at(e, text, at))
    }

    /// Do the bytes of `e`'s word after its first eight stand in `text`
    /// after `at + 8` (which it has room for)? Up to eight of them (a word
    /// of three to five Chinese chars, most long triggers) are compared as
    /// one number, not by a call to `memcmp`.
    fn tail_is_at(&self, e: &Entry, text: &[u8], at: usize) -> bool {
        let (len, word) = (e.len as usize, e.at as usize);
        let tail = len - 8;
        if tail <= 8 {
            let mask = u64::MAX >> (8 * (8 - tail));
            (eight_bytes(text, at + 8) ^ eight_bytes(&self.bytes, word + 8)) & mask == 0
        } else {
            text[at + 8..at + len] == self.bytes[word + 8..word + len]
        }
    }
}

/// The length in bytes of the char a window starts with: four bits a high
/// nibble of its first byte, from a number rather than a table in memory.
fn char_len(window: u64) -> usize {
    const LENGTHS: u64 = 0x4322_1111_1111_1111;
    ((LENGTHS >> ((window as usize & 0xF0) >> 2)) & 0xF) as usize
}

/// The slot of a [`Dictionary::starts`] table for three bytes.
fn start_slot<const START_SLOTS: usize>(three: u32) -> usize {
    let bits = START_SLOTS.trailing_zeros();
    (three.wrapping_mul(0x9E37_79B9) >> (32 - bits)) as usize
}

/// The bit of a [`Dictionary::filter`] for a word's or a text's first bytes.
fn filter_bit<const FILTER_WORDS: usize>(prefix: u64) -> usize {
    let bits = (FILTER_WORDS * 64).trailing_zeros();
    (prefix.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(dict: &Dictionary, text: &str) -> Vec<(usize, usize, usize)> {
        dict.find_iter(text)
            .map(|f| (f.start, f.end, f.id))
            .collect()
    }

    #[test]
    fn finds_words_leftmost_longest() {
        let dict = <Dictionary>::new(&[
            "检查",
            "监督检查",
            "行政处罚决定书",
            "罚款",
            "a",
            "查封、扣押",
        ]);
        let text = "开展监督检查12次，下达行政处罚决定书3份，罚款a查封、扣押";
        let found: Vec<_> = spans(&dict, text)
            .into_iter()
            .map(|(s, e, id)| (&text[s..e], id))
            .collect();
        assert_eq!(
            found,
            [
                ("监督检查", 1),
                ("行政处罚决定书", 2),
                ("罚款", 3),
                ("a", 4),
                ("查封、扣押", 5)
            ]
        );
        assert_eq!(dict.find("无关文字").map(|f| f.id), None);
        assert_eq!(dict.find("只检").map(|f| f.id), None);
        assert_eq!(dict.find("只检查").map(|f| f.start), Some(3));
    }

    #[test]
    fn agrees_with_an_automaton() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let words = [
            "行政",
            "行政处罚",
            "行政处罚决定",
            "处罚",
            "罚款",
            "款项",
            "决定书",
            "x",
            "xy",
        ];
        let dict = <Dictionary>::new(&words);
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .unwrap();
        for text in [
            "行政处罚决定书罚款项xyx",
            "行政处罚决定",
            "行政处",
            "",
            "罚款款项行政行政处罚x",
        ] {
            let expected: Vec<_> = ac
                .find_iter(text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            assert_eq!(spans(&dict, text), expected, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_an_automaton_on_any_text(
            words in proptest::collection::vec("[行政处罚款a、]{1,4}", 1..8),
            text in "[行政处罚款a、b]{0,24}",
        ) {
            let (found, expected) = found_and_oracle(&words, &text);
            proptest::prop_assert_eq!(found, expected);
        }
    }

    /// The spans (start, end, word) the dictionary of `words` finds in `text`,
    /// and those a leftmost-longest Aho-Corasick automaton finds.
    #[allow(clippy::type_complexity)]
    fn found_and_oracle<'w>(
        words: &'w [String],
        text: &str,
    ) -> (
        Vec<(usize, usize, &'w String)>,
        Vec<(usize, usize, &'w String)>,
    ) {
        use aho_corasick::{AhoCorasick, MatchKind};
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .unwrap();
        let expected = ac
            .find_iter(text)
            .map(|m| (m.start(), m.end(), &words[m.pattern().as_usize()]))
            .collect();
        let found: Vec<_> = <Dictionary>::new(words)
            .find_iter(text)
            .map(|f| (f.start, f.end, &words[f.id]))
            .collect();
        // A small dictionary's tables differ, not what it finds.
        let found_by_small: Vec<_> = SmallDictionary::new(words)
            .find_iter(text)
            .map(|f| (f.start, f.end, &words[f.id]))
            .collect();
        assert_eq!(found, found_by_small, "{text}");
        (found, expected)
    }

    proptest::proptest! {
        // Words of two chars or more over a long text: read a block at a
        // time, the last one padded.
        #[test]
        fn agrees_with_an_automaton_by_blocks(
            words in proptest::collection::vec("[行政处罚款、]{2,4}", 1..8),
            text in "[行政处罚款a、b]{0,8}[行政处罚款、]{16}[行政处罚款a、b]{0,40}",
        ) {
            proptest::prop_assert!(<Dictionary>::new(&words).starts().is_some());
            let (found, expected) = found_and_oracle(&words, &text);
            proptest::prop_assert_eq!(found, expected);
        }

        // Every word standing in a text, overlapping ones too, by blocks or
        // char by char.
        #[test]
        fn finds_each_word_as_an_automaton(
            words in proptest::collection::btree_set("[行政处罚款a、]{1,4}", 1..8),
            text in "[行政处罚款a、b]{0,60}",
        ) {
            use aho_corasick::AhoCorasick;
            let words: Vec<String> = words.into_iter().collect();
            let mut found = Vec::new();
            <Dictionary>::new(&words).each_in(&text, |id| found.push(id));
            let mut expected: Vec<usize> = AhoCorasick::new(&words)
                .unwrap()
                .find_overlapping_iter(&text)
                .map(|m| m.pattern().as_usize())
                .collect();
            found.sort_unstable();
            expected.sort_unstable();
            proptest::prop_assert_eq!(<Dictionary>::new(&words).any_in(&text), !expected.is_empty());
            proptest::prop_assert_eq!(found, expected);
        }
    }

    // Two thousand words of two chars and some of three: their starts
    // share filter bits, so groups hold the words of two starts or more.
    #[test]
    fn agrees_with_an_automaton_when_starts_share_a_bit() {
        let chars: Vec<char> = "行政处罚款检查监督执法案件立审批许可证照整改责令停产"
            .chars()
            .collect();
        let mut words: Vec<String> = Vec::new();
        for &a in &chars {
            for &b in &chars {
                words.push([a, b].iter().collect());
            }
        }
        for (i, &a) in chars.iter().enumerate() {
            let (b, c) = (
                chars[(i * 7 + 3) % chars.len()],
                chars[(i * 5 + 1) % chars.len()],
            );
            words.push([a, b, c].iter().collect());
            words.push([a, b, c, a].iter().collect());
        }
        let dict = <Dictionary>::new(&words);
        let starts: std::collections::HashSet<&[u8]> =
            words.iter().map(|w| &w.as_bytes()[..6]).collect();
        assert!(dict.groups.len() < starts.len(), "no starts share a bit");
        // A text of the chars in a fixed but irregular order, with ASCII
        // between some of them.
        let text: String = (0..3000usize)
            .map(|i| {
                chars[(i * i + 3 * i) % chars.len()].to_string()
                    + if i % 11 == 0 { "a" } else { "" }
            })
            .collect();
        for chars in [5, 12, 70, 3000] {
            let text: String = text.chars().take(chars).collect();
            let (found, expected) = found_and_oracle(&words, &text);
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn an_empty_dictionary_finds_nothing() {
        let words: [&str; 1] = [""];
        assert_eq!(<Dictionary>::new(&words).find("任何文字"), None);
        assert_eq!(<Dictionary>::default().find("任何文字"), None);
    }
}
