//! Inputs of a batch: paths, folders walked for `*.txt` in sorted order, and
//! standard input as `-`; each read and decoded, with errors that name the file.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

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

/// Does a walked file count as a report? `*.txt` in any letter case.
fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Expand the command-line paths into inputs, in order; folders are walked
/// recursively and their files sorted by path. Problems are returned beside
/// the inputs so that one bad path never hides the others.
pub fn expand(paths: &[String]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(p);
        match std::fs::metadata(&path) {
            Err(e) => errors.push(InputError {
                source: p.clone(),
                message: format!("cannot open: {e}"),
            }),
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                for entry in walkdir::WalkDir::new(&path).follow_links(true) {
                    match entry {
                        Ok(e) if e.file_type().is_file() && is_report_file(e.path()) => {
                            found.push(e.into_path())
                        }
                        Ok(_) => {}
                        Err(e) => errors.push(InputError {
                            source: e.path().unwrap_or(&path).display().to_string(),
                            message: format!("cannot read: {e}"),
                        }),
                    }
                }
                found.sort();
                inputs.extend(found.into_iter().map(Input::File));
            }
            Ok(_) => inputs.push(Input::File(path)),
        }
    }
    (inputs, errors)
}

/// Read and decode one input.
pub fn read(input: &Input, encoding: Option<&str>) -> Result<decode::Decoded, InputError> {
    let source = input.source_name();
    let mut bytes = Vec::new();
    let read = match input {
        Input::Stdin => std::io::stdin().read_to_end(&mut bytes).map(|_| ()),
        Input::File(p) => std::fs::File::open(p)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map(|_| ()),
    };
    read.map_err(|e| InputError {
        source: source.clone(),
        message: format!("cannot read: {e}"),
    })?;
    decode::decode(&bytes, encoding).map_err(|e| InputError {
        source,
        message: e.to_string(),
    })
}
