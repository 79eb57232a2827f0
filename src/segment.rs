//! Sentences of a document with the context that decides an indicator: lines
//! broken mid-sentence (PDF and Word copies) are joined back, sentences end at
//! `。！？；` and at hard line ends, and every sentence knows its paragraph and
//! the heading path above it (`二、…（三）…`). A [`Segmenter`] reads a long
//! document stretch by stretch, carrying the headings and paragraph count on.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use crate::scan::{lines_inclusive, CharFinder};

/// One sentence of clean text. Its `text` may join several clean pieces (a line
/// broken mid-sentence); its pieces map local offsets back to clean offsets.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: SentenceText,
    /// The clean offset where the first piece starts (local offset 0).
    start: Option<usize>,
    /// `(local_start, clean_start)` for each piece after the first, sorted:
    /// a sentence of one piece, as most are, needs no list.
    more_pieces: Vec<(usize, usize)>,
    /// Index of the paragraph (a run of joined lines) the sentence belongs to.
    pub paragraph: usize,
    /// The headings above the sentence, outermost first, joined (shared by
    /// the sentences under them).
    pub heading: Rc<str>,
    /// The sentence is a table row (a line with `|` cells).
    pub table_row: bool,
}

/// The text of a sentence, read as a `str`: a range of a buffer that the
/// sentences read from one stretch of a document share (`Texts`), so that a
/// sentence costs no allocation, copy and free of its own.
#[derive(Clone)]
pub struct SentenceText {
    buf: Rc<String>,
    start: usize,
    end: usize,
}

impl SentenceText {
    /// The text as a `str` (as `String::as_str` gave it when a sentence's text
    /// was a `String`).
    pub fn as_str(&self) -> &str {
        self
    }

    /// The text's length in bytes, known while its buffer is being filled.
    fn byte_len(&self) -> usize {
        self.end - self.start
    }
}

impl Deref for SentenceText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.buf[self.start..self.end]
    }
}

impl AsRef<str> for SentenceText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl fmt::Debug for SentenceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for SentenceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl PartialEq for SentenceText {
    fn eq(&self, other: &SentenceText) -> bool {
        **self == **other
    }
}

impl PartialEq<str> for SentenceText {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for SentenceText {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

/// The texts of the sentences read from one stretch of a document, laid one
/// after another in one buffer while they are read, and shared by them once
/// they are done ([`Texts::share`]): one allocation a stretch, not one (and
/// its free) a sentence, of which 100 MB have a million. A sentence is read
/// whole before the next starts, so the one being read is always the last
/// laid, and its pieces are added where it ends.
pub(crate) struct Texts {
    buf: String,
    /// What a sentence's text points at until the buffer is shared: one
    /// handle cloned, not one made a sentence.
    unshared: Rc<String>,
}

impl Default for Texts {
    fn default() -> Texts {
        Texts::with_capacity(0)
    }
}

impl Texts {
    /// A buffer with room for `bytes` of text.
    fn with_capacity(bytes: usize) -> Texts {
        Texts {
            buf: String::with_capacity(bytes),
            unshared: Rc::default(),
        }
    }

    /// A text with nothing in it yet.
    fn empty(&self) -> SentenceText {
        SentenceText {
            buf: Rc::clone(&self.unshared),
            start: 0,
            end: 0,
        }
    }

    /// The text so far of a sentence whose buffer is not shared yet.
    fn read(&self, text: &SentenceText) -> &str {
        &self.buf[text.start..text.end]
    }

    /// Add `piece` to the end of `text`, the last text laid.
    fn append(&mut self, text: &mut SentenceText, piece: &str) {
        if text.start == text.end {
            text.start = self.buf.len();
        }
        debug_assert_eq!(
            text.end.max(text.start),
            self.buf.len(),
            "not the last text"
        );
        self.buf.push_str(piece);
        text.end = self.buf.len();
    }

    /// Drop `text`, the last text laid, and make it empty.
    fn discard(&mut self, text: &mut SentenceText) {
        if text.end == self.buf.len() {
            self.buf.truncate(text.start);
        }
        text.end = text.start;
    }

    /// Hand the buffer to `sentences`, whose texts were laid in it; the next
    /// sentences laid start a new one.
    pub(crate) fn share(&mut self, sentences: &mut [Sentence]) {
        let buf = Rc::new(std::mem::take(&mut self.buf));
        for sentence in sentences {
            sentence.text.buf = Rc::clone(&buf);
        }
    }
}

impl Sentence {
    /// A sentence assembled from pieces of the clean text that need not touch,
    /// such as a table cell with its row label and column header. Each part is
    /// its text and the clean offset where that text starts.
    pub fn assembled(parts: &[(&str, usize)], paragraph: usize, heading: Rc<str>) -> Sentence {
        let mut texts = Texts::default();
        let mut sentence = Sentence::assembled_in(&mut texts, parts, paragraph, heading);
        texts.share(std::slice::from_mut(&mut sentence));
        sentence
    }

    /// [`Sentence::assembled`], its text laid in `texts` (to be shared).
    pub(crate) fn assembled_in(
        texts: &mut Texts,
        parts: &[(&str, usize)],
        paragraph: usize,
        heading: Rc<str>,
    ) -> Sentence {
        let mut sentence = Sentence::empty(texts, paragraph, heading);
        sentence.table_row = true;
        sentence
            .more_pieces
            .reserve_exact(parts.len().saturating_sub(1));
        for &(part, clean_start) in parts {
            sentence.push_piece(texts, part, clean_start);
        }
        sentence
    }

    /// A sentence with no text yet.
    fn empty(texts: &Texts, paragraph: usize, heading: Rc<str>) -> Sentence {
        Sentence {
            text: texts.empty(),
            start: None,
            more_pieces: Vec::new(),
            paragraph,
            heading,
            table_row: false,
        }
    }

    /// Add `piece`, the clean text at `clean_start`, to the end of the text
    /// (laid in `texts`).
    fn push_piece(&mut self, texts: &mut Texts, piece: &str, clean_start: usize) {
        match self.start {
            None => self.start = Some(clean_start),
            Some(_) => self.more_pieces.push((self.text.byte_len(), clean_start)),
        }
        texts.append(&mut self.text, piece);
    }

    /// `(local_start, clean_start)` for each piece, in order.
    fn pieces(&self) -> impl Iterator<Item = (usize, usize)> + Clone + '_ {
        let first = self.start.map(|clean| (0, clean));
        first.into_iter().chain(self.more_pieces.iter().copied())
    }
    /// The clean offset just after the local span ending at `local_end`: the
    /// end of its last character, not the start of the next piece.
    pub fn clean_end(&self, local_end: usize) -> usize {
        if self.more_pieces.is_empty() {
            // One piece (most sentences): its last char is where the span's is.
            return self.clean_offset(local_end);
        }
        match self.text[..local_end].chars().next_back() {
            Some(c) => self.clean_offset(local_end - c.len_utf8()) + c.len_utf8(),
            None => self.clean_offset(0),
        }
    }

    /// Move the sentence `by` bytes on in the clean text: it was read from a
    /// stretch of the clean text that starts `by` bytes into the whole.
    pub fn shift(&mut self, by: usize) {
        if let Some(start) = &mut self.start {
            *start += by;
        }
        for (_, clean) in &mut self.more_pieces {
            *clean += by;
        }
    }

    /// The clean offset where the sentence starts.
    pub fn clean_start(&self) -> usize {
        self.start.unwrap_or(0)
    }

    /// The clean ranges of the local span `start..end`, one per piece it
    /// touches, in the sentence's order.
    pub fn clean_ranges(&self, start: usize, end: usize) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let pieces = self.pieces();
        let piece_ends = pieces.clone().skip(1).map(|(l, _)| l);
        let piece_ends = piece_ends.chain(std::iter::once(self.text.len()));
        for ((local, clean), piece_end) in pieces.zip(piece_ends) {
            let (from, to) = (start.max(local), end.min(piece_end));
            if from < to {
                out.push(clean + (from - local)..clean + (to - local));
            }
        }
        out
    }

    /// The clean offset of the local offset `local`.
    pub fn clean_offset(&self, local: usize) -> usize {
        // The first piece starts at local 0, at or before any offset.
        let i = self.more_pieces.partition_point(|&(l, _)| l <= local);
        let (l, c) = match i.checked_sub(1) {
            Some(i) => self.more_pieces[i],
            None => (0, self.clean_start()),
        };
        c + (local - l)
    }
}

/// Is `c` a numeral of heading markers?
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// The number of chars at the start of `s` that are `of`, and the rest.
fn leading_run(s: &str, of: impl Fn(char) -> bool) -> (usize, &str) {
    // One walk that counts as it goes: the run is a char or two.
    let mut chars = s.chars();
    let mut n = 0;
    loop {
        let rest = chars.as_str();
        match chars.next() {
            Some(c) if of(c) => n += 1,
            _ => return (n, rest),
        }
    }
}

/// The nesting level of a heading marker at the start of `line`: `一、` is 1,
/// `（一）` is 2, `1.` is 3, `（1）` is 4 and `第一章` (`节`, `部`, `分`,
/// `条`) is 0. A `1.` marker is not followed by a digit (`1.5` is a figure).
/// Read char by char: it is asked of every line.
fn heading_level(line: &str) -> Option<usize> {
    let numeral = is_numeral;
    let digit = |c: char| c.is_ascii_digit();
    let mut chars = line.chars();
    let first = chars.next()?;
    let after_first = chars.as_str();
    let level = match first {
        '第' => {
            let (n, rest) = leading_run(after_first, numeral);
            (n > 0 && rest.starts_with(['章', '节', '部', '分', '条'])).then_some(0)
        }
        '（' | '(' => {
            let closed = |rest: &str| rest.starts_with(['）', ')']);
            match leading_run(after_first, numeral) {
                (1.., rest) => closed(rest).then_some(2),
                _ => {
                    let (n, rest) = leading_run(after_first, digit);
                    ((1..=2).contains(&n) && closed(rest)).then_some(4)
                }
            }
        }
        c if digit(c) => {
            let (n, rest) = leading_run(line, digit);
            let after_mark = rest.strip_prefix(['、', '.'])?;
            (n <= 2 && !after_mark.starts_with(digit)).then_some(3)
        }
        c if numeral(c) => {
            let (_, rest) = leading_run(line, numeral);
            rest.starts_with(['、', '.']).then_some(1)
        }
        _ => None,
    };
    level
}

/// The marks that end a sentence.
pub const SENTENCE_END: [char; 7] = ['。', '！', '？', '；', '!', '?', ';'];

/// [`SENTENCE_END`] found by a byte scan.
const SENTENCE_END_FINDER: CharFinder<7> = CharFinder::new(SENTENCE_END);

/// Is `c` a mark that ends a sentence?
pub const fn ends_sentence(c: char) -> bool {
    let mut k = 0;
    while k < SENTENCE_END.len() {
        if SENTENCE_END[k] == c {
            return true;
        }
        k += 1;
    }
    false
}

/// The byte offset just after each sentence-end mark of `clean`, in order.
/// Normalizing notes them as it goes ([`crate::normalize::Normalized`]).
pub fn sentence_ends(clean: &str) -> Vec<usize> {
    SENTENCE_END_FINDER.ends(clean).collect()
}

/// A line (trimmed) that ends without closing its sentence and reads as
/// running prose: the segmenter joins the next line to it.
pub fn continues_on_next_line(line: &str) -> bool {
    runs_on(line, heading_level(line))
}

/// [`continues_on_next_line`] of a line with the heading level it has.
fn runs_on(line: &str, heading_level: Option<usize>) -> bool {
    let Some(last) = line.chars().last() else {
        return false;
    };
    if SENTENCE_END.contains(&last) || matches!(last, '：' | ':' | '|') {
        return false;
    }
    // A table row or a heading does not run on: told before the prose test,
    // which searches and counts.
    let is_heading = || heading_level.is_some() && !line.contains('。');
    if line.starts_with('|') || is_heading() {
        return false;
    }
    // 30 chars at least: a line of 120 bytes has them without counting.
    line.len() >= 120 || line.contains('，') || line.contains('。') || line.chars().count() >= 30
}

/// The marks a heading's text ends at ([`heading_text`]), found by their last
/// bytes: both are three bytes long.
const HEADING_END_FINDER: CharFinder<2> = CharFinder::new(['。', '；']);

/// The heading text worth keeping as context: up to its first sentence end.
fn heading_text(line: &str) -> &str {
    let end = HEADING_END_FINDER
        .end_of_first(line)
        .map_or(line.len(), |after_mark| after_mark - '。'.len_utf8());
    &line[..end]
}

/// Split clean text into sentences with paragraph and heading context.
pub fn sentences(clean: &str) -> Vec<Sentence> {
    Segmenter::default().sentences(clean, 0..clean.len(), &sentence_ends(clean))
}

/// What the segmenter carries from one stretch of a document to the next:
/// the headings above and the paragraph count.
#[derive(Debug, Default)]
pub struct Segmenter {
    headings: Vec<(usize, String)>,
    /// The headings joined, as each sentence under them carries them.
    heading: Rc<str>,
    paragraph: usize,
}

impl Segmenter {
    /// The sentences of the lines of `clean[range]`, with offsets in `clean`.
    /// `range` starts a line; the stretch after it is read as a document of
    /// its own but for the headings and the paragraph count, so it should
    /// start after a line that does not run on ([`continues_on_next_line`]).
    /// `sentence_ends` are the offsets just after the sentence-end marks of
    /// `clean[range]` in order ([`sentence_ends`]); those of the rest of
    /// `clean` may be there too.
    pub fn sentences(
        &mut self,
        clean: &str,
        range: std::ops::Range<usize>,
        sentence_ends: &[usize],
    ) -> Vec<Sentence> {
        let first_end = sentence_ends.partition_point(|&e| e <= range.start);
        // A sentence ends at a mark or at the end of a line: room for that
        // many, so that the list (of sentences of 100 bytes) is not copied
        // over and over as it grows. The room not taken is never touched.
        let marks = sentence_ends[first_end..].partition_point(|&e| e <= range.end);
        let lines = memchr::memchr_iter(b'\n', clean[range.clone()].as_bytes()).count();
        let mut out = Vec::with_capacity(marks + lines + 1);
        // The sentences' pieces do not overlap: room for them all at once.
        let mut texts = Texts::with_capacity(range.len());
        let mut current = Sentence::empty(&texts, self.paragraph, Rc::clone(&self.heading));
        let mut joining = false;
        let mut ends = sentence_ends[first_end..].iter().copied().peekable();
        let mut offset = range.start;
        for raw_line in lines_inclusive(&clean[range]) {
            let line_start = offset;
            offset += raw_line.len();
            // The line break is whitespace: trimmed with the spaces.
            let after_spaces = raw_line.trim_start();
            let trimmed_start = raw_line.len() - after_spaces.len();
            let line = after_spaces.trim_end();
            if line.is_empty() {
                continue; // a blank line between the halves of a broken sentence
            }
            let base = line_start + trimmed_start;
            let level = heading_level(line);
            // A table row or a heading starts a new sentence whatever came before.
            let starts_fresh = line.starts_with('|') || level.is_some();
            if !joining || starts_fresh {
                flush(&mut current, &mut out, &mut texts);
                self.paragraph += 1;
                if let Some(level) = level {
                    self.headings.retain(|(l, _)| *l < level);
                    self.headings.push((level, heading_text(line).to_string()));
                    self.heading = self.joined_headings();
                }
            }
            let table_row = line.starts_with('|');
            // The pieces of the line that each end a sentence, and the rest
            // after the last end if any.
            let line_end = base + line.len();
            while ends.next_if(|&e| e <= base).is_some() {}
            let mut from = base;
            while from < line_end {
                let end = ends.next_if(|&e| e <= line_end);
                let to = end.unwrap_or(line_end);
                if current.start.is_none() {
                    current.paragraph = self.paragraph;
                    current.heading = Rc::clone(&self.heading);
                    current.table_row = table_row;
                }
                current.push_piece(&mut texts, &clean[from..to], from);
                from = to;
                if end.is_some() {
                    flush(&mut current, &mut out, &mut texts);
                }
            }
            joining = runs_on(line, level);
            if !joining {
                flush(&mut current, &mut out, &mut texts);
            }
        }
        flush(&mut current, &mut out, &mut texts);
        texts.share(&mut out);
        out
    }

    /// The headings above the current line, outermost first, joined.
    fn joined_headings(&self) -> Rc<str> {
        self.headings
            .iter()
            .map(|(_, h)| h.as_str())
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    }
}

/// End the sentence being read: keep it if it has more than spaces, and
/// start the next (its text laid in `texts`).
fn flush(current: &mut Sentence, out: &mut Vec<Sentence>, texts: &mut Texts) {
    let text = texts.read(&current.text);
    // A sentence that starts with a letter, a digit or a Chinese character
    // (led by `E4`–`E9`), as most do, is told by its first byte.
    let starts_with_word = (text.as_bytes().first())
        .is_some_and(|&b| b.is_ascii_alphanumeric() || (0xE4..=0xE9).contains(&b));
    if starts_with_word || text.contains(|c: char| !c.is_whitespace()) {
        let next = Sentence::empty(texts, current.paragraph, Rc::clone(&current.heading));
        out.push(std::mem::replace(current, next));
    } else {
        texts.discard(&mut current.text);
        current.start = None;
        current.more_pieces.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// The heading markers as a regex: what [`heading_level`] reads by hand.
    fn marker_regex() -> Regex {
        Regex::new(
            r"^(?:[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十]+[）)]|[0-9]{1,2}[、.](?:[^0-9]|$)|[（(][0-9]{1,2}[）)]|第[一二三四五六七八九十]+[章节部分条])",
        )
        .unwrap()
    }

    /// The level of the regex's marker, by its first two chars.
    fn level_by_regex(re: &Regex, line: &str) -> Option<usize> {
        let marker = re.find(line)?.as_str();
        let mut chars = marker.chars();
        Some(match chars.next()? {
            '第' => 0,
            '（' | '(' if chars.next().is_some_and(|c| c.is_ascii_digit()) => 4,
            '（' | '(' => 2,
            c if c.is_ascii_digit() => 3,
            _ => 1,
        })
    }

    #[test]
    fn heading_levels() {
        let cases = [
            ("一、执法工作", Some(1)),
            ("十二.其他", Some(1)),
            ("（三）案件办理", Some(2)),
            ("(12)其他", Some(4)),
            ("（123）其他", None),
            ("1.检查", Some(3)),
            ("12、", Some(3)),
            ("123、", None),
            ("1.5万元", None),
            ("第三章总则", Some(0)),
            ("第三次会议", None),
            ("2023年", None),
            ("", None),
        ];
        let re = marker_regex();
        for (line, level) in cases {
            assert_eq!(heading_level(line), level, "{line}");
            assert_eq!(level_by_regex(&re, line), level, "{line}");
        }
    }

    proptest! {
        #[test]
        fn heading_level_reads_the_markers_of_the_regex(
            line in "[一二三十第章部分条（）()、.0-9a年]{0,6}"
        ) {
            prop_assert_eq!(heading_level(&line), level_by_regex(&marker_regex(), &line));
        }
    }

    #[test]
    fn splits_on_sentence_ends_and_keeps_offsets() {
        let text = "第一句有数字3件。第二句；第三句";
        let s = sentences(text);
        let texts: Vec<_> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["第一句有数字3件。", "第二句；", "第三句"]);
        let second = &s[1];
        assert_eq!(&text[second.clean_offset(0)..], "第二句；第三句");
    }

    #[test]
    fn joins_a_line_broken_mid_sentence() {
        let text = "本年度我们在全区范围内开展了各类专项检查行动，共检查门店\n\n120家次，发现问题3个。\n下一段。";
        let s = sentences(text);
        assert_eq!(
            s[0].text,
            "本年度我们在全区范围内开展了各类专项检查行动，共检查门店120家次，发现问题3个。"
        );
        let at = s[0].text.find("120").unwrap();
        assert_eq!(
            &text[s[0].clean_offset(at)..s[0].clean_offset(at) + 3],
            "120"
        );
        assert_eq!(s[1].text, "下一段。");
        assert_ne!(s[0].paragraph, s[1].paragraph);
    }

    #[test]
    fn keeps_headings_and_short_lines_apart() {
        let text = "二、执法工作\n（一）日常监督\n全年检查学校15所。\n（二）案件办理\n立案5起。";
        let s = sentences(text);
        let last = s.last().unwrap();
        assert_eq!(last.text, "立案5起。");
        assert_eq!(&*last.heading, "二、执法工作 （二）案件办理");
    }

    #[test]
    fn sentences_share_one_buffer_and_read_as_their_pieces() {
        let text = "甲单位检查12家，\n发现问题3个。乙单位\n\n|行政许可|12|\n  丙单位立案5起";
        let s = sentences(text);
        let texts: Vec<_> = s.iter().map(|s| s.text.to_string()).collect();
        assert_eq!(
            texts,
            [
                "甲单位检查12家，发现问题3个。",
                "乙单位",
                "|行政许可|12|",
                "丙单位立案5起"
            ]
        );
        assert!(s.iter().all(|x| Rc::ptr_eq(&x.text.buf, &s[0].text.buf)));
        // Each char of a sentence is the clean char its offset maps to.
        for sentence in &s {
            for (at, c) in sentence.text.char_indices() {
                assert_eq!(text[sentence.clean_offset(at)..].chars().next(), Some(c));
            }
        }
        let assembled = Sentence::assembled(&[("乙单位", 0), ("，", 3)], 0, Rc::from(""));
        assert_eq!(assembled.text, "乙单位，");
    }

    #[test]
    fn table_rows_are_their_own_sentences() {
        let text = "统计如下，\n|行政许可|12|\n|行政处罚|3|";
        let s = sentences(text);
        assert!(s.iter().any(|s| s.table_row && s.text == "|行政许可|12|"));
    }
}
