//! `zhibiao explain FILE` — every number the scanner saw, in document order,
//! with its line, the text around it, and its fate: the row it became, or why
//! not. Colour on a terminal, plain when piped.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::{read_one, report, RuleOptions};
use crate::explain::{self, Explained};
use crate::extract::Overrides;

/// Show what became of every number of a report, and why.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  zhibiao explain fixtures/report.txt\n    10  18.65 万元  → fines = 186500 元 (fines.amount)   …立案 36 起，结案 34 件，罚款 [18.65 万元]，没收违法所得…\n    23  960户次     ✗ its clause is about another year   …2023年行政检查[960户次]的水平…"
)]
pub struct Args {
    /// A report file, or - for standard input.
    path: String,
    /// `text` (aligned, coloured on a terminal) or `jsonl` (one object per number).
    #[arg(long, short = 'f', default_value = "text", value_parser = ["text", "jsonl"])]
    format: String,
    /// Read the file in this encoding (gbk, utf-16le…).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// The year reported on, instead of the detected one.
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    rules: RuleOptions,
}

const NUMBER: Style = Style::new().bold();
const ROW: Style = AnsiColor::Green.on_default();
const NOT: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();

pub fn run(args: Args) -> u8 {
    let rules = match args.rules.load_or_report() {
        Ok(r) => r,
        Err(status) => return status,
    };
    let decoded = match read_one(&args.path, args.encoding.as_deref()) {
        Ok(d) => d,
        Err(status) => return status,
    };
    let overrides = Overrides {
        agency: None,
        year: args.year,
    };
    let explained = explain::explain(&rules, &decoded.text, &overrides);
    let mut out = anstream::stdout().lock();
    let written = explained.iter().try_for_each(|e| {
        if args.format == "jsonl" {
            serde_json::to_writer(&mut out, e).map_err(std::io::Error::from)?;
            writeln!(out)
        } else {
            write_text(&mut out, e)
        }
    });
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            report(format!("cannot write output: {e}"));
            2
        }
        _ => 0,
    }
}

fn write_text(out: &mut impl Write, e: &Explained) -> std::io::Result<()> {
    let fate = if e.rows.is_empty() {
        format!("{NOT}✗ {}{NOT:#}", e.why_not)
    } else {
        e.rows
            .iter()
            .map(|r| {
                let category = if r.category.is_empty() {
                    String::new()
                } else {
                    format!("[{}]", r.category)
                };
                format!(
                    "{ROW}→ {}{category} = {} {}{ROW:#} {DIM}({}){DIM:#}",
                    r.indicator, r.value, r.unit, r.rule
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    writeln!(
        out,
        "{:>5}  {NUMBER}{}{NUMBER:#}  {fate}   {DIM}…{}…{DIM:#}",
        e.line, e.number, e.context
    )
}
