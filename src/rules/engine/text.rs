//! Sentence text helpers for the engine: clause boundaries, word lookups, and
//! the context windows (clause, sentence, paragraph, section) rules look in.

use std::cell::OnceCell;

use super::*;

pub(super) const CLAUSE_END: [char; 10] = ['，', ',', '；', ';', '。', '：', ':', '！', '？', '\n'];

pub(super) struct SentenceContext<'a> {
    pub(super) sentence: &'a Sentence,
    /// The sentence's text, read out of its shared buffer once.
    pub(super) text: &'a str,
    pub(super) paragraph: &'a Paragraph<'a>,
    /// What a rule's context words give in a window wider than the clause
    /// (the same for every number of the sentence), once asked: the needed
    /// words of rule `r` at `2 * r`, the refused ones at `2 * r + 1`. An
    /// answer given for another sentence is none.
    pub(super) whole: &'a [Cell<WholeAnswer>],
    /// What a rule's context words gave in the last clause window asked
    /// about, at the same places as in `whole`.
    pub(super) clauses: &'a [Cell<ClauseAnswer>],
    /// The number of the sentence in its document, which the kept answers
    /// are tagged with.
    pub(super) serial: usize,
    /// The last clause asked about: where it starts, and a place up to which
    /// it is known to run (see [`SentenceContext::clause_start`]).
    pub(super) clause: Cell<(usize, usize)>,
}

impl SentenceContext<'_> {
    pub(super) fn text(&self) -> &str {
        self.text
    }

    /// Where the clause holding `pos` starts ([`clause_start`]). A number, the
    /// triggers before it and their rules ask it of one clause many times: the
    /// last clause asked about is kept, so that a place inside it is answered
    /// at once, and one further on is read back only to where it was known to run.
    pub(super) fn clause_start(&self, pos: usize) -> usize {
        let (start, known) = self.clause.get();
        let found = if (start..=known).contains(&pos) {
            return start;
        } else if pos > known {
            last_clause_end(self.text(), known, pos).unwrap_or(start)
        } else {
            clause_start(self.text(), pos)
        };
        self.clause.set((found, pos));
        found
    }

    /// Does `pos` stand inside an open bracket, `(` or `（`, of its clause?
    pub(super) fn in_brackets(&self, pos: usize) -> bool {
        inside_open_bracket(&self.text()[self.clause_start(pos)..pos]).is_some()
    }

    /// Does any of `words` stand in `window` around `lo..hi`? A window wider
    /// than the clause is looked in once a sentence; `known` is where its
    /// answer is kept (and for a clause window, the last one's).
    pub(super) fn has_any(
        &self,
        window: Window,
        words: &Words,
        lo: usize,
        hi: usize,
        known: usize,
    ) -> bool {
        if window == Window::Clause {
            return self.has_any_in_clause(words, lo, hi, &self.clauses[known]);
        }
        let known = &self.whole[known];
        let last = known.get();
        if last.sentence == Some(self.serial) {
            return last.found;
        }
        let found = self.window(window, lo, hi).has_any(words);
        known.set(WholeAnswer {
            sentence: Some(self.serial),
            found,
        });
        found
    }

    /// Does any of `words` stand in the clause window around `lo..hi`? The
    /// triggers of a clause and the numbers after them ask it of one rule
    /// again and again, of windows from the same clause start: what `kept`
    /// says of the last such window answers for a window holding it, if a
    /// word stood there, or inside it, if none did.
    fn has_any_in_clause(
        &self,
        words: &Words,
        lo: usize,
        hi: usize,
        kept: &Cell<ClauseAnswer>,
    ) -> bool {
        let text = self.text();
        let (from, to) = (self.clause_start(lo), hi.min(text.len()));
        let last = kept.get();
        if last.sentence == Some(self.serial) && last.from == from {
            let holds = if last.found {
                last.to <= to
            } else {
                to <= last.to
            };
            if holds {
                return last.found;
            }
        }
        let found = words.found_in(&text[from..to]);
        kept.set(ClauseAnswer {
            sentence: Some(self.serial),
            from,
            to,
            found,
        });
        found
    }

    /// The text a rule looks in for context words, borrowed: at most two parts
    /// (the headings and the paragraph, for a section).
    pub(super) fn window(&self, window: Window, lo: usize, hi: usize) -> Looked<'_> {
        let text = self.text();
        match window {
            Window::Clause => Looked([&text[self.clause_start(lo)..hi.min(text.len())], ""]),
            Window::Sentence => Looked([text, ""]),
            Window::Paragraph => Looked([self.paragraph.text(), ""]),
            Window::Section => Looked([&self.sentence.heading, self.paragraph.text()]),
        }
    }
}

/// What a rule's context words gave in the window wider than the clause of
/// a sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct WholeAnswer {
    /// The number of the sentence in its document; `None` before any answer.
    sentence: Option<usize>,
    /// Whether a word stood in the window.
    found: bool,
}

/// What a rule's context words gave in a clause window of a sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ClauseAnswer {
    /// The number of the sentence in its document; `None` before any answer.
    sentence: Option<usize>,
    /// The window: a span of the sentence.
    from: usize,
    to: usize,
    /// Whether a word stood in it.
    found: bool,
}

/// The sentences of one paragraph in a window. Their text is joined only when
/// a rule looks in the paragraph (few do), and not at all for a paragraph of
/// one sentence.
pub(super) struct Paragraph<'a> {
    sentences: &'a [Sentence],
    joined: OnceCell<String>,
}

impl<'a> Paragraph<'a> {
    pub(super) fn new(sentences: &'a [Sentence]) -> Paragraph<'a> {
        Paragraph {
            sentences,
            joined: OnceCell::new(),
        }
    }

    pub(super) fn text(&self) -> &str {
        match self.sentences {
            [one] => &one.text,
            many => self.joined.get_or_init(|| {
                // At its size at once, not grown sentence by sentence.
                let mut joined = String::with_capacity(many.iter().map(|s| s.text.len()).sum());
                many.iter().for_each(|s| joined.push_str(&s.text));
                joined
            }),
        }
    }
}

/// The parts of the text a context window covers.
pub(super) struct Looked<'a>([&'a str; 2]);

impl Looked<'_> {
    /// Does any of `words` stand in the window?
    pub(super) fn has_any(&self, words: &Words) -> bool {
        self.0.iter().any(|part| words.found_in(part))
    }

    /// The first of `words` (in list order) that stands in the window.
    pub(super) fn first_of<'w>(&self, words: &'w [String]) -> Option<&'w String> {
        words
            .iter()
            .find(|w| self.0.iter().any(|part| find_word(part, w).is_some()))
    }
}

/// Where the clause holding `pos` starts: after the last clause end before it.
pub(super) fn clause_start(text: &str, pos: usize) -> usize {
    last_clause_end(text, 0, pos).unwrap_or(0)
}

/// Where the last clause end of `text[from..to]` ends, if it has one.
pub(super) fn last_clause_end(text: &str, from: usize, to: usize) -> Option<usize> {
    last_mark(text, from, to, is_clause_end)
}

fn is_clause_end(c: char) -> bool {
    CLAUSE_END.contains(&c)
}

/// Where the last char of `text[from..to]` that `is_mark` holds of ends, if
/// it has one. Asked several times of every number, so read back eight bytes
/// at a time: the first byte of a clause end is ASCII below `@` or one of
/// two lead bytes rare in Chinese text (`，` and its like start with `EF`,
/// `。` and `、` with `E3`), and bit tricks on a run of eight bytes mark
/// those it has, with a few operations and no branch; only the marked bytes
/// are looked at. So `is_mark` may hold only of chars starting so.
fn last_mark(text: &str, from: usize, to: usize, is_mark: impl Fn(char) -> bool) -> Option<usize> {
    let mut end = to;
    while end > from {
        let start = end.saturating_sub(8).max(from);
        let mut marks = clause_end_marks(text.as_bytes(), start, end);
        while marks != 0 {
            let bit = 63 - marks.leading_zeros();
            marks &= !(1 << bit);
            if let Some(found) = mark_at(text, start + bit as usize / 8, &is_mark) {
                return Some(found);
            }
        }
        end = start;
    }
    None
}

/// Where a mark starting at `at` ends, if one does there. (`at` is a char
/// boundary wherever its byte may start a clause end.)
fn mark_at(text: &str, at: usize, is_mark: impl Fn(char) -> bool) -> Option<usize> {
    if !STARTS_CLAUSE_END[usize::from(text.as_bytes()[at])] {
        return None;
    }
    let c = text[at..].chars().next()?;
    is_mark(c).then(|| at + c.len_utf8())
}

/// The marks ([`clause_end_starts`]) of the bytes `start..end`, eight at
/// most and one at least: bit `8 * j + 7` for the byte at `start + j`.
fn clause_end_marks(bytes: &[u8], start: usize, end: usize) -> u64 {
    // the bytes past `end` are masked off (a borrow runs up, never down)
    clause_end_starts(crate::scan::eight_bytes(bytes, start))
        & crate::scan::first_bytes_mask(end - start)
}

/// The high bit of every byte of a run of eight that a clause end may start
/// with (ASCII below `@`, `E3`, `EF`), and maybe of some bytes after such a
/// one (the tricks' borrows), which are looked at for nothing.
fn clause_end_starts(run: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGHS;
    let zero = |x: u64| below(x, 1);
    below(run, 0x40) | zero(run ^ (ONES * 0xE3)) | zero(run ^ (ONES * 0xEF))
}

/// The bytes a clause end's UTF-8 starts with (and `、`'s, `E3` as `。`'s).
const STARTS_CLAUSE_END: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < CLAUSE_END.len() {
        let mut buf = [0u8; 4];
        let bytes = CLAUSE_END[i].encode_utf8(&mut buf).as_bytes();
        table[bytes[0] as usize] = true;
        i += 1;
    }
    table
};

/// Where the words inside the bracket `s` leaves open start, if its last
/// bracket, `(` or `（`, opens. It is looked for by its bytes (`（` and `）` are
/// `EF BC 88` and `EF BC 89`, and `EF` is rare in a clause) in a vector
/// search back, not char by char.
pub(super) fn inside_open_bracket(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    for i in memchr::memrchr3_iter(b'(', b')', 0xEF, bytes) {
        match &bytes[i..] {
            [b'(', ..] => return Some(i + 1),
            [0xEF, 0xBC, 0x88, ..] => return Some(i + 3),
            [b')', ..] | [0xEF, 0xBC, 0x89, ..] => return None,
            _ => {}
        }
    }
    None
}

/// The part of `s` after its last clause end (all of it when it has none).
pub(super) fn after_clause_end(s: &str) -> &str {
    // No clause end stands after the last one: nothing more to trim.
    last_clause_end(s, 0, s.len()).map_or(s, |end| &s[end..])
}

/// Where the last clause end or `、` of `s` ends (0 when it has none).
pub(super) fn after_last_pause(s: &str) -> usize {
    last_mark(s, 0, s.len(), |c| is_clause_end(c) || c == '、').unwrap_or(0)
}

/// Has `s` a clause end? (Read back eight bytes at a time, as
/// [`last_clause_end`], not char by char against each of the ten.)
pub(super) fn has_clause_end(s: &str) -> bool {
    last_clause_end(s, 0, s.len()).is_some()
}

pub(super) fn contains_any(text: &str, words: &Words) -> bool {
    words.found_in(text)
}

/// Does `text` end with any of `words`? (Only the words ending with its last
/// char are compared.)
pub(super) fn ends_with_any(text: &str, words: &Words) -> bool {
    words.longest_suffix(text).is_some()
}

/// Does the text after a trigger make it the name of a law (`行政复议法、…`,
/// `《行政处罚法》第三十二条`)? Then it is no trigger: a law is not its indicator.
pub(super) fn names_a_law(after: &str) -> bool {
    let Some(rest) = after.strip_prefix('法') else {
        return false;
    };
    rest.chars()
        .next()
        .is_none_or(|c| !crate::normalize::is_han(c) || "和及与等的第实修".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At every char boundary of `text`, the clause starts after the last
    /// clause end before it, as `str::rfind` finds it.
    fn assert_clause_starts_as_rfind(text: &str) {
        for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
            let expected = text[..pos].rfind(CLAUSE_END).map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
            assert_eq!(clause_start(text, pos), expected, "{pos}");
        }
    }

    #[test]
    fn a_clause_starts_after_the_last_clause_end() {
        assert_clause_starts_as_rfind("全年检查，其中：抽查12家；约谈。a,b\n共计");
    }

    #[test]
    fn a_clause_starts_after_the_last_clause_end_in_long_text() {
        // longer than a block of eight bytes read at once, marks at every alignment
        assert_clause_starts_as_rfind(
            "全年检查各类经营主体9 872户次，其中：抽查12家；约谈。共计abc,def;x:y\n依法立案查处各类违法案件412件",
        );
    }

    #[test]
    fn the_bytes_a_clause_end_may_start_with_are_marked() {
        for b in 0..=255u8 {
            let run = u64::from_le_bytes([0xE6, 0x9F, 0xA5, b, 0xE6, 0x9F, 0xA5, 0xE6]);
            let marked = clause_end_starts(run) & (0x80 << 24) != 0;
            assert_eq!(marked, b < 0x40 || b == 0xE3 || b == 0xEF, "{b:#x}");
        }
    }

    #[test]
    fn the_last_bracket_says_whether_one_is_open() {
        // As the chars read back would say: the last `(`/`（` after the last `)`/`）`.
        for s in [
            "",
            "甲(乙",
            "甲（乙",
            "甲(乙)丙",
            "（甲）乙（丙",
            "甲）(",
            "％(）",
            "甲（乙）",
            "((",
        ] {
            let open = s.rfind(['(', '（']);
            let close = s.rfind([')', '）']);
            let expected = match (open, close) {
                (Some(o), c) if c.is_none_or(|c| o > c) => {
                    Some(o + s[o..].chars().next().map_or(0, char::len_utf8))
                }
                _ => None,
            };
            assert_eq!(inside_open_bracket(s), expected, "{s}");
        }
    }

    proptest::proptest! {
        // Asked in any order, a clause window gives what reading it whole
        // gives: the answer kept from the last ask changes nothing.
        #[test]
        fn a_clause_window_answers_as_read_whole(
            text in "[罚款率案，、；a]{0,24}",
            words in proptest::collection::vec("[罚款率案a]{1,2}", 1..4),
            asks in proptest::collection::vec((0usize..30, 0usize..30), 1..10),
        ) {
            let sentence = Sentence::assembled(&[(&text, 0)], 0, std::rc::Rc::from(""));
            let sentences = [sentence];
            let paragraph = Paragraph::new(&sentences);
            let whole = [Cell::new(WholeAnswer::default())];
            let clauses = [Cell::new(ClauseAnswer::default())];
            let ctx = SentenceContext {
                sentence: &sentences[0],
                text: &sentences[0].text,
                paragraph: &paragraph,
                whole: &whole,
                clauses: &clauses,
                serial: 0,
                clause: Cell::new((0, 0)),
            };
            let words = Words::from(words);
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (a, b) in asks {
                let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
                let (lo, hi) = (a.min(b), a.max(b));
                let expected = words.found_in(&text[clause_start(&text, lo)..hi]);
                proptest::prop_assert_eq!(ctx.has_any(Window::Clause, &words, lo, hi, 0), expected);
            }
        }
    }

    #[test]
    fn a_pause_is_a_clause_end_or_a_listing_comma() {
        assert_eq!(after_last_pause("甲、乙，丙"), "甲、乙，".len());
        assert_eq!(after_last_pause("甲，乙、丙"), "甲，乙、".len());
        assert_eq!(after_last_pause("甲乙"), 0);
    }

    #[test]
    fn a_trigger_followed_by_fa_names_a_law() {
        assert!(names_a_law("法、行政诉讼法"));
        assert!(names_a_law("法》第二十条"));
        assert!(names_a_law("法"));
        assert!(names_a_law("法实施条例"));
        assert!(!names_a_law("法制审核 12 件"));
        assert!(!names_a_law("法院强制执行 1 件"));
        assert!(!names_a_law("案件 3 件"));
    }
}
