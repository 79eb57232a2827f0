//! Writers for extracted documents: CSV (one header for a whole batch), JSON
//! (one array of documents) and JSON Lines (one row per line). Writers only:
//! no extraction logic lives here.

use std::io::{self, Write};

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

/// Streams documents to a writer in one format.
pub struct Writer<W: Write> {
    format: Format,
    out: W,
    documents: usize,
}

impl<W: Write> Writer<W> {
    /// A writer; with `bom`, a UTF-8 byte-order mark opens CSV output (for Excel).
    pub fn new(format: Format, mut out: W, bom: bool) -> io::Result<Writer<W>> {
        if bom && format == Format::Csv {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        Ok(Writer {
            format,
            out,
            documents: 0,
        })
    }

    fn write_csv(
        &mut self,
        records: impl Iterator<Item = [String; 12]>,
        header: bool,
    ) -> io::Result<()> {
        let mut csv = csv::Writer::from_writer(Vec::new());
        if header {
            csv.write_record(CSV_HEADER)?;
        }
        for r in records {
            csv.write_record(r)?;
        }
        let bytes = csv.into_inner().map_err(|e| e.into_error())?;
        self.out.write_all(&bytes)
    }

    /// Write one document.
    pub fn write(&mut self, doc: &Document) -> io::Result<()> {
        match self.format {
            Format::Csv => {
                let period = doc.period.as_deref();
                self.write_csv(
                    doc.rows.iter().map(|r| csv_record(r, period)),
                    self.documents == 0,
                )?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.documents == 0 { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, doc)?;
            }
            Format::Jsonl => {
                for row in &doc.rows {
                    serde_json::to_writer(&mut self.out, row)?;
                    self.out.write_all(b"\n")?;
                }
            }
        }
        self.documents += 1;
        Ok(())
    }

    /// Close the output (the JSON array; a CSV header when nothing was written).
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json if self.documents == 0 => self.out.write_all(b"[]\n")?,
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Csv if self.documents == 0 => self.write_csv(std::iter::empty(), true)?,
            _ => {}
        }
        self.out.flush()
    }
}

fn csv_record(row: &Row, period: Option<&str>) -> [String; 12] {
    [
        row.agency.clone(),
        row.year.map(|y| y.to_string()).unwrap_or_default(),
        row.indicator.clone(),
        row.category.clone(),
        row.value.normalize().to_string(),
        row.unit.clone(),
        row.approx.to_string(),
        row.text.clone(),
        row.source.clone(),
        row.line.to_string(),
        row.rule.clone(),
        period.unwrap_or_default().to_string(),
    ]
}
