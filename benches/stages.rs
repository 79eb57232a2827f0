//! Criterion benchmarks of the pipeline's stages on report-like text (the
//! project's fixture report, repeated): decode, normalize, quantities, rules,
//! and the whole extraction.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhibiao::extract;
use zhibiao::rules::{self, RuleSet};
use zhibiao::{decode, normalize, quantities, segment};

fn corpus() -> String {
    let report = include_str!("../fixtures/report.txt");
    report.repeat(20)
}

fn stages(c: &mut Criterion) {
    let text = corpus();
    let rules = RuleSet::embedded().expect("embedded rules");
    let clean = normalize::normalize(&text);
    let sentences = extract::sentences(&clean.text);
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("decode", |b| {
        b.iter(|| decode::decode(text.as_bytes(), None).map(|d| d.text.len()))
    });
    group.bench_function("normalize", |b| {
        b.iter(|| normalize::normalize(&text).text.len())
    });
    group.bench_function("segment", |b| {
        b.iter(|| segment::sentences(&clean.text).len())
    });
    group.bench_function("quantities", |b| {
        b.iter(|| quantities::scan(&clean.text).len())
    });
    group.bench_function("rules", |b| {
        b.iter(|| rules::apply(&rules, &sentences, Some(2024)).len())
    });
    group.bench_function("extract", |b| {
        b.iter(|| extract::extract_text(&rules, &text, "-").rows.len())
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
