//! Helpers the `diff` and `pivot` tests share: the real binary, and extract
//! outputs written for a test.

#![allow(dead_code)] // each test crate uses its own part

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/report.txt");

pub const CSV_HEADER: &str =
    "agency,year,indicator,category,value,unit,approx,text,source,line,rule,period\n";

/// Run zhibiao with `args`, standard input from `input`.
pub fn zhibiao(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhibiao"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zhibiao");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn status(o: &Output) -> i32 {
    o.status.code().expect("exit status")
}

/// Write `text` to `dir/name`; the path, as an argument.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// The fixture report extracted in `format` (csv, json or jsonl).
pub fn extract_fixture(format: &str) -> String {
    let o = zhibiao(&["extract", "-f", format, FIXTURE], b"");
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

/// One CSV line of agency 青禾县卫生健康局, year 2024, source r.txt.
pub fn csv_row(indicator: &str, category: &str, value: &str, text: &str) -> String {
    format!("青禾县卫生健康局,2024,{indicator},{category},{value},件,false,{text},r.txt,1,{indicator}.rule,\n")
}

/// A CSV extract output of `(indicator, category, value, text)` rows.
pub fn csv_of(rows: &[(&str, &str, &str, &str)]) -> String {
    let lines: String = rows
        .iter()
        .map(|(i, c, v, t)| csv_row(i, c, v, t))
        .collect();
    format!("{CSV_HEADER}{lines}")
}
