//! Tables whose rows are lines of `|`-separated cells.
//!
//! A run of pipe lines holds one or more tables. Each line is a title row (one
//! cell: `第二十条第(五)项|||`), a header row (cells of words), or a data row
//! (leading label cells, then values; a `-` keeps its column's place). Header
//! rows that follow each other stack into a multi-row header; a header row
//! after data starts a new header (a wide table wrapped into two blocks); a
//! title row starts a new table.

use std::collections::HashMap;

use super::cell::{self, Cell, Value};
use super::header;
use super::{Context, Sink};
use crate::scan::CharFinder;

const SEPARATORS: [char; 3] = ['|', '｜', '│'];
/// [`SEPARATORS`] found by a byte scan: every line of a document is asked.
const SEPARATOR_FINDER: CharFinder<3> = CharFinder::new(SEPARATORS);
/// A header is at most this many rows deep; older rows are forgotten.
const MAX_HEADER_ROWS: usize = 4;

/// Does the line hold `|` cells?
pub(crate) fn is_pipe_line(text: &str) -> bool {
    SEPARATOR_FINDER.is_in(text)
}

/// Where the separators stand in a stretch of text, for lines asked in text
/// order: the stretch is searched once, with vector code, instead of each
/// line on its own (a search started per line costs more than it scans, and
/// most lines of a report hold no separator).
pub(crate) struct Separators<'t> {
    /// One search per separator, each with the next place it was found.
    found: Vec<std::iter::Peekable<Box<dyn Iterator<Item = usize> + 't>>>,
}

impl<'t> Separators<'t> {
    pub(crate) fn new(text: &'t str) -> Separators<'t> {
        let found = SEPARATORS
            .iter()
            .map(|&c| {
                let search: Box<dyn Iterator<Item = usize> + 't> = if c.is_ascii() {
                    Box::new(memchr::memchr_iter(c as u8, text.as_bytes()))
                } else {
                    let needle = c.encode_utf8(&mut [0; 4]).as_bytes().to_vec();
                    Box::new(memchr::memmem::find_iter(text.as_bytes(), &needle).into_owned())
                };
                search.peekable()
            })
            .collect();
        Separators { found }
    }

    /// Does `start..end` (offsets in the text, asked in text order) hold a
    /// separator?
    pub(crate) fn within(&mut self, start: usize, end: usize) -> bool {
        self.found.iter_mut().any(|search| {
            while search.next_if(|&at| at < start).is_some() {}
            search.peek().is_some_and(|&at| at < end)
        })
    }
}

#[derive(Debug)]
enum Row<'a> {
    Title(Cell<'a>),
    Header(Vec<Cell<'a>>),
    Data {
        labels: Vec<Cell<'a>>,
        values: Vec<Cell<'a>>,
    },
}

/// The cells of a pipe line: the text before a leading `|` and after the last
/// one is no cell, nor are the empty filler cells at the end (`| ||`).
fn cells_of(line: Cell<'_>) -> Vec<Cell<'_>> {
    let mut cells = Vec::new();
    let mut from = 0;
    for (i, c) in line.text.char_indices() {
        if SEPARATORS.contains(&c) {
            cells.push(Cell::new(&line.text[from..i], line.start + from).trimmed());
            from = i + c.len_utf8();
        }
    }
    cells.push(Cell::new(&line.text[from..], line.start + from).trimmed());
    if cells.first().is_some_and(Cell::is_empty) {
        cells.remove(0);
    }
    while cells.last().is_some_and(Cell::is_empty) {
        cells.pop();
    }
    cells
}

/// The cell, or each of its space-separated figures (`0 0 0`).
fn expand(cell: Cell<'_>) -> Vec<Cell<'_>> {
    cell::spaced_values(cell).unwrap_or_else(|| vec![cell])
}

fn classify(cells: Vec<Cell<'_>>) -> Option<Row<'_>> {
    let cells: Vec<Cell> = cells.into_iter().flat_map(expand).collect();
    let first_value = cells.iter().position(|c| cell::value_of(c.text).is_some());
    if let Some(at) = first_value {
        let (labels, values) = cells.split_at(at);
        return Some(Row::Data {
            labels: labels.to_vec(),
            values: values.to_vec(),
        });
    }
    let mut words = cells.iter().filter(|c| !c.is_empty());
    match (words.next(), words.next()) {
        (None, _) => None,
        (Some(only), None) => Some(Row::Title(*only)),
        _ => Some(Row::Header(cells)),
    }
}

/// The table being read: its title and the header rows in force.
#[derive(Default)]
struct Table<'a> {
    block: usize,
    title: Option<Cell<'a>>,
    headers: Vec<Vec<Cell<'a>>>,
    after_data: bool,
    /// How many values the first data row under the header had: a row with
    /// another number was cut short or lost cells, and is left out.
    width: Option<usize>,
    /// The column headers worked out so far, by row shape (label cells, values).
    columns: HashMap<(usize, usize), Vec<Option<Vec<Cell<'a>>>>>,
}

impl<'a> Table<'a> {
    /// Stack a header row under the ones in force (a header row after data
    /// starts a new header).
    fn add_header(&mut self, cells: Vec<Cell<'a>>) {
        if self.after_data {
            self.headers.clear();
            self.block += 1;
        }
        if self.headers.len() == MAX_HEADER_ROWS {
            self.headers.remove(0);
        }
        self.headers.push(cells);
        self.columns.clear();
        self.width = None;
        self.after_data = false;
    }

    /// The header path of each value column of a row of this shape. Where it
    /// cannot be told whether the top row starts with a corner cell over the
    /// labels, a column is certain only where both readings that fit agree.
    fn columns(&mut self, labels: usize, n: usize) -> &[Option<Vec<Cell<'a>>>] {
        let headers = &self.headers;
        self.columns.entry((labels, n)).or_insert_with(|| {
            let corners = headers
                .first()
                .map_or(&[false][..], |top| corner_readings(top, labels, n));
            let readings: Vec<_> = corners
                .iter()
                .copied()
                .map(|corner| value_headers(headers, labels, n, corner))
                .filter_map(|rows| header::column_headers(&rows, n))
                .collect();
            (0..n)
                .map(|j| {
                    let first = readings.first()?[j].as_ref()?;
                    readings
                        .iter()
                        .all(|r| r[j].as_ref() == Some(first))
                        .then(|| first.clone())
                })
                .collect()
        })
    }
}

/// Read a run of pipe lines; `caption` is the line just before it, if short.
pub(crate) fn read_run<'a>(caption: Option<Cell<'a>>, run: &[Cell<'a>], sink: &mut Sink) {
    let mut table = Table::default();
    let mut any_data = false;
    for &line in run {
        let Some(row) = classify(cells_of(line)) else {
            continue;
        };
        match row {
            Row::Title(cell) => {
                table = Table {
                    block: table.block + 1,
                    title: Some(cell),
                    ..Table::default()
                };
            }
            Row::Header(cells) => table.add_header(cells),
            Row::Data { labels, values } => {
                any_data = true;
                let title: Vec<Cell> = caption.into_iter().chain(table.title).collect();
                data_row(&mut table, &title, &labels, &values, sink);
                table.after_data = true;
            }
        }
    }
    if let (true, Some(first), Some(last)) = (any_data, run.first(), run.last()) {
        sink.claim(first.start..last.end());
    }
}

/// The cells of one data row under the table's headers.
fn data_row<'a>(
    table: &mut Table<'a>,
    title: &[Cell<'a>],
    labels: &[Cell<'a>],
    values: &[Cell<'a>],
    sink: &mut Sink,
) {
    let block = table.block;
    let is_figure = |c: &Cell| cell::value_of(c.text) == Some(Value::Figure);
    let context = |header| Context {
        title,
        label: labels,
        header,
    };
    if table.headers.is_empty() {
        label_value_pairs(block, title, labels, values, sink);
        return;
    }
    if *table.width.get_or_insert(values.len()) != values.len() {
        return;
    }
    let paths = table.columns(labels.len(), values.len());
    for (value, path) in values.iter().zip(paths) {
        if let Some(path) = path.as_deref().filter(|_| is_figure(value)) {
            sink.cell(block, context(path), *value);
        }
    }
}

/// A row without a header: each value named by the words just before it
/// (`行政许可|3679`, `检查单位|120家|立案|5起`); a value without words of its
/// own leaves the whole row out, since its column is unknown.
fn label_value_pairs<'a>(
    block: usize,
    title: &[Cell<'a>],
    labels: &[Cell<'a>],
    values: &[Cell<'a>],
    sink: &mut Sink,
) {
    let cells: Vec<Cell> = labels.iter().chain(values).copied().collect();
    let mut pairs = Vec::new();
    let mut words_from = 0;
    for (i, c) in cells.iter().enumerate() {
        match cell::value_of(c.text) {
            None => continue,
            Some(_) if i == words_from => return,
            Some(kind) => {
                if kind == Value::Figure {
                    pairs.push((words_from..i, *c));
                }
                words_from = i + 1;
            }
        }
    }
    for (words, value) in pairs {
        let context = Context {
            title,
            label: &cells[words],
            header: &[],
        };
        sink.cell(block, context, value);
    }
}

/// Does the top header row start with corner cells over the label columns?
/// Sure when it fits either way, or when its first cell reads as a corner
/// (`信息内容`, or only a bracketed note); else both readings are tried.
fn corner_readings(top: &[Cell<'_>], labels: usize, n: usize) -> &'static [bool] {
    let first = top.first().copied().filter(|_| labels > 0);
    if top.len() == n || first.is_none() {
        &[false]
    } else if top.len() == labels + n
        || first.is_some_and(|c| cell::is_corner(c) || cell::name_of(c).is_empty())
    {
        &[true]
    } else {
        &[true, false]
    }
}

/// The header rows over the value columns: without the corner cells over the
/// label columns where a row fits with them, or (if `corner`) in the top row,
/// which the corner spans down from and which keeps at least one cell; and
/// without empty cells where a row does not fit anyway.
fn value_headers<'a>(
    headers: &[Vec<Cell<'a>>],
    labels: usize,
    n: usize,
    corner: bool,
) -> Vec<Vec<Cell<'a>>> {
    headers
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let row: &[Cell] = if row.len() == labels + n {
                &row[labels..]
            } else if i == 0 && corner && row.len() != n {
                &row[labels.min(row.len().saturating_sub(1))..]
            } else {
                row
            };
            if row.len() == n {
                row.to_vec()
            } else {
                row.iter().copied().filter(|c| !c.is_empty()).collect()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cells: &[Cell]) -> Vec<String> {
        cells.iter().map(|c| c.text.to_string()).collect()
    }

    #[test]
    fn cells_drop_edges_and_filler() {
        let line = Cell::new("|行政许可|8|5|93|||", 0);
        assert_eq!(texts(&cells_of(line)), ["行政许可", "8", "5", "93"]);
        let line = Cell::new("行政强制|4|4|-|", 0);
        assert_eq!(texts(&cells_of(line)), ["行政强制", "4", "4", "-"]);
        assert!(cells_of(Cell::new("||||", 0)).is_empty());
        assert!(cells_of(Cell::new("|", 0)).is_empty());
    }

    #[test]
    fn cell_offsets_point_into_the_line() {
        let text = "xx\n|罚款|12|";
        let cells = cells_of(Cell::new(&text[3..], 3));
        assert_eq!(&text[cells[1].start..cells[1].end()], "12");
    }

    #[test]
    fn rows_are_titles_headers_or_data() {
        let row = |s| classify(cells_of(Cell::new(s, 0)));
        assert!(matches!(row("第二十条第(五)项||||"), Some(Row::Title(_))));
        assert!(matches!(
            row("信息内容|本年处理决定数量|"),
            Some(Row::Header(_))
        ));
        let Some(Row::Data { labels, values }) = row("行政许可|0 0 0|") else {
            panic!("data row expected");
        };
        assert_eq!(texts(&labels), ["行政许可"]);
        assert_eq!(values.len(), 3);
        assert!(row("|||").is_none());
    }
}
