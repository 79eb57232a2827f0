//! Sentences of a document with the context that decides an indicator: lines
//! broken mid-sentence (PDF and Word copies) are joined back, sentences end at
//! `。！？；` and at hard line ends, and every sentence knows its paragraph and
//! the heading path above it (`二、…（三）…`). A [`Segmenter`] reads a long
//! document stretch by stretch, carrying the headings and paragraph count on.

use once_cell::sync::Lazy;
use regex::Regex;

/// One sentence of clean text. Its `text` may join several clean pieces (a line
/// broken mid-sentence); `pieces` maps local offsets back to clean offsets.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    /// `(local_start, clean_start)` for each contiguous piece, sorted.
    pieces: Vec<(usize, usize)>,
    /// Index of the paragraph (a run of joined lines) the sentence belongs to.
    pub paragraph: usize,
    /// The headings above the sentence, outermost first, joined.
    pub heading: String,
    /// The sentence is a table row (a line with `|` cells).
    pub table_row: bool,
}

impl Sentence {
    /// A sentence assembled from pieces of the clean text that need not touch,
    /// such as a table cell with its row label and column header. Each part is
    /// its text and the clean offset where that text starts.
    pub fn assembled(parts: &[(&str, usize)], paragraph: usize, heading: &str) -> Sentence {
        let mut text = String::new();
        let mut pieces = Vec::with_capacity(parts.len());
        for &(part, clean_start) in parts {
            pieces.push((text.len(), clean_start));
            text.push_str(part);
        }
        Sentence {
            text,
            pieces,
            paragraph,
            heading: heading.to_string(),
            table_row: true,
        }
    }

    /// The clean offset just after the local span ending at `local_end`: the
    /// end of its last character, not the start of the next piece.
    pub fn clean_end(&self, local_end: usize) -> usize {
        match self.text[..local_end].chars().next_back() {
            Some(c) => self.clean_offset(local_end - c.len_utf8()) + c.len_utf8(),
            None => self.clean_offset(0),
        }
    }

    /// The clean offset where the sentence starts.
    pub fn clean_start(&self) -> usize {
        self.pieces.first().map_or(0, |&(_, c)| c)
    }

    /// The clean ranges of the local span `start..end`, one per piece it
    /// touches, in the sentence's order.
    pub fn clean_ranges(&self, start: usize, end: usize) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        for (k, &(local, clean)) in self.pieces.iter().enumerate() {
            let piece_end = self.pieces.get(k + 1).map_or(self.text.len(), |&(l, _)| l);
            let (from, to) = (start.max(local), end.min(piece_end));
            if from < to {
                out.push(clean + (from - local)..clean + (to - local));
            }
        }
        out
    }

    /// The clean offset of the local offset `local`.
    pub fn clean_offset(&self, local: usize) -> usize {
        let i = self.pieces.partition_point(|&(l, _)| l <= local).max(1);
        let (l, c) = self.pieces[i - 1];
        c + (local - l)
    }
}

static HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十]+[）)]|[0-9]{1,2}[、.](?:[^0-9]|$)|[（(][0-9]{1,2}[）)]|第[一二三四五六七八九十]+[章节部分条])",
    )
    .expect("heading regex")
});

/// The nesting level of a heading marker: 一、 is 1, （一） is 2, 1. is 3, （1） is 4.
fn heading_level(line: &str) -> Option<usize> {
    let m = HEADING.find(line)?;
    let marker = m.as_str();
    let first = marker.chars().next()?;
    Some(match first {
        '第' => 0,
        '（' | '(' if marker.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) => 4,
        '（' | '(' => 2,
        c if c.is_ascii_digit() => 3,
        _ => 1,
    })
}

const SENTENCE_END: [char; 7] = ['。', '！', '？', '；', '!', '?', ';'];

/// A line (trimmed) that ends without closing its sentence and reads as
/// running prose: the segmenter joins the next line to it.
pub fn continues_on_next_line(line: &str) -> bool {
    let Some(last) = line.chars().last() else {
        return false;
    };
    if SENTENCE_END.contains(&last) || matches!(last, '：' | ':' | '|') {
        return false;
    }
    let is_heading = heading_level(line).is_some() && !line.contains('。');
    let is_prose = line.contains('，') || line.contains('。') || line.chars().count() >= 30;
    is_prose && !is_heading && !line.starts_with('|')
}

/// A line that must start a new sentence whatever came before it.
fn starts_fresh(line: &str) -> bool {
    line.starts_with('|') || heading_level(line).is_some()
}

/// The heading text worth keeping as context: up to its first sentence end.
fn heading_text(line: &str) -> &str {
    let end = line.find(['。', '；']).unwrap_or(line.len());
    &line[..end]
}

/// Split clean text into sentences with paragraph and heading context.
pub fn sentences(clean: &str) -> Vec<Sentence> {
    Segmenter::default().sentences(clean, 0..clean.len())
}

/// What the segmenter carries from one stretch of a document to the next:
/// the headings above and the paragraph count.
#[derive(Debug, Default)]
pub struct Segmenter {
    headings: Vec<(usize, String)>,
    paragraph: usize,
}

impl Segmenter {
    /// The sentences of the lines of `clean[range]`, with offsets in `clean`.
    /// `range` starts a line; the stretch after it is read as a document of
    /// its own but for the headings and the paragraph count, so it should
    /// start after a line that does not run on ([`continues_on_next_line`]).
    pub fn sentences(&mut self, clean: &str, range: std::ops::Range<usize>) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut current = Sentence {
            text: String::new(),
            pieces: Vec::new(),
            paragraph: self.paragraph,
            heading: String::new(),
            table_row: false,
        };
        let mut joining = false;
        let mut offset = range.start;
        for raw_line in clean[range].split_inclusive('\n') {
            let line_start = offset;
            offset += raw_line.len();
            let line = raw_line.trim_end_matches('\n');
            let trimmed_start = line.len() - line.trim_start().len();
            let line = line.trim();
            if line.is_empty() {
                continue; // a blank line between the halves of a broken sentence
            }
            let base = line_start + trimmed_start;
            if !joining || starts_fresh(line) {
                flush(&mut current, &mut out);
                self.paragraph += 1;
                if let Some(level) = heading_level(line) {
                    self.headings.retain(|(l, _)| *l < level);
                    self.headings.push((level, heading_text(line).to_string()));
                }
            }
            let heading = self.heading();
            let table_row = line.starts_with('|');
            let mut local = 0;
            for part in line.split_inclusive(SENTENCE_END) {
                if current.text.is_empty() {
                    current.paragraph = self.paragraph;
                    current.heading = heading.clone();
                    current.table_row = table_row;
                }
                current.pieces.push((current.text.len(), base + local));
                current.text.push_str(part);
                local += part.len();
                if part.ends_with(SENTENCE_END) {
                    flush(&mut current, &mut out);
                }
            }
            joining = continues_on_next_line(line);
            if !joining {
                flush(&mut current, &mut out);
            }
        }
        flush(&mut current, &mut out);
        out
    }

    /// The headings above the current line, outermost first, joined.
    fn heading(&self) -> String {
        self.headings
            .iter()
            .map(|(_, h)| h.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn flush(current: &mut Sentence, out: &mut Vec<Sentence>) {
    if !current.text.trim().is_empty() {
        let next = Sentence {
            text: String::new(),
            pieces: Vec::new(),
            paragraph: current.paragraph,
            heading: String::new(),
            table_row: false,
        };
        out.push(std::mem::replace(current, next));
    } else {
        current.text.clear();
        current.pieces.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(last.heading, "二、执法工作 （二）案件办理");
    }

    #[test]
    fn table_rows_are_their_own_sentences() {
        let text = "统计如下，\n|行政许可|12|\n|行政处罚|3|";
        let s = sentences(text);
        assert!(s.iter().any(|s| s.table_row && s.text == "|行政许可|12|"));
    }
}
