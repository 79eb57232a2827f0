//! A set of words found by the bytes they start with. At each char of a text
//! one bit of a small filter, hashed from the bytes there as long as the
//! shortest word (two chars for the rule triggers), says whether a word may
//! start there; only then does a small hash table give the words that start
//! with those very bytes (not all those of their first char: `罚` or `移`
//! start ten triggers or more), compared by their first eight bytes at once.
//! On the short sentences and clauses the engine reads, this costs a few
//! instructions a char — several times less than an automaton that walks
//! every byte through its states, or a substring search per word — and it is
//! built in a moment (start-up counts for one small report). Filtering by the
//! first two chars, not the first, matters: the first chars of the triggers
//! (`行`, `检`, `案`) are among the commonest of the reports, their second
//! chars together much less so. Over a long text with words of two chars or
//! more, a skip table (Wu–Manber) passes over most places without looking at
//! them at all.

use std::sync::OnceLock;

/// Words that a text is searched for, leftmost-longest.
#[derive(Debug, Clone)]
pub struct Dictionary {
    /// The words grouped by their first bytes (as many as the shortest word
    /// has), longest first in each group.
    entries: Vec<Entry>,
    /// Every word's bytes, one after the other.
    bytes: Vec<u8>,
    /// Open addressing from a word's first bytes to its group in `entries`.
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: the hash of a key is its top bits.
    shift: u32,
    /// One bit for each word's first `prefix_mask` bytes (as many as the
    /// shortest word has, at most eight), hashed; a text's bytes at a place
    /// whose bit is clear start no word. Of a fixed size, so that a probe
    /// needs no bounds check.
    filter: Box<[u64; FILTER_WORDS]>,
    /// The mask of a window's bytes that [`Dictionary::filter`] is hashed from.
    prefix_mask: u64,
    /// When every word has four bytes or more: for each pair of bytes
    /// (hashed), how far a text may be passed over when the pair ends the
    /// prefix-long stretch being looked at (Wu and Manber's shift table).
    /// Two bytes in a word's prefix allow no further move than puts them
    /// under their place in the prefix; a pair in no prefix, the whole
    /// prefix less one byte. On the report text most places move on a char
    /// or more at once. Made when a long text is first searched: most
    /// dictionaries are word lists only ever looked for in a clause.
    skip: OnceLock<Option<Box<[u8; SKIP_SLOTS]>>>,
}

/// The size of a [`Dictionary::skip`] table.
const SKIP_SLOTS: usize = 2048;

/// From this many bytes on, a text is passed over by [`Dictionary::skip`].
const SKIPPED_TEXT: usize = 16;

/// The size of a [`Dictionary::filter`] in u64s: 8192 bits, so that the
/// prefixes of a few hundred words leave most bits clear.
const FILTER_WORDS: usize = 128;

/// One word of a dictionary.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The word's first eight bytes (fewer for a shorter word), little-endian,
    /// and the mask of the bytes it has.
    head: u64,
    mask: u64,
    /// Where the word's bytes stand in `Dictionary::bytes`, and how many.
    at: u32,
    len: u32,
    /// The word's index in the list the dictionary was built from.
    id: u32,
}

/// The group of words starting with the same bytes, as many as the shortest
/// word has (at most eight): all the words that may stand where a text has
/// those bytes.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The bytes as a little-endian number (the mask of
    /// [`Dictionary::prefix_mask`]); [`EMPTY`] for none.
    key: u64,
    start: u32,
    end: u32,
}

/// No UTF-8 text has eight bytes of 0xFF.
const EMPTY: u64 = u64::MAX;

/// A word found in a text: its byte span and its index in the word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub id: usize,
}

impl Default for Dictionary {
    fn default() -> Dictionary {
        Dictionary::new::<&str>(&[])
    }
}

impl Dictionary {
    /// A dictionary of `words`; a word's index in the list is its id. Empty
    /// words are left out (they would stand everywhere); a repeated word
    /// keeps its first id.
    pub fn new<S: AsRef<str>>(words: &[S]) -> Dictionary {
        let shortest = words
            .iter()
            .map(|w| w.as_ref().len())
            .filter(|&len| len > 0)
            .min();
        let prefix_mask = mask_of(shortest.unwrap_or(8));
        let mut order: Vec<(u64, usize)> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.as_ref().is_empty())
            .map(|(id, w)| (window(w.as_ref().as_bytes(), 0) & prefix_mask, id))
            .collect();
        // By first bytes, then longest first; a repeated word after its first.
        order.sort_by_key(|&(key, id)| (key, std::cmp::Reverse(words[id].as_ref().len()), id));
        let groups = order.windows(2).filter(|p| p[0].0 != p[1].0).count() + 1;
        let bits = (groups * 8).next_power_of_two().max(32).trailing_zeros();
        let mut dict = Dictionary {
            entries: Vec::with_capacity(order.len()),
            bytes: Vec::new(),
            slots: vec![
                Slot {
                    key: EMPTY,
                    start: 0,
                    end: 0
                };
                1 << bits
            ],
            shift: 64 - bits,
            filter: Box::new([0; FILTER_WORDS]),
            prefix_mask,
            skip: OnceLock::new(),
        };
        for (n, &(key, id)) in order.iter().enumerate() {
            let word = words[id].as_ref().as_bytes();
            let bit = filter_bit(key);
            dict.filter[bit >> 6] |= 1 << (bit & 63);
            dict.entries.push(Entry {
                head: window(word, 0),
                mask: mask_of(word.len()),
                at: dict.bytes.len() as u32,
                len: word.len() as u32,
                id: id as u32,
            });
            dict.bytes.extend_from_slice(word);
            let slot = dict.slot_of(key);
            if dict.slots[slot].key == EMPTY {
                dict.slots[slot] = Slot {
                    key,
                    start: n as u32,
                    end: n as u32,
                };
            }
            dict.slots[slot].end += 1;
        }
        dict
    }

    /// The words in `text`, leftmost-longest, not overlapping.
    pub fn find_iter<'d, 't>(&'d self, text: &'t str) -> impl Iterator<Item = Found> + 'd
    where
        't: 'd,
    {
        let text = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            let found = self.next_from(text, at)?;
            at = found.end;
            Some(found)
        })
    }

    /// The id of the longest word `text` starts with, among those `allowed`.
    pub fn longest_prefix(&self, text: &str, allowed: impl Fn(usize) -> bool) -> Option<usize> {
        let text = text.as_bytes();
        if text.is_empty() || self.entries.is_empty() {
            return None;
        }
        let window = window(text, 0);
        let slot = &self.slots[self.slot_of(window & self.prefix_mask)];
        self.entries[slot.start as usize..slot.end as usize]
            .iter()
            .find(|e| self.is_at(e, text, 0, window) && allowed(e.id as usize))
            .map(|e| e.id as usize)
    }

    /// The leftmost-longest word in `text`.
    pub fn find(&self, text: &str) -> Option<Found> {
        self.next_from(text.as_bytes(), 0)
    }

    /// Hand `each` the id of every word standing in `text`, overlapping ones
    /// too (a word inside a longer one is no less there).
    pub fn each_in(&self, text: &str, mut each: impl FnMut(usize)) {
        let text = text.as_bytes();
        if self.entries.is_empty() {
            return;
        }
        let mut at = 0;
        while let Some(maybe) = self.next_maybe(text, at) {
            let window = window(text, maybe);
            let slot = &self.slots[self.slot_of(window & self.prefix_mask)];
            self.entries[slot.start as usize..slot.end as usize]
                .iter()
                .filter(|e| self.is_at(e, text, maybe, window))
                .for_each(|e| each(e.id as usize));
            at = maybe + char_len(window);
        }
    }

    /// The leftmost-longest word starting at or after `at`, a char boundary.
    fn next_from(&self, text: &[u8], mut at: usize) -> Option<Found> {
        if self.entries.is_empty() {
            return None;
        }
        loop {
            at = self.next_maybe(text, at)?;
            let window = window(text, at);
            let slot = &self.slots[self.slot_of(window & self.prefix_mask)];
            if let Some(found) = self.longest_at(slot, text, at, window) {
                return Some(found);
            }
            at += char_len(window);
        }
    }

    /// The first char boundary from `at` on where a word may start: where
    /// the bit of [`Dictionary::filter`] is set. The loop every char of a
    /// text goes through, kept apart so that it keeps all it needs in
    /// registers.
    fn next_maybe(&self, text: &[u8], mut at: usize) -> Option<usize> {
        let (filter, prefix) = (&*self.filter, self.prefix_mask);
        let may_start = |window: u64| {
            let bit = filter_bit(window & prefix);
            filter[bit >> 6] & (1 << (bit & 63)) != 0
        };
        // Where eight bytes are left, read from the text; nearer the end,
        // from a copy of its last bytes padded with zeros.
        let body = text.len().saturating_sub(7);
        if let Some(skip) = self.skip(text) {
            // Byte by byte, not char by char: a place inside a char starts
            // no word, and the filter lets few of them through.
            let last_pair = 8 * (prefix.count_ones() / 8 - 2);
            while at < body {
                let window = u64::from_le_bytes(text[at..at + 8].try_into().expect("eight bytes"));
                let slot = skip_slot((window >> last_pair) as u16);
                match skip[slot] {
                    0 if may_start(window) => return Some(at),
                    0 => at += 1,
                    far => at += usize::from(far),
                }
            }
        } else {
            while at < body {
                let window = u64::from_le_bytes(text[at..at + 8].try_into().expect("eight bytes"));
                if may_start(window) {
                    return Some(at);
                }
                at += char_len(window);
            }
        }
        let rest = text.get(at..).filter(|rest| !rest.is_empty())?;
        let mut tail = [0u8; 16];
        tail[..rest.len()].copy_from_slice(rest);
        let mut i = 0;
        while i < rest.len() {
            let window = u64::from_le_bytes(tail[i..i + 8].try_into().expect("eight bytes"));
            if may_start(window) {
                return Some(at + i);
            }
            i += char_len(window);
        }
        None
    }

    /// The [`Dictionary::skip`] table to pass over `text` with, if any.
    fn skip(&self, text: &[u8]) -> Option<&[u8; SKIP_SLOTS]> {
        if text.len() < SKIPPED_TEXT {
            return None;
        }
        let skip = self.skip.get_or_init(|| {
            let prefix = self.prefix_mask.count_ones() as usize / 8;
            if prefix < 4 {
                return None;
            }
            // Made on the heap, not copied there from the stack.
            let most = vec![prefix as u8 - 1; SKIP_SLOTS].into_boxed_slice();
            let mut skip: Box<[u8; SKIP_SLOTS]> = most.try_into().expect("SKIP_SLOTS bytes");
            for e in &self.entries {
                let bytes = e.head.to_le_bytes();
                for (j, pair) in bytes[..prefix].windows(2).enumerate() {
                    let slot = &mut skip[skip_slot(u16::from_le_bytes([pair[0], pair[1]]))];
                    *slot = (*slot).min((prefix - 2 - j) as u8);
                }
            }
            Some(skip)
        });
        skip.as_deref()
    }

    /// The longest word of the group of `slot` that stands at `at`.
    fn longest_at(&self, slot: &Slot, text: &[u8], at: usize, window: u64) -> Option<Found> {
        let group = &self.entries[slot.start as usize..slot.end as usize];
        let e = group.iter().find(|e| self.is_at(e, text, at, window))?;
        Some(Found {
            start: at,
            end: at + e.len as usize,
            id: e.id as usize,
        })
    }

    /// The first slot `key` may stand in.
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go.
    fn slot_of(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].key != key && self.slots[i].key != EMPTY {
            i = (i + 1) & mask;
        }
        i
    }

    /// Does the word of `e` stand at `at` (whose first bytes are `window`)?
    fn is_at(&self, e: &Entry, text: &[u8], at: usize, window: u64) -> bool {
        let len = e.len as usize;
        window & e.mask == e.head
            && len <= text.len() - at
            && (len <= 8
                || text[at + 8..at + len] == self.bytes[e.at as usize + 8..e.at as usize + len])
    }
}

/// The eight bytes of `text` from `at`, little-endian, zero past its end.
fn window(text: &[u8], at: usize) -> u64 {
    match text.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().expect("eight bytes")),
        None => last_window(text, at),
    }
}

/// [`window`] within eight bytes of the end.
#[cold]
#[inline(never)]
fn last_window(text: &[u8], at: usize) -> u64 {
    let mut buf = [0u8; 8];
    let rest = &text[at.min(text.len())..];
    buf[..rest.len()].copy_from_slice(rest);
    u64::from_le_bytes(buf)
}

/// The mask of the first `len` bytes (all eight from eight on) of a window.
fn mask_of(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

/// The length in bytes of the char a window starts with: four bits a high
/// nibble of its first byte, from a number rather than a table in memory.
fn char_len(window: u64) -> usize {
    const LENGTHS: u64 = 0x4322_1111_1111_1111;
    ((LENGTHS >> ((window as usize & 0xF0) >> 2)) & 0xF) as usize
}

/// The slot of a [`Dictionary::skip`] table for a pair of bytes (always in
/// the table).
fn skip_slot(pair: u16) -> usize {
    const BITS: u32 = SKIP_SLOTS.trailing_zeros();
    (u32::from(pair).wrapping_mul(0x9E37_79B9) >> (32 - BITS)) as usize
}

/// The bit of a [`Dictionary::filter`] for a word's or a text's first bytes.
fn filter_bit(prefix: u64) -> usize {
    const BITS: u32 = (FILTER_WORDS * 64).trailing_zeros();
    (prefix.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize
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
        let dict = Dictionary::new(&[
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
        let dict = Dictionary::new(&words);
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
        let found = Dictionary::new(words)
            .find_iter(text)
            .map(|f| (f.start, f.end, &words[f.id]))
            .collect();
        (found, expected)
    }

    proptest::proptest! {
        // Words of two chars or more over a long text: passed over by the
        // skip table, byte by byte.
        #[test]
        fn agrees_with_an_automaton_when_skipping(
            words in proptest::collection::vec("[行政处罚款、]{2,4}", 1..8),
            text in "[行政处罚款a、b]{0,8}[行政处罚款、]{16}[行政处罚款a、b]{0,16}",
        ) {
            proptest::prop_assert!(Dictionary::new(&words).skip(text.as_bytes()).is_some());
            let (found, expected) = found_and_oracle(&words, &text);
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn an_empty_dictionary_finds_nothing() {
        let words: [&str; 1] = [""];
        assert_eq!(Dictionary::new(&words).find("任何文字"), None);
        assert_eq!(Dictionary::default().find("任何文字"), None);
    }
}
