//! Features of one (source, target, predicate) triple in a parsed sentence.
//!
//! Feature names are plain strings (`p=meet`, `path=nsubj↑obl↓`), so a model file can be read
//! and a prediction explained; the model keeps a vocabulary of those it was trained on.

use std::ops::Range;
use vigil_core::{AnnotatedDoc, Span, Token};

/// One triple: a sentence's tokens (tagged, lemmatised, parsed) and token ranges within it.
#[derive(Debug, Clone)]
pub struct Pair<'a> {
    /// The sentence's tokens; `head` indexes into this slice.
    pub tokens: &'a [Token],
    /// Source mention, as token indices into `tokens`.
    pub source: Range<usize>,
    /// Target mention, as token indices into `tokens`.
    pub target: Range<usize>,
    /// The predicate token, when the caller knows it (the coder's matched verb); else derived
    /// from the parse (the lowest common head of source and target).
    pub predicate: Option<usize>,
}

impl<'a> Pair<'a> {
    /// The triple for sentence `sentence` of `doc` with the given byte spans; `predicate` is a
    /// token index within the sentence. `None` when a span covers no token of the sentence.
    pub fn from_doc(
        doc: &'a AnnotatedDoc,
        sentence: usize,
        source: Span,
        target: Span,
        predicate: Option<usize>,
    ) -> Option<Pair<'a>> {
        let s = doc.sentences.get(sentence)?;
        let tokens = doc.tokens.get(s.token_start..s.token_end)?;
        Some(Pair {
            tokens,
            source: token_range(tokens, source)?,
            target: token_range(tokens, target)?,
            predicate: predicate.filter(|&p| p < tokens.len()),
        })
    }
}

/// The tokens overlapping `span`, as a range.
pub fn token_range(tokens: &[Token], span: Span) -> Option<Range<usize>> {
    let overlaps = |t: &Token| t.span.start() < span.end() && span.start() < t.span.end();
    let first = tokens.iter().position(overlaps)?;
    let last = tokens.iter().rposition(overlaps)?;
    Some(first..last + 1)
}

/// The head of a mention: its first token whose head lies outside it.
fn span_head(tokens: &[Token], r: &Range<usize>) -> usize {
    r.clone()
        .find(|&i| !matches!(tokens[i].head, Some(h) if r.contains(&h)))
        .unwrap_or(r.start)
}

/// `i` and its ancestors up to the root (bounded, so a malformed tree cannot loop).
fn ancestors(tokens: &[Token], i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut cur = i;
    while let Some(h) = tokens[cur].head.filter(|&h| h < tokens.len()) {
        if out.len() > tokens.len() || out.contains(&h) {
            break;
        }
        out.push(h);
        cur = h;
    }
    out
}

fn lemma(t: &Token) -> String {
    let l = if t.lemma.is_empty() {
        &t.text
    } else {
        &t.lemma
    };
    l.to_lowercase()
}

fn rel(t: &Token) -> &str {
    if t.deprel.is_empty() {
        "_"
    } else {
        &t.deprel
    }
}

/// The features of a triple, plus `extra` ones the caller supplies (the dictionary pattern or
/// CAMEO code), sorted and without repeats.
pub fn pair_features(p: &Pair, extra: &[String]) -> Vec<String> {
    let toks = p.tokens;
    let mut f: Vec<String> = vec!["bias".into()];
    if toks.is_empty() || p.source.end > toks.len() || p.target.end > toks.len() {
        return f;
    }
    let (sh, th) = (span_head(toks, &p.source), span_head(toks, &p.target));
    let (up, down) = path(toks, sh, th);
    let lca = up.last().copied().or(down.first().copied());
    let pred = p.predicate.or(lca).unwrap_or(sh);
    words(p, &mut f);
    predicate(toks, pred, &mut f);
    if let Some(l) = lca.filter(|&l| l != pred) {
        f.push(format!("lca={}", lemma(&toks[l])));
    }
    mention(toks, &p.source, sh, "s", &mut f);
    mention(toks, &p.target, th, "t", &mut f);
    path_features(toks, &up, &down, &mut f);
    f.push(format!(
        "order={}",
        if p.source.start <= p.target.start {
            "st"
        } else {
            "ts"
        }
    ));
    f.extend(extra.iter().map(|x| format!("x={x}")));
    f.sort();
    f.dedup();
    f
}

/// Sentence lemmas and lemma bigrams with the mentions masked as `<S>` and `<T>`, and the lemmas
/// between the two mentions.
fn words(p: &Pair, f: &mut Vec<String>) {
    let mut seq: Vec<String> = Vec::with_capacity(p.tokens.len());
    for (i, t) in p.tokens.iter().enumerate() {
        let w = if p.source.contains(&i) {
            "<S>".to_string()
        } else if p.target.contains(&i) {
            "<T>".to_string()
        } else {
            lemma(t)
        };
        if seq.last() != Some(&w) || !w.starts_with('<') {
            seq.push(w);
        }
    }
    for w in &seq {
        f.push(format!("w={w}"));
    }
    for (i, t) in p.tokens.iter().enumerate() {
        if !p.source.contains(&i) && !p.target.contains(&i) {
            f.push(format!("f={}", t.text.to_lowercase()));
        }
    }
    for b in seq.windows(2) {
        f.push(format!("b={}|{}", b[0], b[1]));
    }

    let (a, b) = if p.source.end <= p.target.start {
        (p.source.end, p.target.start)
    } else {
        (p.target.end, p.source.start)
    };
    for t in p.tokens.get(a..b).unwrap_or(&[]) {
        f.push(format!("bw={}", lemma(t)));
    }
}

/// The predicate's lemma, its head and its dependents (negation, modals, particles, objects).
fn predicate(toks: &[Token], pred: usize, f: &mut Vec<String>) {
    let t = &toks[pred];
    let pl = lemma(t);
    f.push(format!("p={pl}"));
    f.push(format!("pu={}", t.upos));
    if let Some(h) = t.head.and_then(|h| toks.get(h)) {
        f.push(format!("ph={}|{}", rel(t), lemma(h)));
        f.push(format!("ph={}", lemma(h)));
    }
    for c in toks.iter().filter(|c| c.head == Some(pred)) {
        let cl = lemma(c);
        f.push(format!("pc={}:{cl}", rel(c)));
        if matches!(rel(c), "xcomp" | "compound:prt" | "obj" | "ccomp") {
            f.push(format!("pp={pl}|{}:{cl}", rel(c)));
        }
    }
}

/// The mention's lemmas, its head's relation, governor ("talks with", "aid to") and case
/// marker ("against", "with").
fn mention(toks: &[Token], r: &Range<usize>, h: usize, side: &str, f: &mut Vec<String>) {
    let t = &toks[h];
    f.push(format!("{side}r={}", rel(t)));
    f.push(format!("{side}w={}", lemma(t)));
    for m in &toks[r.clone()] {
        f.push(format!("{side}m={}", lemma(m)));
    }
    if let Some(g) = t.head.and_then(|g| toks.get(g)) {
        f.push(format!("{side}g={}|{}", rel(t), lemma(g)));
    }
    for c in toks
        .iter()
        .filter(|c| c.head == Some(h) && rel(c) == "case")
    {
        f.push(format!("{side}case={}", lemma(c)));
        f.push(format!("{side}rc={}:{}", rel(t), lemma(c)));
    }
}

/// The path from `a` up to the lowest common ancestor (inclusive) and down to `b`; both empty
/// when `a` and `b` are in different trees.
fn path(toks: &[Token], a: usize, b: usize) -> (Vec<usize>, Vec<usize>) {
    let (ua, ub) = (ancestors(toks, a), ancestors(toks, b));
    let Some(ia) = ua.iter().position(|x| ub.contains(x)) else {
        return (Vec::new(), Vec::new());
    };
    let Some(ib) = ub.iter().position(|&x| x == ua[ia]) else {
        return (Vec::new(), Vec::new());
    };
    let up = ua[..=ia].to_vec();
    let mut down = ub[..ib].to_vec();
    down.reverse();
    (up, down)
}

/// The dependency path between the mention heads: relations with directions, and with the
/// lemmas of the nodes in between.
fn path_features(toks: &[Token], up: &[usize], down: &[usize], f: &mut Vec<String>) {
    if up.is_empty() {
        f.push("path=none".into());
        return;
    }
    let mut rels = String::new();
    let mut lex = String::new();
    for &i in &up[..up.len() - 1] {
        rels.push_str(&format!("{}↑", rel(&toks[i])));
    }
    let top = lemma(&toks[up[up.len() - 1]]);
    for &i in down {
        rels.push_str(&format!("{}↓", rel(&toks[i])));
    }
    for &i in up.iter().skip(1).chain(down.iter().rev().skip(1)) {
        lex.push_str(&lemma(&toks[i]));
        lex.push(' ');
    }
    let len = up.len() + down.len() - 1;
    f.push(format!("path={rels}"));
    f.push(format!("pathl={rels}|{lex}"));
    f.push(format!("pathtop={rels}|{top}"));
    f.push(format!("plen={}", len.min(6)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Rome condemned Paris" with a hand-made parse.
    fn toks() -> Vec<Token> {
        let words = [
            ("Rome", "PROPN", Some(1), "nsubj"),
            ("condemned", "VERB", None, "root"),
            ("Paris", "PROPN", Some(1), "obj"),
        ];
        let mut pos = 0;
        words
            .iter()
            .map(|&(w, u, h, r)| {
                let mut t = Token::new(Span::new(pos, pos + w.len()), w);
                pos += w.len() + 1;
                t.upos = u.into();
                t.lemma = if w == "condemned" { "condemn" } else { w }.into();
                t.head = h;
                t.deprel = r.into();
                t
            })
            .collect()
    }

    #[test]
    fn derives_predicate_and_path() {
        let t = toks();
        let p = Pair {
            tokens: &t,
            source: 0..1,
            target: 2..3,
            predicate: None,
        };
        let f = pair_features(&p, &["cameo=112".into()]);
        for want in [
            "p=condemn",
            "path=nsubj↑obj↓",
            "sr=nsubj",
            "tr=obj",
            "x=cameo=112",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} missing from {f:?}");
        }
        assert!(f.windows(2).all(|w| w[0] < w[1]));
    }
}
