//! Writers for extracted documents: CSV (one header for a whole batch), JSON
//! (one array of documents) and JSON Lines (one row per line). Writers only:
//! no extraction logic lives here.

use std::io::{self, Write};

use rust_decimal::Decimal;
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
    /// Rows rendered and not yet written out; drained once they take
    /// [`BATCH_BYTES`] and at the end of a document, so that the output
    /// (perhaps a `dyn Write`) is called once a batch, not once a field.
    rendered: Vec<u8>,
    /// The period of the document being written (a CSV column).
    period: String,
    /// Rows of the document being written so far.
    rows: usize,
    numbers: NumberFields,
    /// Writes documents without the batch's framing (CSV header, JSON array
    /// brackets and commas): a worker's part of the output, see [`Writer::splice`].
    fragment: bool,
}

/// Bytes of rows rendered between writes to the output. The buffer is made
/// with room for them and a row more ([`RENDERED_ROOM`]) once, so that it is
/// not grown (and copied) over and over as a batch is rendered: a row takes
/// a few hundred bytes (one that takes more than the room left grows it once).
const BATCH_BYTES: usize = 48 * 1024;
const RENDERED_ROOM: usize = 64 * 1024;

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
            rendered: Vec::with_capacity(RENDERED_ROOM),
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
                write_csv_record(&mut self.rendered, &CSV_HEADER);
                self.drain()?;
            }
            Format::Json => self.open_json_document()?,
            _ => {}
        }
        self.out.write_all(rendered)?;
        self.documents += 1;
        Ok(())
    }

    /// Write the rendered rows out.
    fn drain(&mut self) -> io::Result<()> {
        self.out.write_all(&self.rendered)?;
        self.rendered.clear();
        Ok(())
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
                    write_csv_record(&mut self.rendered, &CSV_HEADER);
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
    pub fn row<S: AsRef<str> + Serialize>(&mut self, row: &Row<S>) -> io::Result<()> {
        match self.format {
            Format::Csv => self
                .numbers
                .write_record(&mut self.rendered, row, &self.period),
            Format::Json => {
                if self.rows > 0 {
                    self.rendered.push(b',');
                }
                serde_json::to_writer(&mut self.rendered, row)?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut self.rendered, row)?;
                self.rendered.push(b'\n');
            }
        }
        self.rows += 1;
        if self.rendered.len() >= BATCH_BYTES {
            self.drain()?;
        }
        Ok(())
    }

    /// Close the open document.
    pub fn end(&mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.rendered.extend_from_slice(b"]}");
        }
        self.drain()?;
        self.documents += 1;
        Ok(())
    }

    /// Close the output (the JSON array; a CSV header when nothing was written).
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json if self.documents == 0 => self.out.write_all(b"[]\n")?,
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Csv if self.documents == 0 => {
                write_csv_record(&mut self.rendered, &CSV_HEADER);
                self.drain()?;
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
        self.drain()?;
        Ok(self.out)
    }
}

/// The text of a row's number fields, kept between rows so that writing a
/// CSV record allocates nothing.
#[derive(Default)]
struct NumberFields {
    year: LastNumber<i32>,
    value: Vec<u8>,
    mantissa: itoa::Buffer,
    line: LastNumber<usize>,
}

/// The text of the last number of one field written: the rows of a
/// document share their year, and most rows the line of the row before
/// (rows come in text order, several a line), each formatted once.
#[derive(Default)]
struct LastNumber<T> {
    text: String,
    of: Option<T>,
}

impl<T: itoa::Integer + Copy + PartialEq> LastNumber<T> {
    /// The text of `n`.
    fn of(&mut self, n: T) -> &str {
        if self.of != Some(n) {
            self.text.clear();
            self.text.push_str(itoa::Buffer::new().format(n));
            self.of = Some(n);
        }
        &self.text
    }
}

impl NumberFields {
    /// The CSV record of `row`: borrowed text fields and the number fields
    /// written into this buffer.
    fn record<'a, S: AsRef<str>>(&'a mut self, row: &'a Row<S>, period: &'a str) -> [&'a str; 12] {
        // The value as the row holds it, as JSON writes it: normalized when
        // the row is made (`extract::Reading::row`), not again here.
        self.value.clear();
        self.value.resize(DECIMAL_BYTES, 0);
        let mut value = Room::new(&mut self.value);
        write_decimal(&mut value, row.value, &mut self.mantissa);
        let written = value.len;
        self.value.truncate(written);
        let year = row.year.map_or("", |y| self.year.of(y));
        let line = self.line.of(row.line);
        [
            row.agency.as_ref(),
            year,
            row.indicator.as_ref(),
            row.category.as_ref(),
            // Digits, a sign and a point: ASCII.
            std::str::from_utf8(&self.value).unwrap_or_default(),
            row.unit.as_ref(),
            if row.approx { "true" } else { "false" },
            row.text.as_ref(),
            row.source.as_ref(),
            line,
            row.rule.as_ref(),
            period,
        ]
    }

    /// Add the CSV record of `row` to `out`, as [`write_csv_record`] writes
    /// [`NumberFields::record`]: here the fields go straight into `out`, in
    /// room made once for the whole record, the numbers formatted there and
    /// the flag and the commas written as constants, so that only the text
    /// fields are copied (a call a field, a dozen a row, was most of a
    /// record's cost) and no byte checks the buffer's capacity.
    fn write_record<S: AsRef<str>>(&mut self, out: &mut Vec<u8>, row: &Row<S>, period: &str) {
        let start = out.len();
        let texts = [
            row.agency.as_ref(),
            row.indicator.as_ref(),
            row.category.as_ref(),
            row.unit.as_ref(),
            row.text.as_ref(),
            row.source.as_ref(),
            row.rule.as_ref(),
            period,
        ];
        // The numbers and the flag: at most 11 + 40 (a value of 28 digits after
        // `-0.`) + 20 + 5 bytes, 11 separators and the line break; then a
        // block of zeros, so that the record is counted in whole blocks.
        const NUMBERS_AND_SEPARATORS: usize = 96;
        let room = texts.iter().map(|t| t.len()).sum::<usize>() + NUMBERS_AND_SEPARATORS + LANES;
        out.resize(start + room, 0);
        let mut record = Room::new(&mut out[start..]);
        let [agency, indicator, category, unit, text, source, rule, period] = texts;
        let field = |record: &mut Room, text: &str| {
            record.put(text.as_bytes());
            record.byte(b',');
        };
        field(&mut record, agency);
        if let Some(year) = row.year {
            record.put(self.year.of(year).as_bytes());
        }
        record.byte(b',');
        field(&mut record, indicator);
        field(&mut record, category);
        write_decimal(&mut record, row.value, &mut self.mantissa);
        record.byte(b',');
        field(&mut record, unit);
        record.put(if row.approx { b"true," } else { b"false," });
        field(&mut record, text);
        field(&mut record, source);
        record.put(self.line.of(row.line).as_bytes());
        record.byte(b',');
        field(&mut record, rule);
        record.put(period.as_bytes());
        // The zeros after the record count as no special byte.
        let len = record.len;
        let plain =
            specials(&out[start..start + len.next_multiple_of(LANES)]) == CSV_HEADER.len() - 1;
        out.truncate(start + len);
        if !plain {
            out.truncate(start);
            write_quoted_where_needed(out, &self.record(row, period));
        }
        out.push(b'\n');
    }
}

/// Bytes a decimal takes at most as [`write_decimal`] writes it: a sign, 29
/// digits and a point, or a sign, `0.` and 28 digits.
const DECIMAL_BYTES: usize = 32;

/// Room made in a buffer, filled from the front: its bytes are put with
/// no check of the buffer's capacity, which the room is made within once.
struct Room<'a> {
    bytes: &'a mut [u8],
    /// How many bytes are filled.
    len: usize,
}

impl<'a> Room<'a> {
    fn new(bytes: &'a mut [u8]) -> Room<'a> {
        Room { bytes, len: 0 }
    }

    fn put(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        let to = &mut self.bytes[self.len..self.len + n];
        // A field of a few bytes to a few dozen (all but the evidence, most
        // often) is copied as its first and its last bytes of one size, the
        // two copies overlapping, each a load and a store in place: a call
        // to memcpy, a dozen a row, cost more than its copy.
        match n {
            0 => {}
            1..4 => {
                to[0] = bytes[0];
                to[n / 2] = bytes[n / 2];
                to[n - 1] = bytes[n - 1];
            }
            4..8 => copy_ends::<4>(to, bytes),
            8..16 => copy_ends::<8>(to, bytes),
            16..=32 => copy_ends::<16>(to, bytes),
            _ => to.copy_from_slice(bytes),
        }
        self.len += n;
    }

    fn byte(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }
}

/// Copy `from` to `to`, of one length from `N` to `2 * N` bytes, as its
/// first `N` bytes and its last `N`.
#[inline(always)]
fn copy_ends<const N: usize>(to: &mut [u8], from: &[u8]) {
    let n = from.len();
    to[..N].copy_from_slice(&from[..N]);
    to[n - N..n].copy_from_slice(&from[n - N..]);
}

/// Add `value` to `out` as its `Display` writes it — the digits of its
/// mantissa with a point `scale` digits from the right (and a `0` before a
/// point with no digit before it), after a `-` when it is negative — without
/// the formatting machinery, which costs a few hundred instructions a row.
fn write_decimal(out: &mut Room, value: Decimal, mantissa: &mut itoa::Buffer) {
    // A mantissa of 64 bits, as every value of a report has, is formatted as
    // a `u64`: itoa's `u128` path divides in 128 bits, several times the cost.
    let parts = value.unpack();
    let digits = match (parts.hi, u64::from(parts.mid) << 32 | u64::from(parts.lo)) {
        (0, 0) => &[][..],
        (0, m) => mantissa.format(m).as_bytes(),
        _ => mantissa.format(value.mantissa().unsigned_abs()).as_bytes(),
    };
    let scale = value.scale() as usize;
    if value.is_sign_negative() {
        out.byte(b'-');
    }
    let point = digits.len().saturating_sub(scale);
    out.put(if point == 0 { b"0" } else { &digits[..point] });
    if scale > 0 {
        out.byte(b'.');
        for _ in digits.len()..scale {
            out.byte(b'0');
        }
        out.put(&digits[point..]);
    }
}

/// Add a CSV record to `out` as the `csv` crate writes it by default: fields
/// between commas, a `\n` after the last; a field with a comma, a quote or a
/// line break in it is quoted, its quotes doubled, and the others are copied
/// as they are (the record of one empty field is `""`, so that it is a record).
/// Writing the bytes here costs a few instructions a byte where the crate's
/// state machine, which can write into a buffer of any size, costs a dozen.
///
/// Almost no record needs a quote, so the fields are first copied as they
/// are and the whole record is then checked at once with memchr's vector
/// search: no quote or line break in it, and no comma but the separators.
/// Only a record that fails the check is written again field by field.
fn write_csv_record(out: &mut Vec<u8>, fields: &[&str]) {
    let start = out.len();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(field.as_bytes());
    }
    let plain = fields != [""] && is_plain(&out[start..], fields.len().saturating_sub(1));
    if !plain {
        out.truncate(start);
        write_quoted_where_needed(out, fields);
    }
    out.push(b'\n');
}

/// Is `written`, fields joined by `separators` commas, a record with no
/// field to quote: no quote or line break in it, and no comma but the
/// separators? Told by one count of the bytes that are any of them.
fn is_plain(written: &[u8], separators: usize) -> bool {
    specials(written) == separators
}

/// How many commas, quotes and line breaks `bytes` holds, counted in
/// one-byte lanes, 255 bytes at a time so that no lane overflows: a vector
/// loop of a few instructions per 32 bytes, compiled for AVX2 where the CPU
/// has it, where a search for the quotes and line breaks and a count of the
/// commas cost more than this count on a record of a few hundred bytes.
fn specials(bytes: &[u8]) -> usize {
    crate::scan::count_with_avx2(bytes, specials_by_block)
}

/// Inlined into [`crate::scan::count_with_avx2`]'s AVX2 path, so that it is
/// compiled with AVX2 there.
/// Counted in blocks of [`LANES`] bytes, one lane a byte, so that a block is
/// one vector step whatever the record's length: the last bytes are one
/// block more, with zeros (no special byte) after them, not a loop of a
/// byte a step.
#[inline(always)]
fn specials_by_block(bytes: &[u8]) -> usize {
    let special = |b: u8| u8::from((b == b',') | (b == b'"') | (b == b'\n') | (b == b'\r'));
    let count = |lanes: &mut [u8; LANES], block: &[u8; LANES]| {
        for (lane, &b) in lanes.iter_mut().zip(block) {
            *lane = lane.wrapping_add(special(b));
        }
    };
    let mut total = 0;
    // A lane counts at most 255 blocks (the last one too) before it is summed.
    for group in bytes.chunks(255 * LANES) {
        let mut lanes = [0u8; LANES];
        let (blocks, rest) = group.as_chunks::<LANES>();
        for block in blocks {
            count(&mut lanes, block);
        }
        if !rest.is_empty() {
            let mut last = [0u8; LANES];
            last[..rest.len()].copy_from_slice(rest);
            count(&mut lanes, &last);
        }
        total += lanes.iter().map(|&n| usize::from(n)).sum::<usize>();
    }
    total
}

/// Bytes counted in one step of [`specials_by_block`]: an AVX2 vector.
const LANES: usize = 32;

/// The fields of a record between commas, each quoted if it needs it.
fn write_quoted_where_needed(out: &mut Vec<u8>, fields: &[&str]) {
    if let [""] = fields {
        out.extend_from_slice(b"\"\"");
    }
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_csv_field(out, field.as_bytes());
    }
}

fn write_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    if !needs_quotes(field) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for (i, part) in field.split(|&b| b == b'"').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part);
    }
    out.push(b'"');
}

/// Has `field` a byte that makes a CSV field quoted: a comma, a quote or a
/// line break?
fn needs_quotes(field: &[u8]) -> bool {
    memchr::memchr3(b',', b'"', b'\n', field).is_some() || memchr::memchr(b'\r', field).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The record as the `csv` crate writes it, the oracle of [`write_csv_record`].
    fn by_csv_crate(fields: &[&str]) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(fields).expect("write to memory");
        writer.into_inner().expect("write to memory")
    }

    fn written(fields: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        write_csv_record(&mut out, fields);
        out
    }

    #[test]
    fn a_special_byte_anywhere_in_a_field_quotes_it() {
        for special in [",", "\"", "\n", "\r"] {
            for len in 0..40 {
                for at in 0..=len {
                    let field = format!("{}{special}{}", "字".repeat(at), "x".repeat(len - at));
                    let record = ["a", &field, ""];
                    assert_eq!(written(&record), by_csv_crate(&record), "{field:?}");
                }
            }
        }
    }

    #[test]
    fn specials_are_counted_past_a_lane_count_of_255() {
        let special = [b',', b'"', b'\n', b'\r'];
        for len in [
            0,
            1,
            31,
            32,
            33,
            254,
            255,
            256,
            600,
            255 * LANES + 5,
            300 * LANES,
        ] {
            for every in [1, 2, 7] {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| if i % every == 0 { special[i % 4] } else { b'x' })
                    .collect();
                let expected = bytes.iter().filter(|b| special.contains(b)).count();
                for count in [specials, specials_by_block] {
                    assert_eq!(
                        count(&bytes),
                        expected,
                        "{len} bytes, a special every {every}"
                    );
                }
            }
        }
    }

    #[test]
    fn short_records_are_written_as_the_csv_crate_writes_them() {
        for record in [&[""][..], &["", ""], &["a"], &["\""], &["", "a,b", ""]] {
            assert_eq!(written(record), by_csv_crate(record), "{record:?}");
        }
    }

    #[test]
    fn bytes_put_in_room_are_those_copied() {
        let field: Vec<u8> = (1..=80).collect();
        for offset in [0, 1, 7] {
            for n in 0..=field.len() {
                let mut bytes = vec![0; offset + n + 3];
                let mut room = Room::new(&mut bytes);
                room.len = offset;
                room.put(&field[..n]);
                room.byte(b',');
                assert_eq!(room.len, offset + n + 1);
                let mut expected = vec![0; offset];
                expected.extend_from_slice(&field[..n]);
                expected.extend_from_slice(&[b',', 0, 0]);
                assert_eq!(bytes, expected, "{n} bytes at {offset}");
            }
        }
    }

    fn decimal(value: Decimal) -> String {
        let mut out = vec![0; DECIMAL_BYTES];
        let mut room = Room::new(&mut out);
        write_decimal(&mut room, value, &mut itoa::Buffer::new());
        let len = room.len;
        out.truncate(len);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn decimals_are_written_as_they_display() {
        for text in [
            "0", "-0", "0.00", "-0.000", "5", "0.005", "-0.5", "12.30", "1e-28",
        ] {
            let value = Decimal::from_scientific(text)
                .or_else(|_| text.parse())
                .expect(text);
            assert_eq!(decimal(value), value.to_string(), "{text}");
        }
        assert_eq!(decimal(Decimal::MAX), Decimal::MAX.to_string());
        assert_eq!(decimal(Decimal::MIN), Decimal::MIN.to_string());
    }

    proptest! {
        #[test]
        fn any_decimal_is_written_as_it_displays(
            lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28
        ) {
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            prop_assert_eq!(decimal(value), value.to_string());
            prop_assert_eq!(decimal(value.normalize()), value.normalize().to_string());
        }

        #[test]
        fn a_row_is_written_as_its_record_is(
            texts in prop::collection::vec("[a字,\"\r\n 。]{0,12}", 8),
            year: Option<i32>,
            lo: u32, negative: bool, scale in 0u32..=28,
            approx: bool,
            line: usize,
        ) {
            let row = Row {
                agency: texts[0].as_str(),
                year,
                indicator: &texts[1],
                category: &texts[2],
                value: Decimal::from_parts(lo, 0, 0, negative, scale),
                unit: &texts[3],
                approx,
                text: &texts[4],
                source: &texts[5],
                line,
                rule: &texts[6],
            };
            let mut numbers = NumberFields::default();
            let mut direct = Vec::new();
            numbers.write_record(&mut direct, &row, &texts[7]);
            let expected = written(&numbers.record(&row, &texts[7]));
            prop_assert_eq!(direct, expected);
        }

        #[test]
        fn records_are_written_as_the_csv_crate_writes_them(
            fields in prop::collection::vec(
                prop_oneof![any::<String>(), "[a字,\"\r\n 。，]{0,40}"],
                1..14,
            )
        ) {
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            prop_assert_eq!(written(&fields), by_csv_crate(&fields));
        }
    }
}
