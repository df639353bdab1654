//! Throughput measurement helpers and the Reuters-21578 SGML reader used by `vigil bench`.

use crate::annotate::Nlp;
use anyhow::Context;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use vigil_core::{AnnotatedDoc, Annotator, Document};

/// Result of a throughput run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchResult {
    /// Sentences produced.
    pub sentences: usize,
    /// Tokens produced.
    pub tokens: usize,
    /// Wall-clock seconds for tokenise+tag+parse (document construction excluded).
    pub seconds: f64,
    /// CPU seconds used by the annotating thread (Linux `/proc/thread-self/stat`; `None`
    /// elsewhere). On a busy machine this, not `seconds`, is the per-core cost.
    pub cpu_seconds: Option<f64>,
}

/// CPU time consumed by the calling thread so far, in seconds (Linux only).
pub fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on every mainstream Linux configuration.
    Some(ticks / 100.0)
}

/// Runs the full stage over `texts` on the calling thread.
pub fn bench_text(nlp: &Nlp, texts: &[String]) -> BenchResult {
    let docs: Vec<AnnotatedDoc> = texts
        .iter()
        .map(|t| AnnotatedDoc::new(Document::new(None, t.clone())))
        .collect();
    let (mut sentences, mut tokens) = (0, 0);
    let start = Instant::now();
    let cpu0 = thread_cpu_seconds();
    for mut d in docs {
        if nlp.annotate(&mut d).is_ok() {
            sentences += d.sentences.len();
            tokens += d.tokens.len();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = match (cpu0, thread_cpu_seconds()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    BenchResult {
        sentences,
        tokens,
        seconds,
        cpu_seconds,
    }
}

/// Decodes the SGML character entities used in Reuters-21578.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e <= 8);
        match end {
            Some(e) => {
                let ent = &tail[1..e];
                let rep = match ent {
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => ent
                        .strip_prefix('#')
                        .and_then(|n| n.parse::<u32>().ok())
                        .and_then(char::from_u32)
                        .filter(|c| !c.is_control() || c.is_whitespace()),
                };
                match rep {
                    Some(c) => out.push(c),
                    None if ent.starts_with('#') => {}
                    None => out.push_str(&tail[..=e]),
                }
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads the `<BODY>` texts of the Reuters-21578 `reut2-*.sgm` files in `dir` (file order,
/// then document order), entities decoded; at most `limit` texts.
pub fn read_reuters(dir: &Path, limit: Option<usize>) -> anyhow::Result<Vec<String>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut rest: &str = &text;
        while let Some(i) = rest.find("<BODY>") {
            let after = &rest[i + 6..];
            let Some(j) = after.find("</BODY>") else {
                break;
            };
            let decoded = decode_entities(&after[..j]);
            let body = decoded
                .trim_end()
                .trim_end_matches("Reuter")
                .trim_end_matches("REUTER")
                .trim();
            if !body.is_empty() {
                out.push(body.to_string());
                if limit.is_some_and(|l| out.len() >= l) {
                    return Ok(out);
                }
            }
            rest = &after[j..];
        }
    }
    Ok(out)
}

/// Writes texts one JSON string per line (the input of `scripts/bench_spacy.py`).
pub fn write_texts_jsonl(texts: &[String], path: &Path) -> anyhow::Result<()> {
    let mut s = String::new();
    for t in texts {
        s.push_str(&serde_json::to_string(t)?);
        s.push('\n');
    }
    std::fs::write(path, s).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_bodies() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &amp; &#3;c &foo;"),
            "a <b> & c &foo;"
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("reut2-000.sgm"),
            "<REUTERS><TEXT><BODY>Oil rose &lt;1%&gt;.\n Reuter\n&#3;</BODY></TEXT></REUTERS>\
             <REUTERS><TEXT><BODY>Second.</BODY></TEXT></REUTERS>",
        )
        .unwrap();
        let t = read_reuters(dir.path(), None).unwrap();
        assert_eq!(t, vec!["Oil rose <1%>.".to_string(), "Second.".to_string()]);
        assert_eq!(read_reuters(dir.path(), Some(1)).unwrap().len(), 1);
        let b = bench_text(&Nlp::tokenizer_only(), &t);
        assert_eq!(b.sentences, 2);
    }
}
