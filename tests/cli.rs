//! The real binary on files, folders and standard input.

mod common;

use std::path::Path;
use std::process::Output;

use common::{stderr, stdout, FIXTURE};

fn zhibiao(args: &[&str]) -> Output {
    common::zhibiao(args, b"")
}

fn zhibiao_stdin(args: &[&str], input: &[u8]) -> Output {
    common::zhibiao(args, input)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("json output")
}

/// `(indicator, category, value)` of every row of the first document.
fn rows(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["indicator"].as_str().unwrap().to_string(),
                r["category"].as_str().unwrap().to_string(),
                r["value"].to_string(),
            )
        })
        .collect()
}

fn has(rows: &[(String, String, String)], indicator: &str, category: &str, value: &str) -> bool {
    rows.iter()
        .any(|(i, c, v)| i == indicator && c == category && v == value)
}

#[test]
fn extracts_the_fixture_report_as_csv() {
    let o = zhibiao(&["extract", FIXTURE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "agency,year,indicator,category,value,unit,approx,text,source,line,rule,period"
    );
    assert!(
        out.contains(",fines,,186500,元,false,罚款 18.65 万元,"),
        "{out}"
    );
    assert!(
        out.contains(",random_check_closure_rate,双随机,96.5,%,"),
        "{out}"
    );
}

#[test]
fn json_rows_carry_exact_values_evidence_and_lines() {
    let o = zhibiao(&["extract", "--format", "json", FIXTURE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = json(&o);
    let doc = &docs[0];
    assert_eq!(doc["source"], FIXTURE);
    let rows = rows(doc);
    assert!(has(&rows, "inspections", "", "1285"), "{rows:?}");
    assert!(has(&rows, "inspections", "公共场所", "612"));
    assert!(has(&rows, "officer_trips", "", "2350"));
    assert!(has(&rows, "confiscated_income", "", "12000"));
    assert!(has(&rows, "permits_revoked", "", "0"));
    assert!(has(&rows, "legal_reviews", "不予通过", "0"));
    assert!(has(&rows, "handling_rate", "投诉举报反馈率", "100"));
    // Another period, a change and a plan give no rows.
    assert!(
        !rows
            .iter()
            .any(|(_, _, v)| v == "960" || v == "8.5" || v == "1300"),
        "{rows:?}"
    );
    let fine = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "fines")
        .unwrap();
    assert_eq!(fine["text"], "罚款 18.65 万元");
    assert_eq!(fine["line"], 10);
    assert_eq!(fine["rule"], "fines.amount");
    let trips = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "officer_trips")
        .unwrap();
    assert_eq!(trips["approx"], true);
}

#[test]
fn jsonl_prints_one_row_per_line_with_keys_in_order() {
    let o = zhibiao(&["extract", "-f", "jsonl", FIXTURE]);
    assert!(o.status.success());
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    let keys = [
        "agency",
        "year",
        "indicator",
        "category",
        "value",
        "unit",
        "approx",
        "text",
        "source",
        "line",
        "rule",
    ];
    let mut at = 0;
    for k in keys {
        let p = first[at..]
            .find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("{k} after {at} in {first}"));
        at += p;
    }
    for line in out.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("each line is json");
    }
}

#[test]
fn standard_input_is_a_document_named_dash() {
    let o = zhibiao_stdin(
        &["extract", "--format", "json", "-"],
        "全年立案 7 起，罚款 3 万元。".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = json(&o);
    assert_eq!(docs[0]["source"], "-");
    let rows = rows(&docs[0]);
    assert!(has(&rows, "cases_filed", "", "7"));
    assert!(has(&rows, "fines", "", "30000"));
    // No path at all reads piped input too.
    let o = zhibiao_stdin(&["extract", "-f", "jsonl"], "罚没款 2.5 万元。".as_bytes());
    assert!(stdout(&o).contains("\"value\":25000"), "{}", stdout(&o));
}

#[test]
fn agency_and_year_overrides_win() {
    let o = zhibiao(&[
        "extract",
        "-f",
        "jsonl",
        "--agency",
        "某某局",
        "--year",
        "2021",
        FIXTURE,
    ]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(first["agency"], "某某局");
    assert_eq!(first["year"], 2021);
}

/// A rule file of one rule with one example, written for a test.
fn rule_file(
    id: &str,
    indicator: &str,
    trigger: &str,
    accepts: &str,
    text: &str,
    gives: &str,
) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\nindicator = \"{indicator}\"\ntriggers = [\"{trigger}\"]\naccepts = [\"{accepts}\"]\nexamples = [{{ text = \"{text}\", gives = [\"{gives}\"] }}]\n"
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_folder_is_walked_in_sorted_order_with_one_header() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.txt", "全年立案 2 起。".as_bytes());
    write(dir.path(), "a/inner.txt", "全年立案 1 起。".as_bytes());
    write(dir.path(), "c.TXT", "全年立案 3 起。".as_bytes());
    write(dir.path(), "notes.md", "全年立案 9 起。".as_bytes());
    let o = zhibiao(&["extract", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.matches("agency,year,indicator").count(), 1);
    let values: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap())
        .collect();
    assert_eq!(values, ["1", "2", "3"]);
}

#[test]
fn gbk_utf16_and_bom_files_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let text = "全年立案 4 起。";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    write(dir.path(), "gbk.txt", &gbk);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    write(dir.path(), "utf16.txt", &utf16);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    write(dir.path(), "utf8bom.txt", &bom);
    let o = zhibiao(&["extract", "-f", "json", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = json(&o);
    assert_eq!(docs.as_array().unwrap().len(), 3);
    for doc in docs.as_array().unwrap() {
        assert!(has(&rows(doc), "cases_filed", "", "4"), "{doc}");
    }
}

#[test]
fn a_bad_file_is_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a_good.txt", "全年立案 5 起。".as_bytes());
    write(
        dir.path(),
        "b_binary.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10",
    );
    write(dir.path(), "c_empty.txt", b"");
    let o = zhibiao(&["extract", "-f", "json", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("b_binary.txt"), "{}", stderr(&o));
    let docs = json(&o);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 2, "the good file and the empty one");
    assert!(has(&rows(&docs[0]), "cases_filed", "", "5"));
    assert!(
        rows(&docs[1]).is_empty(),
        "an empty file is a document with no rows"
    );
}

#[test]
fn a_missing_path_is_named() {
    let o = zhibiao(&["extract", "/no/such/report.txt", FIXTURE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/report.txt"));
    assert!(
        stdout(&o).contains(",fines,"),
        "the other file's rows are still written"
    );
}

#[test]
fn output_file_and_csv_bom() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let o = zhibiao(&["extract", "--csv-bom", "-o", out.to_str().unwrap(), FIXTURE]);
    assert!(o.status.success());
    let bytes = std::fs::read(out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFagency,year,"));
}

#[test]
fn quantities_prints_every_number_as_json_lines() {
    let o = zhibiao_stdin(
        &["quantities", "-"],
        "罚款 60.25 万元，完成率９８％，检查 306 家次。".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["value"], serde_json::json!(602500));
    assert_eq!(lines[0]["kind"], "money");
    assert_eq!(lines[0]["text"], "60.25 万元");
    assert_eq!(lines[1]["kind"], "rate");
    assert_eq!(lines[2]["unit"], "家次");
    assert_eq!(lines[2]["line"], 1);
}

#[test]
fn patterns_test_runs_every_example() {
    let o = zhibiao(&["patterns", "test"]);
    let out = stdout(&o);
    assert!(out.contains(" passed, 0 failed"), "{out}");
    assert!(o.status.success());
}

#[test]
fn a_user_rule_directory_adds_an_indicator() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mine.toml",
        rule_file(
            "training.sessions",
            "training_sessions",
            "培训",
            "场",
            "开展执法培训 6 场。",
            "training_sessions||6",
        )
        .as_bytes(),
    );
    let o = zhibiao_stdin(
        &[
            "extract",
            "-f",
            "jsonl",
            "--patterns",
            dir.path().to_str().unwrap(),
        ],
        "开展执法培训 6 场。".as_bytes(),
    );
    assert!(
        stdout(&o).contains("\"indicator\":\"training_sessions\""),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_broken_rule_file_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.toml",
        b"[[rule]]\nid = \"x\"\ntriggers = [\n",
    );
    let o = zhibiao(&[
        "extract",
        "--patterns",
        dir.path().to_str().unwrap(),
        FIXTURE,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("broken.toml:"), "{err}");
}

#[test]
fn a_user_rule_overrides_an_embedded_one_by_id() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fines.toml",
        rule_file(
            "fines.amount",
            "fines",
            "罚金",
            "money",
            "处以罚金 2 万元。",
            "fines||20000",
        )
        .as_bytes(),
    );
    let run = |text: &str| {
        let o = zhibiao_stdin(
            &[
                "extract",
                "-f",
                "jsonl",
                "--patterns",
                dir.path().to_str().unwrap(),
            ],
            text.as_bytes(),
        );
        stdout(&o)
    };
    assert!(run("处以罚金 2 万元。").contains("\"value\":20000"));
    // The embedded rule's trigger 罚款 no longer gives fines.
    assert!(!run("罚款 3 万元。").contains("\"indicator\":\"fines\""));
    let o = zhibiao(&["patterns", "test", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    let o = zhibiao(&["patterns", "list", dir.path().to_str().unwrap()]);
    assert!(
        stdout(&o).contains("fines.amount\tfines\t\t罚金"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn patterns_test_fails_on_a_wrong_example() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "wrong.toml",
        rule_file(
            "training.sessions",
            "training_sessions",
            "培训",
            "场",
            "开展执法培训 6 场。",
            "training_sessions||7",
        )
        .as_bytes(),
    );
    let o = zhibiao(&["patterns", "test", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("FAIL training.sessions"), "{out}");
    assert!(out.contains("expected: training_sessions||7"), "{out}");
    assert!(out.contains("actual:   training_sessions||6"), "{out}");
}

/// The second fixture, a report of mostly prose with the density of figures
/// real reports have: its known figures, and none from its plans.
#[test]
fn prose_fixture_gives_its_known_figures() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/report-prose.txt");
    let o = zhibiao(&["extract", "--format", "json", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = json(&o);
    assert_eq!(docs[0]["agency"], "松川市市场监督管理局");
    assert_eq!(docs[0]["year"], 2024);
    let rows = rows(&docs[0]);
    assert!(has(&rows, "inspections", "经营主体", "9872"), "{rows:?}");
    assert!(has(&rows, "cases_filed", "", "412"));
    assert!(has(&rows, "cases_filed", "食品安全", "186"));
    assert!(has(&rows, "fines_confiscations", "", "5632700"));
    assert!(has(&rows, "random_check_completion_rate", "双随机", "100"));
    assert!(has(&rows, "reconsiderations", "维持", "5"));
    assert!(has(&rows, "lawsuits", "", "3"));
    assert!(
        !rows.iter().any(|(_, _, v)| v == "10000" || v == "98"),
        "plans give no rows: {rows:?}"
    );
}
