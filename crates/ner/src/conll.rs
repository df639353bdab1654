//! Reading CoNLL-style NER files: CoNLL-2003 (`word POS chunk NER`, `-DOCSTART-`), two-column
//! `word TAG`, and CoNLL-U-like files with an IOB column (UNER: `id word TAG ...`, `# newdoc`).
//! Tags are normalised to IOB2 (IOB1 and BIOES are converted) and labels mapped to the
//! CoNLL names (`PERSON` → `PER`, `GPE`/`LOCATION` → `LOC`, ...).

use anyhow::{Context, Result};
use std::path::Path;

/// A sentence with gold tags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaggedSentence {
    /// Tokens.
    pub words: Vec<String>,
    /// IOB2 tags, one per token.
    pub tags: Vec<String>,
}

/// A document: sentences that share document-level context.
pub type TaggedDoc = Vec<TaggedSentence>;

/// Maps a label spelled by another corpus onto the CoNLL set (unknown labels pass through).
pub fn map_label(l: &str) -> String {
    match l.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" | "PERS" => "PER".into(),
        "ORG" | "ORGANIZATION" | "ORGANISATION" => "ORG".into(),
        "LOC" | "LOCATION" | "GPE" => "LOC".into(),
        "MISC" | "OTH" | "OTHER" | "MISCELLANEOUS" => "MISC".into(),
        other => other.into(),
    }
}

fn is_tag(s: &str) -> bool {
    s == "O"
        || (s.len() > 2
            && matches!(&s[..2], "B-" | "I-" | "E-" | "S-" | "L-" | "U-")
            && s[2..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// Normalises a tag sequence to IOB2 with mapped labels.
pub fn to_iob2(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    let mut prev_label: Option<String> = None;
    for t in tags {
        if t == "O" || t.len() < 3 {
            out.push("O".into());
            prev_label = None;
            continue;
        }
        let label = map_label(&t[2..]);
        let begin = match &t[..2] {
            "B-" | "S-" | "U-" => true,
            _ => prev_label.as_deref() != Some(label.as_str()),
        };
        out.push(format!("{}-{label}", if begin { "B" } else { "I" }));
        // A single/last marker closes the entity for the next token.
        prev_label = match &t[..2] {
            "S-" | "U-" | "E-" | "L-" => None,
            _ => Some(label),
        };
    }
    out
}

/// Parses a CoNLL/IOB file into documents.
pub fn read_file(path: &Path) -> Result<Vec<TaggedDoc>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading CoNLL file {}", path.display()))?;
    Ok(parse(&text))
}

/// Parses CoNLL/IOB text into documents (files without document markers give one document).
pub fn parse(text: &str) -> Vec<TaggedDoc> {
    let mut docs: Vec<TaggedDoc> = Vec::new();
    let mut doc: TaggedDoc = Vec::new();
    let mut sent = TaggedSentence::default();
    let mut raw_tags: Vec<String> = Vec::new();
    let flush_sent = |doc: &mut TaggedDoc, sent: &mut TaggedSentence, raw: &mut Vec<String>| {
        if !sent.words.is_empty() {
            sent.tags = to_iob2(raw);
            doc.push(std::mem::take(sent));
        }
        raw.clear();
    };
    // CoNLL-U-like files start with comments or a token numbered 1; decided once per file
    // so that a number in the word column of a CoNLL-2003 file is not taken for an id.
    let conllu = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with("-DOCSTART-"))
        .is_some_and(|l| l.starts_with('#') || l.split(['\t', ' ']).next() == Some("1"));
    for line in text.lines() {
        let line = line.trim_end_matches(['\r', '\n']);
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        if cols.is_empty() || cols.iter().all(|c| c.trim().is_empty()) {
            flush_sent(&mut doc, &mut sent, &mut raw_tags);
            continue;
        }
        let new_doc = cols[0] == "-DOCSTART-" || line.starts_with("# newdoc");
        if new_doc {
            flush_sent(&mut doc, &mut sent, &mut raw_tags);
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        if conllu && line.starts_with('#') {
            continue;
        }
        // CoNLL-U-like: numeric id first; skip multi-word ranges and empty nodes.
        let word_col = if !conllu {
            0
        } else if cols[0].chars().all(|c| c.is_ascii_digit()) && cols.len() >= 3 {
            1
        } else {
            continue;
        };
        let tag = cols[word_col + 1..]
            .iter()
            .rev()
            .map(|c| c.trim())
            .find(|c| is_tag(c))
            .unwrap_or("O");
        sent.words.push(cols[word_col].trim().to_string());
        raw_tags.push(tag.to_string());
    }
    flush_sent(&mut doc, &mut sent, &mut raw_tags);
    if !doc.is_empty() {
        docs.push(doc);
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_conll2003_and_uner() {
        let c = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ I-NP I-MISC\n\n-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n";
        let d = parse(c);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0][0].tags, vec!["B-ORG", "O", "B-MISC"]);
        assert_eq!(d[1][0].words, vec!["Peter", "Blackburn"]);
        let u = "# newdoc id = x\n# sent_id = x-1\n# text = Is Miramar in New York\n1\tIs\tO\t-\t-\n2\tMiramar\tB-LOC\t-\ts\n3\tin\tO\t-\t-\n4\tNew\tB-GPE\t-\t-\n5\tYork\tI-GPE\t-\t-\n";
        let d = parse(u);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0][0].tags, vec!["O", "B-LOC", "O", "B-LOC", "I-LOC"]);
    }

    #[test]
    fn bioes_to_iob2() {
        let t: Vec<String> = ["S-PER", "B-ORG", "E-ORG", "I-LOC", "O", "I-LOC", "I-LOC"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            to_iob2(&t),
            vec!["B-PER", "B-ORG", "I-ORG", "B-LOC", "O", "B-LOC", "I-LOC"]
        );
    }
}
