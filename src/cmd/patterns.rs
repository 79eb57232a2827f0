//! `zhibiao patterns list|test [DIR]` — the rules in force and their examples.
//! With DIR (or `--patterns DIR`), a user's rule files join the embedded ones;
//! a rule with an embedded rule's id replaces it.

use std::path::PathBuf;

use super::RuleOptions;
use crate::rules::{examples, RuleSet};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List every rule: id, indicator, what it is for, triggers, accepted units,
    /// number of examples, and the file it comes from.
    List {
        /// A directory of rule files to load with the embedded ones.
        dir: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleOptions,
    },
    /// Run every rule's examples; print each failure with the expected and the
    /// actual rows. Exit status 1 when one fails — the same check `cargo test` runs.
    /// With DIR, only the examples of DIR's rules run (under the whole rule set).
    #[command(
        after_help = "Example:\n  zhibiao patterns test my-rules/\n  FAIL training.sessions (my-rules/training.toml): 开展执法培训 6 场。\n    expected: training_sessions||6\n    actual:   (no rows)\n  81 passed, 1 failed"
    )]
    Test {
        /// A directory of rule files to load with the embedded ones.
        dir: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleOptions,
    },
}

fn load(dir: Option<PathBuf>, mut options: RuleOptions) -> Result<RuleSet, u8> {
    if dir.is_some() {
        options.patterns = dir;
    }
    options.load_or_report()
}

pub fn run(cmd: Command) -> u8 {
    match cmd {
        Command::List { dir, rules } => match load(dir, rules) {
            Ok(set) => {
                println!("id\tindicator\tabout\ttriggers\taccepts\texamples\tfile");
                for r in &set.rules {
                    let s = &r.spec;
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        s.id,
                        s.indicator,
                        s.about,
                        s.triggers.join("、"),
                        s.accepts.join(","),
                        s.examples.len() + s.negatives.len(),
                        r.file
                    );
                }
                0
            }
            Err(status) => status,
        },
        Command::Test { dir, rules } => match load(dir.clone(), rules) {
            Ok(set) => {
                let (count, failures) = match &dir {
                    Some(d) => {
                        let d = d.display().to_string();
                        examples::check_only(&set, |file| file.starts_with(&d))
                    }
                    None => examples::check(&set),
                };
                for f in &failures {
                    println!("FAIL {f}");
                }
                println!(
                    "{} passed, {} failed",
                    count - failures.len(),
                    failures.len()
                );
                u8::from(!failures.is_empty())
            }
            Err(status) => status,
        },
    }
}
