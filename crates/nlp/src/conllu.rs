//! Minimal CoNLL-U reader: basic tokens only (multiword-token lines and empty nodes skipped,
//! as in the CoNLL 2018 evaluation on gold tokenisation).

use anyhow::Context;
use std::path::Path;

/// One syntactic word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UdWord {
    /// Word form.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal POS.
    pub upos: String,
    /// Language-specific (PTB) POS.
    pub xpos: String,
    /// Head: 0 for root, else 1-based index of the head word.
    pub head: usize,
    /// Dependency relation (with subtype).
    pub deprel: String,
}

/// A sentence of words.
pub type UdSentence = Vec<UdWord>;

/// Parses CoNLL-U text.
pub fn parse(text: &str) -> anyhow::Result<Vec<UdSentence>> {
    let mut out = Vec::new();
    let mut cur: UdSentence = Vec::new();
    for (ln, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        anyhow::ensure!(cols.len() == 10, "line {}: expected 10 columns", ln + 1);
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .with_context(|| format!("line {}: bad head", ln + 1))?
        };
        cur.push(UdWord {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    for (i, s) in out.iter().enumerate() {
        for w in s {
            anyhow::ensure!(w.head <= s.len(), "sentence {}: head out of range", i + 1);
        }
    }
    Ok(out)
}

/// Reads a CoNLL-U file.
pub fn read(path: &Path) -> anyhow::Result<Vec<UdSentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&text).with_context(|| format!("parsing {}", path.display()))
}
