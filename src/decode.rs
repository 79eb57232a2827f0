//! Bytes to text: the first stage of the pipeline.
//!
//! Government reports arrive as UTF-8 (with or without a byte-order mark), as
//! UTF-16 with a BOM (Word's "Unicode text"), or in the legacy Chinese encodings
//! GB18030/GBK and, for traditional-script files, Big5. [`decode`] finds out which,
//! decodes strictly and refuses rather than guessing silently wrong:
//!
//! - a BOM decides (UTF-8, UTF-16LE, UTF-16BE) and is stripped;
//! - bytes with NUL in them are UTF-16 without a BOM only if they decode to
//!   plausible text that way, otherwise they are binary data;
//! - valid UTF-8 is UTF-8 (a last character cut off by truncation is dropped,
//!   here and in the legacy encodings);
//! - otherwise `chardetng` guesses, and only a Chinese guess (GBK/GB18030, Big5)
//!   is taken on its own; any other guess must still read as Chinese text in
//!   GB18030, or the bytes are refused with the guess named in the error;
//! - decoded text with many control characters is binary data, not text.
//!
//! Decoding never replaces bad bytes with U+FFFD: bytes that are not valid in the
//! chosen encoding are an error naming the encoding and the byte offset.
//! [`decode_owned`] takes the bytes over and, when they are UTF-8 already,
//! keeps their buffer as the text rather than copying it.
//!
//! Encoding names reported in [`Decoded::encoding`]: `UTF-8`, `UTF-16LE`,
//! `UTF-16BE`, `GB18030` (also for GBK: encoding_rs reads both labels with the
//! same GB18030 decoder, a superset of GBK), `Big5`, and for a forced encoding
//! anything else the WHATWG name of that encoding (`windows-1252`, `Shift_JIS` …).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug)]
pub struct Decoded {
    pub text: Text,
    pub encoding: &'static str,
}

/// Text that was decoded, or the bytes of a file mapped into memory that were
/// UTF-8 already: a huge report is then read from the page cache as it is,
/// not copied into fresh memory first. It reads as a `str`.
pub struct Text(Held);

enum Held {
    Owned(String),
    /// Checked to be UTF-8 when mapped ([`decode_mapped`]).
    Mapped(memmap2::Mmap),
}

impl Text {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Held::Owned(text) => text,
            // SAFETY: the bytes were checked to be UTF-8 when they were mapped,
            // and the map is read-only. (A file changed by another program while
            // it is read can break this, as it can any mapped file: the cost of
            // not copying, as in ripgrep.)
            Held::Mapped(map) => unsafe { std::str::from_utf8_unchecked(map) },
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Held::Owned(text))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<T: AsRef<str>> PartialEq<T> for Text {
    fn eq(&self, other: &T) -> bool {
        self.as_str() == other.as_ref()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text decoded from bytes, owned, and its encoding's name.
struct Owned {
    text: String,
    encoding: &'static str,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for DecodeError {}

/// The share of control characters (other than tab, line feed, carriage return
/// and form feed) above which decoded text counts as binary data.
const MAX_CONTROL_SHARE: f64 = 0.02;

/// The share of characters a BOM-less UTF-16 reading must have in the usual
/// ranges of Chinese and ASCII text to be taken as text.
const MIN_PLAUSIBLE_SHARE: f64 = 0.95;

/// The share of Chinese characters among the non-ASCII ones that a GB18030
/// reading of bytes the detector did not take for Chinese must reach.
const MIN_HAN_SHARE: f64 = 0.9;

/// How many well-formed multi-byte UTF-8 characters before the first bad byte
/// make a file damaged UTF-8 rather than some other encoding.
const UTF8_EVIDENCE: usize = 8;

/// Decode bytes, detecting the encoding; `forced` names an encoding to use instead
/// (a label as users write it: `gbk`, `gb18030`, `utf-8`, `utf-16le`, `big5` …).
///
/// Empty input is empty text. The error says what is wrong with the bytes; the
/// caller adds the file name.
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    let (text, encoding) = find_text(bytes, forced)?;
    let text = match text {
        Found::Utf8(span) => String::from_utf8_lossy(&bytes[span]).into_owned(),
        Found::Decoded(text) => text,
    };
    Ok(Decoded {
        text: text.into(),
        encoding,
    })
}

/// [`decode`] of bytes the caller gives up: text that is UTF-8 already keeps
/// their buffer instead of being copied, so a huge UTF-8 file is in memory once.
pub fn decode_owned(mut bytes: Vec<u8>, forced: Option<&str>) -> Result<Decoded, DecodeError> {
    if is_text_as_it_is(&bytes, forced)? {
        // SAFETY: the bytes were checked to be UTF-8 just above.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Ok(utf8(text.into()));
    }
    let (text, encoding) = find_text(&bytes, forced)?;
    let text = match text {
        Found::Utf8(span) => {
            bytes.truncate(span.end);
            bytes.drain(..span.start);
            // Always valid: the span was checked; the fallback only avoids a panic.
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
        Found::Decoded(text) => text,
    };
    Ok(Decoded {
        text: text.into(),
        encoding,
    })
}

/// [`decode`] of the bytes of a file mapped into memory: text that is UTF-8
/// already is read from the map, the others are decoded into memory.
pub fn decode_mapped(map: memmap2::Mmap, forced: Option<&str>) -> Result<Decoded, DecodeError> {
    if is_text_as_it_is(&map, forced)? {
        return Ok(utf8(Text(Held::Mapped(map))));
    }
    decode(&map, forced)
}

/// Whether `bytes` are the text as it is, with nothing to strip or decode:
/// UTF-8 with no BOM, which most files are, when no encoding is forced. An
/// error when such text is binary data.
fn is_text_as_it_is(bytes: &[u8], forced: Option<&str>) -> Result<bool, DecodeError> {
    if forced.is_some() || Encoding::for_bom(bytes).is_some() {
        return Ok(false);
    }
    let Some(control) = utf8_stray_controls(bytes, CHECKED_STRETCH) else {
        return Ok(false);
    };
    // SAFETY: the bytes were checked to be UTF-8 just above.
    let text = unsafe { std::str::from_utf8_unchecked(bytes) };
    // NUL is a stray control: text with none has no NUL, and is not searched
    // for one. Text with NULs may be UTF-16 without a BOM: not as it is.
    if control > 0 && memchr::memchr(0, bytes).is_some() {
        return Ok(false);
    }
    check_control_share(text, control)?;
    Ok(true)
}

/// How many stray controls ([`stray_controls`]) `bytes` have, if they are
/// UTF-8; `None` if not. Both checks read a stretch of about `stretch`
/// bytes in turn, cut where a char starts, while it is in the core's cache:
/// a file larger than the caches is then read from memory once, not once a
/// check.
fn utf8_stray_controls(bytes: &[u8], stretch: usize) -> Option<usize> {
    let mut control = 0;
    let mut from = 0;
    while from < bytes.len() {
        let mut to = (from + stretch.max(4)).min(bytes.len());
        // Back to the start of the char the cut falls in (a char has three
        // continuation bytes at most: more, and the stretch is not UTF-8).
        for _ in 0..3 {
            if bytes.get(to).is_some_and(|&b| b & 0xC0 == 0x80) {
                to -= 1;
            }
        }
        let stretch = &bytes[from..to];
        // encoding_rs checks with vector code (simdutf8), several times
        // faster than the standard library on Chinese text. Stretches of
        // UTF-8 cut where chars start make UTF-8, and UTF-8 cut there makes
        // stretches of UTF-8.
        if Encoding::utf8_valid_up_to(stretch) != stretch.len() {
            return None;
        }
        // SAFETY: the stretch was checked to be UTF-8 just above.
        control += stray_controls(unsafe { std::str::from_utf8_unchecked(stretch) });
        from = to;
    }
    Some(control)
}

/// How many bytes [`is_text_as_it_is`] checks at a time: well inside the
/// core's first cache.
const CHECKED_STRETCH: usize = 16 * 1024;

/// Text read as UTF-8.
fn utf8(text: Text) -> Decoded {
    Decoded {
        text,
        encoding: report_name(UTF_8),
    }
}

/// Where the text of the bytes is: a span of them that is valid UTF-8 already,
/// or text decoded from another encoding.
enum Found {
    Utf8(std::ops::Range<usize>),
    Decoded(String),
}

impl From<Owned> for (Found, &'static str) {
    fn from(d: Owned) -> Self {
        (Found::Decoded(d.text), d.encoding)
    }
}

/// The text of the bytes and its encoding's name, refused when it is binary data.
fn find_text(bytes: &[u8], forced: Option<&str>) -> Result<(Found, &'static str), DecodeError> {
    if bytes.is_empty() {
        return Ok((Found::Decoded(String::new()), report_name(UTF_8)));
    }
    let (text, encoding) = match forced {
        Some(label) => decode_forced(bytes, label)?.into(),
        None => decode_detected(bytes)?,
    };
    let checked = match &text {
        Found::Utf8(span) => String::from_utf8_lossy(&bytes[span.clone()]),
        Found::Decoded(text) => std::borrow::Cow::Borrowed(text.as_str()),
    };
    check_not_binary_text(&checked)?;
    Ok((text, encoding))
}

/// The name reported for `encoding` (GBK is read as GB18030 and reported so).
fn report_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GBK || encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// The encoding a user's label names, or an error naming the label.
fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    let encoding = Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| DecodeError(format!("unknown encoding '{label}'")))?;
    // The WHATWG "replacement" encoding decodes everything to U+FFFD: useless here.
    if encoding == encoding_rs::REPLACEMENT {
        return Err(DecodeError(format!("encoding '{label}' is not supported")));
    }
    Ok(encoding)
}

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// Decode with the encoding the user named, stripping a BOM of that encoding.
fn decode_forced(bytes: &[u8], label: &str) -> Result<Owned, DecodeError> {
    let encoding = encoding_for_label(label)?;
    let body = match Encoding::for_bom(bytes) {
        Some((bom_encoding, len)) if bom_encoding == encoding => &bytes[len..],
        _ => bytes,
    };
    if !is_utf16(encoding) {
        check_no_nul(body)?;
    }
    let text = decode_strict(encoding, body)?;
    Ok(Owned {
        text,
        encoding: report_name(encoding),
    })
}

/// Find the encoding (BOM, NUL pattern, UTF-8 validity, detector) and decode.
fn decode_detected(bytes: &[u8]) -> Result<(Found, &'static str), DecodeError> {
    if let Some((encoding, len)) = Encoding::for_bom(bytes) {
        if encoding == UTF_8 && std::str::from_utf8(&bytes[len..]).is_ok() {
            return Ok((Found::Utf8(len..bytes.len()), report_name(UTF_8)));
        }
        let text = decode_strict(encoding, &bytes[len..])?;
        return Ok((Found::Decoded(text), report_name(encoding)));
    }
    if let Some(offset) = memchr::memchr(0, bytes) {
        return decode_bomless_utf16(bytes).map(Into::into).ok_or_else(|| {
            DecodeError(format!(
                "binary data (NUL bytes at offset {offset}), not text"
            ))
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok((Found::Utf8(0..bytes.len()), report_name(UTF_8))),
        // Only the last character is cut short: a file truncated at a byte limit.
        Err(e) if e.error_len().is_none() => {
            Ok((Found::Utf8(0..e.valid_up_to()), report_name(UTF_8)))
        }
        Err(e) if multibyte_chars(&bytes[..e.valid_up_to()]) >= UTF8_EVIDENCE => {
            Err(DecodeError(format!(
                "not valid UTF-8 text (invalid bytes at offset {})",
                e.valid_up_to()
            )))
        }
        Err(_) => decode_legacy(bytes)
            .or_else(|err| decode_legacy_truncated(bytes).ok_or(err))
            .map(Into::into),
    }
}

/// A legacy-encoded file cut at a byte limit can end inside a character, and
/// the detector then rules the right encoding out: try again without the last
/// one to three bytes when they are the start of a multi-byte character.
fn decode_legacy_truncated(bytes: &[u8]) -> Option<Owned> {
    (1..=3.min(bytes.len().saturating_sub(1))).find_map(|cut| {
        let (kept, tail) = bytes.split_at(bytes.len() - cut);
        // A cut character opens with a lead byte; a 4-byte GB18030 one continues with a digit.
        let opens_char = tail[0] >= 0x81 && tail[1..].iter().all(|&b| b >= 0x30);
        if !opens_char {
            return None;
        }
        decode_legacy(kept).ok()
    })
}

/// How many characters of more than one byte the valid UTF-8 `bytes` hold.
fn multibyte_chars(bytes: &[u8]) -> usize {
    std::str::from_utf8(bytes).map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count())
}

/// UTF-16 without a BOM: take the byte order whose reading is plausible text.
fn decode_bomless_utf16(bytes: &[u8]) -> Option<Owned> {
    [UTF_16LE, UTF_16BE].into_iter().find_map(|encoding| {
        let text = decode_strict(encoding, bytes).ok()?;
        looks_like_text(&text).then(|| Owned {
            text,
            encoding: report_name(encoding),
        })
    })
}

/// Bytes that are not UTF-8: let the detector guess, and trust only a Chinese guess.
fn decode_legacy(bytes: &[u8]) -> Result<Owned, DecodeError> {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let chinese = guess == GBK || guess == GB18030 || guess == BIG5;
    if chinese {
        if let Ok(text) = decode_strict(guess, bytes) {
            return Ok(Owned {
                text,
                encoding: report_name(guess),
            });
        }
    }
    // The guess failed or is not Chinese: GB18030 still wins if it reads as Chinese.
    if let Ok(text) = decode_strict(GB18030, bytes) {
        if chinese || han_share(&text) >= MIN_HAN_SHARE {
            return Ok(Owned {
                text,
                encoding: report_name(GB18030),
            });
        }
    }
    let hint = if chinese {
        String::new()
    } else {
        format!(
            " (it may be {}: name the encoding to read it so)",
            guess.name()
        )
    };
    Err(DecodeError(format!(
        "not valid UTF-8, GB18030 or UTF-16 text{hint}"
    )))
}

/// Decode `bytes` in `encoding` without BOM handling, refusing malformed bytes.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, DecodeError> {
    let name = report_name(encoding);
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or_else(|| DecodeError(format!("input too large to decode as {name}")))?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, after) => {
            let offset = read.saturating_sub(after as usize + bad as usize);
            Err(DecodeError(format!(
                "not valid {name} text (malformed bytes at offset {offset})"
            )))
        }
        DecoderResult::OutputFull => Err(DecodeError(format!(
            "could not decode as {name}: output buffer too small"
        ))),
    }
}

/// An error when `bytes` hold a NUL byte (text in single- or multi-byte
/// encodings other than UTF-16 never does).
fn check_no_nul(bytes: &[u8]) -> Result<(), DecodeError> {
    match bytes.iter().position(|&b| b == 0) {
        Some(offset) => Err(DecodeError(format!(
            "binary data (NUL bytes at offset {offset}), not text"
        ))),
        None => Ok(()),
    }
}

/// How many control characters that plain text does not carry (all but tab,
/// line feed, carriage return and form feed) `text` has, counted on its
/// bytes: the C0 controls and DEL are single bytes, the C1 controls
/// U+0080–U+009F are 0xC2 (a lead byte only) and a byte 0x80–0x9F. Plain
/// text has none, and then this pass, which the compiler turns into vector
/// code, is all the check costs: its chars are not counted.
fn stray_controls(text: &str) -> usize {
    let bytes = text.as_bytes();
    let c0 = c0_controls_of(bytes);
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)))
        .count();
    c0 + c1
}

/// The stray C0 controls and DELs in `bytes`, block by block
/// ([`c0_controls`]), compiled for AVX2 where the CPU has it (the pass is as
/// long as the UTF-8 check before it, on every byte of every file).
fn c0_controls_of(bytes: &[u8]) -> usize {
    crate::scan::count_with_avx2(bytes, c0_controls_by_block)
}

/// Inlined into [`crate::scan::count_with_avx2`]'s AVX2 path, so that it is
/// compiled with AVX2 there.
#[inline(always)]
fn c0_controls_by_block(bytes: &[u8]) -> usize {
    bytes.chunks(128).map(c0_controls).sum()
}

/// The stray C0 controls and DELs in `block`, of at most 255 bytes (so that
/// its counts fit a byte): all but tab, line feed, form feed and carriage
/// return. Text has almost no control but its line breaks, so a block is
/// first counted leaving out only those, a test of fewer vector instructions
/// a byte, and only a block where that count is not 0 is counted exactly.
/// Bitwise, not short-circuit, and summed in bytes: vector code.
#[inline(always)]
fn c0_controls(block: &[u8]) -> usize {
    let count = |is_stray: fn(u8) -> bool| {
        block
            .iter()
            .fold(0u8, |n, &b| n.wrapping_add(u8::from(is_stray(b))))
    };
    let but_line_breaks = |b: u8| (b < 0x20) & (b != b'\n') & (b != b'\r') | (b == 0x7F);
    if count(but_line_breaks) == 0 {
        return 0;
    }
    let stray =
        |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C) | (b == 0x7F);
    usize::from(count(stray))
}

/// An error when decoded text is mostly not text: NUL characters or a high share
/// of control characters.
fn check_not_binary_text(text: &str) -> Result<(), DecodeError> {
    let control = stray_controls(text);
    // NUL is a stray control: text with none has no NUL.
    if control > 0 {
        if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
            return Err(DecodeError(format!(
                "binary data (NUL characters at character offset {}), not text",
                text[..offset].chars().count()
            )));
        }
    }
    check_control_share(text, control)
}

/// An error when `control` stray control characters are too many for `text`.
fn check_control_share(text: &str, control: usize) -> Result<(), DecodeError> {
    if control == 0 {
        return Ok(());
    }
    let total = text.chars().count();
    if total > 0 && control as f64 / total as f64 > MAX_CONTROL_SHARE {
        return Err(DecodeError(format!(
            "binary data ({control} control characters in {total}), not text"
        )));
    }
    Ok(())
}

/// Is `c` in the ranges Chinese or ASCII text is written in?
fn is_usual_text_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{0C}'
        | ' '..='~'
        | '\u{A0}'..='\u{FF}'
        | '\u{2000}'..='\u{206F}'   // general punctuation
        | '\u{2460}'..='\u{24FF}'   // enclosed numbers ①
        | '\u{2500}'..='\u{25FF}'   // box drawing, shapes
        | '\u{3000}'..='\u{303F}'   // CJK punctuation
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms
        | '\u{FEFF}')
}

/// Does decoded text look like text (almost every character in the usual ranges)?
fn looks_like_text(text: &str) -> bool {
    let total = text.chars().count();
    let usual = text.chars().filter(|&c| is_usual_text_char(c)).count();
    total > 0 && !text.contains('\0') && usual as f64 / total as f64 >= MIN_PLAUSIBLE_SHARE
}

/// The share of Chinese characters among the non-ASCII characters of `text`.
fn han_share(text: &str) -> f64 {
    let non_ascii = text.chars().filter(|c| !c.is_ascii()).count();
    if non_ascii == 0 {
        return 0.0;
    }
    let han = text
        .chars()
        .filter(|&c| matches!(c, '\u{3000}'..='\u{303F}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}'))
        .count();
    han as f64 / non_ascii as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str =
        "我局全年共监督检查公共场所１２０家次，立案查处违法案件８起，罚款3.5万元。\n";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "test text must be encodable");
        bytes.into_owned()
    }

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if little_endian {
                &[0xFF, 0xFE]
            } else {
                &[0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            out.extend_from_slice(&pair);
        }
        out
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn stretch_by_stretch_the_checks_are_the_whole_bytes(
            pieces in proptest::collection::vec(
                prop_oneof![
                    "[a1。年\u{85}\u{7}\u{1F600}\t]{0,6}".prop_map(String::into_bytes),
                    proptest::collection::vec(any::<u8>(), 0..3),
                ],
                0..12,
            ),
            stretch in 1usize..12,
        ) {
            let bytes = pieces.concat();
            let whole = std::str::from_utf8(&bytes).ok().map(stray_controls);
            prop_assert_eq!(utf8_stray_controls(&bytes, stretch), whole);
        }
    }

    #[test]
    fn stray_controls_are_counted_on_bytes_as_on_chars() {
        let stray = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}');
        let mut text: String = (0..0x200).filter_map(char::from_u32).collect();
        text.push_str(SENTENCE);
        text.push('\u{85}');
        assert_eq!(
            stray_controls(&text),
            text.chars().filter(|&c| stray(c)).count()
        );
        assert_eq!(stray_controls(SENTENCE), 0);
    }

    #[test]
    fn empty_input_is_empty_text() {
        let d = decode(b"", None).unwrap();
        assert_eq!(d.text, "");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf8_without_bom() {
        let d = decode(SENTENCE.as_bytes(), None).unwrap();
        assert_eq!(d.text, SENTENCE);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(SENTENCE.as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, SENTENCE);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf8_cut_mid_character_drops_the_partial_tail() {
        let bytes = SENTENCE.as_bytes();
        // Drop the final `\n` and the last byte of the `。` before it.
        let d = decode(&bytes[..bytes.len() - 2], None).unwrap();
        assert!(d.text.ends_with("万元"));
    }

    #[test]
    fn utf16_with_bom_both_byte_orders() {
        let le = decode(&utf16(SENTENCE, true, true), None).unwrap();
        assert_eq!((le.text.as_str(), le.encoding), (SENTENCE, "UTF-16LE"));
        let be = decode(&utf16(SENTENCE, false, true), None).unwrap();
        assert_eq!((be.text.as_str(), be.encoding), (SENTENCE, "UTF-16BE"));
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones() {
        let mut cut = SENTENCE.as_bytes().to_vec();
        cut.pop(); // `\n`
        cut.pop(); // half of `。`
        let cases = [
            SENTENCE.as_bytes().to_vec(),
            [&b"\xEF\xBB\xBF"[..], SENTENCE.as_bytes()].concat(),
            cut,
            encode(GBK, SENTENCE),
            utf16(SENTENCE, true, true),
        ];
        for bytes in cases {
            let borrowed = decode(&bytes, None).unwrap();
            let owned = decode_owned(bytes, None).unwrap();
            assert_eq!(
                (owned.text, owned.encoding),
                (borrowed.text, borrowed.encoding)
            );
        }
        assert!(decode_owned(b"abc\0def".to_vec(), None).is_err());
    }

    #[test]
    fn utf16_without_bom_when_it_reads_as_text() {
        let text = "Report 2023\n卫生健康局 inspections: 120\n";
        let d = decode(&utf16(text, true, false), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-16LE"));
    }

    #[test]
    fn gbk_and_gb18030_are_detected() {
        let text = SENTENCE.repeat(3);
        for encoding in [GBK, GB18030] {
            let d = decode(&encode(encoding, &text), None).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, "GB18030");
        }
    }

    #[test]
    fn gbk_cut_mid_character_drops_the_partial_tail() {
        let text = SENTENCE.repeat(3);
        let bytes = encode(GBK, &text);
        let cut = &bytes[..bytes.len() - 2]; // `\n` and half of `。`
        let d = decode(cut, None).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.ends_with("万元"), "{}", d.text);
    }

    #[test]
    fn latin1_text_is_refused_with_the_guess_named() {
        let text = "Le café du marché était fermé à cause de la grève générale.\n".repeat(4);
        let err = decode(&encode(encoding_rs::WINDOWS_1252, &text), None).unwrap_err();
        assert!(err.0.contains("windows-1252"), "{err}");
        let d = decode(&encode(encoding_rs::WINDOWS_1252, &text), Some("latin1")).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn short_gbk_line_is_detected() {
        let text = "关于2023年法治政府建设情况的报告";
        let d = decode(&encode(GBK, text), None).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn big5_is_detected_for_traditional_text() {
        let text =
            "本局全年共監督檢查公共場所一百二十家次，立案查處違法案件八起，罰款三萬五千元。\n\
                    今年以來，本局持續加強衛生監督執法工作，依法查處各類違法行為。\n";
        let d = decode(&encode(BIG5, text), None).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "Big5");
    }

    #[test]
    fn forced_labels_as_users_write_them() {
        let gbk = encode(GBK, SENTENCE);
        for label in ["gbk", "GBK", "gb18030", "gb2312"] {
            let d = decode(&gbk, Some(label)).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (SENTENCE, "GB18030"));
        }
        let d = decode(SENTENCE.as_bytes(), Some("utf-8")).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        let d = decode(&utf16(SENTENCE, true, false), Some("utf-16le")).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SENTENCE, "UTF-16LE"));
        let d = decode(&utf16(SENTENCE, true, true), Some("utf-16le")).unwrap();
        assert_eq!(d.text, SENTENCE, "a BOM of the forced encoding is stripped");
        let big5 = encode(BIG5, "監督檢查");
        assert_eq!(decode(&big5, Some("big5")).unwrap().text, "監督檢查");
    }

    #[test]
    fn unknown_label_is_named() {
        let err = decode(b"abc", Some("klingon-8")).unwrap_err();
        assert!(err.0.contains("klingon-8"), "{err}");
    }

    #[test]
    fn forced_encoding_refuses_invalid_bytes() {
        let err = decode(&encode(GBK, SENTENCE), Some("utf-8")).unwrap_err();
        assert!(
            err.0
                .starts_with("not valid UTF-8 text (malformed bytes at offset 0)"),
            "{err}"
        );
    }

    #[test]
    fn nul_bytes_are_binary() {
        let err = decode(b"abc\0\x01\x02\xff\xfe\x80", None).unwrap_err();
        assert_eq!(err.0, "binary data (NUL bytes at offset 3), not text");
        let err = decode(b"plain\0text", Some("gbk")).unwrap_err();
        assert!(err.0.contains("NUL bytes at offset 5"), "{err}");
    }

    #[test]
    fn png_header_is_binary() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
        let err = decode(png, None).unwrap_err();
        assert!(
            err.0.starts_with("binary data (NUL bytes at offset 8)"),
            "{err}"
        );
    }

    #[test]
    fn control_bytes_are_binary() {
        let bytes: Vec<u8> = b"abc\x01\x02\x03\x04def\x05\x06\x07\x08ghi".repeat(10);
        let err = decode(&bytes, None).unwrap_err();
        assert!(err.0.starts_with("binary data ("), "{err}");
        // A form feed between pages is text.
        assert!(decode("第一页\u{0C}第二页".as_bytes(), None).is_ok());
    }

    #[test]
    fn random_garbage_never_panics_and_is_refused() {
        // A fixed pseudo-random byte stream (xorshift), with and without NULs.
        let mut state: u32 = 0x9E37_79B9;
        let garbage: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8
            })
            .collect();
        assert!(decode(&garbage, None).is_err());
        let no_nul: Vec<u8> = garbage.iter().map(|&b| b.max(1)).collect();
        assert!(decode(&no_nul, None).is_err());
        for len in 0..64 {
            let _ = decode(&garbage[..len], None);
            let _ = decode(&garbage[..len], Some("utf-16be"));
        }
    }

    #[test]
    fn damaged_utf8_names_the_offset() {
        let mut bytes = SENTENCE.as_bytes().to_vec();
        let at = bytes.len() - 10;
        bytes[at] = 0xFF;
        let err = decode(&bytes, None).unwrap_err();
        assert!(
            err.0
                .starts_with("not valid UTF-8 text (invalid bytes at offset"),
            "{err}"
        );
    }

    #[test]
    fn odd_utf16_is_refused() {
        let mut bytes = utf16(SENTENCE, true, true);
        bytes.push(0x41);
        let err = decode(&bytes, None).unwrap_err();
        assert!(err.0.starts_with("not valid UTF-16LE text"), "{err}");
    }
}
