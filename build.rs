//! Build step: flatten zhconv's traditional → simplified tables into a static,
//! sorted char → char table (`t2s.rs` in OUT_DIR), so the binary looks
//! characters up by binary search and loads no dictionary at run time; with
//! it, a bitset of the Basic Multilingual Plane chars the table holds, so the
//! many chars that have no other form are passed by one bit test.
//!
//! And embed the rule files of `patterns/` (`patterns.rs` in OUT_DIR): each
//! as its TOML text and as the same tables in JSON, which the binary reads
//! several times faster than TOML at every start (start-up counts for a small
//! report). What only `zhibiao patterns` and the tests read of a rule (its
//! about text, examples and negatives: near half the text) is kept apart, as
//! JSON of its own per rule, and read on first use. A rule file that is no
//! TOML fails the build.

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
    let mut out = String::from(
        "/// Every rule file of `patterns/`.\n\
         static EMBEDDED_PATTERNS: &[EmbeddedFile] = &[\n",
    );
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read a rule file");
        let name = path.file_name().expect("file name").to_string_lossy();
        let mut tables: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("patterns/{name} is no TOML: {e}"));
        let docs = take_docs(&mut tables);
        let json = serde_json::to_string(&tables).expect("TOML as JSON");
        writeln!(
            out,
            "    EmbeddedFile {{ name: {:?}, toml: include_str!({:?}), json: {json:?}, docs: &{docs:?} }},",
            format!("patterns/{name}"),
            path.display()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let out_path =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("patterns.rs");
    std::fs::write(out_path, out).expect("write patterns.rs");
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
