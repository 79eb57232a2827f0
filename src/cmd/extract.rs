//! `zhibiao extract [FILE|DIR|-]...` — indicator rows of reports.
//!
//! Files are read in the order given, folders walked recursively for `*.txt`
//! (or `--glob`) in sorted path order, `-` (or no path, with piped input) is
//! standard input. Files are extracted on `--jobs` threads and written in that
//! order as they are done (`batch::ordered`), so the output is the same for any
//! number of jobs and memory does not grow with the batch. One CSV header
//! serves the whole batch. A file that cannot be read is named on stderr and
//! the batch goes on; the exit status is then 2. Progress, warnings and the
//! closing summary go to stderr (`batch::report`).

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use clap::builder::TypedValueParser;

use super::{report, RuleOptions};
use crate::batch::report::{Reporter, Tally};
use crate::batch::{self, Panicked};
use crate::extract::{self, Overrides, Reading};
use crate::input::{self, Input, InputError, Selection};
use crate::output::{Format, Head, Writer};
use crate::rules::RuleSet;

/// Extract indicator rows from reports.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report files, folders (walked for *.txt) or - for standard input.
    paths: Vec<String>,
    /// Extract with N threads (default: one per core); the output is the same
    /// whatever N.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..).map(usize::from))]
    jobs: Option<usize>,
    /// Walk folders for files matching GLOB (gitignore syntax, any letter
    /// case, ! to exclude; repeatable) instead of *.txt.
    #[arg(long, short = 'g', value_name = "GLOB")]
    glob: Vec<String>,
    /// Print no progress bar, warnings or summary; errors are still printed.
    #[arg(long, short = 'q')]
    quiet: bool,
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
    let start = Instant::now();
    let (rules, selection, paths) = match setup(&args) {
        Ok(setup) => setup,
        Err(e) => {
            report(e);
            return 2;
        }
    };
    let expanded = input::expand(&paths, &selection);
    let files = expanded.inputs.len() + expanded.errors.len();
    let reporter = Reporter::new(files, args.quiet, start);
    for w in &expanded.warnings {
        reporter.warn(w);
    }
    let mut tally = Tally::default();
    for e in expanded.errors {
        reporter.error(&e);
        tally.failed.push(e);
    }
    let out = match open_output(args.output.as_deref()) {
        Ok(out) => out,
        Err(e) => {
            report(e);
            return 2;
        }
    };
    let job = Job {
        rules: &rules,
        overrides: Overrides {
            agency: args.agency.clone(),
            year: args.year,
        },
        encoding: args.encoding.as_deref(),
    };
    let jobs = args.jobs.unwrap_or_else(batch::all_cores);
    let written = Writer::new(args.format, out, args.csv_bom).and_then(|mut writer| {
        if let [only] = expanded.inputs.as_slice() {
            // One document streams its rows to the output as they are found,
            // so a huge report never holds all of its rows at once.
            reporter.advance();
            if let Some(failure) = job.stream(only, &mut writer)? {
                reporter.error(&failure);
                tally.failed.push(failure);
            }
            return writer.finish();
        }
        batch::ordered(
            &expanded.inputs,
            jobs,
            |inp| job.document(inp, args.format),
            |i, outcome| {
                reporter.advance();
                let inp = &expanded.inputs[i];
                record(&mut writer, &reporter, &mut tally, inp, outcome)
            },
        )?;
        writer.finish()
    });
    conclude(written, reporter, &tally)
}

/// The rules, the file selection and the paths the arguments ask for.
fn setup(args: &Args) -> Result<(RuleSet, Selection, Vec<String>), String> {
    let rules = args.rules.load().map_err(|e| e.to_string())?;
    let selection = Selection::new(&args.glob)?;
    let paths = paths_or_stdin(&args.paths)
        .ok_or("no input: give report files, folders, or - for standard input")?;
    Ok((rules, selection, paths))
}

/// Standard output, or the file `-o` names.
fn open_output(path: Option<&Path>) -> Result<Box<dyn Write>, String> {
    Ok(match path {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(io::BufWriter::new(f)),
            Err(e) => return Err(format!("{}: cannot create: {e}", path.display())),
        },
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    })
}

/// Close the batch on stderr; the exit status: 0, or 2 when a file failed or
/// the output could not be written (a closed pipe is no failure).
fn conclude(written: io::Result<()>, reporter: Reporter, tally: &Tally) -> u8 {
    match written {
        Ok(()) => {
            reporter.finish(tally);
            if tally.failed.is_empty() {
                0
            } else {
                2
            }
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            reporter.abandon();
            0
        }
        Err(e) => {
            reporter.abandon();
            report(format!("cannot write output: {e}"));
            2
        }
    }
}

/// The paths to read: those given, or `-` when none is and input is piped.
fn paths_or_stdin(paths: &[String]) -> Option<Vec<String>> {
    if !paths.is_empty() {
        Some(paths.to_vec())
    } else if io::stdin().is_terminal() {
        None
    } else {
        Some(vec!["-".to_string()])
    }
}

/// What every file of a batch is read and extracted with; shared by the workers.
struct Job<'a> {
    rules: &'a RuleSet,
    overrides: Overrides,
    encoding: Option<&'a str>,
}

impl Job<'_> {
    /// Read one input and write its rows as they are found: `Some` failure when
    /// the input cannot be read; an error when the output cannot be written.
    fn stream<W: Write>(
        &self,
        inp: &Input,
        writer: &mut Writer<W>,
    ) -> io::Result<Option<InputError>> {
        let loaded = match input::load(inp, self.encoding) {
            Ok(loaded) => loaded,
            Err(failure) => return Ok(Some(failure)),
        };
        let source = inp.source_name();
        let reading = Reading::streamed(&loaded.decoded.text, &self.overrides);
        let info = &reading.info;
        let head = Head {
            source: &source,
            agency: info.agency.as_deref(),
            year: info.year,
            period: info.period.as_deref(),
            encoding: Some(loaded.decoded.encoding),
        };
        writer.begin(&head)?;
        reading.each_row(self.rules, &source, |row| writer.row(row))?;
        writer.end()?;
        Ok(None)
    }

    /// One input's document rendered in the output format (by the worker, so
    /// the writer of the batch only copies bytes), with its row count and the
    /// number of bytes it was read from.
    fn document(&self, inp: &Input, format: Format) -> Result<Rendered, InputError> {
        let loaded = input::load(inp, self.encoding)?;
        let source = inp.source_name();
        let mut doc =
            extract::extract_with(self.rules, &loaded.decoded.text, &source, &self.overrides);
        doc.encoding = Some(loaded.decoded.encoding.to_string());
        let mut writer = Writer::fragment(format);
        let bytes = writer
            .write(&doc)
            .and_then(|()| writer.into_bytes())
            .map_err(|e| InputError {
                source,
                message: format!("cannot render its rows: {e}"),
            })?;
        Ok(Rendered {
            bytes,
            rows: doc.rows.len(),
            read: loaded.bytes,
        })
    }
}

/// A document as a worker hands it to the writer of the batch.
struct Rendered {
    /// The document in the output format, without the batch's framing.
    bytes: Vec<u8>,
    rows: usize,
    /// Bytes the document was read from.
    read: u64,
}

/// Write one input's document, or report why there is none.
fn record<W: Write>(
    writer: &mut Writer<W>,
    reporter: &Reporter,
    tally: &mut Tally,
    inp: &Input,
    outcome: Result<Result<Rendered, InputError>, Panicked>,
) -> io::Result<()> {
    let failure = match outcome {
        Ok(Ok(doc)) => {
            tally.document(doc.rows, doc.read);
            return writer.splice(&doc.bytes);
        }
        Ok(Err(e)) => e,
        Err(Panicked(message)) => InputError {
            source: inp.source_name(),
            message: format!("internal error, please report it: {message}"),
        },
    };
    reporter.error(&failure);
    tally.failed.push(failure);
    Ok(())
}
