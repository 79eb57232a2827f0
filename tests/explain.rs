//! `zhibiao explain` lists every number of a report with its fate: none is
//! silently skipped.

use std::process::Command;

use regex::Regex;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/report.txt");

fn explain_lines() -> Vec<serde_json::Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_zhibiao"))
        .args(["explain", "--format", "jsonl", FIXTURE])
        .output()
        .expect("run zhibiao explain");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

/// Arabic numbers as a reader sees them: digits with thousands groups and a
/// decimal part, half- or full-width.
fn arabic_numbers(text: &str) -> Vec<(usize, String)> {
    let number = Regex::new(r"[0-9０-９]+(?:(?: |,)[0-9]{3})*(?:[.．][0-9０-９]+)?").unwrap();
    text.lines()
        .enumerate()
        .flat_map(|(i, line)| {
            number
                .find_iter(line)
                .map(move |m| (i + 1, m.as_str().to_string()))
        })
        .collect()
}

#[test]
fn every_arabic_number_of_the_fixture_is_listed() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let expected = arabic_numbers(&text);
    let listed = explain_lines();
    for (line, digits) in &expected {
        let found = listed
            .iter()
            .any(|e| e["line"] == *line && e["number"].as_str().unwrap().contains(digits.as_str()));
        assert!(found, "number {digits} on line {line} is not listed");
    }
    // Chinese numerals come on top: 两件, the section numbers 一 to 四 and the
    // 一 of 双随机、一公开 among them.
    assert!(
        listed.len() > expected.len(),
        "{} listed for {} arabic numbers",
        listed.len(),
        expected.len()
    );
    for chinese in ["两件", "三项"] {
        assert!(
            listed.iter().any(|e| e["number"] == chinese),
            "{chinese} is not listed"
        );
    }
}

#[test]
fn each_number_has_a_row_or_a_reason() {
    for e in explain_lines() {
        let rows = e["rows"].as_array().unwrap();
        let why = e["why_not"].as_str().unwrap();
        assert!(rows.is_empty() != why.is_empty(), "{e}");
    }
}

#[test]
fn fates_say_why_not() {
    let listed = explain_lines();
    let why = |number: &str| -> String {
        let e = listed
            .iter()
            .find(|e| e["number"].as_str().unwrap().contains(number))
            .unwrap();
        e["why_not"].as_str().unwrap().to_string()
    };
    assert!(why("960").contains("another year"));
    assert!(why("8.5%").contains("another period"));
    assert!(why("1 300").contains("plan"));
    assert!(why("20日").contains("never a value: date"));
    let fine = listed.iter().find(|e| e["number"] == "18.65 万元").unwrap();
    assert_eq!(fine["rows"][0]["indicator"], "fines");
    assert_eq!(fine["rows"][0]["rule"], "fines.amount");
}
