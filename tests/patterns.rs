//! Every example and negative of every embedded rule gives what it says.

use zhibiao::rules::{examples, RuleSet};

#[test]
fn every_rule_example_gives_its_rows() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let (count, failures) = examples::check(&rules);
    assert!(
        count >= rules.rules.len(),
        "each rule has at least one example"
    );
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "{} of {count} examples failed:\n{}",
        failures.len(),
        report.join("\n")
    );
}

#[test]
fn every_rule_has_an_example() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    for r in &rules.rules {
        assert!(
            !r.spec.examples.is_empty(),
            "rule {} has no example",
            r.spec.id
        );
    }
}

#[test]
fn a_later_rule_with_the_same_id_replaces_the_earlier() {
    let mut sources = RuleSet::embedded_sources();
    let before = RuleSet::from_sources(&sources).unwrap().rules.len();
    sources.push((
        "user.toml".into(),
        r#"[[rule]]
id = "fines.amount"
indicator = "fines"
triggers = ["罚金"]
accepts = ["money"]
examples = [{ text = "罚金 3 万元。", gives = ["fines||30000"] }]
"#
        .into(),
    ));
    let rules = RuleSet::from_sources(&sources).unwrap();
    assert_eq!(rules.rules.len(), before);
    let fines = rules
        .rules
        .iter()
        .find(|r| r.spec.id == "fines.amount")
        .unwrap();
    assert_eq!(fines.spec.triggers, ["罚金"]);
    assert_eq!(fines.file, "user.toml");
}

#[test]
fn a_broken_rule_file_names_file_and_line() {
    let sources = vec![(
        "bad.toml".to_string(),
        "[[rule]]\nid = \"x\"\nindicator = 5\n".to_string(),
    )];
    let err = RuleSet::from_sources(&sources).unwrap_err();
    assert_eq!(err.file, "bad.toml");
    assert_eq!(err.line, Some(3));
    assert!(err.to_string().starts_with("bad.toml:3:"), "{err}");
}
