//! What a batch tells the user on stderr, apart from its output.
//!
//! - errors (a file lost to the batch) always, as they happen, in batch order;
//! - warnings (nothing lost: a link loop not followed) unless quiet;
//! - a progress bar — files done / total, rate, ETA — when stderr is a terminal,
//!   the batch has more than [`PROGRESS_MIN_FILES`] files and it is not quiet;
//! - a closing summary — files read, documents with rows, rows, files failed
//!   each with its reason, elapsed time and throughput — for a batch of more
//!   than one file, unless quiet (the errors were printed as they happened).

use std::fmt::{self, Display};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::InputError;

/// A batch of at most this many files shows no progress bar: it is over
/// before a bar says anything.
pub const PROGRESS_MIN_FILES: usize = 10;

const PROGRESS_TEMPLATE: &str =
    "{bar:30.cyan/blue} {pos}/{len} files  {per_sec:0}  elapsed {elapsed}  ETA {eta}";

/// The counts of a batch, for its summary.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Files read and decoded (documents), with or without rows.
    pub files_read: usize,
    pub documents_with_rows: usize,
    pub rows: usize,
    pub bytes: u64,
    /// Files lost to the batch, in batch order, each with its reason.
    pub failed: Vec<InputError>,
}

impl Tally {
    /// Count a document read from `bytes` bytes.
    pub fn document(&mut self, rows: usize, bytes: u64) {
        self.files_read += 1;
        self.documents_with_rows += usize::from(rows > 0);
        self.rows += rows;
        self.bytes += bytes;
    }

    /// The summary of this tally after `elapsed`.
    pub fn summary(&self, elapsed: Duration) -> Summary<'_> {
        Summary {
            tally: self,
            elapsed,
        }
    }
}

/// A batch's closing lines (see [`Tally::summary`]).
pub struct Summary<'a> {
    tally: &'a Tally,
    elapsed: Duration,
}

impl Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.tally;
        let seconds = self.elapsed.as_secs_f64();
        write!(
            f,
            "zhibiao: {} read, {} with rows, {}, {} failed; {:.2} s",
            plural(t.files_read, "file"),
            plural(t.documents_with_rows, "document"),
            plural(t.rows, "row"),
            t.failed.len(),
            seconds,
        )?;
        if seconds > 0.0 && t.files_read > 0 {
            write!(
                f,
                " ({:.0} files/s, {:.1} MB/s)",
                t.files_read as f64 / seconds,
                t.bytes as f64 / 1e6 / seconds
            )?;
        }
        if !t.failed.is_empty() {
            write!(f, "\nzhibiao: failed files:")?;
            for e in &t.failed {
                write!(f, "\n  {e}")?;
            }
        }
        Ok(())
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The stderr side of a batch: messages, progress bar, summary.
pub struct Reporter {
    quiet: bool,
    summary: bool,
    bar: Option<ProgressBar>,
    start: Instant,
}

impl Reporter {
    /// A reporter for a batch of `files` files that started at `start`
    /// (before its folders were walked).
    pub fn new(files: usize, quiet: bool, start: Instant) -> Reporter {
        let show_bar = !quiet && files > PROGRESS_MIN_FILES && std::io::stderr().is_terminal();
        Reporter {
            quiet,
            summary: !quiet && files > 1,
            bar: show_bar.then(|| progress_bar(files)),
            start,
        }
    }

    /// Print a line without tearing the progress bar.
    fn print(&self, line: impl Display) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("zhibiao: {line}")),
            None => eprintln!("zhibiao: {line}"),
        }
    }

    /// A problem that loses nothing; dropped when quiet.
    pub fn warn(&self, message: impl Display) {
        if !self.quiet {
            self.print(format_args!("warning: {message}"));
        }
    }

    /// A problem that loses a file; always printed.
    pub fn error(&self, message: impl Display) {
        self.print(message);
    }

    /// One more file done.
    pub fn advance(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Clear the bar and, for a batch, print the summary of `tally`.
    pub fn finish(self, tally: &Tally) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.summary {
            eprintln!("{}", tally.summary(self.start.elapsed()));
        }
    }

    /// Clear the bar and print nothing more (the output was closed early).
    pub fn abandon(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn progress_bar(files: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(PROGRESS_TEMPLATE) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(source: &str, message: &str) -> InputError {
        InputError {
            source: source.to_string(),
            message: message.to_string(),
        }
    }

    #[test]
    fn the_summary_counts_and_lists_failures() {
        let tally = Tally {
            files_read: 3,
            documents_with_rows: 1,
            rows: 12,
            bytes: 3_000_000,
            failed: vec![failure("a/b.txt", "binary data"), failure("c.txt", "gone")],
        };
        let text = tally.summary(Duration::from_secs(2)).to_string();
        assert_eq!(
            text,
            "zhibiao: 3 files read, 1 document with rows, 12 rows, 2 failed; 2.00 s \
             (2 files/s, 1.5 MB/s)\nzhibiao: failed files:\n  a/b.txt: binary data\n  c.txt: gone"
        );
    }

    #[test]
    fn a_summary_without_files_has_no_rate() {
        let tally = Tally::default();
        let text = tally.summary(Duration::ZERO).to_string();
        assert_eq!(
            text,
            "zhibiao: 0 files read, 0 documents with rows, 0 rows, 0 failed; 0.00 s"
        );
    }
}
