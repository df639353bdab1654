//! The PLV sentence format: a TSV with a header, whose `marked_sentence` column marks one source
//! (`<s>…</s>`) and one target (`<t>…</t>`) and whose `gold_root` column holds the PLOVER type.

use crate::types::PloverType;
use anyhow::{bail, Context, Result};
use std::path::Path;
use vigil_core::Span;

/// One PLV record: the sentence without marks and the byte spans of its marked mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlvRecord {
    /// The `sentence_id` column, or the line number.
    pub id: String,
    /// The sentence with the marks removed.
    pub text: String,
    /// The marked source mention in `text`.
    pub source: Span,
    /// The marked target mention in `text`.
    pub target: Span,
    /// Gold type.
    pub label: PloverType,
}

/// Reads a PLV TSV file. Records whose marks or type cannot be read are skipped and counted in
/// the second value.
pub fn read_plv(path: &Path) -> Result<(Vec<PlvRecord>, usize)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_plv(&text).with_context(|| format!("in {}", path.display()))
}

/// Parses PLV TSV text (see [`read_plv`]).
pub fn parse_plv(text: &str) -> Result<(Vec<PlvRecord>, usize)> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(marked), Some(root)) = (col("marked_sentence"), col("gold_root")) else {
        bail!("not a PLV file: the header needs marked_sentence and gold_root columns");
    };
    let id_col = col("sentence_id");
    let (mut out, mut skipped) = (Vec::new(), 0);
    for (n, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let rec = f.get(marked).and_then(|m| unmark(m)).and_then(|(t, s, g)| {
            let label = PloverType::parse(f.get(root)?)?;
            let id = id_col
                .and_then(|c| f.get(c))
                .map_or_else(|| (n + 2).to_string(), |s| s.to_string());
            Some(PlvRecord {
                id,
                text: t,
                source: s,
                target: g,
                label,
            })
        });
        match rec {
            Some(r) => out.push(r),
            None => skipped += 1,
        }
    }
    Ok((out, skipped))
}

/// Removes the `<s>`/`<t>` marks, returning the text and the two spans (each present once,
/// not empty).
fn unmark(marked: &str) -> Option<(String, Span, Span)> {
    let mut text = String::with_capacity(marked.len());
    let (mut s, mut t) = ((None, None), (None, None));
    let mut rest = marked;
    while let Some(i) = rest.find('<') {
        text.push_str(&rest[..i]);
        let after = &rest[i..];
        let tag = ["<s>", "</s>", "<t>", "</t>"]
            .into_iter()
            .find(|m| after.starts_with(m));
        let pos = Some(text.len());
        match tag {
            Some("<s>") if s.0.is_none() => s.0 = pos,
            Some("</s>") if s.1.is_none() => s.1 = pos,
            Some("<t>") if t.0.is_none() => t.0 = pos,
            Some("</t>") if t.1.is_none() => t.1 = pos,
            Some(_) => return None,
            None => {
                text.push('<');
                rest = &after[1..];
                continue;
            }
        }
        rest = &after[tag.map_or(1, str::len)..];
    }
    text.push_str(rest);
    let span = |(a, b): (Option<usize>, Option<usize>)| match (a, b) {
        (Some(a), Some(b)) if a < b => Some(Span::new(a, b)),
        _ => None,
    };
    Some((text, span(s)?, span(t)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_marks_and_types() {
        let tsv = "\tsentence_id\tmarked_sentence\tgold_root\n\
                   0\t7\t<s>Ruritania</s> shelled <t>the border town</t> again.\tASSAULT\n\
                   1\t8\tWithout marks.\tASSAULT\n\
                   2\t9\t<t>Freedonia</t> was asked by <s>Sylvania</s> a < b\tretreat\n";
        let (recs, skipped) = parse_plv(tsv).unwrap();
        assert_eq!(skipped, 1);
        assert_eq!(recs.len(), 2);
        let r = &recs[0];
        assert_eq!(r.id, "7");
        assert_eq!(&r.text[r.source.start()..r.source.end()], "Ruritania");
        assert_eq!(&r.text[r.target.start()..r.target.end()], "the border town");
        assert_eq!(recs[1].label, PloverType::Yield);
        assert!(recs[1].text.ends_with("a < b"));
        assert!(parse_plv("a\tb\n").is_err());
    }
}
