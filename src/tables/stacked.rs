//! Tables flattened one cell per line, as copies of web and PDF tables come:
//! a run of short lines, first the words (caption, corner, column headers, a
//! row label), then the figures, perhaps again words and figures for the next
//! row or the second half of a wide table.
//!
//! Each stretch of words followed by a stretch of figures is read on its own:
//! captions and a corner cell (`单位名称`) open it, then come as many header
//! cells as there are figures, and perhaps a row label after them. A cell that
//! is only a unit (`(宗)`) belongs to the header above it. A header split over
//! two lines (one cell too many) keeps only the figures that are the same
//! wherever the split is. Anything else that does not fit gives nothing.

use super::cell::{self, Cell, Value};
use super::header;
use super::{Context, Sink};

/// A line longer than this is prose, not a cell.
const MAX_CELL_CHARS: usize = 40;
/// At most this many caption cells make a table's title.
const MAX_TITLE: usize = 2;
/// A split header is only resolved over at least this many figures: with
/// fewer, a dropped cell reads just like a split one.
const MIN_SPLIT_VALUES: usize = 3;

/// Marks of prose a cell does not hold: sentence and clause ends.
const CLAUSE_MARKS: [char; 9] = ['。', '；', ';', '！', '!', '？', '?', '，', ','];

/// What one cell of a table on a line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellLine {
    Figures,
    Words,
}

/// Can this line be one cell of a table, and what does it hold?
pub(crate) fn cell_line(text: &str) -> Option<CellLine> {
    if is_value_line(text) {
        return Some(CellLine::Figures);
    }
    // A char is four bytes at most: a longer line is too long uncounted.
    let words = text.len() <= 4 * MAX_CELL_CHARS && is_words_cell(text);
    words.then_some(CellLine::Words)
}

/// Is this short line a cell of words: at most [`MAX_CELL_CHARS`] chars, no
/// clause mark, no colon at the end, and no figure with its measure word
/// (`罚款3万元`, prose rather than a header)? Told in one walk of the chars,
/// as most lines asked are short. A char of Chinese text is stepped over by
/// its lead byte alone: only a char led as a full-width clause mark is (`E3`
/// for `。`, `EF` for the full-width forms), or one after a figure, is read.
fn is_words_cell(text: &str) -> bool {
    // A line of prose most often ends with a clause mark (`。`), which makes
    // it no cell: told by its last char, not by a walk of the whole line.
    if text.ends_with(CLAUSE_MARKS) {
        return false;
    }
    let bytes = text.as_bytes();
    let mut chars = 0;
    let mut after_digit = false;
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        if lead.is_ascii() {
            let c = char::from(lead);
            if CLAUSE_MARKS.contains(&c) || (after_digit && c == '%') {
                return false;
            }
            after_digit = c.is_ascii_digit() || (after_digit && c == '.');
            at += 1;
        } else {
            if matches!(lead, 0xE3 | 0xEF) || after_digit {
                let c = text[at..].chars().next().unwrap_or_default();
                if CLAUSE_MARKS.contains(&c) || (after_digit && cell::is_measure(c)) {
                    return false;
                }
            }
            after_digit = false;
            // The lead byte of a char of `n` bytes starts with `n` ones.
            at += lead.leading_ones() as usize;
        }
        chars += 1;
    }
    chars <= MAX_CELL_CHARS && !text.ends_with([':', '：'])
}

fn is_value_line(text: &str) -> bool {
    may_start_a_value(text)
        && (cell::value_of(text).is_some() || cell::spaced_values(Cell::new(text, 0)).is_some())
}

/// Does `text`, past its spaces, start as a value may: with a digit, a minus
/// or a placeholder's first char? Most lines are told by this, not parsed.
/// Told by the first byte: only a line led by a lead byte of one of the wide
/// chars (`E2` for `−—…`, `E6` for `无`, `EF` for `－`) has its char read.
fn may_start_a_value(text: &str) -> bool {
    let start = text.bytes().position(|b| b != b' ').unwrap_or(text.len());
    match text.as_bytes().get(start) {
        Some(b'0'..=b'9' | b'-' | b'/' | b'*') => true,
        Some(0xE2 | 0xE6 | 0xEF) => text[start..]
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '−' | '－' | '—' | '无' | '…')),
        _ => false,
    }
}

/// One header: a cell, and the unit-only cell under it if any (`合计`, `(宗)`).
#[derive(Debug, Clone, Copy)]
struct Item<'a> {
    cells: [Cell<'a>; 2],
    len: usize,
}

impl<'a> Item<'a> {
    fn new(cell: Cell<'a>) -> Self {
        Item {
            cells: [cell, cell],
            len: 1,
        }
    }

    fn first(&self) -> Cell<'a> {
        self.cells[0]
    }

    fn cells(&self) -> &[Cell<'a>] {
        &self.cells[..self.len]
    }

    /// Take a unit-only cell; a second one is ignored.
    fn add_unit(&mut self, unit: Cell<'a>) {
        if self.len == 1 {
            self.cells[1] = unit;
            self.len = 2;
        }
    }
}

/// Words then figures, and the clean range they take.
#[derive(Default)]
struct Stretch<'a> {
    words: Vec<Item<'a>>,
    values: Vec<Cell<'a>>,
    start: usize,
    end: usize,
}

impl<'a> Stretch<'a> {
    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.values.is_empty()
    }

    fn clear(&mut self) {
        self.words.clear();
        self.values.clear();
    }

    /// Add a line: its figures, or a word (a unit-only word joins the one before).
    fn add(&mut self, line: Cell<'a>) {
        if self.is_empty() {
            self.start = line.start;
        }
        self.end = line.end();
        if is_value_line(line.text) {
            match cell::spaced_values(line) {
                Some(values) => self.values.extend(values),
                None => self.values.push(line),
            }
        } else if let Some(item) = self.words.last_mut().filter(|_| cell::is_unit_only(line)) {
            item.add_unit(line);
        } else {
            self.words.push(Item::new(line));
        }
    }
}

/// Read a run of cell lines; `caption` is the line just before it, if short.
pub(crate) fn read_run<'a>(caption: Option<Cell<'a>>, run: &[Cell<'a>], sink: &mut Sink) {
    let mut reader = Reader {
        title: caption.into_iter().collect(),
        headers: None,
        block: 0,
    };
    let mut stretch = Stretch::default();
    for &line in run {
        if !stretch.values.is_empty() && !is_value_line(line.text) {
            reader.read(&stretch, sink);
            stretch.clear();
        }
        stretch.add(line);
    }
    if !stretch.values.is_empty() {
        reader.read(&stretch, sink);
    }
}

/// What the stretches of one run share.
struct Reader<'a> {
    title: Vec<Cell<'a>>,
    /// The headers of the last stretch that had them, for a next row that
    /// brings only its label.
    headers: Option<Vec<Item<'a>>>,
    block: usize,
}

/// How a stretch's words (after its opening) sit over its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// One header per figure, then perhaps a row label.
    Columns { label: bool },
    /// A label under the headers of the stretch before.
    NextRow,
    /// One header too many, perhaps split over two cells.
    Split,
}

impl<'a> Reader<'a> {
    fn read(&mut self, stretch: &Stretch<'a>, sink: &mut Sink) {
        let values = &stretch.values;
        let n = values.len();
        let (captions, corner, body_start) = opening(&stretch.words, n);
        let body = &stretch.words[body_start..];
        let captioned = !captions.is_empty();
        if captioned {
            self.block += 1;
            let keep = captions.len().saturating_sub(MAX_TITLE);
            self.title = captions[keep..].to_vec();
            self.headers = None;
        }
        let mut emitted = false;
        match self.layout(body.len(), n, corner, captioned) {
            Some(Layout::Columns { label }) => {
                let label = label.then(|| body[n]);
                for (header, value) in body.iter().zip(values) {
                    emitted |= self.emit(label, header, *value, sink);
                }
                self.headers = Some(body[..n].to_vec());
            }
            Some(Layout::NextRow) => {
                let headers = self.headers.take().unwrap_or_default();
                for (header, value) in headers.iter().zip(values) {
                    emitted |= self.emit(Some(body[0]), header, *value, sink);
                }
                self.headers = Some(headers);
            }
            Some(Layout::Split) => {
                let firsts: Vec<Cell> = body.iter().map(Item::first).collect();
                for (h, v) in header::split_certain(&firsts, values) {
                    emitted |= self.emit(None, &body[h], values[v], sink);
                }
            }
            None => {}
        }
        if emitted {
            sink.claim(stretch.start..stretch.end);
        }
    }

    fn layout(&self, words: usize, n: usize, corner: bool, captioned: bool) -> Option<Layout> {
        let continues = !captioned && self.headers.as_ref().is_some_and(|h| h.len() == n);
        if n == 1 && !(captioned || corner || continues) {
            None // a word and a figure on their own: a page number under a line of prose
        } else if words == 1 && continues {
            Some(Layout::NextRow)
        } else if words == n {
            Some(Layout::Columns { label: false })
        } else if words == n + 1 && corner {
            Some(Layout::Columns { label: true })
        } else if words == n + 1 && captioned && n >= MIN_SPLIT_VALUES {
            Some(Layout::Split)
        } else {
            None
        }
    }

    /// Hand one figure to the sink; false if the cell holds no figure.
    fn emit(
        &self,
        label: Option<Item<'a>>,
        header: &Item<'a>,
        value: Cell<'a>,
        sink: &mut Sink,
    ) -> bool {
        if cell::value_of(value.text) != Some(Value::Figure) {
            return false;
        }
        let label = label.as_ref().map_or(&[][..], Item::cells);
        let context = Context {
            title: &self.title,
            label,
            header: header.cells(),
        };
        sink.cell(self.block, context, value);
        true
    }
}

/// Split a stretch's words into the caption cells that open it, whether a
/// corner cell closes the opening, and where the rest (headers, perhaps a
/// label) starts.
fn opening<'a>(words: &[Item<'a>], n: usize) -> (Vec<Cell<'a>>, bool, usize) {
    let last = words.len().saturating_sub(1);
    // The last word before the figures is a header or a label, never a caption;
    // a word with a unit is a caption when enough words follow it for the figures.
    let is_caption = |(i, item): (usize, &Item)| {
        let first = item.first();
        i < last && (cell::is_caption(first) || (cell::unit_in(first).is_some() && last - i >= n))
    };
    let flags: Vec<bool> = words.iter().enumerate().map(is_caption).collect();
    let captions: Vec<Cell> = words
        .iter()
        .zip(&flags)
        .filter(|(_, &f)| f)
        .map(|(item, _)| item.first())
        .collect();
    let captions_end = flags.iter().rposition(|&f| f).map_or(0, |i| i + 1);
    let corner = (captions_end..words.len())
        .rev()
        .find(|&i| cell::is_corner(words[i].first()));
    match corner {
        Some(k) => (captions, true, k + 1),
        None => (captions, false, captions_end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`is_words_cell`] as a walk of every char reads it.
    fn by_chars(text: &str) -> bool {
        let mut chars = 0;
        let mut after_digit = false;
        for c in text.chars() {
            if CLAUSE_MARKS.contains(&c) || (after_digit && (c == '%' || cell::is_measure(c))) {
                return false;
            }
            after_digit = c.is_ascii_digit() || (after_digit && c == '.');
            chars += 1;
        }
        chars <= MAX_CELL_CHARS && !text.ends_with([':', '：'])
    }

    proptest::proptest! {
        #[test]
        fn a_words_cell_is_told_by_lead_bytes_as_by_chars(
            text in "[。；;！!？?，,：:%.0-9万件处监督a 、（）éé𠀀]{0,45}"
        ) {
            proptest::prop_assert_eq!(is_words_cell(&text), by_chars(&text));
        }

        #[test]
        fn a_value_start_is_told_by_its_first_byte_as_by_its_first_char(
            text in "[ 0-9\\-−－—/无*…万件a、é𠀀‐‒]{0,6}"
        ) {
            let by_char = text.trim_start_matches(' ').starts_with(|c: char| {
                c.is_ascii_digit() || matches!(c, '-' | '−' | '－' | '—' | '/' | '无' | '*' | '…')
            });
            proptest::prop_assert_eq!(may_start_a_value(&text), by_char);
        }
    }
}
