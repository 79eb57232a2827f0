//! `zhibiao patterns list|test` — the rules in force and their examples.

use super::{report, RuleOptions};
use crate::rules::examples;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List every rule: id, indicator, triggers, accepted units, example count.
    List {
        #[command(flatten)]
        rules: RuleOptions,
    },
    /// Run every rule's examples; print failures with expected and actual rows.
    Test {
        #[command(flatten)]
        rules: RuleOptions,
    },
}

pub fn run(cmd: Command) -> u8 {
    match cmd {
        Command::List { rules } => match rules.load() {
            Ok(set) => {
                println!("id\tindicator\ttriggers\taccepts\texamples\tfile");
                for r in &set.rules {
                    let s = &r.spec;
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        s.id,
                        s.indicator,
                        s.triggers.join("、"),
                        s.accepts.join(","),
                        s.examples.len() + s.negatives.len(),
                        r.file
                    );
                }
                0
            }
            Err(e) => {
                report(e);
                2
            }
        },
        Command::Test { rules } => match rules.load() {
            Ok(set) => {
                let (count, failures) = examples::check(&set);
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
            Err(e) => {
                report(e);
                2
            }
        },
    }
}
