//! CAMEO event codes, Goldstein scores, QuadClass and the CAMEO→PLOVER crosswalk, read from the
//! plain-text codebook files under `data/codebook/` (GDELT lookup tables and the OEDA crosswalk).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Codebook files could not be read or parsed.
#[derive(Debug, Error)]
pub enum CodebookError {
    /// A file could not be read.
    #[error("reading codebook file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line did not match the expected format.
    #[error("{path}:{line}: {msg}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What was wrong.
        msg: String,
    },
}

/// GDELT's four-way split of CAMEO roots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuadClass {
    /// Roots 01–05.
    VerbalCooperation = 1,
    /// Roots 06–09.
    MaterialCooperation = 2,
    /// Roots 10–14.
    VerbalConflict = 3,
    /// Roots 15–20.
    MaterialConflict = 4,
}

impl QuadClass {
    /// QuadClass of a CAMEO code (any length); `None` for a malformed code.
    pub fn of(code: &str) -> Option<QuadClass> {
        let root: u32 = code.get(..2)?.parse().ok()?;
        Some(match root {
            1..=5 => QuadClass::VerbalCooperation,
            6..=9 => QuadClass::MaterialCooperation,
            10..=14 => QuadClass::VerbalConflict,
            15..=20 => QuadClass::MaterialConflict,
            _ => return None,
        })
    }

    /// Numeric value 1–4.
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

/// One CAMEO code's entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CameoEntry {
    /// The code ("042").
    pub code: String,
    /// Description ("Make a visit").
    pub name: String,
    /// Goldstein scale value.
    pub goldstein: f64,
    /// PLOVER event type, when the crosswalk has one.
    pub plover: Option<String>,
    /// PLOVER mode, when given.
    pub plover_mode: Option<String>,
    /// PLOVER context(s), when given.
    pub plover_context: Option<String>,
}

/// CAMEO codebook with Goldstein and PLOVER crosswalk.
#[derive(Debug, Clone, Default)]
pub struct Codebook {
    entries: BTreeMap<String, CameoEntry>,
}

impl Codebook {
    /// Loads from a directory holding `CAMEO.eventcodes.txt`, `CAMEO.goldsteinscale.txt` and
    /// `CAMEO2PLOVER-2021.txt`.
    pub fn load(dir: &Path) -> Result<Codebook, CodebookError> {
        let names = read(&dir.join("CAMEO.eventcodes.txt"))?;
        let gold = read(&dir.join("CAMEO.goldsteinscale.txt"))?;
        let plover = read(&dir.join("CAMEO2PLOVER-2021.txt"))?;
        Codebook::parse(&names, &gold, &plover).map_err(|(file, line, msg)| CodebookError::Parse {
            path: dir.join(file),
            line,
            msg,
        })
    }

    /// Parses the three files' contents.
    #[allow(clippy::type_complexity)]
    pub fn parse(
        eventcodes: &str,
        goldstein: &str,
        plover: &str,
    ) -> Result<Codebook, (&'static str, usize, String)> {
        let mut entries = BTreeMap::new();
        for (i, line) in eventcodes.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let (code, name) = line.split_once('\t').ok_or((
                "CAMEO.eventcodes.txt",
                i + 1,
                "expected CODE<TAB>DESCRIPTION".to_string(),
            ))?;
            entries.insert(
                code.trim().to_string(),
                CameoEntry {
                    code: code.trim().to_string(),
                    name: name.trim().to_string(),
                    goldstein: 0.0,
                    plover: None,
                    plover_mode: None,
                    plover_context: None,
                },
            );
        }
        for (i, line) in goldstein.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let (code, g) = line.split_once('\t').ok_or((
                "CAMEO.goldsteinscale.txt",
                i + 1,
                "expected CODE<TAB>SCORE".to_string(),
            ))?;
            let g: f64 = g.trim().parse().map_err(|_| {
                (
                    "CAMEO.goldsteinscale.txt",
                    i + 1,
                    format!("bad score {g:?}"),
                )
            })?;
            if let Some(e) = entries.get_mut(code.trim()) {
                e.goldstein = g;
            }
        }
        for line in plover.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            let mut parts = rest.split(',').map(|s| s.trim());
            let nonempty = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
            let ty = nonempty(parts.next());
            let mode = nonempty(parts.next());
            let ctx = nonempty(Some(&parts.collect::<Vec<_>>().join(",")));
            if let Some(e) = entries.get_mut(code.trim()) {
                e.plover = ty;
                e.plover_mode = mode;
                e.plover_context = ctx;
            }
        }
        Ok(Codebook { entries })
    }

    /// Entry for an exact code.
    pub fn get(&self, code: &str) -> Option<&CameoEntry> {
        self.entries.get(code)
    }

    /// Goldstein score of a code, falling back to its parent codes.
    pub fn goldstein(&self, code: &str) -> Option<f64> {
        self.walk_up(code, |e| Some(e.goldstein))
    }

    /// PLOVER (type, mode) of a code, falling back to parent codes.
    pub fn plover(&self, code: &str) -> Option<(String, Option<String>)> {
        self.walk_up(code, |e| {
            e.plover.clone().map(|p| (p, e.plover_mode.clone()))
        })
    }

    /// Description of a code.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.entries.get(code).map(|e| e.name.as_str())
    }

    /// All entries in code order.
    pub fn entries(&self) -> impl Iterator<Item = &CameoEntry> {
        self.entries.values()
    }

    fn walk_up<T>(&self, code: &str, f: impl Fn(&CameoEntry) -> Option<T>) -> Option<T> {
        let mut c = code;
        while c.len() >= 2 {
            if let Some(v) = self.entries.get(c).and_then(&f) {
                return Some(v);
            }
            c = &c[..c.len() - 1];
        }
        None
    }
}

fn read(path: &Path) -> Result<String, CodebookError> {
    std::fs::read_to_string(path).map_err(|source| CodebookError::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_project_codebook() {
        let cb = Codebook::load(&crate::paths::data_dir().join("codebook")).unwrap();
        assert_eq!(cb.name("042"), Some("Make a visit"));
        assert_eq!(cb.goldstein("042"), Some(1.9));
        assert_eq!(cb.plover("042").unwrap().0, "CONSULT");
        assert_eq!(cb.plover("0311").unwrap().0, "AGREE");
        assert_eq!(QuadClass::of("190"), Some(QuadClass::MaterialConflict));
        assert_eq!(QuadClass::of("042").map(QuadClass::as_u8), Some(1));
    }
}
