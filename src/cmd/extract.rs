//! `zhibiao extract [FILE|DIR|-]...` — indicator rows of reports.
//!
//! Files are read in the order given, folders walked recursively for `*.txt`
//! in sorted path order, `-` (or no path, with piped input) is standard input.
//! One CSV header serves the whole batch. A file that cannot be read is named
//! on stderr and the batch goes on; the exit status is then 2.

use std::io::{self, IsTerminal, Write};

use super::{report, RuleOptions};
use crate::extract::{Overrides, Reading};
use crate::input::{self, Input};
use crate::output::{Format, Head, Writer};

/// Extract indicator rows from reports.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report files, folders (walked for *.txt) or - for standard input.
    paths: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "csv")]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// The reporting agency, instead of the detected one.
    #[arg(long)]
    agency: Option<String>,
    /// The year reported on, instead of the detected one.
    #[arg(long)]
    year: Option<i32>,
    /// Read every file in this encoding (gbk, gb18030, utf-8, utf-16le, big5…).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Start CSV output with a UTF-8 byte-order mark, so Excel on a Chinese
    /// Windows machine opens it correctly.
    #[arg(long)]
    csv_bom: bool,
    #[command(flatten)]
    rules: RuleOptions,
}

pub fn run(args: Args) -> u8 {
    let rules = match args.rules.load() {
        Ok(r) => r,
        Err(e) => {
            report(e);
            return 2;
        }
    };
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            report("no input: give report files, folders, or - for standard input");
            return 2;
        }
        paths.push("-".to_string());
    }
    let (inputs, mut errors) = input::expand(&paths);
    for e in &errors {
        report(e);
    }
    let out: Box<dyn Write> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(io::BufWriter::new(f)),
            Err(e) => {
                report(format!("{}: cannot create: {e}", path.display()));
                return 2;
            }
        },
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let overrides = Overrides {
        agency: args.agency.clone(),
        year: args.year,
    };
    let result = (|| -> io::Result<()> {
        let mut writer = Writer::new(args.format, out, args.csv_bom)?;
        for inp in &inputs {
            match input::read(inp, args.encoding.as_deref()) {
                Ok(decoded) => {
                    let source = source_of(inp);
                    let reading = Reading::new(&decoded.text, &overrides);
                    let info = &reading.info;
                    writer.begin(&Head {
                        source: &source,
                        agency: info.agency.as_deref(),
                        year: info.year,
                        period: info.period.as_deref(),
                        encoding: Some(decoded.encoding),
                    })?;
                    reading.each_row(&rules, &source, |row| writer.row(&row))?;
                    writer.end()?;
                }
                Err(e) => {
                    report(&e);
                    errors.push(e);
                }
            }
        }
        writer.finish()
    })();
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            report(format!("cannot write output: {e}"));
            2
        }
        Ok(()) if errors.is_empty() => 0,
        Ok(()) => 2,
    }
}

fn source_of(input: &Input) -> String {
    input.source_name()
}
