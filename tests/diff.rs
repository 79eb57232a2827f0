//! `zhibiao diff` through the real binary: exit status like diff(1), the
//! readable and the machine outputs, multisets, compared fields, bad input.

mod common;

use common::{csv_of, extract_fixture, status, stderr, stdout, write, zhibiao, CSV_HEADER};

const AGENCY: &str = "青禾县卫生健康局";

/// A small report's rows: a total with parts, a fine, a closed-case count.
fn base() -> String {
    csv_of(&[
        ("inspections", "", "1285", "监督检查 1285 户次"),
        ("inspections", "公共场所", "612", "公共场所 612 户次"),
        ("fines", "", "186500", "罚款 18.65 万元"),
        ("cases_closed", "", "34", "结案 34 件"),
    ])
}

/// Run `zhibiao diff` on two texts written as files `old_name`, `new_name`.
fn diff_texts(old: (&str, &str), new: (&str, &str), flags: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), old.0, old.1);
    let new = write(dir.path(), new.0, new.1);
    let mut args = vec!["diff"];
    args.extend(flags);
    args.extend([old.as_str(), new.as_str()]);
    zhibiao(&args, b"")
}

fn diff_csv(old: &str, new: &str, flags: &[&str]) -> std::process::Output {
    diff_texts(("old.csv", old), ("new.csv", new), flags)
}

#[test]
fn equal_outputs_exit_0_and_say_so() {
    let o = diff_csv(&base(), &base(), &[]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "no differences: 4 rows the same in value, unit, approx\n"
    );
}

#[test]
fn csv_json_and_jsonl_of_one_report_compare_equal() {
    let csv = extract_fixture("csv");
    let json = extract_fixture("json");
    let jsonl = extract_fixture("jsonl");
    for (old, new) in [(&csv, &json), (&json, &jsonl), (&jsonl, &csv)] {
        let o = diff_texts(("old", old), ("new", new), &[]);
        assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).starts_with("no differences: "), "{}", stdout(&o));
    }
}

#[test]
fn the_format_is_read_from_the_content_not_the_extension() {
    let o = diff_texts(
        ("really-json.csv", &extract_fixture("json")),
        ("really-csv.json", &extract_fixture("csv")),
        &[],
    );
    assert_eq!(status(&o), 0, "{}", stderr(&o));
}

#[test]
fn values_compare_as_exact_decimals() {
    let old = csv_of(&[("fines", "", "2488220", "罚款合计248.822万元")]);
    let json = r#"[{"source":"r.txt","agency":"青禾县卫生健康局","year":2024,"period":null,"rows":[
        {"agency":"青禾县卫生健康局","year":2024,"indicator":"fines","category":"","value":2488220.0,
         "unit":"件","approx":false,"text":"罚款合计248.822万元","source":"r.txt","line":1,"rule":"fines.rule"}]}]"#;
    let o = diff_texts(("old.csv", &old), ("new.json", json), &[]);
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));

    let nearly = json.replace("2488220.0", "2488220.00000000001");
    let o = diff_texts(("old.csv", &old), ("new.json", &nearly), &[]);
    assert_eq!(status(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("fines: 2488220 件 → 2488220.00000000001 件"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_changed_value_is_one_changed_entry() {
    let new = base().replace(",186500,", ",190000,");
    let o = diff_csv(&base(), &new, &[]);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("--- ") && lines[0].ends_with("old.csv"));
    assert!(lines[1].starts_with("+++ ") && lines[1].ends_with("new.csv"));
    assert_eq!(
        lines[2..],
        [
            format!("~ {AGENCY} 2024 fines: 186500 件 → 190000 件").as_str(),
            "    - 罚款 18.65 万元  (r.txt line 1, fines.rule)",
            "    + 罚款 18.65 万元  (r.txt line 1, fines.rule)",
            "1 changed, 0 added, 0 removed; 3 rows the same in value, unit, approx",
        ]
    );
}

#[test]
fn an_added_row_is_a_plus_entry() {
    let new = base() + &common::csv_row("referrals", "线索", "2", "移送线索两件");
    let o = diff_csv(&base(), &new, &[]);
    assert_eq!(status(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains(&format!("\n+ {AGENCY} 2024 referrals [线索]: 2 件\n")),
        "{out}"
    );
    assert!(
        out.ends_with("0 changed, 1 added, 0 removed; 4 rows the same in value, unit, approx\n")
    );
}

#[test]
fn a_removed_row_is_a_minus_entry() {
    let new = base().replace(&common::csv_row("cases_closed", "", "34", "结案 34 件"), "");
    let o = diff_csv(&base(), &new, &[]);
    assert_eq!(status(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "\n- {AGENCY} 2024 cases_closed: 34 件\n    - 结案 34 件  (r.txt line 1, cases_closed.rule)\n"
        )),
        "{out}"
    );
    assert!(
        out.ends_with("0 changed, 0 added, 1 removed; 3 rows the same in value, unit, approx\n")
    );
}

#[test]
fn several_values_of_one_key_compare_as_multisets() {
    let old = csv_of(&[
        ("handling_rate", "", "100", "办结率 100%"),
        ("handling_rate", "", "98", "结案率 98%"),
    ]);
    let reordered = csv_of(&[
        ("handling_rate", "", "98", "结案率 98%"),
        ("handling_rate", "", "100", "办结率 100%"),
    ]);
    assert_eq!(status(&diff_csv(&old, &reordered, &[])), 0);

    // The replaced value pairs with the row of the same evidence, not the first.
    let replaced = csv_of(&[
        ("handling_rate", "", "100", "办结率 100%"),
        ("handling_rate", "", "97", "结案率 98%"),
    ]);
    let o = diff_csv(&old, &replaced, &[]);
    assert_eq!(status(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("handling_rate: 98 件 → 97 件\n"), "{out}");
    assert!(
        out.contains("1 changed, 0 added, 0 removed; 1 rows the same"),
        "{out}"
    );

    // A value stated once more is an added row, not a change.
    let twice = old.clone() + &common::csv_row("handling_rate", "", "100", "办结率 100%");
    let o = diff_csv(&old, &twice, &[]);
    assert!(
        stdout(&o).contains("0 changed, 1 added, 0 removed"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn evidence_differences_count_only_when_compared() {
    let new = base().replace("结案 34 件", "结案34件");
    let o = diff_csv(&base(), &new, &[]);
    assert_eq!(status(&o), 0);
    assert!(
        stdout(&o).contains("(1 of them differ in other fields; --verbose lists them)"),
        "{}",
        stdout(&o)
    );

    let o = diff_csv(&base(), &new, &["--verbose"]);
    assert_eq!(status(&o), 0);
    assert!(
        stdout(&o).contains(&format!(
            "= {AGENCY} 2024 cases_closed: 34 件 (text differs, not compared)\n"
        )),
        "{}",
        stdout(&o)
    );

    for flags in [&["--compare", "text"][..], &["--strict"]] {
        let o = diff_csv(&base(), &new, flags);
        assert_eq!(status(&o), 1, "{flags:?}");
        assert!(
            stdout(&o).contains("cases_closed: 34 件 (text differs)\n"),
            "{}",
            stdout(&o)
        );
    }
    let o = diff_csv(&base(), &new, &["--strict", "--ignore", "text,line"]);
    assert_eq!(status(&o), 0, "{}", stdout(&o));
}

#[test]
fn ignored_fields_make_no_difference() {
    let new = base().replace("1285,件,false", "1285,件,true");
    let o = diff_csv(&base(), &new, &[]);
    assert_eq!(status(&o), 1);
    assert!(stdout(&o).contains("inspections: 1285 件 → 1285 件 (approx)\n"));
    let o = diff_csv(&base(), &new, &["--ignore", "approx"]);
    assert_eq!(status(&o), 0);
}

#[test]
fn json_output_has_a_summary_and_both_rows() {
    let new = base().replace(",186500,", ",190000,");
    let o = diff_csv(&base(), &new, &["--format", "json"]);
    assert_eq!(status(&o), 1);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        report["compared"],
        serde_json::json!(["value", "unit", "approx"])
    );
    assert_eq!(report["summary"]["changed"], 1);
    assert_eq!(report["summary"]["same"], 3);
    let entry = &report["differences"][0];
    assert_eq!(entry["change"], "changed");
    assert_eq!(entry["indicator"], "fines");
    assert_eq!(entry["fields"], serde_json::json!(["value"]));
    assert_eq!(entry["old"]["value"].to_string(), "186500");
    assert_eq!(entry["new"]["value"].to_string(), "190000");
}

#[test]
fn csv_output_puts_old_and_new_side_by_side() {
    let new = base().replace(",186500,", ",190000,");
    let o = diff_csv(&base(), &new, &["-f", "csv"]);
    assert_eq!(status(&o), 1);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("change,agency,year,indicator,category,fields,old_value,"));
    assert_eq!(
        lines[1],
        format!("changed,{AGENCY},2024,fines,,value,186500,件,false,罚款 18.65 万元,r.txt,1,fines.rule,190000,件,false,罚款 18.65 万元,r.txt,1,fines.rule")
    );
    assert_eq!(lines.len(), 2);
}

#[test]
fn quiet_prints_nothing_and_standard_input_is_a_side() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.csv", &base());
    let new = base().replace(",186500,", ",190000,");
    let o = zhibiao(&["diff", "-q", &old, "-"], new.as_bytes());
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let o = zhibiao(&["diff", "-q", "-", &old], base().as_bytes());
    assert_eq!(status(&o), 0, "{}", stderr(&o));
}

#[test]
fn malformed_input_exits_2_naming_the_file_and_line() {
    let bad_value = format!(
        "{CSV_HEADER}{}",
        common::csv_row("fines", "", "18.65万", "罚款")
    );
    let o = diff_csv(&base(), &bad_value, &[]);
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("new.csv: read as CSV: line 2: `value` is \"18.65万\""),
        "{err}"
    );

    let short_row = base() + "青禾县卫生健康局,2024,fines\n";
    let o = diff_csv(&short_row, &base(), &[]);
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("old.csv: read as CSV: line 6: 3 fields where the header has 12"));

    let jsonl = "{\"indicator\":\"fines\",\"value\":1}\n{\"indicator\":\"fines\",\"value\":}\n";
    let o = diff_texts(("old.jsonl", jsonl), ("new.csv", &base()), &[]);
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("old.jsonl: read as JSON Lines: "),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("at line 2 column"), "{}", stderr(&o));

    let not_extract = "name,score\n张三,90\n";
    let o = diff_csv(not_extract, &base(), &[]);
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("line 1: the header has no `indicator` column"));

    let o = zhibiao(&["diff", "/no/such/file.csv", "-"], b"");
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("/no/such/file.csv: cannot read"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
}

#[test]
fn help_explains_fields_exit_status_and_an_example() {
    let o = zhibiao(&["diff", "--help"], b"");
    assert_eq!(status(&o), 0);
    let help = stdout(&o);
    for needle in [
        "--compare <FIELDS>",
        "--ignore <FIELDS>",
        "Examples:",
        "Exit status: 0",
    ] {
        assert!(help.contains(needle), "{needle} in {help}");
    }
}
