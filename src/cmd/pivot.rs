//! `zhibiao pivot [OPTIONS] [FILE|-]...` — extract rows turned wide: one line
//! per (agency, year, source), one column per indicator, for spreadsheets.
//!
//! FILEs are outputs of `zhibiao extract` in any of its formats (CSV, JSON,
//! JSON Lines, told apart by their content); `-`, or none with piped input, is
//! standard input. Which value fills a cell is [`crate::pivot`]'s rule. A file
//! that cannot be read is named on stderr and the others go on; the exit
//! status is then 2, else 0.

use std::io::{self, IsTerminal, Write};

use super::report;
use crate::extract::Document;
use crate::pivot;
use crate::readback;

const AFTER_HELP: &str = "\
Examples:
  zhibiao extract reports/ | zhibiao pivot --csv-bom > table.csv
  zhibiao pivot 2023.json 2024.csv --all-indicators > both-years.csv

Output (abridged):
  agency,year,source,period,inspections,cases_filed,fines,conflicts
  青禾县卫生健康局,2024,a.txt,,1285,36,186500,
  白石县卫生健康局,2024,b.txt,,,12,50000,fines: 50000 ≠ 52000

A cell holds the indicator's total: its first row with an empty category, in
document order. Failing that, if all its rows have one category (the
random-check rates: 双随机), the first of those; otherwise the cell is empty,
since parts without their total are no total. When the rows a cell is chosen
from disagree, the conflicts column lists `indicator: v1 ≠ v2`.

Columns: agency, year, source, period, then indicators in the order of the
indicator tables (core, extended, further), other ids alphabetically after
them, then conflicts.";

/// One line per report and one column per indicator, from extract outputs.
///
/// Reads outputs of `zhibiao extract` (CSV, JSON or JSON Lines) and writes one
/// line per (agency, year, source) with the indicator's total in each cell,
/// and a conflicts column where the totals of one indicator disagree.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Extract outputs (CSV, JSON or JSON Lines), or - for standard input.
    #[arg(value_name = "FILE")]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "csv")]
    format: pivot::Format,
    /// A column for every indicator of the spec, not only those the input has,
    /// so that tables of different inputs line up.
    #[arg(long)]
    all_indicators: bool,
    /// Start CSV output with a UTF-8 byte-order mark, so Excel on a Chinese
    /// Windows machine opens it correctly.
    #[arg(long)]
    csv_bom: bool,
}

pub fn run(args: Args) -> u8 {
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            report("no input: give extract outputs, or - for standard input");
            return 2;
        }
        paths.push("-".to_string());
    }
    let (documents, failed) = read_all(&paths);
    let table = pivot::pivot(&documents, args.all_indicators);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written =
        pivot::write(&table, args.format, &mut out, args.csv_bom).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            report(format!("cannot write output: {e}"));
            2
        }
        _ if failed => 2,
        _ => 0,
    }
}

/// The documents of every readable path, in order; whether any failed.
fn read_all(paths: &[String]) -> (Vec<Document>, bool) {
    let mut documents = Vec::new();
    let mut failed = false;
    for path in paths {
        match readback::read_path(path) {
            Ok(docs) => documents.extend(docs),
            Err(e) => {
                report(e);
                failed = true;
            }
        }
    }
    (documents, failed)
}
