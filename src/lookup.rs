//! Word tables looked up by the char a word starts (or ends) with: at each
//! place of a text only the few words that start with the char there are
//! compared, not the whole table (unit words after a number, name suffixes and
//! boundary words in agency detection, noise words around a category); and
//! the char sets under them, asked about once per char of a text: most chars
//! are in no such set, so a lookup is one probe, never a search of the members.

/// Items keyed by one char of their word (the first, or the last), each list
/// in the order the items were given; the keys are a [`CharSet`], so asking
/// about a char that keys nothing is one probe.
#[derive(Debug, Clone)]
pub struct ByChar<T> {
    keys: CharSet,
    /// The list of each key, by the key's index in `keys`.
    lists: Vec<Vec<T>>,
}

impl<T> ByChar<T> {
    /// Index `items` by the first char of `word(item)`; items with an empty
    /// word are left out (they start with no char).
    pub fn new(items: impl IntoIterator<Item = T>, word: impl Fn(&T) -> &str) -> Self {
        Self::keyed(items, |item| word(item).chars().next())
    }

    /// Index `items` by the char `key` gives each (none: left out).
    pub fn keyed(items: impl IntoIterator<Item = T>, key: impl Fn(&T) -> Option<char>) -> Self {
        let keyed: Vec<(char, T)> = items
            .into_iter()
            .filter_map(|item| key(&item).map(|c| (c, item)))
            .collect();
        let keys = CharSet::new(keyed.iter().map(|(c, _)| *c));
        let mut lists: Vec<Vec<T>> = keys.chars().iter().map(|_| Vec::new()).collect();
        for (c, item) in keyed {
            if let Some(k) = keys.index_of(c) {
                lists[k].push(item);
            }
        }
        ByChar { keys, lists }
    }

    /// The items keyed by `c`, in the order given.
    pub fn keyed_by(&self, c: char) -> &[T] {
        self.keys
            .index_of(c)
            .map_or(&[], |k| self.lists[k].as_slice())
    }

    /// Every item, lists in key order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.lists.iter().flatten()
    }

    /// The keys in char order, and the list of each, in the same order: for
    /// a caller that finds its lists by another look-up of the keys.
    pub(crate) fn into_parts(self) -> (Vec<char>, Vec<Vec<T>>) {
        (self.keys.sorted, self.lists)
    }
}

/// A set of chars, each with its index in the sorted list of members.
#[derive(Debug, Clone)]
pub(crate) struct CharSet {
    sorted: Vec<char>,
    /// Open addressing, linear probing: each member with its index + 1;
    /// `(_, 0)` is an empty slot. At most a quarter full, so a probe run
    /// is short.
    slots: Vec<(char, u16)>,
}

impl CharSet {
    pub(crate) fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut sorted: Vec<char> = chars.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        assert!(
            sorted.len() < usize::from(u16::MAX),
            "a member's index fits a u16"
        );
        let size = (sorted.len() * 4).next_power_of_two().max(64);
        let mut slots = vec![('\0', 0); size];
        for (k, &c) in sorted.iter().enumerate() {
            let mut s = slot_of(c, size);
            while slots[s].1 != 0 {
                s = (s + 1) & (size - 1);
            }
            slots[s] = (c, k as u16 + 1);
        }
        CharSet { sorted, slots }
    }

    /// The index of `c` among the members in char order, if it is one.
    pub(crate) fn index_of(&self, c: char) -> Option<usize> {
        let size = self.slots.len();
        let mut s = slot_of(c, size);
        loop {
            let (member, k) = self.slots[s];
            if k == 0 {
                return None;
            }
            if member == c {
                return Some(usize::from(k) - 1);
            }
            s = (s + 1) & (size - 1);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.sorted.len()
    }

    /// The members in char order.
    pub(crate) fn chars(&self) -> &[char] {
        &self.sorted
    }
}

/// The home slot of `c` in a table of `size` slots (a power of two):
/// Fibonacci hashing, the high bits of the product.
fn slot_of(c: char, size: usize) -> usize {
    let bits = size.trailing_zeros();
    ((c as u32).wrapping_mul(0x9E37_79B9) >> (32 - bits)) as usize
}

/// A set of chars of the Basic Multilingual Plane, one bit each, built at
/// compile time: a lookup is a load and a shift, and there is no table to
/// build at start-up. The bits of the chars are the first 1024 words; the
/// rest are ones, the answer for the bytes of a char of other than three
/// bytes in a walk over the bytes of a text ([`BmpSet::is_other`]).
pub(crate) struct BmpSet([u64; BmpSet::WORDS]);

/// For each first byte of a char, where the word of the char's bits in a
/// [`BmpSet`] is, less the char's second byte: for a three-byte char
/// `(lead - 0xE0) * 64 - 0x80` (wrapping), so that the sum with the second
/// byte (0x80..=0xBF) is the word's index, `c >> 6`; for any other byte,
/// the words of ones past the chars'. One load instead of the arithmetic
/// and the test of a three-byte lead.
static WORD_BASE: [u16; 256] = {
    let mut base = [BmpSet::BMP_WORDS as u16; 256];
    let mut lead = 0xE0;
    while lead <= 0xEF {
        base[lead] = (((lead - 0xE0) * 64) as u16).wrapping_sub(0x80);
        lead += 1;
    }
    base
};

impl BmpSet {
    /// The words of the chars' bits.
    const BMP_WORDS: usize = 1024;
    /// Those and the words of ones: a power of two, so that an index
    /// masked to it needs no bounds check.
    const WORDS: usize = 2048;

    /// No member: no bit among the chars', and the words of ones.
    const NONE: [u64; BmpSet::WORDS] = {
        let mut bits = [0u64; BmpSet::WORDS];
        let mut k = BmpSet::BMP_WORDS;
        while k < BmpSet::WORDS {
            bits[k] = u64::MAX;
            k += 1;
        }
        bits
    };

    /// The chars of all of `groups`; each must be below U+10000.
    pub(crate) const fn new(groups: &[&[char]]) -> BmpSet {
        let mut bits = BmpSet::NONE;
        let mut g = 0;
        while g < groups.len() {
            let mut k = 0;
            while k < groups[g].len() {
                let c = groups[g][k] as u32;
                assert!(c < 0x10000, "a BmpSet holds chars below U+10000");
                bits[(c >> 6) as usize] |= 1 << (c & 63);
                k += 1;
            }
            g += 1;
        }
        BmpSet(bits)
    }

    /// The set whose chars are the bits of `bits`, char `c` bit `c & 63`
    /// of word `c >> 6`: for a set computed at compile time.
    pub(crate) const fn from_bits(bits: [u64; BmpSet::BMP_WORDS]) -> BmpSet {
        let mut all = BmpSet::NONE;
        let mut k = 0;
        while k < BmpSet::BMP_WORDS {
            all[k] = bits[k];
            k += 1;
        }
        BmpSet(all)
    }

    /// The chars of `chars`; each must be below U+10000. Decoded at
    /// compile time, for a set written as a string.
    pub(crate) const fn of_str(chars: &str) -> BmpSet {
        let bytes = chars.as_bytes();
        let mut bits = BmpSet::NONE;
        let mut at = 0;
        while at < bytes.len() {
            let lead = bytes[at] as u32;
            let (c, len) = if lead < 0x80 {
                (lead, 1)
            } else if lead < 0xE0 {
                ((lead & 0x1F) << 6 | (bytes[at + 1] as u32 & 0x3F), 2)
            } else if lead < 0xF0 {
                let second = bytes[at + 1] as u32 & 0x3F;
                let third = bytes[at + 2] as u32 & 0x3F;
                ((lead & 0x0F) << 12 | second << 6 | third, 3)
            } else {
                panic!("a BmpSet holds chars below U+10000")
            };
            bits[(c >> 6) as usize] |= 1 << (c & 63);
            at += len;
        }
        BmpSet(bits)
    }

    pub(crate) fn contains(&self, c: char) -> bool {
        let c = c as u32;
        c < 0x10000 && self.0[(c >> 6) as usize] >> (c & 63) & 1 == 1
    }

    /// The chars of `chars` (built at run time); each must be below
    /// U+10000. On the heap, built in place: the set is 16 KB, copied at
    /// every move of a value on the stack.
    pub(crate) fn of(chars: impl IntoIterator<Item = char>) -> Box<BmpSet> {
        let mut set = Box::new(BmpSet(BmpSet::NONE));
        for c in chars {
            let c = c as u32;
            assert!(c < 0x10000, "a BmpSet holds chars below U+10000");
            set.0[(c >> 6) as usize] |= 1 << (c & 63);
        }
        set
    }

    /// `bytes` (the bytes of a `str` from a char on) from the first char
    /// that is not a three-byte non-member: past the run of chars that a
    /// pass over a text steps over, the bulk of Chinese text. Two chars a
    /// turn, where the length is tested once for both and the loop's own
    /// test and step are paid once: a third of the instructions of a turn
    /// that takes one char.
    #[inline(always)]
    pub(crate) fn skip_three_byte_others<'a>(&self, mut bytes: &'a [u8]) -> &'a [u8] {
        while let [a0, a1, a2, b0, b1, b2, ref tail @ ..] = *bytes {
            if !self.is_other(a0, a1, a2) {
                return bytes;
            }
            if !self.is_other(b0, b1, b2) {
                return &bytes[3..];
            }
            bytes = tail;
        }
        while let [a0, a1, a2, ref tail @ ..] = *bytes {
            if !self.is_other(a0, a1, a2) {
                break;
            }
            bytes = tail;
        }
        bytes
    }

    /// Whether `lead`, `second`, `third`, at a char of a `str`, are a
    /// three-byte char that is not a member. Read from the bytes, for a
    /// loop that walks the bytes of a text: the lead's base and the second
    /// byte pick the word ([`WORD_BASE`]), the third byte the bit, as
    /// `c >> 6` and `c & 63` would; a lead of one, two or four bytes or a
    /// byte inside a char picks a word of ones (the second byte of a
    /// three-byte char is 0x80..=0xBF, so its word is among the chars').
    #[inline(always)]
    fn is_other(&self, lead: u8, second: u8, third: u8) -> bool {
        let base = usize::from(WORD_BASE[usize::from(lead)]);
        let word = base.wrapping_add(usize::from(second)) & (BmpSet::WORDS - 1);
        self.0[word] >> (third & 0x3F) & 1 == 0
    }
}

/// A small number for each of a few chars of the Basic Multilingual Plane,
/// zero for every other char: the row of the char's block of 64 chars, then
/// its entry there, two loads and no branch (the blocks with no member share
/// the row of zeros), where a [`CharSet`] hashes and probes.
pub(crate) struct BmpMap {
    /// For each block of 64 chars, its row in `rows` (row 0: all zeros).
    blocks: [u8; 1024],
    rows: Vec<[u16; 64]>,
}

impl BmpMap {
    /// Each char of `entries` with its number (a char given twice keeps
    /// the bits of both); each must be below U+10000.
    pub(crate) fn new(entries: impl IntoIterator<Item = (char, u16)>) -> BmpMap {
        let mut map = BmpMap {
            blocks: [0; 1024],
            rows: vec![[0; 64]],
        };
        for (c, value) in entries {
            let c = c as u32;
            assert!(c < 0x10000, "a BmpMap holds chars below U+10000");
            let block = &mut map.blocks[(c >> 6) as usize];
            if *block == 0 {
                *block = u8::try_from(map.rows.len()).expect("at most 255 blocks");
                map.rows.push([0; 64]);
            }
            map.rows[usize::from(*block)][(c & 63) as usize] |= value;
        }
        map
    }

    /// The number of `c`, zero when it has none.
    pub(crate) fn get(&self, c: char) -> u16 {
        let c = c as u32;
        if c >= 0x10000 {
            return 0;
        }
        self.rows[usize::from(self.blocks[(c >> 6) as usize])][(c & 63) as usize]
    }

    /// The number of the char written in UTF-8 as `lead`, `second`,
    /// `third` (a three-byte char), read from the bytes as
    /// [`BmpSet::skip_three_byte_others`] reads them: for a caller that walks bytes.
    pub(crate) fn get_utf8(&self, lead: u8, second: u8, third: u8) -> u16 {
        let block = usize::from(lead & 0x0F) << 6 | usize::from(second & 0x3F);
        self.rows[usize::from(self.blocks[block])][usize::from(third & 0x3F)]
    }
}

/// Whether `c` is one of the few chars of `set`. A walk over the set's chars:
/// `str::contains` would set up a substring search for a char beyond ASCII,
/// which costs more than the walk for sets this short.
pub(crate) fn is_among(c: char, set: &str) -> bool {
    set.chars().any(|s| s == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_words_of_a_first_char_in_their_order() {
        let table = ByChar::new(["件次", "件", "家", ""], |w| w);
        assert_eq!(table.keyed_by('件'), ["件次", "件"]);
        assert_eq!(table.keyed_by('家'), ["家"]);
        assert!(table.keyed_by('人').is_empty());
        assert_eq!(table.iter().count(), 3);
        let by_last = ByChar::keyed(["件次", "人次", "件"], |w| w.chars().next_back());
        assert_eq!(by_last.keyed_by('次'), ["件次", "人次"]);
    }

    #[test]
    fn members_and_their_order() {
        let set = CharSet::new("号码.一一".chars());
        assert_eq!(set.len(), 4);
        assert_eq!(set.index_of('.'), Some(0));
        assert!(set.index_of('号').is_some() && set.index_of('一').is_some());
        assert!(set.index_of('二').is_none() && set.index_of('/').is_none());
        assert_eq!(set.chars()[set.index_of('码').unwrap()], '码');
    }

    #[test]
    fn bmp_set_members() {
        static SET: BmpSet = BmpSet::new(&[&['0', '?'], &['一', '\u{ffff}']]);
        for c in ['0', '?', '一', '\u{ffff}'] {
            assert!(SET.contains(c));
        }
        for c in ['1', '@', '二', '\u{10000}', '\u{1ffff}'] {
            assert!(!SET.contains(c));
        }
        static WRITTEN: BmpSet = BmpSet::of_str("0?一\u{ffff}é\u{800}");
        for c in ['0', '?', '一', '\u{ffff}', 'é', '\u{800}'] {
            assert!(WRITTEN.contains(c), "{c:?}");
        }
        for c in ['1', '@', '二', '\u{10000}', 'e', '\u{801}'] {
            assert!(!WRITTEN.contains(c), "{c:?}");
        }
        // the run stepped over ends at the first char that is a member or
        // not of three bytes
        for text in [
            "",
            "二二",
            "二二一",
            "二二二a",
            "二二二二二é",
            "二\u{ffff}",
            "0?一二\u{ffff}\u{800}é\u{10000}",
            "二\u{800}",
            "二二二\u{10000}",
        ] {
            let rest = SET.skip_three_byte_others(text.as_bytes());
            let skipped = text.len() - rest.len();
            let first_other = text
                .char_indices()
                .find(|&(_, c)| c.len_utf8() != 3 || SET.contains(c))
                .map_or(text.len(), |(at, _)| at);
            assert_eq!(skipped, first_other, "{text:?}");
        }
    }
    #[test]
    fn bmp_map_entries() {
        let map = BmpMap::new([('0', 1), ('一', 2), ('一', 4), ('\u{ffff}', 8)]);
        assert_eq!(map.get('0'), 1);
        assert_eq!(map.get('一'), 6);
        assert_eq!(map.get('\u{ffff}'), 8);
        for c in ['1', '丁', '二', '\u{10000}', '\u{1ffff}'] {
            assert_eq!(map.get(c), 0);
        }
        for c in ['一', '丁', '\u{ffff}', '\u{800}'] {
            let mut bytes = [0; 3];
            c.encode_utf8(&mut bytes);
            assert_eq!(
                map.get_utf8(bytes[0], bytes[1], bytes[2]),
                map.get(c),
                "{c:?}"
            );
        }
    }
}
