//! `zhibiao diff [OPTIONS] OLD NEW` — what changed between two extract outputs.
//!
//! OLD and NEW are outputs of `zhibiao extract` in any of its formats (CSV,
//! JSON, JSON Lines, told apart by their content); one of them may be `-` for
//! standard input. Rows are keyed by agency, year, indicator and category and
//! compared as multisets of exact decimals (see [`crate::diff`]). The exit
//! status is diff(1)'s: 0 the same, 1 different, 2 trouble, so that
//! `zhibiao diff base.csv new.csv` can gate a CI job.

use std::io::{self, Write};

use super::report;
use crate::diff::{self, Compared, Field, Report};
use crate::readback;

const AFTER_HELP: &str = "\
Examples:
  zhibiao extract reports/ > base.csv            # once; keep base.csv
  zhibiao extract reports/ -f json | zhibiao diff base.csv -
  zhibiao diff --compare text,rule base.csv new.jsonl
  zhibiao diff -f csv base.csv new.csv > changes.csv

Text output:
  --- base.csv
  +++ new.csv
  ~ 青禾县卫生健康局 2024 fines: 186500 元 → 190000 元
      - 罚款 18.65 万元  (reports/a.txt line 10, fines.amount)
      + 罚款 19 万元  (reports/a.txt line 10, fines.amount)
  + 青禾县卫生健康局 2024 referrals [线索]: 2 件
      + 移送公安机关案件线索两件  (reports/a.txt line 10, referrals.transfer)
  1 changed, 1 added, 0 removed; 38 rows the same in value, unit, approx

  ~ changed, + added, - removed; with --verbose also = for rows the same in
  the compared fields and different in others.

Exit status: 0 no differences, 1 differences, 2 trouble (a file missing,
unreadable or malformed; the message names the file and, for a malformed
one, the line).";

/// Compare two extract outputs; exit 0 when the same, 1 when different, 2 on trouble.
///
/// Rows are keyed by (agency, year, indicator, category). Under one key each
/// output holds a multiset of rows; the two are paired one for one, best
/// matches first (equal figures, then the same evidence text, rule, unit and
/// line, then document order). A pair that differs is changed, a row without a
/// partner removed or added. Values compare as exact decimals: 2488220 is
/// 2488220.0.
///
/// By default a difference in value, unit or approx counts; text, source, line
/// and rule are shown beside each difference but count only when asked for
/// with --compare or --strict.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The earlier extract output: CSV, JSON or JSON Lines, or - for standard input.
    old: String,
    /// The later extract output, in any of the same formats.
    new: String,
    /// Output format: text for people, json or csv for machines.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    format: diff::Format,
    /// Count differences in these fields too (comma-separated), e.g. text,rule.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FIELDS")]
    compare: Vec<Field>,
    /// Do not count differences in these fields (comma-separated), e.g. approx,unit.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FIELDS")]
    ignore: Vec<Field>,
    /// Count differences in every field (value, unit, approx, text, source,
    /// line, rule); --ignore still takes some away.
    #[arg(long)]
    strict: bool,
    /// Print nothing: the exit status tells.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also list rows that differ only in fields not compared.
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(args: Args) -> u8 {
    if args.old == "-" && args.new == "-" {
        report("only one of OLD and NEW can be standard input (-)");
        return 2;
    }
    let (old, new) = match (
        readback::read_path(&args.old),
        readback::read_path(&args.new),
    ) {
        (Ok(old), Ok(new)) => (readback::rows(old), readback::rows(new)),
        (old, new) => {
            [old.err(), new.err()]
                .into_iter()
                .flatten()
                .for_each(report);
            return 2;
        }
    };
    let comparison = diff::compare(old, new, &compared(&args));
    if !args.quiet {
        let report_of = Report {
            old_name: &args.old,
            new_name: &args.new,
            comparison: &comparison,
            verbose: args.verbose,
        };
        let mut out = io::BufWriter::new(io::stdout().lock());
        let written = report_of
            .write(args.format, &mut out)
            .and_then(|()| out.flush());
        if let Err(e) = written {
            if e.kind() != io::ErrorKind::BrokenPipe {
                report(format!("cannot write output: {e}"));
                return 2;
            }
        }
    }
    u8::from(comparison.is_different())
}

/// The fields that count: the default ones or all (--strict), plus --compare,
/// minus --ignore.
fn compared(args: &Args) -> Compared {
    let base = if args.strict {
        Compared::all()
    } else {
        Compared::default()
    };
    base.with(&args.compare).without(&args.ignore)
}
