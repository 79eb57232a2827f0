//! Finding the first of a few chars in text by a scan of its bytes, for
//! text that is mostly none of them: scanning chars one by one against the
//! list instead costs a decode and comparisons per char. A set whose chars
//! end in at most three distinct bytes is found by those last bytes with
//! `memchr` (vector code), each byte found checked as the end of one of the
//! chars: a last byte of `。`, 0x82, also ends or sits inside many other
//! chars. A larger set is found by walking the text a char at a time by its
//! first bytes alone (a table gives a char's length by its first byte),
//! decoding a char only when its first byte is one of the set's: `。`'s
//! first byte, 0xE3, also starts `、` and `《`. (A table of last bytes does
//! worse: continuation bytes make two of every three bytes of Chinese text.)
//!
//! [`lines_inclusive`] splits text into lines, with `memchr`'s vector code
//! instead of the standard library's word-at-a-time search.
//!
//! [`eight_bytes`] reads eight bytes of text as one number, for the modules
//! that compare short words or test bytes eight at a time.
//!
//! [`count_with_avx2`] runs a byte count compiled for AVX2 where the CPU has
//! it, for the passes over every byte of a file or a record.

/// A set of chars, found by their last bytes or their first bytes.
pub struct CharFinder<const N: usize> {
    chars: [char; N],
    /// The distinct last bytes of `chars`, if at most three.
    last_bytes: Option<([u8; 3], usize)>,
    /// Whether a byte is the first byte of one of `chars`.
    is_first_byte: [bool; 256],
}

/// The length of a UTF-8 char by its first byte (a continuation byte, never
/// first in valid text, gets 1).
const CHAR_LEN: [u8; 256] = {
    let mut len = [1; 256];
    let mut b = 0xC0;
    while b < 256 {
        len[b] = if b < 0xE0 {
            2
        } else if b < 0xF0 {
            3
        } else {
            4
        };
        b += 1;
    }
    len
};

impl<const N: usize> CharFinder<N> {
    /// The finder of `chars`.
    pub const fn new(chars: [char; N]) -> Self {
        let mut is_first_byte = [false; 256];
        let mut last = [0; 3];
        let mut distinct = 0;
        let mut k = 0;
        while k < N {
            let mut utf8 = [0; 4];
            let encoded = chars[k].encode_utf8(&mut utf8).as_bytes();
            is_first_byte[encoded[0] as usize] = true;
            let byte = encoded[encoded.len() - 1];
            let mut seen = false;
            let mut j = 0;
            while j < distinct && j < 3 {
                seen |= last[j] == byte;
                j += 1;
            }
            if !seen {
                if distinct < 3 {
                    last[distinct] = byte;
                }
                distinct += 1;
            }
            k += 1;
        }
        CharFinder {
            chars,
            last_bytes: if distinct <= 3 {
                Some((last, distinct))
            } else {
                None
            },
            is_first_byte,
        }
    }

    /// The byte offset just after the first of the chars in `text`.
    pub fn end_of_first(&self, text: &str) -> Option<usize> {
        self.ends(text).next()
    }

    /// The byte offsets just after each of the chars in `text`, in order.
    pub fn ends<'t>(&'t self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            let end = match self.last_bytes {
                Some((last, distinct)) => self.next_by_last_byte(text, from, &last[..distinct]),
                None => self.next_by_first_byte(text, from),
            }?;
            from = end;
            Some(end)
        })
    }

    /// The end of the first char of the set at or after `from`, by a search
    /// for the last bytes of the chars.
    fn next_by_last_byte(&self, text: &str, from: usize, last: &[u8]) -> Option<usize> {
        let hay = &text.as_bytes()[from..];
        let is_end = |at: usize| {
            let end = from + at + 1;
            (text.is_char_boundary(end) && text[..end].ends_with(self.chars)).then_some(end)
        };
        match *last {
            [a] => memchr::memchr_iter(a, hay).find_map(is_end),
            [a, b] => memchr::memchr2_iter(a, b, hay).find_map(is_end),
            [a, b, c] => memchr::memchr3_iter(a, b, c, hay).find_map(is_end),
            _ => None,
        }
    }

    /// The end of the first char of the set at or after `from`, by a walk
    /// over the first bytes of the chars: a char is decoded only when its
    /// first byte is one of the set's.
    fn next_by_first_byte(&self, text: &str, from: usize) -> Option<usize> {
        let hay = text.as_bytes();
        let mut at = from;
        while let Some(&first) = hay.get(at) {
            let start = at;
            at += usize::from(CHAR_LEN[usize::from(first)]);
            if self.is_first_byte[usize::from(first)] && text[start..].starts_with(self.chars) {
                return Some(at);
            }
        }
        None
    }

    /// Does `text` hold one of the chars?
    pub fn is_in(&self, text: &str) -> bool {
        self.end_of_first(text).is_some()
    }
}

/// The lines of `text`, each with its `\n` (the last one may have none), as
/// `text.split_inclusive('\n')` gives them.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let end = ends.next().map_or(text.len(), |newline| newline + 1);
        let line = (start < end).then(|| &text[start..end]);
        start = end;
        line
    })
}

/// The eight bytes of `bytes` from `at` as one little-endian number, zeros
/// past the end: a word of up to eight bytes is then compared, or its bytes
/// tested, with one operation (the trigger dictionary, unit words and set
/// phrases, clause marks).
#[inline]
pub fn eight_bytes(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().expect("eight bytes")),
        None => eight_bytes_near_end(bytes, at),
    }
}

/// [`eight_bytes`] within eight bytes of the end: the last eight bytes,
/// shifted down past those before `at` (a word at the end of a sentence
/// or cell is read here, no rare case), and, in a text shorter than eight
/// bytes (a cell, a category), its bytes four, two and one at a time.
#[inline(never)]
fn eight_bytes_near_end(bytes: &[u8], at: usize) -> u64 {
    // how many of the eight bytes lie past the end
    let past = (at + 8).saturating_sub(bytes.len());
    if let Some(last) = bytes.len().checked_sub(8).filter(|_| past < 8) {
        return eight_bytes(bytes, last) >> (8 * past);
    }
    // fewer than eight bytes
    let rest = bytes.get(at..).unwrap_or_default();
    let mut word = 0;
    let mut read = 0;
    if rest.len() & 4 != 0 {
        word = u64::from(u32::from_le_bytes(
            rest[..4].try_into().expect("four bytes"),
        ));
        read = 4;
    }
    if rest.len() & 2 != 0 {
        let two = u16::from_le_bytes(rest[read..read + 2].try_into().expect("two bytes"));
        word |= u64::from(two) << (8 * read);
        read += 2;
    }
    if rest.len() & 1 != 0 {
        word |= u64::from(rest[read]) << (8 * read);
    }
    word
}

/// The mask of the first `len` bytes (all eight from eight on) of
/// [`eight_bytes`]' number.
pub fn first_bytes_mask(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::{eight_bytes, lines_inclusive, CharFinder};
    use proptest::prelude::*;

    #[test]
    fn reads_eight_bytes_past_the_end_as_zeros() {
        for len in 0..20u8 {
            let bytes: Vec<u8> = (1..=len).collect();
            for at in 0..=usize::from(len) + 9 {
                let mut buf = [0u8; 8];
                for (k, b) in buf.iter_mut().enumerate() {
                    *b = bytes.get(at + k).copied().unwrap_or(0);
                }
                assert_eq!(
                    eight_bytes(&bytes, at),
                    u64::from_le_bytes(buf),
                    "{len} {at}"
                );
            }
        }
    }

    #[test]
    fn splits_lines_as_the_standard_library() {
        for text in ["", "\n", "甲\n乙", "甲\n乙\n", "\n\n甲\r\n", "一行"] {
            let ours: Vec<&str> = lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn finds_the_first_char_as_a_char_scan(text in "[甲傂。！，;│?a ]{0,30}") {
            let scan = text.find(['。', '！', ';', '│', '?']).map(|i| {
                i + text[i..].chars().next().map_or(0, char::len_utf8)
            });
            prop_assert_eq!(ENDS.end_of_first(&text), scan);
        }

        #[test]
        fn splits_any_text_as_the_standard_library(text in "[甲乙a\n\r ]{0,40}") {
            let ours: Vec<&str> = lines_inclusive(&text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            prop_assert_eq!(ours, std);
        }
    }

    const ENDS: CharFinder<5> = CharFinder::new(['。', '！', ';', '│', '?']);

    #[test]
    fn finds_the_first_char_of_the_set() {
        assert_eq!(
            ENDS.end_of_first("罚款3万元。其后"),
            Some("罚款3万元。".len())
        );
        assert_eq!(ENDS.end_of_first("a;b！"), Some(2));
        assert_eq!(ENDS.end_of_first("a?b！"), Some(2));
        assert_eq!(ENDS.end_of_first("甲！乙?"), Some("甲！".len()));
        assert_eq!(ENDS.end_of_first("甲│乙"), Some("甲│".len()));
        assert!(ENDS.is_in("！"));
    }

    #[test]
    fn passes_chars_that_share_a_last_byte() {
        // `傂` (E5 82 82) ends in 0x82 like `。` (E3 80 82) and `│` (E2 94 82).
        for text in ["", "全年检查", "傂", "abc", "，，"] {
            assert_eq!(ENDS.end_of_first(text), None, "{text}");
        }
        assert_eq!(ENDS.end_of_first("傂。"), Some("傂。".len()));
    }
}

/// `count(bytes)`, with `count` compiled for AVX2 where the CPU has it (told
/// at run time, as memchr and simdutf8 tell theirs), so that its vector steps
/// test 32 bytes, not SSE2's 16. `count` must be `#[inline(always)]`: it is
/// compiled with AVX2 only where it is inlined into the AVX2 path.
pub fn count_with_avx2<F: Fn(&[u8]) -> usize>(bytes: &[u8], count: F) -> usize {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, told just above.
        return unsafe { on_avx2(bytes, count) };
    }
    count(bytes)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn on_avx2<F: Fn(&[u8]) -> usize>(bytes: &[u8], count: F) -> usize {
    count(bytes)
}
