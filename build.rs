//! Build step: flatten zhconv's traditional → simplified tables into a static,
//! sorted char → char table (`t2s.rs` in OUT_DIR), so the binary looks
//! characters up by binary search and loads no dictionary at run time; with
//! it, a bitset of the Basic Multilingual Plane chars the table holds, so the
//! many chars that have no other form are passed by one bit test.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
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
