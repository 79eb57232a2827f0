//! Finding the first of a few chars in text by a scan of its bytes, for
//! text that is mostly none of them: scanning chars one by one against the
//! list instead costs a decode and comparisons per char. Only the chars'
//! last UTF-8 bytes are looked for — with `memchr` (vector code) when there
//! are at most three, else with a table of them — and a byte found is
//! checked as the end of one of the chars: a last byte of `。`, 0x82, also
//! ends or sits inside many other chars.

/// A set of chars, found by their last bytes.
pub struct CharFinder<const N: usize> {
    chars: [char; N],
    /// The distinct last bytes of `chars`, the first `distinct` of them.
    last_bytes: [u8; N],
    distinct: usize,
    /// Whether a byte is one of `last_bytes`.
    is_last_byte: [bool; 256],
}

impl<const N: usize> CharFinder<N> {
    /// The finder of `chars`.
    pub const fn new(chars: [char; N]) -> Self {
        let mut last_bytes = [0; N];
        let mut distinct = 0;
        let mut k = 0;
        while k < N {
            let mut utf8 = [0; 4];
            let encoded = chars[k].encode_utf8(&mut utf8).as_bytes();
            let last = encoded[encoded.len() - 1];
            let mut seen = false;
            let mut j = 0;
            while j < distinct {
                seen |= last_bytes[j] == last;
                j += 1;
            }
            if !seen {
                last_bytes[distinct] = last;
                distinct += 1;
            }
            k += 1;
        }
        let mut is_last_byte = [false; 256];
        let mut j = 0;
        while j < distinct {
            is_last_byte[last_bytes[j] as usize] = true;
            j += 1;
        }
        CharFinder {
            chars,
            last_bytes,
            distinct,
            is_last_byte,
        }
    }

    /// The byte offset just after the first of the chars in `text`.
    pub fn end_of_first(&self, text: &str) -> Option<usize> {
        let hay = text.as_bytes();
        match self.last_bytes[..self.distinct] {
            [a] => self.first_end(text, memchr::memchr_iter(a, hay)),
            [a, b] => self.first_end(text, memchr::memchr2_iter(a, b, hay)),
            [a, b, c] => self.first_end(text, memchr::memchr3_iter(a, b, c, hay)),
            _ => {
                let mut from = 0;
                let at = std::iter::from_fn(|| {
                    let last = from
                        + hay[from..]
                            .iter()
                            .position(|&b| self.is_last_byte[usize::from(b)])?;
                    from = last + 1;
                    Some(last)
                });
                self.first_end(text, at)
            }
        }
    }

    /// The end of the first char of the set among those whose last byte is
    /// at one of `at`.
    fn first_end(&self, text: &str, at: impl Iterator<Item = usize>) -> Option<usize> {
        at.map(|last| last + 1)
            .find(|&end| text.is_char_boundary(end) && text[..end].ends_with(self.chars))
    }

    /// Does `text` hold one of the chars?
    pub fn is_in(&self, text: &str) -> bool {
        self.end_of_first(text).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::CharFinder;

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
