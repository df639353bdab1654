//! Rule-based lemmatiser: suffix rules checked against a lexicon of known lemmas, plus an
//! exception table (irregular forms). Both tables are learned from the training treebank and
//! extended by the hand-written irregular list `data/models/tagger.lemmas.tsv`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{Read, Write};

use crate::perceptron::{read_str, read_u32, write_str};

/// Lemmatiser tables.
#[derive(Default, Clone)]
pub struct Lemmatizer {
    /// `(lower form, XPOS)` → lemma.
    exceptions: HashMap<(String, String), String>,
    /// Lower form → lemma for any verb-like XPOS (from the irregular list).
    irregular: HashMap<String, String>,
    /// Known lemmas, used to choose between suffix-rule candidates.
    lexicon: HashSet<String>,
}

fn undouble(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 3
        && b[n - 1] == b[n - 2]
        && !matches!(b[n - 1], b'l' | b's' | b'z' | b'f' | b'e' | b'o')
    {
        Some(s[..n - 1].to_string())
    } else {
        None
    }
}

impl Lemmatizer {
    /// The rule-based guess, without the exception tables.
    fn rules(&self, lower: &str, xpos: &str) -> String {
        let pick = |cands: Vec<String>, fallback: String| -> String {
            cands
                .into_iter()
                .find(|c| self.lexicon.contains(c))
                .unwrap_or(fallback)
        };
        match xpos {
            "NNS" | "VBZ" | "NNPS" => {
                if let Some(st) = lower.strip_suffix("ies") {
                    if st.len() > 1 {
                        return format!("{st}y");
                    }
                }
                if let Some(st) = lower.strip_suffix("es") {
                    let c = vec![st.to_string(), format!("{st}e")];
                    let fb = if st.ends_with("ss")
                        || st.ends_with("ch")
                        || st.ends_with("sh")
                        || st.ends_with('x')
                        || st.ends_with('z')
                    {
                        st.to_string()
                    } else {
                        format!("{st}e")
                    };
                    return pick(c, fb);
                }
                if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
                    return lower.to_string();
                }
                if let Some(st) = lower.strip_suffix('s') {
                    if !st.is_empty() {
                        return st.to_string();
                    }
                }
                lower.to_string()
            }
            "VBD" | "VBN" => {
                if let Some(st) = lower.strip_suffix("ied") {
                    if st.len() > 1 {
                        return format!("{st}y");
                    }
                }
                if let Some(st) = lower.strip_suffix("ed") {
                    if st.len() >= 2 {
                        let mut c = vec![st.to_string(), format!("{st}e")];
                        if let Some(u) = undouble(st) {
                            c.insert(0, u);
                        }
                        let fb = suffix_guess(st);
                        return pick(c, fb);
                    }
                }
                lower.to_string()
            }
            "VBG" => {
                if let Some(st) = lower.strip_suffix("ing") {
                    if st.len() >= 2 {
                        let mut c = vec![st.to_string(), format!("{st}e")];
                        if let Some(u) = undouble(st) {
                            c.insert(0, u);
                        }
                        if let Some(y) = st.strip_suffix('y') {
                            c.push(format!("{y}ie"));
                        }
                        let fb = suffix_guess(st);
                        return pick(c, fb);
                    }
                }
                lower.to_string()
            }
            "JJR" | "RBR" | "JJS" | "RBS" => {
                let suf = if xpos.ends_with('R') { "er" } else { "est" };
                if let Some(st) = lower.strip_suffix(suf) {
                    if st.len() >= 2 {
                        let mut c = vec![st.to_string(), format!("{st}e")];
                        if let Some(u) = undouble(st) {
                            c.insert(0, u);
                        }
                        if let Some(y) = st.strip_suffix('i') {
                            c.push(format!("{y}y"));
                        }
                        return pick(c, lower.to_string());
                    }
                }
                lower.to_string()
            }
            _ => lower.to_string(),
        }
    }

    /// Lemma of `form` with tags `upos`/`xpos`.
    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> String {
        let lower = form.to_lowercase().replace('\u{2019}', "'");
        if let Some(l) = self.exceptions.get(&(lower.clone(), xpos.to_string())) {
            return l.clone();
        }
        let base_form = xpos == "VB"
            || (xpos == "VBP" && !matches!(lower.as_str(), "are" | "am" | "'re" | "'m" | "'ve"));
        if (xpos.starts_with("VB") || upos == "VERB" || upos == "AUX") && !base_form {
            if let Some(l) = self.irregular.get(&lower) {
                return l.clone();
            }
        }
        if upos == "PROPN" {
            return form.to_string();
        }
        self.rules(&lower, xpos)
    }

    /// Builds the tables from `(form, upos, xpos, lemma)` training words and an irregular list.
    pub fn train<'a>(
        words: impl Iterator<Item = (&'a str, &'a str, &'a str, &'a str)> + Clone,
        irregular_tsv: &str,
    ) -> Lemmatizer {
        let mut lex = Lemmatizer {
            irregular: parse_irregular(irregular_tsv),
            ..Default::default()
        };
        for (_, upos, _, lemma) in words.clone() {
            if upos != "PROPN" {
                lex.lexicon.insert(lemma.to_lowercase());
            }
        }
        for l in lex.irregular.values() {
            lex.lexicon.insert(l.clone());
        }
        let mut counts: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
        for (form, _, xpos, lemma) in words.clone() {
            let key = (form.to_lowercase(), xpos.to_string());
            *counts
                .entry(key)
                .or_default()
                .entry(lemma.to_string())
                .or_default() += 1;
        }
        let upos_of: BTreeMap<(String, String), String> = words
            .map(|(f, u, x, _)| ((f.to_lowercase(), x.to_string()), u.to_string()))
            .collect();
        for (key, c) in counts {
            let Some((best, _)) = c.iter().max_by_key(|(_, n)| **n) else {
                continue;
            };
            let upos = upos_of.get(&key).map(String::as_str).unwrap_or("");
            if upos == "PROPN" {
                continue;
            }
            let guess = lex.lemma(&key.0, upos, &key.1);
            if &guess != best {
                lex.exceptions.insert(key, best.clone());
            }
        }
        lex
    }

    /// Serialises the tables (sorted, deterministic).
    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        let ex: BTreeMap<_, _> = self.exceptions.iter().collect();
        w.write_all(&(ex.len() as u32).to_le_bytes())?;
        for ((f, x), l) in ex {
            write_str(w, f)?;
            write_str(w, x)?;
            write_str(w, l)?;
        }
        let ir: BTreeMap<_, _> = self.irregular.iter().collect();
        w.write_all(&(ir.len() as u32).to_le_bytes())?;
        for (f, l) in ir {
            write_str(w, f)?;
            write_str(w, l)?;
        }
        let lx: BTreeSet<_> = self.lexicon.iter().collect();
        w.write_all(&(lx.len() as u32).to_le_bytes())?;
        for l in lx {
            write_str(w, l)?;
        }
        Ok(())
    }

    /// Reads tables written by [`Lemmatizer::write`].
    pub fn read(r: &mut impl Read) -> anyhow::Result<Lemmatizer> {
        let mut lex = Lemmatizer::default();
        for _ in 0..read_u32(r)? {
            let f = read_str(r)?;
            let x = read_str(r)?;
            lex.exceptions.insert((f, x), read_str(r)?);
        }
        for _ in 0..read_u32(r)? {
            let f = read_str(r)?;
            lex.irregular.insert(f, read_str(r)?);
        }
        for _ in 0..read_u32(r)? {
            lex.lexicon.insert(read_str(r)?);
        }
        Ok(lex)
    }
}

fn suffix_guess(st: &str) -> String {
    // Without a lexicon entry: "hoped" -> "hope" when the stem ends consonant-vowel-consonant
    // is unreliable; the bare stem is right more often.
    if let Some(u) = undouble(st) {
        return u;
    }
    let b = st.as_bytes();
    let n = b.len();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    if n >= 2 && (st.ends_with('v') || st.ends_with('z') || (st.ends_with('c') && !vowel(b[n - 2])))
    {
        return format!("{st}e");
    }
    if n >= 2
        && (st.ends_with("at")
            || st.ends_with("iz")
            || st.ends_with("ur")
            || st.ends_with("ag") && n > 4)
    {
        return format!("{st}e");
    }
    st.to_string()
}

/// Parses `form<TAB>lemma` lines (`#` comments allowed).
pub fn parse_irregular(tsv: &str) -> HashMap<String, String> {
    tsv.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut it = l.split('\t');
            Some((
                it.next()?.trim().to_lowercase(),
                it.next()?.trim().to_lowercase(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_irregulars() {
        let words = vec![
            ("visit", "VERB", "VB", "visit"),
            ("hope", "VERB", "VB", "hope"),
        ];
        let l = Lemmatizer::train(words.into_iter(), "met\tmeet\nheld\thold\n");
        assert_eq!(l.lemma("visited", "VERB", "VBD"), "visit");
        assert_eq!(l.lemma("met", "VERB", "VBD"), "meet");
        assert_eq!(l.lemma("held", "VERB", "VBN"), "hold");
        assert_eq!(l.lemma("hoped", "VERB", "VBD"), "hope");
        assert_eq!(l.lemma("stopped", "VERB", "VBD"), "stop");
        assert_eq!(l.lemma("countries", "NOUN", "NNS"), "country");
        assert_eq!(l.lemma("Paris", "PROPN", "NNP"), "Paris");
        let mut buf = Vec::new();
        l.write(&mut buf).unwrap();
        let l2 = Lemmatizer::read(&mut buf.as_slice()).unwrap();
        assert_eq!(l2.lemma("met", "VERB", "VBD"), "meet");
    }
}
