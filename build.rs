//! Build step: flatten zhconv's traditional → simplified tables into a static,
//! sorted char → char table (`t2s.rs` in OUT_DIR), so the binary looks
//! characters up by binary search and loads no dictionary at run time; with
//! it, a bitset of the Basic Multilingual Plane chars the table holds, so the
//! many chars that have no other form are passed by one bit test.
//!
//! And embed the rule files of `patterns/` (`patterns.rs` in OUT_DIR): each
//! as its TOML text and as a function that makes the same tables as Rust
//! values, which the binary builds with no parsing at every start (start-up
//! counts for a small report; reading the tables from JSON cost a third of
//! it). What only `zhibiao patterns` and the tests read of a rule (its about
//! text, examples and negatives: near half the text) is kept apart, as JSON
//! of its own per rule, and read on first use. A rule file that is no TOML
//! fails the build; one that says what the build does not know (a field it
//! has no code for) is left to the binary to read from its TOML, which tells
//! what is wrong.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    t2s_table();
    embedded_patterns();
}

/// `T2S` and `IN_T2S` in `t2s.rs`.
fn t2s_table() {
    let ranges = [
        0x3400u32..=0x4DBF,
        0x4E00..=0x9FFF,
        0xF900..=0xFAFF,
        0x20000..=0x2A6DF,
    ];
    let mut table = String::from("/// (traditional, simplified) pairs, sorted by the first.\npub static T2S: &[(char, char)] = &[\n");
    let mut in_table = [0u64; 1024];
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let out = zhconv::zhconv(c.encode_utf8(&mut [0u8; 4]), zhconv::Variant::ZhCN);
        let mut chars = out.chars();
        if let (Some(s), None) = (chars.next(), chars.next()) {
            if s != c {
                writeln!(table, "    ('{c}', '{s}'),").expect("write to string");
                let cp = c as usize;
                if cp < 0x10000 {
                    in_table[cp >> 6] |= 1 << (cp & 63);
                }
            }
        }
    }
    table.push_str("];\n");
    table.push_str("/// Bit `c` is set when the BMP char `c` is a first of [`T2S`].\npub static IN_T2S: [u64; 1024] = [\n");
    for word in in_table {
        writeln!(table, "    {word:#x},").expect("write to string");
    }
    table.push_str("];\n");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("t2s.rs");
    std::fs::write(out, table).expect("write t2s.rs");
}

/// `EMBEDDED_PATTERNS` in `patterns.rs`: an `EmbeddedFile` for every rule
/// file, in name order.
fn embedded_patterns() {
    println!("cargo:rerun-if-changed=patterns");
    let dir = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"))
        .join("patterns");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("read patterns/")
        .map(|e| e.expect("patterns/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut files = String::from(
        "/// Every rule file of `patterns/`.\n\
         static EMBEDDED_PATTERNS: &[EmbeddedFile] = &[\n",
    );
    let mut builders = String::new();
    for (n, path) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("read a rule file");
        let name = path.file_name().expect("file name").to_string_lossy();
        let mut tables: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("patterns/{name} is no TOML: {e}"));
        let docs = take_docs(&mut tables);
        let built = match rule_file_code(&tables) {
            Some(code) => {
                writeln!(builders, "fn built_{n}() -> RuleFile {{\n    {code}\n}}")
                    .expect("write to string");
                format!("Some(built_{n})")
            }
            None => "None".to_string(),
        };
        writeln!(
            files,
            "    EmbeddedFile {{ name: {:?}, toml: include_str!({:?}), built: {built}, docs: &{docs:?} }},",
            format!("patterns/{name}"),
            path.display()
        )
        .expect("write to string");
    }
    files.push_str("];\n");
    let out = files + &builders;
    let out_path =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("patterns.rs");
    std::fs::write(out_path, out).expect("write patterns.rs");
}

/// How a field of a rule file is written as Rust.
#[derive(Clone, Copy)]
enum Kind {
    /// A string.
    Text,
    /// A list of strings, as a `Vec<String>`.
    Texts,
    /// A list of strings, as `Words`.
    Words,
    /// One of the lowercase names of an enum's variants: the type, the names.
    Choice(&'static str, &'static [&'static str]),
    /// An `Option<usize>` given as a number.
    Count,
    /// An `i32`.
    Number,
    /// A `bool`.
    Flag,
}

/// A field of a rule: its name, how it is written, and the Rust value of a
/// field the file leaves out (`None`: the file must give it). The names and
/// defaults are `RuleSpec`'s serde attributes; the tests check that the
/// values built read as the TOML does.
const RULE_FIELDS: [(&str, Kind, Option<&str>); 14] = [
    ("id", Kind::Text, None),
    ("indicator", Kind::Text, None),
    ("triggers", Kind::Texts, None),
    ("accepts", Kind::Texts, None),
    (
        "look",
        Kind::Choice("Look", &["right", "left", "both"]),
        Some("Look::Right"),
    ),
    ("max_gap", Kind::Count, Some("None")),
    ("needs", Kind::Words, Some("Words::default()")),
    (
        "needs_in",
        Kind::Choice("Window", WINDOWS),
        Some("Window::Sentence"),
    ),
    ("refuses", Kind::Words, Some("Words::default()")),
    (
        "refuses_in",
        Kind::Choice("Window", WINDOWS),
        Some("Window::Clause"),
    ),
    (
        "category",
        Kind::Choice("CategoryFrom", &["gap", "label", "trigger", "none"]),
        Some("CategoryFrom::Gap"),
    ),
    ("category_words", Kind::Words, Some("Words::default()")),
    ("parts", Kind::Flag, Some("true")),
    ("priority", Kind::Number, Some("0")),
];

const WINDOWS: &[&str] = &["clause", "sentence", "paragraph", "section"];

/// The word lists of the `[settings]` table (`SettingsSpec`'s fields).
const SETTINGS_FIELDS: [&str; 12] = [
    "other_period",
    "plan_done",
    "plan",
    "change",
    "breakdown",
    "shared",
    "respective",
    "joiners",
    "category_noise",
    "not_a_category",
    "list_openers",
    "generic_category",
];

/// A rule file's tables (its rules' docs taken out) as a Rust expression
/// of type `RuleFile`, or `None` when they say what has no code here.
fn rule_file_code(tables: &toml::Table) -> Option<String> {
    let mut rules = String::new();
    let mut settings = "None".to_string();
    for (key, value) in tables {
        match key.as_str() {
            "rule" => {
                for rule in value.as_array()? {
                    rules += &rule_code(rule.as_table()?)?;
                    rules += ",\n";
                }
            }
            "settings" => settings = format!("Some({})", settings_code(value.as_table()?)?),
            _ => return None,
        }
    }
    Some(format!(
        "RuleFile {{ rule: vec![\n{rules}], settings: {settings} }}"
    ))
}

/// One rule's table as a `RuleSpec` expression.
fn rule_code(rule: &toml::Table) -> Option<String> {
    if rule
        .keys()
        .any(|k| !RULE_FIELDS.iter().any(|(name, ..)| name == k))
    {
        return None;
    }
    let mut code = String::from("RuleSpec { ");
    for (name, kind, default) in RULE_FIELDS {
        let value = match rule.get(name) {
            Some(value) => value_code(kind, value)?,
            None => default?.to_string(),
        };
        write!(code, "{name}: {value}, ").expect("write to string");
    }
    code.push_str(
        "about: Default::default(), examples: Default::default(), negatives: Default::default() }",
    );
    Some(code)
}

/// The `[settings]` table as a `SettingsSpec` expression.
fn settings_code(settings: &toml::Table) -> Option<String> {
    if settings
        .keys()
        .any(|k| !SETTINGS_FIELDS.contains(&k.as_str()))
    {
        return None;
    }
    let mut code = String::from("SettingsSpec { ");
    for name in SETTINGS_FIELDS {
        let value = match settings.get(name) {
            Some(value) => value_code(Kind::Words, value)?,
            None => "Words::default()".to_string(),
        };
        write!(code, "{name}: {value}, ").expect("write to string");
    }
    code.push('}');
    Some(code)
}

/// A field's TOML value as Rust, if it is of the field's kind.
fn value_code(kind: Kind, value: &toml::Value) -> Option<String> {
    let texts = |value: &toml::Value| -> Option<String> {
        let list = value
            .as_array()?
            .iter()
            .map(|v| v.as_str().map(|s| format!("{s:?}")))
            .collect::<Option<Vec<_>>>()?;
        Some(format!("strings(&[{}])", list.join(", ")))
    };
    Some(match kind {
        Kind::Text => format!("String::from({:?})", value.as_str()?),
        Kind::Texts => texts(value)?,
        Kind::Words => format!("Words::from({})", texts(value)?),
        Kind::Choice(ty, names) => {
            let name = value.as_str().filter(|s| names.contains(s))?;
            format!("{ty}::{}{}", name[..1].to_uppercase(), &name[1..])
        }
        Kind::Count => format!("Some({})", usize::try_from(value.as_integer()?).ok()?),
        Kind::Number => i32::try_from(value.as_integer()?).ok()?.to_string(),
        Kind::Flag => value.as_bool()?.to_string(),
    })
}

/// The fields of a rule that only `zhibiao patterns` and the tests read.
const DOC_FIELDS: [&str; 3] = ["about", "examples", "negatives"];

/// Take the [`DOC_FIELDS`] out of every rule of a file: for each rule, in
/// order, the JSON of each field (`null` when the rule has none).
fn take_docs(tables: &mut toml::Table) -> Vec<[String; 3]> {
    let Some(toml::Value::Array(rules)) = tables.get_mut("rule") else {
        return Vec::new();
    };
    rules
        .iter_mut()
        .map(|rule| {
            DOC_FIELDS.map(|field| {
                let value = rule.as_table_mut().and_then(|t| t.remove(field));
                serde_json::to_string(&value).expect("TOML as JSON")
            })
        })
        .collect()
}
