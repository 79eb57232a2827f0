//! The command line: one module per subcommand, each with its usage on top.
//! `main.rs` only calls [`run`].

mod diff;
mod explain;
mod extract;
mod patterns;
mod pivot;
mod quantities;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::rules::{RuleError, RuleSet};

/// zhibiao — the figures in Chinese government reports, as tables.
#[derive(Debug, Parser)]
#[command(name = "zhibiao", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Extract(extract::Args),
    Explain(explain::Args),
    Diff(diff::Args),
    Pivot(pivot::Args),
    Quantities(quantities::Args),
    #[command(subcommand)]
    Patterns(patterns::Command),
}

/// Rule-file options every rule-using command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct RuleOptions {
    /// Load rule files (*.toml) from DIR in addition to the embedded ones; a
    /// rule with the same id replaces the embedded one.
    #[arg(long, value_name = "DIR")]
    pub(crate) patterns: Option<std::path::PathBuf>,
    /// Use only the rules of --patterns DIR.
    #[arg(long, requires = "patterns")]
    no_default_patterns: bool,
}

impl RuleOptions {
    /// The rule set these options ask for.
    pub fn load(&self) -> Result<RuleSet, RuleError> {
        RuleSet::load(!self.no_default_patterns, self.patterns.as_deref())
    }

    /// The rule set, or exit status 2 once the error is reported.
    pub fn load_or_report(&self) -> Result<RuleSet, u8> {
        self.load().map_err(|e| {
            report(e);
            2
        })
    }
}

/// Read and decode one input path (`-` is standard input), or exit status 2
/// once the error, naming the file, is reported.
pub(crate) fn read_one(path: &str, encoding: Option<&str>) -> Result<crate::decode::Decoded, u8> {
    let input = if path == "-" {
        crate::input::Input::Stdin
    } else {
        crate::input::Input::File(path.into())
    };
    crate::input::read(&input, encoding).map_err(|e| {
        report(e);
        2
    })
}

/// Exit status: 0 all well, 1 a check found differences or failures, 2 an error.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Pivot(args) => pivot::run(args),
        Command::Quantities(args) => quantities::run(args),
        Command::Patterns(cmd) => patterns::run(cmd),
    };
    ExitCode::from(status)
}

/// Print an error the way every subcommand does.
pub(crate) fn report(err: impl std::fmt::Display) {
    eprintln!("zhibiao: {err}");
}
