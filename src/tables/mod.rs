//! Tables flattened into text: pipe rows (`|行政许可|8|5|93|`), and one cell
//! per line (all header cells, then all values). The reader finds table-shaped
//! runs of lines in one pass, rebuilds rows and column headers, and hands each
//! value cell to the rules as one assembled sentence, so that one rule set
//! serves prose and tables. A [`Reader`] reads a long document stretch by
//! stretch, cut between lines that no table can take ([`is_table_line`]).
//!
//! The sentence of a cell is, piece by piece (each piece keeps its own clean
//! offset, so evidence and `line` point at the real text):
//!
//! ```text
//! title，label，header value unit      第二十条第(五)项，行政许可，本年处理决定数量93
//! title，label value                   (no header: a two-column table)
//! title，header value unit             (no label: `警告0宗` under its caption)
//! ```
//!
//! - *title*: the line just before the table if it is short (a caption such
//!   as `(一)2023年行政处罚实施情况统计表`), and the table's own title row or
//!   caption cells (`第二十条第(六)项`, `行政处罚实施数量(宗)`). It is in the
//!   sentence so that rules can tell tables apart with `needs` in the sentence.
//! - *label*: the row's label cells; *header*: the column's header path, top
//!   first. Bracketed notes are dropped from both (`处理决定数量(指…)` →
//!   `处理决定数量`).
//! - *unit*: a unit named in the column header (`罚没金额(万元)`) or else in
//!   the title (`(宗)`, `(单位:万元)`) follows the value as its own piece,
//!   pointing at the unit's text, so the number scanner reads `157.76万元`.
//!
//! The `，` between the parts are the only text not taken from the document:
//! they keep the title's and the label's words out of the value's clause, so
//! a rule binds the value to a trigger in its header (or, with no header, in
//! its label) and reads the rest as context (`needs` in the sentence). The
//! evidence of a cell is the pieces of that clause, `本年处理决定数量 … 93`.
//! Each table gets its own paragraph id (a new one every
//! [`CELLS_PER_PARAGRAPH`] cells, so paragraph windows stay small on huge
//! tables); the heading is left empty, as a cell's context is its table.
//!
//! Where a flattened header cannot say which column a value is under (cells
//! dropped, more headers than values with no way to tell where the extra one
//! is), the value is left out: no row is better than a misaligned one.

mod cell;
mod header;
mod pipes;
mod stacked;

use std::ops::Range;
use std::rc::Rc;

use crate::segment::{Sentence, Texts};
use cell::Cell;
use stacked::CellLine;

/// What the table reader found in a document.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// One assembled sentence per value cell (see [`Sentence::assembled`]).
    pub sentences: Vec<Sentence>,
    /// Clean byte ranges of the lines the tables take, in text order; prose skips them.
    pub claimed: Vec<Range<usize>>,
}

impl Tables {
    /// Is the clean offset inside a table?
    pub fn claims(&self, offset: usize) -> bool {
        let i = self.claimed.partition_point(|r| r.end <= offset);
        self.claimed.get(i).is_some_and(|r| r.contains(&offset))
    }
}

/// Paragraph ids of table cells start here, far above those of prose.
const PARAGRAPH_BASE: usize = usize::MAX / 2;
/// A table gets a new paragraph id after this many cells, so that context
/// windows over a paragraph stay small on huge tables.
const CELLS_PER_PARAGRAPH: usize = 64;
/// A line before a table longer than this is prose, not its caption.
const MAX_CAPTION_CHARS: usize = 60;

/// Where a value cell stands: the words around it (see the module docs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'c, 'a> {
    pub title: &'c [Cell<'a>],
    pub label: &'c [Cell<'a>],
    pub header: &'c [Cell<'a>],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Pipe,
    Stacked,
}

/// Find the tables of a document's clean text.
pub fn read(clean: &str) -> Tables {
    Reader::default().read(clean, 0..clean.len())
}

/// Is this line (trimmed) one a table could take: a pipe row or a cell line?
pub fn is_table_line(line: &str) -> bool {
    family_of(line, pipes::is_pipe_line(line)).is_some()
}

/// The kind of table a line (trimmed) can belong to, given whether it holds a
/// cell separator ([`pipes::is_pipe_line`]), and whether it is a line of
/// figures of a stacked table.
fn family_of(line: &str, has_separator: bool) -> Option<(Family, bool)> {
    if has_separator {
        Some((Family::Pipe, false))
    } else {
        stacked::cell_line(line).map(|cell| (Family::Stacked, cell == CellLine::Figures))
    }
}

/// What the table reader carries from one stretch of a document to the next:
/// the paragraph ids given so far.
#[derive(Default)]
pub struct Reader {
    sink: Sink,
}

impl Reader {
    /// The tables of the lines of `clean[range]`, with offsets in `clean`.
    /// `range` starts a line; a table that would begin before it or run on
    /// after it is not seen whole, so cut only between lines that are not
    /// [`is_table_line`].
    pub fn read(&mut self, clean: &str, range: Range<usize>) -> Tables {
        let mut run: Vec<Cell> = Vec::new();
        let mut family: Option<Family> = None;
        // Whether the run has a line of figures: a stacked run of words alone
        // (headings, most often) makes no table and is not read.
        let mut figures = false;
        // The line before the run: its caption, if it can be one.
        let mut before: Option<Cell> = None;
        let mut last_line: Option<Cell> = None;
        let mut separators = pipes::Separators::new(&clean[range.clone()]);
        let mut offset = range.start;
        for raw in crate::scan::lines_inclusive(&clean[range.clone()]) {
            // The line break is whitespace: trimmed with the spaces.
            let line = Cell::new(raw, offset).trimmed();
            let local = offset - range.start;
            offset += raw.len();
            if line.is_empty() {
                continue;
            }
            let kind = family_of(line.text, separators.within(local, local + raw.len()));
            if kind.map(|(f, _)| f) != family && !run.is_empty() {
                self.sink.read_run(family, before, &run, figures);
                run.clear();
                figures = false;
            }
            family = kind.map(|(f, _)| f);
            if let Some((_, holds_figures)) = kind {
                // The line before a table may be its caption, told when the
                // run is read: prose lines are most lines, and a caption
                // test counts a line's chars.
                if run.is_empty() {
                    before = last_line;
                }
                run.push(line);
                figures |= holds_figures;
            }
            last_line = Some(line);
        }
        if !run.is_empty() {
            self.sink.read_run(family, before, &run, figures);
        }
        let mut tables = std::mem::take(&mut self.sink.tables);
        self.sink.texts.share(&mut tables.sentences);
        tables
    }
}

/// Can this line, just before a table, be its caption?
fn is_caption_line(text: &str) -> bool {
    text.chars().count() <= MAX_CAPTION_CHARS && !text.contains(['。', '；', ';'])
}

/// Collects the readers' cells as sentences, and the lines their tables take.
#[derive(Default)]
pub(crate) struct Sink {
    tables: Tables,
    paragraph: usize,
    /// The block (a table, or a part of one) of the run the last cell was in.
    block: Option<usize>,
    in_paragraph: usize,
    /// The heading of every cell's sentence: none, as a cell's context is
    /// its table; one shared, not one made a cell.
    no_heading: Rc<str>,
    /// Where the texts of the cells' sentences are laid.
    texts: Texts,
}

impl Sink {
    /// Read a run of table lines of `family`, with the line `before` it (its
    /// caption, if it can be one) and whether it has a line of figures.
    fn read_run(
        &mut self,
        family: Option<Family>,
        before: Option<Cell>,
        run: &[Cell],
        figures: bool,
    ) {
        self.block = None;
        let caption = || before.filter(|l| is_caption_line(l.text));
        match family {
            Some(Family::Pipe) => pipes::read_run(caption(), run, self),
            // Words alone give no value cell.
            Some(Family::Stacked) if figures => stacked::read_run(caption(), run, self),
            _ => {}
        }
    }

    /// The clean range of a table's lines.
    pub(crate) fn claim(&mut self, range: Range<usize>) {
        self.tables.claimed.push(range);
    }

    /// One value cell of `block` (numbered within the run) and its context.
    pub(crate) fn cell(&mut self, block: usize, context: Context<'_, '_>, value: Cell<'_>) {
        if self.block != Some(block) || self.in_paragraph == CELLS_PER_PARAGRAPH {
            self.paragraph += 1;
            self.block = Some(block);
            self.in_paragraph = 0;
        }
        self.in_paragraph += 1;
        let paragraph = PARAGRAPH_BASE + self.paragraph;
        let heading = &self.no_heading;
        if let Some(sentence) = assemble(&mut self.texts, context, value, paragraph, heading) {
            self.tables.sentences.push(sentence);
        }
    }
}

/// The sentence of one value cell (see the module docs), its text laid in
/// `texts`, or `None` when it has no words to bind the value to.
fn assemble(
    texts: &mut Texts,
    context: Context<'_, '_>,
    value: Cell<'_>,
    paragraph: usize,
    heading: &Rc<str>,
) -> Option<Sentence> {
    let has_label = words(context.label).next().is_some();
    let has_header = words(context.header).next().is_some();
    if !has_label && !has_header {
        return None;
    }
    let mut parts: Vec<(&str, usize)> = Vec::with_capacity(12);
    for title in words(context.title) {
        push_clause(&mut parts, std::iter::once(title));
    }
    // Without a header the label is what the value counts: same clause.
    if has_header {
        push_clause(&mut parts, words(context.label));
        push_clause(&mut parts, words(context.header));
    } else {
        push_clause(&mut parts, words(context.label));
    }
    parts.push((value.text, value.start));
    if let Some(unit) = unit_for(context, value) {
        parts.push((unit.text, unit.start));
    }
    Some(Sentence::assembled_in(
        texts,
        &parts,
        paragraph,
        Rc::clone(heading),
    ))
}

/// Append the cells as one clause, after a `，` if a clause came before.
fn push_clause<'a>(parts: &mut Vec<(&'a str, usize)>, cells: impl Iterator<Item = Cell<'a>>) {
    for (k, c) in cells.enumerate() {
        if k == 0 && !parts.is_empty() {
            parts.push(("，", c.start));
        }
        parts.push((c.text, c.start));
    }
}

/// The words of cells, without their bracketed notes.
fn words<'c, 'a>(cells: &'c [Cell<'a>]) -> impl Iterator<Item = Cell<'a>> + 'c {
    cells
        .iter()
        .map(|c| cell::name_of(*c))
        .filter(|c| !c.is_empty())
}

/// The unit to read the value in: the header's own, else the title's; none if
/// the value cell writes its unit itself.
fn unit_for<'a>(context: Context<'_, 'a>, value: Cell<'_>) -> Option<Cell<'a>> {
    if !value.text.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let last_unit = |cells: &[Cell<'a>]| cells.iter().rev().find_map(|c| cell::unit_in(*c));
    last_unit(context.header).or_else(|| last_unit(context.title))
}

#[cfg(test)]
mod tests;
