//! A set of words found by the char they start with. At each char of a text
//! one probe of a small hash table says whether a word starts with that char,
//! and only those words are compared, by their first eight bytes at once. On
//! the short sentences and clauses the engine reads, this costs a few
//! instructions a char — several times less than an automaton that walks
//! every byte through its states, or a substring search per word — and it is
//! built in a moment (start-up counts for one small report).

/// Words that a text is searched for, leftmost-longest.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    /// The words grouped by their first char, longest first in each group.
    entries: Vec<Entry>,
    /// Every word's bytes, one after the other.
    bytes: Vec<u8>,
    /// Open addressing from a first char to its group in `entries`.
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: the hash of a key is its top bits.
    shift: u32,
}

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

/// The group of words starting with one char.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The char's UTF-8 bytes as a little-endian number; [`EMPTY`] for none.
    key: u32,
    start: u32,
    end: u32,
}

/// No UTF-8 char is four bytes of 0xFF.
const EMPTY: u32 = u32::MAX;

/// A word found in a text: its byte span and its index in the word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub id: usize,
}

impl Dictionary {
    /// A dictionary of `words`; a word's index in the list is its id. Empty
    /// words are left out (they would stand everywhere); a repeated word
    /// keeps its first id.
    pub fn new<S: AsRef<str>>(words: &[S]) -> Dictionary {
        let mut order: Vec<(u32, usize)> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.as_ref().is_empty())
            .map(|(id, w)| (first_char_key(w.as_ref().as_bytes()), id))
            .collect();
        // By first char, then longest first; a repeated word after its first.
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
        };
        for (n, &(key, id)) in order.iter().enumerate() {
            let word = words[id].as_ref().as_bytes();
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
        let slot = &self.slots[self.slot_of(first_char(window).1)];
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
        while at < text.len() {
            let window = window(text, at);
            let (len, key) = first_char(window);
            if self.slots[self.home(key)].key != EMPTY {
                // The slot of a char no word starts with is empty: no entries.
                let slot = &self.slots[self.slot_of(key)];
                self.entries[slot.start as usize..slot.end as usize]
                    .iter()
                    .filter(|e| self.is_at(e, text, at, window))
                    .for_each(|e| each(e.id as usize));
            }
            at += len;
        }
    }

    /// The leftmost-longest word starting at or after `at`, a char boundary.
    fn next_from(&self, text: &[u8], mut at: usize) -> Option<Found> {
        if self.entries.is_empty() {
            return None;
        }
        while at < text.len() {
            let window = window(text, at);
            let (len, key) = first_char(window);
            // Most chars start no word: their first slot is empty (the table
            // is kept sparse so that it mostly is).
            let home = &self.slots[self.home(key)];
            if home.key != EMPTY {
                let slot = if home.key == key {
                    home
                } else {
                    &self.slots[self.slot_of(key)]
                };
                if let Some(found) = self.longest_at(slot, text, at, window) {
                    return Some(found);
                }
            }
            at += len;
        }
        None
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
    fn home(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go.
    fn slot_of(&self, key: u32) -> usize {
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

/// The length in bytes of a UTF-8 char by the high nibble of its first byte
/// (a continuation byte never starts a char), and the mask of those bytes.
const CHAR_LEN: [(usize, u64); 16] = {
    let mut table = [(1, 0xFF); 16];
    table[0xC] = (2, 0xFFFF);
    table[0xD] = (2, 0xFFFF);
    table[0xE] = (3, 0xFF_FFFF);
    table[0xF] = (4, 0xFFFF_FFFF);
    table
};

/// The length and key of the char a window starts with.
fn first_char(window: u64) -> (usize, u32) {
    let (len, mask) = CHAR_LEN[(window as usize & 0xFF) >> 4];
    (len, (window & mask) as u32)
}

/// The key of the first char of a non-empty word.
fn first_char_key(word: &[u8]) -> u32 {
    first_char(window(word, 0)).1
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
            use aho_corasick::{AhoCorasick, MatchKind};
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&words)
                .unwrap();
            let expected: Vec<_> = ac
                .find_iter(&text)
                .map(|m| (m.start(), m.end(), &words[m.pattern().as_usize()]))
                .collect();
            let dict = Dictionary::new(&words);
            let found: Vec<_> = dict
                .find_iter(&text)
                .map(|f| (f.start, f.end, &words[f.id]))
                .collect();
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
