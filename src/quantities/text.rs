//! Reading a text around a byte offset: the char at or before a place, and
//! words written there. The scanner and its readers keep byte offsets into
//! the text itself (no copy of its chars), and decode a char only where
//! they ask about one.

/// The char at byte `at` of `text` (None at or past the end). Asked
/// around every number, where most chars are ASCII or three bytes: those
/// are read from their bytes at once, without `Chars`' general decoding.
#[inline]
pub(super) fn char_at(text: &str, at: usize) -> Option<char> {
    let bytes = text.as_bytes();
    match *bytes.get(at..)? {
        [lead @ 0..=0x7F, ..] => Some(char::from(lead)),
        [lead @ 0xE0..=0xEF, second, third, ..] => three_byte_char(lead, second, third),
        _ => text.get(at..)?.chars().next(),
    }
}

/// The char that ends at byte `at` of `text` (None at the start): read
/// from its bytes, as [`char_at`] reads.
#[inline]
pub(super) fn char_before(text: &str, at: usize) -> Option<char> {
    let bytes = text.as_bytes();
    match *bytes.get(..at)? {
        [.., last @ 0..=0x7F] => Some(char::from(last)),
        [.., lead @ 0xE0..=0xEF, second, third] => three_byte_char(lead, second, third),
        _ => text.get(..at)?.chars().next_back(),
    }
}

/// The char written in UTF-8 as `lead`, `second`, `third`, bytes of a
/// `str` (so a char of three bytes).
#[inline]
fn three_byte_char(lead: u8, second: u8, third: u8) -> Option<char> {
    let c = u32::from(lead & 0x0F) << 12 | u32::from(second & 0x3F) << 6 | u32::from(third & 0x3F);
    char::from_u32(c)
}

/// The byte offset after the char at `at` (`at` itself at the end).
pub(super) fn next_char(text: &str, at: usize) -> usize {
    at + char_at(text, at).map_or(0, char::len_utf8)
}

/// Whether `word` is written at byte `at` of `text`: compared as bytes.
/// The words are a few bytes: compared byte by byte in line, where
/// `<[u8]>::starts_with` calls `memcmp`.
#[inline]
pub(super) fn starts_with(text: &str, at: usize, word: &str) -> bool {
    let word = word.as_bytes();
    text.as_bytes()
        .get(at..at + word.len())
        .is_some_and(|here| here.iter().zip(word).all(|(a, b)| a == b))
}

/// Where `word` starts when it is written right before byte `end` of `text`.
pub(super) fn ends_with(text: &str, end: usize, word: &str) -> Option<usize> {
    let start = end.checked_sub(word.len())?;
    // the bytes of a whole word start at a char
    starts_with(text, start, word).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_around_each_place() {
        let text = "a一\u{a0}𠀀２,";
        for (at, c) in text.char_indices() {
            assert_eq!(char_at(text, at), Some(c));
            assert_eq!(char_before(text, at + c.len_utf8()), Some(c));
        }
        assert_eq!(char_at(text, text.len()), None);
        assert_eq!(char_before(text, 0), None);
    }
}
