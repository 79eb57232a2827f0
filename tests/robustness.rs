//! Property tests: whatever text or bytes a folder of downloaded reports holds,
//! decode → extract → output never panics and writes valid CSV, JSON and JSON
//! Lines whose rows are well formed.
//!
//! Four sources of input: any Unicode string; report-like text built from the
//! rule set's own trigger words, numbers, units and punctuation (the input that
//! reaches deep into the rule engine); any bytes; and report-like text encoded
//! as GBK or UTF-16 and then damaged.

use std::sync::OnceLock;

use proptest::prelude::*;
use zhibiao::decode;
use zhibiao::extract::{self, Document};
use zhibiao::output::{Format, Writer, CSV_HEADER};
use zhibiao::rules::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"))
}

/// Every trigger word of the rule set.
fn triggers() -> &'static [String] {
    static TRIGGERS: OnceLock<Vec<String>> = OnceLock::new();
    TRIGGERS.get_or_init(|| {
        let mut words: Vec<String> = rules()
            .rules
            .iter()
            .flat_map(|r| r.spec.triggers.iter().cloned())
            .collect();
        words.sort();
        words.dedup();
        words
    })
}

/// The words report text is made of besides triggers.
const WORDS: &[&str] = &[
    "全年",
    "共",
    "其中",
    "分别为",
    "均为",
    "同比下降",
    "同比增长",
    "计划",
    "约",
    "余",
    "近",
    "，",
    "。",
    "，",
    "。",
    "；",
    "、",
    "：",
    "（",
    "）",
    "\n",
    "\n\n",
    " ",
    "一、",
    "（二）",
    "1.",
    "2023年",
    "2024年",
    "上半年",
    "青禾县卫生健康局",
    "法治政府建设年度报告",
    "|",
    "\t",
    "　",
    "第",
    "号",
    "〔2024〕",
    "零",
    "两",
    "十",
    "百",
    "千",
    "壹",
    "贰",
    "拾",
    "佰",
    "万",
    "１２３",
];

/// A number as reports write them.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..100_000).prop_map(|n| n.to_string()),
        (0u32..10_000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        (0u32..1000, 0u32..1000).prop_map(|(a, b)| format!("{a} {b:03}")),
        "[0-9０-９.,，]{1,8}",
        "[零一二三四五六七八九十百千万亿两]{1,6}",
    ]
}

/// Units and measure words figures come with.
const UNITS: &[&str] = &[
    "万元", "亿元", "元", "%", "％", "起", "件", "户次", "家次", "人次", "次", "家", "个", "份",
];

/// A trigger, a number and a unit: the clause a rule is made to match.
fn clause() -> impl Strategy<Value = String> {
    (
        prop::sample::select(triggers()),
        number(),
        prop::sample::select(UNITS),
        prop::sample::select(&["", " ", "了", "共", "率"][..]),
    )
        .prop_map(|(trigger, n, unit, gap)| format!("{trigger}{gap}{n}{unit}"))
}

/// Text made of the rule set's triggers, report words and numbers.
fn report_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => clause(),
        2 => prop::sample::select(triggers()).prop_map(|s| s.to_string()),
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        2 => number(),
        2 => prop::sample::select(UNITS).prop_map(str::to_string),
        1 => "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

/// Every row of `doc` is well formed for the text it came from.
fn check_rows(doc: &Document, text: &str, source: &str) {
    let lines = text.split('\n').count().max(1);
    for row in &doc.rows {
        assert!(!row.indicator.is_empty(), "{row:?}");
        assert!(!row.rule.is_empty(), "{row:?}");
        assert_eq!(row.source, source);
        assert!(
            row.line >= 1 && row.line <= lines,
            "line {} of {lines}: {row:?}",
            row.line
        );
    }
}

/// `doc` written in `format` and read back.
fn written(doc: &Document, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = Writer::new(format, &mut out, true).expect("write to memory");
    writer.write(doc).expect("write to memory");
    writer.finish().expect("write to memory");
    out
}

/// The CSV, JSON and JSON Lines of `doc` parse, with one record per row.
fn check_output(doc: &Document) {
    let csv = written(doc, Format::Csv);
    let csv = csv.strip_prefix("\u{FEFF}".as_bytes()).expect("a BOM");
    let mut reader = csv::ReaderBuilder::new().from_reader(csv);
    assert_eq!(reader.headers().unwrap(), &CSV_HEADER[..]);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("csv")).collect();
    assert_eq!(records.len(), doc.rows.len());
    assert!(records.iter().all(|r| r.len() == CSV_HEADER.len()));

    let json: serde_json::Value =
        serde_json::from_slice(&written(doc, Format::Json)).expect("json");
    assert_eq!(json[0]["rows"].as_array().unwrap().len(), doc.rows.len());

    let jsonl = String::from_utf8(written(doc, Format::Jsonl)).expect("utf-8");
    assert_eq!(jsonl.lines().count(), doc.rows.len());
    for line in jsonl.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("json line");
    }
}

/// Extract `text` and check rows and output.
fn check_text(text: &str) {
    let doc = extract::extract_text(rules(), text, "prop.txt");
    check_rows(&doc, text, "prop.txt");
    check_output(&doc);
}

/// Decode `bytes` (detected, and forced to a few encodings); check what decodes.
fn check_bytes(bytes: &[u8]) {
    for forced in [None, Some("gbk"), Some("utf-16le"), Some("big5")] {
        if let Ok(decoded) = decode::decode(bytes, forced) {
            assert!(!decoded.encoding.is_empty());
            check_text(&decoded.text);
        }
    }
}

/// `text` encoded as GBK, UTF-16LE with a BOM, or UTF-8.
fn encoded(text: &str, how: u8) -> Vec<u8> {
    match how % 3 {
        0 => encoding_rs::GBK.encode(text).0.into_owned(),
        1 => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        _ => text.as_bytes().to_vec(),
    }
}

proptest! {
    // 256 cases each by default; PROPTEST_CASES=N for a longer hunt.
    #[test]
    fn any_string_extracts_to_valid_output(text in "\\PC{0,300}|.{0,300}") {
        check_text(&text);
    }

    #[test]
    fn report_like_text_extracts_to_valid_output(text in report_like()) {
        check_text(&text);
    }

    #[test]
    fn any_bytes_decode_or_are_refused_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check_bytes(&bytes);
    }

    #[test]
    fn damaged_encoded_reports_decode_or_are_refused(
        text in report_like(),
        how in any::<u8>(),
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = encoded(&text, how);
        for (at, byte) in damage {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
        }
        let keep = if bytes.is_empty() { 0 } else { cut.index(bytes.len() + 1) };
        bytes.truncate(keep.max(bytes.len() / 2));
        check_bytes(&bytes);
    }
}

/// The report-like generator reaches the rule engine: many of its texts give rows.
#[test]
fn report_like_text_often_gives_rows() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = report_like();
    let with_rows = (0..200)
        .filter(|_| {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            !extract::extract_text(rules(), &text, "prop.txt")
                .rows
                .is_empty()
        })
        .count();
    assert!(with_rows >= 20, "only {with_rows} of 200 texts gave rows");
}

/// Inputs the property tests once found a panic in, kept as plain tests.
#[test]
fn inputs_that_once_panicked() {
    // a part's own words were sliced from where the scope's last part ended,
    // which a number read further on can stand before
    check_text("审查5件核发0件审批事项.万元");
}
