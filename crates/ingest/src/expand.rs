//! Command-line paths to inputs: files, directories (recursively, sorted) and stdin.

use crate::{Input, Rejection};
use std::path::{Path, PathBuf};

/// Expands files and directories (recursively, sorted); "-" stays as stdin marker. Missing
/// paths become rejections.
///
/// Inside directories, hidden entries (name starting with `.`) are skipped and entries are
/// visited in byte order of their names, so the result is the same on every run. A path
/// named explicitly is used even when hidden. Symbolic links are followed, but a directory
/// already visited is not entered again (link cycles).
pub fn expand_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Rejection>) {
    let mut inputs = Vec::new();
    let mut rejections = Vec::new();
    let mut visited = std::collections::BTreeSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk_dir(p, &mut inputs, &mut rejections, &mut visited),
            Ok(m) if m.is_file() => inputs.push(Input::File(p.clone())),
            // A FIFO named on the command line would block forever waiting for a writer;
            // standard input is `-`.
            Ok(_) => rejections.push(Rejection::new(
                p.display().to_string(),
                "not a regular file (use `-` to read standard input)",
            )),
            Err(e) => rejections.push(Rejection::new(p.display().to_string(), io_reason(&e))),
        }
    }
    (inputs, rejections)
}

fn walk_dir(
    dir: &Path,
    inputs: &mut Vec<Input>,
    rejections: &mut Vec<Rejection>,
    visited: &mut std::collections::BTreeSet<PathBuf>,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            rejections.push(Rejection::new(dir.display().to_string(), io_reason(&e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => {
                if !e.file_name().to_string_lossy().starts_with('.') {
                    paths.push(e.path());
                }
            }
            Err(e) => rejections.push(Rejection::new(dir.display().to_string(), io_reason(&e))),
        }
    }
    paths.sort();
    for p in paths {
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk_dir(&p, inputs, rejections, visited),
            Ok(m) if m.is_file() => inputs.push(Input::File(p)),
            // Sockets, FIFOs and devices: reading them could block or never end.
            Ok(_) => rejections.push(Rejection::new(
                p.display().to_string(),
                "not a regular file",
            )),
            Err(e) => rejections.push(Rejection::new(p.display().to_string(), io_reason(&e))),
        }
    }
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}
