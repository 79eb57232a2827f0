//! Batches of many files through the real binary: the same bytes out whatever
//! `--jobs`, every good row kept when files go bad, file selection, and what a
//! batch says on stderr.

use std::path::Path;
use std::process::{Command, Output};

const FIXTURE: &str = include_str!("../fixtures/report.txt");

fn zhibiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhibiao"))
        .args(args)
        .output()
        .expect("run zhibiao")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json output");
    v.as_array().expect("an array of documents").clone()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The fixture report for another agency, year and figures.
fn report(n: usize) -> String {
    FIXTURE
        .replace("青禾县", &format!("第{n}县"))
        .replace("2024", &(2015 + n % 10).to_string())
        .replace("36 起", &format!("{} 起", n + 1))
        .replace("18.65", &format!("{}.5", n % 97))
}

/// A folder of `n` reports in nested folders, some large (slow to extract)
/// early in the order, with a few bad files among them.
fn varied_tree(dir: &Path, n: usize) {
    for i in 0..n {
        let body = if i % 30 == 0 {
            report(i).repeat(40)
        } else {
            report(i)
        };
        let name = format!("{:02}/report-{i:04}.txt", i % 7);
        match i % 50 {
            13 => write(dir, &name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
            27 => write(dir, &name, b""),
            31 => write(dir, &name, &encoding_rs::GBK.encode(&body).0),
            _ => write(dir, &name, body.as_bytes()),
        }
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn output_is_byte_identical_for_any_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    varied_tree(dir.path(), 150);
    let root = path_str(dir.path());
    for (format, jobs) in [
        ("csv", &["2", "8"][..]),
        ("json", &["8"]),
        ("jsonl", &["8"]),
    ] {
        let one = zhibiao(&["extract", "-q", "-f", format, "--jobs", "1", root]);
        assert_eq!(one.status.code(), Some(2), "the binary files fail");
        assert!(one.stdout.len() > 100_000, "{format}: output too small");
        for jobs in jobs {
            let many = zhibiao(&["extract", "-q", "-f", format, "--jobs", jobs, root]);
            assert_eq!(many.status.code(), Some(2));
            assert!(
                one.stdout == many.stdout,
                "{format}: --jobs {jobs} output differs from --jobs 1"
            );
            assert_eq!(stderr(&one), stderr(&many), "errors in the same order");
        }
    }
}

#[test]
fn more_jobs_than_files_and_default_jobs_work() {
    let dir = tempfile::tempdir().unwrap();
    varied_tree(dir.path(), 3);
    let root = path_str(dir.path());
    let one = zhibiao(&["extract", "-j", "1", root]);
    let many = zhibiao(&["extract", "-j", "64", root]);
    let default = zhibiao(&["extract", root]);
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(one.stdout, many.stdout);
    assert_eq!(one.stdout, default.stdout);
    let zero = zhibiao(&["extract", "--jobs", "0", root]);
    assert_eq!(zero.status.code(), Some(2), "clap refuses --jobs 0");
}

/// Make `path` unreadable; false when this user reads it anyway (root does).
#[cfg(unix)]
fn make_unreadable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::File::open(path).is_err()
}

/// `zhibiao args` run as the unprivileged user `nobody` (uid 65534) through
/// `setpriv`, for a root that wants to see permissions bite; `None` when that
/// cannot be done here.
#[cfg(unix)]
fn zhibiao_as_nobody(args: &[&str]) -> Option<Output> {
    let o = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_zhibiao"))
        .args(args)
        .output()
        .ok()?;
    let ran = !stderr(&o).contains("setpriv:") && matches!(o.status.code(), Some(0 | 2));
    ran.then_some(o)
}

/// The text of every good file of the mixed folder: two rows.
const MIXED_TEXT: &str = "青禾县市场监管局2023年工作报告\n全年依法立案 36 起，罚款 18.65 万元。\n";

/// A folder with a good file, an empty, a binary, a GBK, a UTF-16, a chmod 000
/// and a dangling-link file, and a chmod 000 folder; true when this user
/// cannot read the chmod 000 ones (false for root).
#[cfg(unix)]
fn mixed_folder(d: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let text = MIXED_TEXT;
    write(d, "a_good.txt", text.as_bytes());
    write(d, "b_empty.txt", b"");
    write(
        d,
        "c_binary.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00",
    );
    write(d, "d_gbk.txt", &encoding_rs::GBK.encode(text).0);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    write(d, "e_utf16.TXT", &utf16);
    write(d, "f_locked.txt", text.as_bytes());
    std::os::unix::fs::symlink(d.join("gone.txt"), d.join("g_dangling.txt")).unwrap();
    write(d, "h_locked_folder/inside.txt", text.as_bytes());
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = make_unreadable(&d.join("h_locked_folder"));
    make_unreadable(&d.join("f_locked.txt")) && folder
}

/// The mixed folder's batch: every good row there, every bad file named (as it
/// fails and in the summary), each document's encoding, exit status 2.
fn check_mixed_batch(o: &Output, unreadable: bool) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let docs = json(o);
    let by_name = |name: &str| {
        docs.iter()
            .find(|doc| doc["source"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("no document {name}: {docs:?}"))
    };
    let mut good = vec![
        ("a_good.txt", "UTF-8"),
        ("d_gbk.txt", "GB18030"),
        ("e_utf16.TXT", "UTF-16LE"),
    ];
    let mut bad = vec!["c_binary.txt", "g_dangling.txt"];
    if unreadable {
        bad.extend(["f_locked.txt", "h_locked_folder"]);
    } else {
        good.extend([("f_locked.txt", "UTF-8"), ("inside.txt", "UTF-8")]);
    }
    for (name, encoding) in &good {
        let doc = by_name(name);
        assert_eq!(doc["encoding"], *encoding, "{name}");
        assert_eq!(doc["agency"], "青禾县市场监管局", "{name}");
        let rows = doc["rows"].as_array().unwrap();
        let values: Vec<String> = rows.iter().map(|r| r["value"].to_string()).collect();
        assert_eq!(values, ["36", "186500"], "{name}");
    }
    assert!(by_name("b_empty.txt")["rows"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        docs.len(),
        good.len() + 1,
        "the good files and the empty one"
    );
    for name in &bad {
        let named = err.lines().filter(|l| l.contains(name)).count();
        assert_eq!(
            named, 2,
            "{name} is named as it fails and in the summary:\n{err}"
        );
    }
    let summary = format!(
        "{} files read, {} documents with rows, {} rows, {} failed;",
        docs.len(),
        good.len(),
        2 * good.len(),
        bad.len()
    );
    assert!(err.contains(&summary), "{summary}\n{err}");
}

#[cfg(unix)]
#[test]
fn a_mixed_folder_keeps_every_good_row_and_names_every_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let unreadable = mixed_folder(dir.path());
    let args = ["extract", "-f", "json", path_str(dir.path())];
    check_mixed_batch(&zhibiao(&args), unreadable);
    if unreadable {
        return;
    }
    // Root reads chmod 000 files all the same; the dangling link was the one
    // unreadable file above. Run again as `nobody` to see permissions refused.
    match zhibiao_as_nobody(&args) {
        Some(o) => {
            check_mixed_batch(&o, true);
            eprintln!("root: checked again as nobody, chmod 000 files refused");
        }
        None => eprintln!("root without setpriv: chmod 000 failures left unchecked"),
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_a_warning_and_the_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sub/a.txt", "全年立案 5 起。".as_bytes());
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/up")).unwrap();
    let o = zhibiao(&["extract", "-f", "jsonl", path_str(dir.path())]);
    assert!(o.status.success(), "a loop loses no file: {}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    assert!(stderr(&o).contains("warning: "), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link loop"), "{}", stderr(&o));
    let quiet = zhibiao(&["extract", "-q", "-f", "jsonl", path_str(dir.path())]);
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "", "--quiet drops warnings");
}

#[test]
fn globs_select_files_and_hidden_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, n) in [
        ("a.txt", 1),
        ("b.md", 2),
        ("drafts/c.txt", 3),
        (".hidden.txt", 4),
        (".cache/d.txt", 5),
        ("e.TXT", 6),
    ] {
        write(d, name, format!("全年立案 {n} 起。").as_bytes());
    }
    let values = |o: &Output| -> Vec<String> {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(4).unwrap().to_string())
            .collect()
    };
    let o = zhibiao(&["extract", path_str(d)]);
    assert_eq!(values(&o), ["1", "3", "6"], "default: *.txt in any case");
    let o = zhibiao(&[
        "extract",
        "-g",
        "*.md",
        "--glob",
        "*.txt",
        "-g",
        "!drafts/",
        path_str(d),
    ]);
    assert_eq!(values(&o), ["1", "2", "6"]);
    let hidden = d.join(".hidden.txt");
    let o = zhibiao(&["extract", "-g", "*.md", path_str(&hidden)]);
    assert_eq!(
        values(&o),
        ["4"],
        "a file named on the command line is read"
    );
    let o = zhibiao(&["extract", "-g", "a[", path_str(d)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a["), "{}", stderr(&o));
}

#[test]
fn a_batch_ends_with_a_summary_and_a_single_file_does_not() {
    let dir = tempfile::tempdir().unwrap();
    varied_tree(dir.path(), 20);
    let o = zhibiao(&["extract", path_str(dir.path())]);
    let err = stderr(&o);
    let summary = err
        .lines()
        .find(|l| l.contains(" files read, "))
        .unwrap_or_else(|| panic!("no summary: {err}"));
    assert!(
        summary.starts_with("zhibiao: 19 files read, 19 documents with rows, "),
        "{summary}"
    );
    assert!(summary.contains(" rows, 1 failed; "), "{summary}");
    assert!(err.contains("zhibiao: failed files:\n  "), "{err}");
    assert!(
        !err.contains('\r') && !err.contains('\x1b'),
        "no progress bar when piped"
    );

    let quiet = zhibiao(&["extract", "--quiet", path_str(dir.path())]);
    let err = stderr(&quiet);
    assert_eq!(err.lines().count(), 1, "only the error: {err}");
    assert!(err.contains("report-0013.txt: binary data"), "{err}");

    let single = dir.path().join("00/report-0000.txt");
    let o = zhibiao(&["extract", path_str(&single)]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "", "one file: no summary");
}
