//! `zhibiao quantities [FILE|-]` — the number layer on its own: every number
//! the scanner recognizes, one JSON object per line.

use std::io::{self, Write};

use serde::Serialize;

use super::{read_one, report};
use crate::normalize;
use crate::quantities::{self, Kind};

/// Print every number with its normalized value, unit and kind, as JSON lines.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A text file, or - (the default) for standard input.
    #[arg(default_value = "-")]
    path: String,
    /// Also print numbers that are never values (dates, document numbers,
    /// set phrases…), with the reason.
    #[arg(long)]
    all: bool,
    /// Read the file in this encoding (gbk, utf-16le…).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
}

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    value: rust_decimal::Decimal,
    unit: &'a str,
    kind: Kind,
    approx: bool,
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded: Option<quantities::Exclusion>,
}

pub fn run(args: Args) -> u8 {
    let decoded = match read_one(&args.path, args.encoding.as_deref()) {
        Ok(d) => d,
        Err(status) => return status,
    };
    let clean = normalize::normalize(&decoded.text);
    let mut out = io::BufWriter::new(io::stdout().lock());
    for m in quantities::scan_all(&clean.text) {
        if m.excluded.is_some() && !args.all {
            continue;
        }
        let q = &m.quantity;
        let line = Line {
            text: clean.original_text(q.start, q.end),
            value: q.value.normalize(),
            unit: q.unit,
            kind: q.kind,
            approx: q.approx,
            line: clean.line_of(q.num_start),
            excluded: m.excluded,
        };
        let written = serde_json::to_writer(&mut out, &line)
            .map_err(io::Error::from)
            .and_then(|_| out.write_all(b"\n"));
        if let Err(e) = written {
            if e.kind() != io::ErrorKind::BrokenPipe {
                report(format!("cannot write output: {e}"));
                return 2;
            }
            return 0;
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            report(format!("cannot write output: {e}"));
            2
        }
        _ => 0,
    }
}
