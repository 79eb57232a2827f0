//! `zhibiao pivot` through the real binary: which value fills a cell, the
//! conflicts column, the order of the columns, the input formats.

mod common;

use common::{csv_of, extract_fixture, status, stderr, stdout, write, zhibiao, CSV_HEADER};

/// Pivot `input` (given on standard input) with `flags`; the output's lines.
fn pivot(input: &str, flags: &[&str]) -> Vec<String> {
    let mut args = vec!["pivot"];
    args.extend(flags);
    let o = zhibiao(&args, input.as_bytes());
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    stdout(&o).lines().map(String::from).collect()
}

/// The cell of `column` in the first data line of a CSV pivot.
fn cell(lines: &[String], column: &str) -> String {
    let header: Vec<&str> = lines[0].split(',').collect();
    let at = header.iter().position(|c| *c == column).expect(column);
    lines[1].split(',').nth(at).unwrap().to_string()
}

#[test]
fn the_fixture_report_is_one_line_of_totals() {
    let lines = pivot(&extract_fixture("csv"), &[]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with(
        "agency,year,source,period,inspections,random_check_tasks,random_check_completion_rate,"
    ));
    assert!(lines[0].ends_with(",conflicts"));
    assert!(lines[1].starts_with("青禾县卫生健康局,2024,"));
    // The total, not a part: 1285 with empty category, not 公共场所 612.
    assert_eq!(cell(&lines, "inspections"), "1285");
    assert_eq!(cell(&lines, "fines"), "186500");
    // The only category of the rate's rows: 双随机.
    assert_eq!(cell(&lines, "random_check_completion_rate"), "100");
    // Three categories and no total: empty.
    assert_eq!(cell(&lines, "handling_rate"), "");
    assert_eq!(cell(&lines, "conflicts"), "");
}

#[test]
fn a_cell_takes_the_first_total_in_document_order() {
    let input = csv_of(&[
        ("inspections", "公共场所", "612", "公共场所 612 户次"),
        ("inspections", "", "1285", "监督检查 1285 户次"),
        ("inspections", "医疗机构", "325", "医疗机构 325 户次"),
        ("inspections", "", "1285.0", "共检查 1285 户次"),
    ]);
    let lines = pivot(&input, &[]);
    assert_eq!(cell(&lines, "inspections"), "1285");
    // The same total stated twice is one fact, not a conflict.
    assert_eq!(cell(&lines, "conflicts"), "");
}

#[test]
fn disagreeing_totals_are_listed_in_the_conflicts_column() {
    let input = csv_of(&[
        ("fines", "", "186500", "罚款 18.65 万元"),
        ("cases_filed", "", "36", "立案 36 起"),
        ("fines", "", "190000", "罚款合计 19 万元"),
        ("cases_filed", "", "38", "立案查处 38 起"),
        ("fines", "", "186500", "罚款 18.65 万元"),
    ]);
    let lines = pivot(&input, &[]);
    assert_eq!(cell(&lines, "fines"), "186500");
    assert_eq!(cell(&lines, "cases_filed"), "36");
    // Columns in spec order: cases_filed before fines.
    assert_eq!(
        lines[1],
        "青禾县卫生健康局,2024,r.txt,,36,186500,cases_filed: 36 ≠ 38; fines: 186500 ≠ 190000"
    );
}

#[test]
fn the_rows_of_one_category_fill_a_cell_without_a_total() {
    let input = csv_of(&[
        (
            "random_check_closure_rate",
            "双随机",
            "96.5",
            "完结率 96.5%",
        ),
        ("random_check_closure_rate", "双随机", "97", "办结率 97%"),
        ("referrals", "线索", "2", "移送线索两件"),
        ("legal_reviews", "通过", "14", "通过 14 件"),
        ("legal_reviews", "不予通过", "0", "不予通过 0 件"),
    ]);
    let lines = pivot(&input, &[]);
    assert_eq!(cell(&lines, "random_check_closure_rate"), "96.5");
    assert_eq!(cell(&lines, "referrals"), "2");
    assert_eq!(cell(&lines, "legal_reviews"), "");
    assert_eq!(
        cell(&lines, "conflicts"),
        "random_check_closure_rate: 96.5 ≠ 97"
    );
}

#[test]
fn columns_follow_the_spec_tables_then_the_alphabet() {
    let input = csv_of(&[
        ("zz_custom", "", "1", "a"),
        ("handling_rate", "", "100", "b"),
        ("officer_trips", "", "3", "c"),
        ("aa_custom", "", "4", "d"),
        ("fines", "", "5", "e"),
        ("inspections", "", "6", "f"),
    ]);
    let lines = pivot(&input, &[]);
    assert_eq!(
        lines[0],
        "agency,year,source,period,inspections,fines,officer_trips,handling_rate,aa_custom,zz_custom,conflicts"
    );
    assert_eq!(lines[1], "青禾县卫生健康局,2024,r.txt,,6,5,3,100,4,1,");

    let all = pivot(&input, &["--all-indicators"]);
    let header: Vec<&str> = all[0].split(',').collect();
    assert_eq!(header.len(), 4 + 42 + 2 + 1);
    assert_eq!(
        header[4..7],
        [
            "inspections",
            "random_check_tasks",
            "random_check_completion_rate"
        ]
    );
    assert_eq!(
        header[header.len() - 3..],
        ["aa_custom", "zz_custom", "conflicts"]
    );
}

#[test]
fn one_line_per_agency_year_and_source() {
    let other =
        "白石县卫生健康局,2023,fines,,5000,元,false,罚款 0.5 万元,s.txt,4,fines.amount,上半年\n";
    let input = csv_of(&[("fines", "", "186500", "罚款 18.65 万元")]) + other;
    let lines = pivot(&input, &[]);
    assert_eq!(
        lines,
        [
            "agency,year,source,period,fines,conflicts",
            "青禾县卫生健康局,2024,r.txt,,186500,",
            "白石县卫生健康局,2023,s.txt,上半年,5000,",
        ]
    );
}

#[test]
fn csv_json_and_jsonl_give_the_same_table() {
    let from_csv = pivot(&extract_fixture("csv"), &[]);
    assert_eq!(pivot(&extract_fixture("json"), &[]), from_csv);
    assert_eq!(pivot(&extract_fixture("jsonl"), &[]), from_csv);
}

#[test]
fn a_json_document_without_rows_keeps_its_line() {
    let json = r#"[{"source":"empty.txt","agency":"白石县卫生健康局","year":2024,"period":null,"rows":[]}]"#;
    assert_eq!(
        pivot(json, &[]),
        [
            "agency,year,source,period,conflicts",
            "白石县卫生健康局,2024,empty.txt,,"
        ]
    );
}

#[test]
fn json_output_keeps_values_exact_and_conflicts_listed() {
    let input = csv_of(&[
        ("fines", "", "2488220.00", "罚款合计248.822万元"),
        ("fines", "", "1656799", "罚没款165.6799万元"),
    ]);
    let o = zhibiao(
        &["pivot", "-f", "json", "--all-indicators"],
        input.as_bytes(),
    );
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\"fines\": 2488220,"), "{out}");
    let table: serde_json::Value = serde_json::from_str(&out).unwrap();
    let line = &table[0];
    assert_eq!(line["agency"], "青禾县卫生健康局");
    assert_eq!(line["values"]["inspections"], serde_json::Value::Null);
    assert_eq!(
        line["conflicts"],
        serde_json::json!(["fines: 2488220 ≠ 1656799"])
    );
}

#[test]
fn malformed_input_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.csv",
        &format!("{CSV_HEADER}{}", common::csv_row("fines", "", "", "罚款")),
    );
    let good = write(
        dir.path(),
        "good.csv",
        &csv_of(&[("fines", "", "1", "罚款 1 元")]),
    );
    let o = zhibiao(&["pivot", &bad, &good], b"");
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("bad.csv: read as CSV: line 2: the `value` cell is empty"),
        "{}",
        stderr(&o)
    );
    // The readable file still gives its line.
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
}

#[test]
fn help_explains_the_cell_rule_with_an_example() {
    let o = zhibiao(&["pivot", "--help"], b"");
    assert_eq!(status(&o), 0);
    let help = stdout(&o);
    for needle in [
        "Examples:",
        "conflicts",
        "--all-indicators",
        "empty category",
    ] {
        assert!(help.contains(needle), "{needle} in {help}");
    }
}
