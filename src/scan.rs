//! Finding the first of a few chars in text by their first UTF-8 bytes, for
//! text that is mostly none of them: the text is walked a char at a time by
//! its first bytes alone (a table gives a char's length by its first byte),
//! and a char is decoded and compared only when its first byte is one of the
//! set's — `。`'s first byte, 0xE3, also starts `、` and `《`. Decoding every
//! char and comparing it with the list costs several times as much; so does
//! a search for the chars' last bytes, continuation bytes that make two of
//! every three bytes of Chinese text.
//!
//! [`lines_inclusive`] splits text into lines the same way, with `memchr`'s
//! vector code instead of the standard library's word-at-a-time search.

/// A set of chars, found by their first bytes.
pub struct CharFinder<const N: usize> {
    chars: [char; N],
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
        let mut k = 0;
        while k < N {
            let mut utf8 = [0; 4];
            let first = chars[k].encode_utf8(&mut utf8).as_bytes()[0];
            is_first_byte[first as usize] = true;
            k += 1;
        }
        CharFinder {
            chars,
            is_first_byte,
        }
    }

    /// The byte offset just after the first of the chars in `text`.
    pub fn end_of_first(&self, text: &str) -> Option<usize> {
        self.ends(text).next()
    }

    /// The byte offsets just after each of the chars in `text`, in order.
    /// Walked a char at a time by first bytes alone: a char is decoded only
    /// when its first byte is one of the set's.
    pub fn ends<'t>(&'t self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        let hay = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while let Some(&first) = hay.get(at) {
                let start = at;
                at += usize::from(CHAR_LEN[usize::from(first)]);
                if self.is_first_byte[usize::from(first)] {
                    let c = text[start..].chars().next()?;
                    if self.chars.contains(&c) {
                        return Some(at);
                    }
                }
            }
            None
        })
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

#[cfg(test)]
mod tests {
    use super::{lines_inclusive, CharFinder};
    use proptest::prelude::*;

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
