//! A small rule-based tokenizer and sentence splitter.
//!
//! The coder normally reads the tokens the NLP stage produced; this exists so that the coder
//! still works (and its tests run) on a document that has no token layer, and so that dictionary
//! phrases are split into words exactly the way text is.

use vigil_core::{AnnotatedDoc, Sentence, Span, Token};

/// Abbreviations after which a period does not end a sentence.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "gov", "sen",
    "rep", "st", "jr", "sr", "no", "vs", "etc", "inc", "corp", "ltd", "co", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "rev", "hon", "pres", "amb",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `text` into word tokens as byte spans (relative to `text`).
///
/// Words keep internal hyphens, apostrophes of contractions are split off ("Russia's" →
/// "Russia", "'s"; "didn't" → "did", "n't"), and dotted abbreviations ("U.S.", "U.N.") stay
/// whole.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let end_of = |k: usize| if k < n { chars[k].0 } else { text.len() };
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        let j = if c.is_whitespace() {
            i + 1
        } else if is_word_char(c) {
            let j = word_end(&chars, i);
            out.push((chars[i].0, end_of(j)));
            j
        } else if c == '\'' || c == '’' {
            apostrophe(text, &chars, i, &mut out)
        } else {
            // Any other character is its own token ("--" and "..." kept together).
            let mut j = i + 1;
            if c == '-' || c == '.' {
                while j < n && chars[j].1 == c {
                    j += 1;
                }
            }
            out.push((chars[i].0, end_of(j)));
            j
        };
        i = j;
    }
    out
}

/// One past the last char of the word starting at char `start`: internal hyphens, dots,
/// ampersands and slashes stay inside ("U.S", "al-Qaeda", "AT&T", "SPLM/A"), and the final
/// period of a dotted abbreviation, a single capital or a listed abbreviation is taken.
fn word_end(chars: &[(usize, char)], start: usize) -> usize {
    let n = chars.len();
    let mut j = start;
    while j < n {
        let cj = chars[j].1;
        if is_word_char(cj) {
            j += 1;
        } else if matches!(cj, '-' | '.' | '&' | '/') && j + 1 < n && is_word_char(chars[j + 1].1) {
            if cj == '.' && !chars[j + 1].1.is_alphabetic() && !chars[start].1.is_numeric() {
                break;
            }
            j += 1;
        } else {
            break;
        }
    }
    // Dotted abbreviation: "U.S." — single letters separated by periods.
    if j < n && chars[j].1 == '.' {
        let word: String = chars[start..j].iter().map(|x| x.1).collect();
        let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
        let single_cap = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if dotted || single_cap || ABBREV.contains(&word.to_lowercase().as_str()) {
            j += 1;
        }
    }
    j
}

/// The token(s) at an apostrophe (char `i`): a clitic ("'s", "'re", "'ll" …; "n't" takes the
/// "n" from the word before it) or the apostrophe alone. Returns the next char index.
fn apostrophe(
    text: &str,
    chars: &[(usize, char)],
    i: usize,
    out: &mut Vec<(usize, usize)>,
) -> usize {
    let n = chars.len();
    let end_of = |k: usize| if k < n { chars[k].0 } else { text.len() };
    let mut j = i + 1;
    while j < n && chars[j].1.is_alphabetic() {
        j += 1;
    }
    let suffix: String = chars[i + 1..j]
        .iter()
        .map(|x| x.1.to_ascii_lowercase())
        .collect();
    if !(j > i + 1 && matches!(suffix.as_str(), "s" | "re" | "ll" | "ve" | "d" | "m" | "t")) {
        out.push((chars[i].0, end_of(i + 1)));
        return i + 1;
    }
    if suffix == "t" {
        if let Some(&(la, lb)) = out.last() {
            let prev = &text[la..lb];
            if prev.len() > 1 && lb == chars[i].0 && prev.to_lowercase().ends_with('n') {
                let k = out.len() - 1;
                out[k].1 = lb - 1;
                out.push((lb - 1, end_of(j)));
                return j;
            }
        }
    }
    out.push((chars[i].0, end_of(j)));
    j
}

/// Splits text into words (for dictionary phrases).
pub fn words(text: &str) -> Vec<&str> {
    word_spans(text)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect()
}

/// Tokenizes the whole document and fills `sentences` and `tokens` (only when the token layer
/// is empty; a token layer without sentences gets one sentence).
pub fn ensure_tokens(doc: &mut AnnotatedDoc) {
    if !doc.tokens.is_empty() {
        if doc.sentences.is_empty() {
            let end = doc.tokens.len();
            let span = doc.tokens[0].span.cover(doc.tokens[end - 1].span);
            doc.sentences.push(Sentence {
                span,
                token_start: 0,
                token_end: end,
            });
        }
        return;
    }
    let text = &doc.doc.text;
    let spans = word_spans(text);
    let tok = |k: usize| &text[spans[k].0..spans[k].1];
    let mut sentences = Vec::new();
    let mut start = 0usize;
    let mut k = 0usize;
    while k < spans.len() {
        let t = tok(k);
        let is_end = matches!(t, "." | "!" | "?" | "..." | "…")
            || (t.len() > 1 && t.ends_with('.') && abbrev_may_end(t, k + 1 == spans.len()));
        if is_end {
            let mut end = k + 1;
            while end < spans.len() && matches!(tok(end), "\"" | "”" | "'" | "’" | ")") {
                end += 1;
            }
            let next_starts = match spans.get(end) {
                None => true,
                Some(&(na, nb)) => {
                    let nt = &text[na..nb];
                    let c = nt.chars().next().unwrap_or(' ');
                    c.is_uppercase() || c.is_numeric() || matches!(nt, "\"" | "“" | "(")
                }
            };
            if next_starts {
                sentences.push((start, end));
                start = end;
                k = end;
                continue;
            }
        }
        k += 1;
    }
    if start < spans.len() {
        sentences.push((start, spans.len()));
    }
    doc.tokens = spans
        .iter()
        .map(|&(a, b)| Token::new(Span::new(a, b), &text[a..b]))
        .collect();
    doc.sentences = sentences
        .into_iter()
        .map(|(a, b)| Sentence {
            span: Span::new(spans[a].0, spans[b - 1].1),
            token_start: a,
            token_end: b,
        })
        .collect();
}

fn abbrev_may_end(t: &str, at_end: bool) -> bool {
    // A dotted abbreviation ("U.S.") ends a sentence only when the next word is capitalised
    // (checked by the caller); a title ("Mr.") never does.
    let core = t.trim_end_matches('.').to_lowercase();
    if ABBREV.contains(&core.as_str()) {
        return at_end;
    }
    core.contains('.') || at_end
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::Document;

    #[test]
    fn splits_possessive_and_keeps_abbreviations() {
        let w = words("Russia's U.S. envoy didn't meet al-Qaeda (SVR).");
        assert_eq!(
            w,
            vec![
                "Russia", "'s", "U.S.", "envoy", "did", "n't", "meet", "al-Qaeda", "(", "SVR", ")",
                "."
            ]
        );
    }

    #[test]
    fn sentences() {
        let mut d = AnnotatedDoc::new(Document::new(
            None,
            "Mr. Smith went to Baku. He met the U.S. envoy there. \"Why?\" he asked.".into(),
        ));
        ensure_tokens(&mut d);
        assert_eq!(d.sentences.len(), 3, "{:?}", d.sentences);
        assert_eq!(d.text_of(d.sentences[0].span), "Mr. Smith went to Baku.");
    }
}
