//! The sub-token view: each token's letter runs, ASCII digit runs and single other characters,
//! in text order with byte spans. Atoms never cross a token boundary.

use vigil_core::Token;

/// What an atom is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomKind {
    /// A maximal run of alphabetic characters within one token.
    Alpha,
    /// A maximal run of ASCII digits within one token.
    Digit,
    /// Any other single character (punctuation, symbols, other numerals).
    Other,
}

/// One atom of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Atom {
    /// First byte in the text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Class.
    pub kind: AtomKind,
    /// Index of the token the atom lies in.
    pub token: usize,
}

fn kind_of(c: char) -> AtomKind {
    if c.is_alphabetic() {
        AtomKind::Alpha
    } else if c.is_ascii_digit() {
        AtomKind::Digit
    } else {
        AtomKind::Other
    }
}

/// The atoms of `tokens` (produced by [`crate::tokenize`] over `text`), in text order.
pub fn atoms(text: &str, tokens: &[Token]) -> Vec<Atom> {
    let mut out = Vec::with_capacity(tokens.len() * 2);
    for (ti, t) in tokens.iter().enumerate() {
        let (ts, te) = (t.span.start(), t.span.end());
        let Some(covered) = text.get(ts..te) else {
            continue;
        };
        let mut run: Option<(usize, AtomKind)> = None;
        for (off, c) in covered.char_indices() {
            let k = kind_of(c);
            let pos = ts + off;
            match run {
                Some((_, rk)) if rk == k && k != AtomKind::Other => {}
                Some((s, rk)) => {
                    out.push(atom(s, pos, rk, ti));
                    run = Some((pos, k));
                }
                None => run = Some((pos, k)),
            }
        }
        if let Some((s, rk)) = run {
            out.push(atom(s, te, rk, ti));
        }
    }
    out
}

fn atom(start: usize, end: usize, kind: AtomKind, token: usize) -> Atom {
    Atom {
        start,
        end,
        kind,
        token,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn view(s: &str) -> Vec<(&str, AtomKind, usize)> {
        let (_, toks) = tokenize(s);
        atoms(s, &toks)
            .into_iter()
            .map(|a| (&s[a.start..a.end], a.kind, a.token))
            .collect()
    }

    #[test]
    fn splits_inside_tokens_only() {
        use AtomKind::*;
        assert_eq!(
            view("U.S. 3pm o'clock"),
            [
                ("U", Alpha, 0),
                (".", Other, 0),
                ("S", Alpha, 0),
                (".", Other, 0),
                ("3", Digit, 1),
                ("pm", Alpha, 1),
                ("o", Alpha, 2),
                ("'", Other, 2),
                ("clock", Alpha, 2),
            ]
        );
        // "cannot" is two tokens, so two letter runs.
        assert_eq!(view("cannot").len(), 2);
        assert!(view("").is_empty());
    }
}
