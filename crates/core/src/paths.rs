//! Where Vigil finds its data directory and the optional `../shared` research data.
//!
//! Lookup order for the data directory: `$VIGIL_DATA`, then `data/` beside the current directory
//! or any of its ancestors, then the workspace's `data/` as known at compile time. Callers that
//! take a `--data-dir` flag pass it instead.

use std::path::{Path, PathBuf};

const COMPILED_WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// The project's data directory (`data/`).
pub fn data_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("VIGIL_DATA") {
        return PathBuf::from(p);
    }
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            let cand = dir.join("data").join("codebook");
            if cand.is_dir() {
                return dir.join("data");
            }
        }
    }
    Path::new(COMPILED_WORKSPACE).join("data")
}

/// The workspace root as known at compile time.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(COMPILED_WORKSPACE)
}

/// The shared research data directory (`../shared/data` beside the repository), if present.
/// `$VIGIL_SHARED` (pointing at `shared/`) overrides.
pub fn shared_data_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VIGIL_SHARED") {
        let p = PathBuf::from(p).join("data");
        return p.is_dir().then_some(p);
    }
    let mut roots = vec![workspace_dir()];
    if let Ok(cwd) = std::env::current_dir() {
        roots.extend(cwd.ancestors().map(Path::to_path_buf));
    }
    roots
        .into_iter()
        .map(|r| r.join("..").join("shared").join("data"))
        .find(|p| p.is_dir())
}
