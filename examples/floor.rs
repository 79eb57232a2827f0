//! The floor for `scripts/bench.sh`: the least a number extractor must do —
//! read the text and find every number token with one regex. zhibiao's
//! throughput is reported as a ratio of this program's on the same corpus.
//!
//! usage: cargo run --release --example floor -- FILE

use std::io::Read;

fn main() {
    let path = std::env::args().nth(1).expect("usage: floor FILE");
    let mut text = String::new();
    std::fs::File::open(&path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .expect("read the corpus");
    let number = regex::Regex::new(
        r"[0-9０-９]+(?:[.,．][0-9０-９]+)*|[零〇一二两三四五六七八九十百千万亿]+",
    )
    .expect("number regex");
    let count = number.find_iter(&text).count();
    println!("{count} number tokens in {} bytes", text.len());
}
