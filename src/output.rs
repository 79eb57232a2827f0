//! Writers for extracted documents: CSV (one header for a whole batch), JSON
//! (one array of documents) and JSON Lines (one row per line). Writers only:
//! no extraction logic lives here.

use std::io::{self, Write};

use serde::Serialize;

use crate::extract::{Document, Row};

/// The output formats of `zhibiao extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Jsonl,
}

/// The CSV columns, in the order of the row table in `indicators.md`, plus the
/// document's period.
pub const CSV_HEADER: [&str; 12] = [
    "agency",
    "year",
    "indicator",
    "category",
    "value",
    "unit",
    "approx",
    "text",
    "source",
    "line",
    "rule",
    "period",
];

/// Streams documents to a writer in one format, row by row: a document's rows
/// need never be held all at once.
pub struct Writer<W: Write> {
    format: Format,
    out: W,
    documents: usize,
    /// CSV records not yet written out; drained every [`CSV_BATCH`] rows.
    csv: csv::Writer<Vec<u8>>,
    /// The period of the document being written (a CSV column).
    period: String,
    /// Rows of the document being written so far.
    rows: usize,
    numbers: NumberFields,
    /// Writes documents without the batch's framing (CSV header, JSON array
    /// brackets and commas): a worker's part of the output, see [`Writer::splice`].
    fragment: bool,
}

/// CSV rows buffered between writes to the output.
const CSV_BATCH: usize = 1024;

/// What a document says about itself: the fields of a JSON document before its
/// rows, in the order [`Document`] serializes them.
#[derive(Debug, Serialize)]
pub struct Head<'a> {
    pub source: &'a str,
    pub agency: Option<&'a str>,
    pub year: Option<i32>,
    pub period: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'a str>,
}

impl<W: Write> Writer<W> {
    /// A writer; with `bom`, a UTF-8 byte-order mark opens CSV output (for Excel).
    pub fn new(format: Format, mut out: W, bom: bool) -> io::Result<Writer<W>> {
        if bom && format == Format::Csv {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        Ok(Writer::framed(format, out, true))
    }

    fn framed(format: Format, out: W, framed: bool) -> Writer<W> {
        Writer {
            format,
            out,
            documents: 0,
            csv: csv::Writer::from_writer(Vec::new()),
            period: String::new(),
            rows: 0,
            numbers: NumberFields::default(),
            fragment: !framed,
        }
    }

    /// The separator before a JSON document: the array's opening, or a comma.
    fn open_json_document(&mut self) -> io::Result<()> {
        self.out
            .write_all(if self.documents == 0 { b"[\n" } else { b",\n" })
    }

    /// Add a document a [`Writer::fragment`] rendered, with the framing it left
    /// out; the output is the same as if the document had been written here.
    pub fn splice(&mut self, rendered: &[u8]) -> io::Result<()> {
        match self.format {
            Format::Csv if self.documents == 0 => {
                self.csv.write_record(CSV_HEADER)?;
                self.drain_csv()?;
            }
            Format::Json => self.open_json_document()?,
            _ => {}
        }
        self.out.write_all(rendered)?;
        self.documents += 1;
        Ok(())
    }

    /// Write the buffered CSV records out.
    fn drain_csv(&mut self) -> io::Result<()> {
        let csv = std::mem::replace(&mut self.csv, csv::Writer::from_writer(Vec::new()));
        let bytes = csv.into_inner().map_err(|e| e.into_error())?;
        self.out.write_all(&bytes)
    }

    /// Write one document.
    pub fn write(&mut self, doc: &Document) -> io::Result<()> {
        self.begin(&Head {
            source: &doc.source,
            agency: doc.agency.as_deref(),
            year: doc.year,
            period: doc.period.as_deref(),
            encoding: doc.encoding.as_deref(),
        })?;
        for row in &doc.rows {
            self.row(row)?;
        }
        self.end()
    }

    /// Open a document; its rows follow with [`Writer::row`], then [`Writer::end`].
    pub fn begin(&mut self, head: &Head) -> io::Result<()> {
        self.rows = 0;
        match self.format {
            Format::Csv => {
                if self.documents == 0 && !self.fragment {
                    self.csv.write_record(CSV_HEADER)?;
                }
                head.period.unwrap_or_default().clone_into(&mut self.period);
            }
            Format::Json => {
                if !self.fragment {
                    self.open_json_document()?;
                }
                let mut bytes = serde_json::to_vec(head)?;
                bytes.pop(); // the closing brace: the rows come first
                self.out.write_all(&bytes)?;
                self.out.write_all(b",\"rows\":[")?;
            }
            Format::Jsonl => {}
        }
        Ok(())
    }

    /// One row of the open document.
    pub fn row(&mut self, row: &Row) -> io::Result<()> {
        match self.format {
            Format::Csv => {
                self.csv
                    .write_record(self.numbers.record(row, &self.period))?;
                if self.rows % CSV_BATCH == CSV_BATCH - 1 {
                    self.drain_csv()?;
                }
            }
            Format::Json => {
                if self.rows > 0 {
                    self.out.write_all(b",")?;
                }
                serde_json::to_writer(&mut self.out, row)?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, row)?;
                self.out.write_all(b"\n")?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Close the open document.
    pub fn end(&mut self) -> io::Result<()> {
        match self.format {
            Format::Csv => self.drain_csv()?,
            Format::Json => self.out.write_all(b"]}")?,
            Format::Jsonl => {}
        }
        self.documents += 1;
        Ok(())
    }

    /// Close the output (the JSON array; a CSV header when nothing was written).
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json if self.documents == 0 => self.out.write_all(b"[]\n")?,
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Csv if self.documents == 0 => {
                self.csv.write_record(CSV_HEADER)?;
                self.drain_csv()?;
            }
            _ => {}
        }
        self.out.flush()
    }
}

impl Writer<Vec<u8>> {
    /// A writer of documents into memory without the batch's framing, so that
    /// workers can render their documents and the writer of the batch only
    /// [`Writer::splice`]s them in order.
    pub fn fragment(format: Format) -> Writer<Vec<u8>> {
        Writer::framed(format, Vec::new(), false)
    }

    /// The bytes rendered so far.
    pub fn into_bytes(mut self) -> io::Result<Vec<u8>> {
        if self.format == Format::Csv {
            self.drain_csv()?;
        }
        Ok(self.out)
    }
}

/// The text of a row's number fields, kept between rows so that writing a
/// CSV record allocates nothing.
#[derive(Default)]
struct NumberFields {
    year: itoa::Buffer,
    value: String,
    line: itoa::Buffer,
}

impl NumberFields {
    /// The CSV record of `row`: borrowed text fields and the number fields
    /// written into this buffer.
    fn record<'a>(&'a mut self, row: &'a Row, period: &'a str) -> [&'a str; 12] {
        use std::fmt::Write as _;
        self.value.clear();
        let _ = write!(self.value, "{}", row.value.normalize());
        let year = row.year.map_or("", |y| self.year.format(y));
        let line = self.line.format(row.line);
        [
            &row.agency,
            year,
            &row.indicator,
            &row.category,
            &self.value,
            &row.unit,
            if row.approx { "true" } else { "false" },
            &row.text,
            &row.source,
            line,
            &row.rule,
            period,
        ]
    }
}
