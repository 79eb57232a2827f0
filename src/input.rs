//! Inputs of a batch: paths, folders walked for reports in sorted order, and
//! standard input as `-`; each read and decoded, with errors that name the file.
//!
//! Folders are walked with ripgrep's walker (`ignore`) and select files the way
//! ripgrep's `--iglob` does: by default `*.txt` in any letter case; with
//! [`Selection::new`] globs (gitignore syntax, `!` to exclude, matched against
//! the path below the folder, case-insensitive) instead. Hidden files and
//! folders (names starting with `.`) are skipped, symbolic links are followed
//! and a link back to an ancestor folder is a warning, not an endless walk.
//! Paths named on the command line are always read, whatever the globs say.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::overrides::{Override, OverrideBuilder};

use crate::decode;

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name rows carry in their `source` field.
    pub fn source_name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// A file that could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub source: String,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for InputError {}

/// The glob every folder is walked with when the user gives none.
pub const DEFAULT_GLOB: &str = "*.txt";

/// Which files of a walked folder are reports: globs in gitignore syntax,
/// matched case-insensitively against the path below the folder.
#[derive(Debug, Clone)]
pub struct Selection {
    globs: Vec<String>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            globs: vec![DEFAULT_GLOB.to_string()],
        }
    }
}

impl Selection {
    /// The selection of `globs`, or of [`DEFAULT_GLOB`] when there are none;
    /// an error names a glob that does not parse.
    pub fn new(globs: &[String]) -> Result<Selection, String> {
        if globs.is_empty() {
            return Ok(Selection::default());
        }
        let selection = Selection {
            globs: globs.to_vec(),
        };
        selection.matcher(Path::new("."))?;
        Ok(selection)
    }

    /// The matcher of these globs for a folder walked from `root`.
    fn matcher(&self, root: &Path) -> Result<Override, String> {
        let mut builder = OverrideBuilder::new(root);
        builder
            .case_insensitive(true)
            .map_err(|e| format!("bad --glob: {e}"))?;
        for glob in &self.globs {
            builder
                .add(glob)
                .map_err(|e| format!("bad --glob '{glob}': {e}"))?;
        }
        builder.build().map_err(|e| format!("bad --glob: {e}"))
    }
}

/// The inputs of a batch, and what went wrong finding them.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in batch order.
    pub inputs: Vec<Input>,
    /// Paths that are lost to the batch: missing, unreadable folders, dangling links.
    pub errors: Vec<InputError>,
    /// Things worth knowing that lose no file: symbolic-link loops not followed.
    pub warnings: Vec<String>,
}

/// Expand the command-line paths into inputs, in order; folders are walked
/// recursively and their files sorted by path. Problems are returned beside
/// the inputs so that one bad path never hides the others.
pub fn expand(paths: &[String], selection: &Selection) -> Expanded {
    let mut expanded = Expanded::default();
    for p in paths {
        if p == "-" {
            expanded.inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(p);
        match std::fs::metadata(&path) {
            Err(e) => expanded.errors.push(InputError {
                source: p.clone(),
                message: format!("cannot open: {e}"),
            }),
            Ok(m) if m.is_dir() => walk(&path, selection, &mut expanded),
            Ok(_) => expanded.inputs.push(Input::File(path)),
        }
    }
    expanded
}

/// Add the selected files below `root`, sorted by path, to `expanded`.
fn walk(root: &Path, selection: &Selection, expanded: &mut Expanded) {
    let matcher = match selection.matcher(root) {
        Ok(m) => m,
        Err(message) => {
            expanded.errors.push(InputError {
                source: root.display().to_string(),
                message,
            });
            return;
        }
    };
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false) // no .gitignore and friends: a report folder is no repository
        .filter_entry(|e| e.depth() == 0 || !is_hidden_name(e.file_name()))
        .follow_links(true)
        .overrides(matcher.clone())
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => found.push(e.into_path()),
            Ok(_) => {}
            Err(err) => walk_problem(&err, root, &matcher, expanded),
        }
    }
    found.sort();
    expanded.inputs.extend(found.into_iter().map(Input::File));
}

/// Sort a walk error: a link loop is a warning; a path the selection would have
/// skipped anyway (a hidden or unselected dangling link) is nothing; anything
/// else loses a file or a folder and is an error.
fn walk_problem(err: &ignore::Error, root: &Path, matcher: &Override, expanded: &mut Expanded) {
    let (path, inner) = unwrap_walk_error(err);
    if let ignore::Error::Loop { ancestor, child } = inner {
        expanded.warnings.push(format!(
            "{}: symbolic link loop (back to {}), not followed",
            child.display(),
            ancestor.display()
        ));
        return;
    }
    let path = path.unwrap_or(root);
    let is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
    if is_hidden(path, root) || matcher.matched(path, is_dir).is_ignore() {
        return;
    }
    expanded.errors.push(InputError {
        source: path.display().to_string(),
        message: why_unreadable(path).unwrap_or_else(|| format!("cannot read: {inner}")),
    });
}

/// What the file system says about a path the walk could not read, in its
/// own words (the walker's error repeats the path).
fn why_unreadable(path: &Path) -> Option<String> {
    let link = std::fs::symlink_metadata(path).ok()?;
    match std::fs::metadata(path) {
        Err(e) if link.is_symlink() => Some(format!("broken symbolic link: {e}")),
        Err(e) => Some(format!("cannot read: {e}")),
        Ok(m) if m.is_dir() => std::fs::read_dir(path)
            .err()
            .map(|e| format!("cannot read folder: {e}")),
        Ok(_) => None,
    }
}

/// The path a walk error names, and the error under its path and depth tags.
fn unwrap_walk_error(mut err: &ignore::Error) -> (Option<&Path>, &ignore::Error) {
    let mut path = None;
    loop {
        match err {
            ignore::Error::WithPath { path: p, err: e } => {
                path.get_or_insert(p.as_path());
                err = e;
            }
            ignore::Error::WithDepth { err: e, .. } => err = e,
            _ => return (path, err),
        }
    }
}

/// Is a file or folder of this name hidden (a name starting with a dot)?
fn is_hidden_name(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// Does a name below `root` on the way to `path` start with a dot?
fn is_hidden(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .any(|c| is_hidden_name(c.as_os_str()))
}

/// A decoded input and the number of bytes it was read from.
#[derive(Debug)]
pub struct Loaded {
    pub decoded: decode::Decoded,
    pub bytes: u64,
}

/// Read and decode one input.
pub fn read(input: &Input, encoding: Option<&str>) -> Result<decode::Decoded, InputError> {
    load(input, encoding).map(|l| l.decoded)
}

/// Read and decode one input, counting its bytes.
pub fn load(input: &Input, encoding: Option<&str>) -> Result<Loaded, InputError> {
    let source = input.source_name();
    let cannot_read = |e: std::io::Error| InputError {
        source: source.clone(),
        message: format!("cannot read: {e}"),
    };
    let bytes = match input {
        Input::Stdin => read_all(std::io::stdin()).map_err(cannot_read)?,
        Input::File(p) => {
            let file = std::fs::File::open(p).map_err(cannot_read)?;
            let metadata = file.metadata().map_err(cannot_read)?;
            // Pipes and devices have no length to map.
            if metadata.is_file() && metadata.len() >= MAP_FROM_BYTES {
                let length = metadata.len();
                return load_mapped(&file, length, encoding).map_err(|message| InputError {
                    source: source.clone(),
                    message,
                });
            }
            read_all(file).map_err(cannot_read)?
        }
    };
    let length = bytes.len() as u64;
    let decoded = decode::decode_owned(bytes, encoding).map_err(|e| InputError {
        source,
        message: e.to_string(),
    })?;
    Ok(Loaded {
        decoded,
        bytes: length,
    })
}

/// The size from which a file is mapped into memory rather than read: for a
/// smaller one the copy a read makes costs less than setting up the map.
const MAP_FROM_BYTES: u64 = 1 << 20;

/// All the bytes of `from`.
fn read_all(mut from: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    from.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Map a regular file of `length` bytes into memory and decode it: a file of
/// UTF-8 text is read where the page cache has it, not copied.
fn load_mapped(
    file: &std::fs::File,
    length: u64,
    encoding: Option<&str>,
) -> Result<Loaded, String> {
    // SAFETY: the map is read-only and lives as long as the text read from
    // it; a file truncated or changed by another program while it is read
    // breaks this, as it does for any program that maps files (ripgrep too).
    let map = unsafe { memmap2::Mmap::map(file) }.map_err(|e| format!("cannot read: {e}"))?;
    let decoded = decode::decode_mapped(map, encoding).map_err(|e| e.to_string())?;
    Ok(Loaded {
        decoded,
        bytes: length,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, name: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "全年立案 1 起。").unwrap();
    }

    fn names(expanded: &Expanded, root: &Path) -> Vec<String> {
        expanded
            .inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p.strip_prefix(root).unwrap().display().to_string(),
                Input::Stdin => "-".to_string(),
            })
            .collect()
    }

    #[test]
    fn default_selection_is_txt_in_any_case_without_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a/c.TXT", "notes.md", ".hidden.txt", ".git/x.txt"] {
            touch(dir.path(), name);
        }
        let root = dir.path().to_str().unwrap().to_string();
        let expanded = expand(&[root], &Selection::default());
        assert_eq!(names(&expanded, dir.path()), ["a/c.TXT", "b.txt"]);
        assert!(expanded.errors.is_empty() && expanded.warnings.is_empty());
    }

    #[test]
    fn globs_replace_the_default_and_exclude_with_a_bang() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.md", "drafts/c.txt", "d.TXT"] {
            touch(dir.path(), name);
        }
        let root = dir.path().to_str().unwrap().to_string();
        let globs = [
            "*.txt".to_string(),
            "*.md".to_string(),
            "!drafts/".to_string(),
        ];
        let expanded = expand(&[root], &Selection::new(&globs).unwrap());
        assert_eq!(names(&expanded, dir.path()), ["a.txt", "b.md", "d.TXT"]);
    }

    #[test]
    fn a_bad_glob_is_named() {
        let err = Selection::new(&["a[".to_string()]).unwrap_err();
        assert!(err.contains("a["), "{err}");
    }

    #[test]
    fn a_large_file_is_mapped_and_read_as_a_small_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let text = "全年立案 1 起。\n".repeat(MAP_FROM_BYTES as usize / 10);
        let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
        for (name, bytes) in [("utf8.txt", text.as_bytes()), ("gbk.txt", &gbk[..])] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let loaded = load(&Input::File(path), None).unwrap();
            let read = decode::decode(bytes, None).unwrap();
            assert!(bytes.len() as u64 >= MAP_FROM_BYTES);
            assert_eq!(loaded.bytes, bytes.len() as u64);
            assert_eq!(
                (loaded.decoded.text, loaded.decoded.encoding),
                (read.text, read.encoding)
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_a_warning_and_a_dangling_link_an_error() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "sub/a.txt");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        std::os::unix::fs::symlink("nowhere", dir.path().join("gone.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere", dir.path().join("gone.md")).unwrap();
        let root = dir.path().to_str().unwrap().to_string();
        let expanded = expand(&[root], &Selection::default());
        assert_eq!(names(&expanded, dir.path()), ["sub/a.txt"]);
        assert_eq!(expanded.warnings.len(), 1, "{:?}", expanded.warnings);
        assert!(expanded.warnings[0].contains("loop"));
        assert_eq!(expanded.errors.len(), 1, "{:?}", expanded.errors);
        assert!(expanded.errors[0].source.ends_with("gone.txt"));
    }
}
