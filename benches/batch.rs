//! `cargo bench --bench batch`: a batch at scale, measured.
//!
//! Builds a tree of report files from the project's own fixture
//! (`fixtures/report.txt`) and the sentences below, with the mix a real
//! download folder has — UTF-8, GBK and UTF-16 files, `.TXT` names, empty and
//! binary files, a few large ones — then runs the release binary on it with
//! `--jobs 1` and `--jobs 2` and prints files/s, MB/s, the speed-up and the peak
//! resident memory (from `/usr/bin/time -v`; apt package `time`). It checks that
//! both runs write the same bytes, that peak memory does not grow with the
//! number of files (a tenth of the tree against all of it), and runs one
//! single large file. It prints numbers; it asserts no timing.
//!
//! Runs of `--jobs 1` and `--jobs 2` take turns, each after waiting (up to a
//! minute) for other programs to leave the cores idle, and the fastest run of
//! each counts; the table says how busy other programs kept the machine
//! during that run, so a disturbed number shows as one.
//!
//! Environment: `BENCH_FILES` (default 10000), `BENCH_BIG_MB` (default 200, 0
//! to skip), `BENCH_RUNS` (runs per measurement; default 3), `BENCH_QUIET_WAIT`
//! (seconds to wait for idle cores before a run; default 60), `BENCH_DIR`
//! (where the tree goes; default a temporary folder).
//! Run by `scripts/bench-batch.sh`; `cargo test --benches` only builds it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const FIXTURE: &str = include_str!("../fixtures/report.txt");
const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

/// Sentences of the generated reports (written for this benchmark); `{n}` is
/// replaced by a number, `{a}` by an agency name.
const SENTENCES: &[&str] = &[
    "全年共受理政府信息公开申请 {n} 件，其中当面申请 {n} 件，网络申请 {n} 件。",
    "{a}全年共开展行政检查 {n} 户次，发现问题 {n} 个，已全部整改到位。",
    "依法立案查处各类违法案件 {n} 起，结案 {n} 起，罚没款 {n}.5 万元。",
    "受理行政复议申请 {n} 件，维持 {n} 件，纠正 {n} 件。",
    "全年办理行政许可事项 {n} 件次，按时办结率 100%。",
    "双随机抽查任务完成率 9{n}%，抽查结果公示率 100%。",
    "组织执法人员培训 {n} 期，参训人员 {n} 人次。",
    "全年受理投诉举报 {n} 起，按期办结 {n} 起，办结率 98.{n}%。",
    "下一步，{a}将继续深化“放管服”改革，持续优化营商环境。",
    "一是加强组织领导；二是健全制度机制；三是强化监督考核。",
];

const AGENCIES: &[&str] = &[
    "县卫生健康局",
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "应急管理局",
    "自然资源局",
    "城市管理综合执法局",
    "农业农村局",
];

/// A small deterministic random number source (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A report of about `target` bytes for report number `i`.
fn report_text(i: usize, rng: &mut Rng, target: usize) -> String {
    let agency = format!("第{}{}", i % 97 + 1, AGENCIES[i % AGENCIES.len()]);
    let year = 2015 + i % 10;
    let mut text = FIXTURE
        .replace("青禾县卫生健康局", &agency)
        .replace("2024", &year.to_string())
        .replace("36 起", &format!("{} 起", i % 300 + 1));
    while text.len() < target {
        let template = SENTENCES[rng.below(SENTENCES.len() as u64) as usize];
        let mut sentence = template.replace("{a}", &agency);
        while let Some(at) = sentence.find("{n}") {
            sentence.replace_range(at..at + 3, &rng.below(2000).to_string());
        }
        text.push_str(&sentence);
        text.push('\n');
    }
    text
}

/// What one generated file holds and how it is encoded.
fn file_bytes(i: usize, rng: &mut Rng) -> Vec<u8> {
    let size = match rng.below(1000) {
        0..=1 => 1_000_000, // a few large reports
        2..=300 => 2_000,   // short notices
        _ => 4_000 + rng.below(16_000) as usize,
    };
    match rng.below(200) {
        0 => Vec::new(),                                  // empty
        1 => b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".repeat(64), // binary
        2..=41 => encoding_rs::GBK
            .encode(&report_text(i, rng, size))
            .0
            .into_owned(),
        42..=51 => [0xFF, 0xFE]
            .into_iter()
            .chain(
                report_text(i, rng, size)
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect(),
        _ => report_text(i, rng, size).into_bytes(),
    }
}

/// Build a tree of `files` reports under `root`, 100 per folder, in folders of
/// ten; returns the total number of bytes.
fn build_tree(root: &Path, files: usize) -> u64 {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut bytes = 0;
    for i in 0..files {
        let dir = root.join(format!("p{:02}/c{:03}", i / 1000, i / 100));
        std::fs::create_dir_all(&dir).expect("create folder");
        let ext = if i % 23 == 0 { "TXT" } else { "txt" };
        let content = file_bytes(i, &mut rng);
        bytes += content.len() as u64;
        std::fs::write(dir.join(format!("report-{i:05}.{ext}")), content).expect("write");
    }
    bytes
}

/// One run of the binary: wall time and peak resident memory.
struct Run {
    wall: Duration,
    /// User plus system CPU seconds: with `wall`, how many cores it kept busy.
    cpu: Option<f64>,
    /// CPU seconds the whole machine spent meanwhile (Linux `/proc/stat`):
    /// less `cpu`, what other programs took from the run.
    machine_cpu: Option<f64>,
    rss_kb: Option<u64>,
    status: Option<i32>,
}

/// Run `zhibiao extract -q ARGS -o OUT`, under `/usr/bin/time -v` when present.
fn run(args: &[&str], out: &Path) -> Run {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    cmd.args(["extract", "-q", "-o"]).arg(out).args(args);
    let busy_before = machine_busy_seconds();
    let start = Instant::now();
    let output = cmd.output().expect("run zhibiao");
    let wall = start.elapsed();
    let machine_cpu = busy_before
        .zip(machine_busy_seconds())
        .map(|(before, after)| after - before);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let field = |name: &str| -> Option<f64> {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
    };
    let cpu = field("User time (seconds): ")
        .zip(field("System time (seconds): "))
        .map(|(user, system)| user + system);
    Run {
        wall,
        cpu,
        machine_cpu,
        rss_kb: field("Maximum resident set size (kbytes): ").map(|kb| kb as u64),
        status: output.status.code(),
    }
}

/// The fastest of several runs, and the largest peak memory seen.
fn fastest(all: Vec<Run>) -> Run {
    let rss_kb = all.iter().filter_map(|r| r.rss_kb).max();
    let fastest = all.into_iter().min_by_key(|r| r.wall).expect("one run");
    Run { rss_kb, ..fastest }
}

/// `runs` rounds of every command in turn (so that a disturbance on a shared
/// machine hits them alike), each run after [`wait_for_quiet`]; the fastest
/// run of each command.
fn interleaved(runs: usize, commands: &[(Vec<&str>, &Path)]) -> Vec<Run> {
    let mut all: Vec<Vec<Run>> = commands.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for ((args, out), runs) in commands.iter().zip(&mut all) {
            wait_for_quiet();
            runs.push(run(args, out));
        }
    }
    all.into_iter().map(fastest).collect()
}

/// Wait (at most `BENCH_QUIET_WAIT` seconds, default 60) until other programs
/// keep less than a fifth of a core busy.
fn wait_for_quiet() {
    let limit = Duration::from_secs(env_number("BENCH_QUIET_WAIT", 60) as u64);
    let start = Instant::now();
    while start.elapsed() < limit {
        let Some(before) = machine_busy_seconds() else {
            return;
        };
        std::thread::sleep(Duration::from_secs(1));
        match machine_busy_seconds() {
            Some(after) if after - before > 0.2 => continue,
            _ => return,
        }
    }
}

/// The number of records in a CSV file (fields may hold line breaks).
fn csv_rows(path: &Path) -> usize {
    csv::Reader::from_path(path).map_or(0, |mut r| r.records().count())
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The busy (not idle, not waiting) CPU seconds of all cores since boot.
fn machine_busy_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let cpu = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<f64> = cpu
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    let idle = ticks.get(3)? + ticks.get(4)?;
    // USER_HZ is 100 on every Linux architecture the project runs on.
    Some((ticks.iter().take(8).sum::<f64>() - idle) / 100.0)
}

/// How many cores other programs kept busy during the run.
fn others_busy(r: &Run) -> String {
    match (r.machine_cpu, r.cpu) {
        (Some(all), Some(ours)) => format!("{:.2}", (all - ours).max(0.0) / r.wall.as_secs_f64()),
        _ => "n/a".into(),
    }
}

/// CPU time over wall time: about 1 for one busy core.
fn cores_busy(r: &Run) -> String {
    r.cpu.map_or("n/a".into(), |cpu| {
        format!("{:.2}", cpu / r.wall.as_secs_f64())
    })
}

fn mib(kb: Option<u64>) -> String {
    kb.map_or("n/a (no /usr/bin/time)".into(), |kb| {
        format!("{:.1} MiB", kb as f64 / 1024.0)
    })
}

/// The batch measurement: jobs 1 and 2 over the whole tree, memory against a
/// tenth of it.
fn bench_tree(report: &mut String, work: &Path, files: usize, runs: usize) {
    let tree = work.join("tree");
    let started = Instant::now();
    let bytes = build_tree(&tree, files);
    let mb = bytes as f64 / 1e6;
    eprintln!(
        "built {files} files, {mb:.1} MB, in {:.1?}",
        started.elapsed()
    );
    let root = tree.to_str().expect("utf-8 path");
    let (out1, out2) = (work.join("jobs1.csv"), work.join("jobs2.csv"));
    run(&[root], &out1); // warm the page cache
    let commands = [
        (vec!["--jobs", "1", root], out1.as_path()),
        (vec!["--jobs", "2", root], out2.as_path()),
    ];
    let best = interleaved(runs, &commands);
    for (jobs, r) in ["1", "2"].iter().zip(&best) {
        let secs = r.wall.as_secs_f64();
        let _ = writeln!(
            report,
            "| {files} files, --jobs {jobs} | {secs:.2} s | {} | {} | {:.0} files/s | {:.1} MB/s | {} | exit {:?} |",
            cores_busy(r),
            others_busy(r),
            files as f64 / secs,
            mb / secs,
            mib(r.rss_kb),
            r.status,
        );
    }
    let _ = writeln!(
        report,
        "\nspeed-up --jobs 2 / --jobs 1: {:.2}×",
        best[0].wall.as_secs_f64() / best[1].wall.as_secs_f64()
    );
    let same = std::fs::read(&out1).ok() == std::fs::read(&out2).ok();
    let _ = writeln!(report, "outputs of --jobs 1 and 2 byte-identical: {same}");
    let _ = writeln!(report, "rows: {}", csv_rows(&out1));
    memory_against_size(report, work, &tree, &best);
}

/// Peak memory for a tenth of the tree (its first folder of ten) against the
/// whole, at each number of jobs.
fn memory_against_size(report: &mut String, work: &Path, tree: &Path, whole: &[Run]) {
    let tenth = tree.join("p00");
    let tenth = tenth.to_str().expect("utf-8 path");
    let out = work.join("tenth.csv");
    for (jobs, whole) in ["1", "2"].iter().zip(whole) {
        let part = run(&["--jobs", jobs, tenth], &out);
        let _ = writeln!(
            report,
            "peak RSS --jobs {jobs}: {} for a tenth of the files, {} for all",
            mib(part.rss_kb),
            mib(whole.rss_kb),
        );
    }
}

/// One large UTF-8 file of about `mb` MB.
fn bench_big_file(report: &mut String, work: &Path, mb: usize) {
    let path = work.join("big.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut written = 0;
    let mut i = 0;
    while written < mb * 1_000_000 {
        let text = report_text(i, &mut rng, 20_000);
        file.write_all(text.as_bytes()).expect("write");
        written += text.len();
        i += 1;
    }
    file.flush().expect("write");
    drop(file);
    let r = run(&[path.to_str().unwrap()], &work.join("big.csv"));
    let rows = csv_rows(&work.join("big.csv"));
    let _ = writeln!(
        report,
        "one {:.0} MB file: {:.1} s, {:.1} MB/s, peak RSS {}, {rows} rows, exit {:?}",
        written as f64 / 1e6,
        r.wall.as_secs_f64(),
        written as f64 / 1e6 / r.wall.as_secs_f64(),
        mib(r.rss_kb),
        r.status,
    );
    let _ = std::fs::remove_file(path);
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("batch benchmark: run it with `cargo bench --bench batch`");
        return;
    }
    let files = env_number("BENCH_FILES", 10_000);
    let big_mb = env_number("BENCH_BIG_MB", 200);
    let runs = env_number("BENCH_RUNS", 3).max(1);
    let temp = tempfile::tempdir().expect("temporary folder");
    let work: PathBuf = std::env::var_os("BENCH_DIR").map_or(temp.path().into(), PathBuf::from);
    std::fs::create_dir_all(&work).expect("create BENCH_DIR");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut report = format!(
        "zhibiao batch benchmark: {cores} cores, best of {runs} runs, warm page cache\n\n\
         | batch | wall | cores busy | others' cores | files/s | MB/s | peak RSS | status |\n|---|---|---|---|---|---|---|---|\n"
    );
    bench_tree(&mut report, &work, files, runs);
    if big_mb > 0 {
        bench_big_file(&mut report, &work, big_mb);
    }
    println!("\n{report}");
}
