//! Step 2 of the sentence coder: codes. Each predicate is matched against its verb block's
//! patterns; the best match (or the verb's own code) gives the CAMEO code and the pattern-bound
//! roles. A quick literal prefilter skips patterns whose words are not in the sentence.

use crate::dict::{Code, Dictionaries, FxSet};
use crate::pattern::{match_pattern, PatMatch};
use crate::predicates::{Pred, SentenceCtx};
use crate::resolve::Sent;

/// What the pattern step decided for one predicate.
#[derive(Debug, Clone, Default)]
pub struct PredCode {
    /// Best pattern: (block pattern index, match).
    pub best: Option<(usize, PatMatch)>,
    /// The active code (before chains are combined).
    pub code: Option<String>,
    /// The code's reverse direction, if any ("043" of "[042:043]").
    pub reverse: Option<String>,
    /// A reporting verb whose pattern matched its own object ("announced a suspension"): an
    /// event, not a report of one.
    pub acts: bool,
}

/// Every token with its regular-plural stems, for the pattern prefilter.
fn vocabulary<'s>(s: &'s Sent, ies: &'s [String]) -> FxSet<&'s str> {
    let mut vocab: FxSet<&str> = FxSet::default();
    vocab.reserve(3 * s.len());
    for w in &s.up {
        vocab.insert(w);
        if let Some(x) = w.strip_suffix('S') {
            vocab.insert(x);
            if let Some(y) = x.strip_suffix('E') {
                vocab.insert(y);
            }
        }
    }
    vocab.extend(ies.iter().map(String::as_str));
    vocab
}

/// Codes every predicate; `clause(k)` is the clause around token `k`. Trace lines go to
/// `trace` when it is `Some`.
pub fn code_predicates(
    d: &Dictionaries,
    ctx: &SentenceCtx,
    preds: &[Pred],
    clause: &dyn Fn(usize) -> (usize, usize),
    mut trace: Option<&mut Vec<String>>,
) -> Vec<PredCode> {
    let s = &ctx.s;
    let ies: Vec<String> =
        s.up.iter()
            .filter_map(|w| w.strip_suffix("IES").map(|x| format!("{x}Y")))
            .collect();
    let vocab = vocabulary(s, &ies);
    preds
        .iter()
        .map(|p| {
            let (lo, hi) = clause(p.verb);
            let mut tried = trace.as_ref().map(|_| Vec::new());
            let best = best_pattern(d, ctx, p, lo, hi, &vocab, tried.as_mut());
            let pc = code_of(d, ctx, p, best);
            if let (Some(t), Some(tried)) = (trace.as_deref_mut(), tried) {
                trace_pred(d, ctx, p, &pc, tried, t);
            }
            pc
        })
        .collect()
}

fn best_pattern(
    d: &Dictionaries,
    ctx: &SentenceCtx,
    p: &Pred,
    lo: usize,
    hi: usize,
    vocab: &FxSet<&str>,
    mut tried: Option<&mut Vec<String>>,
) -> Option<(usize, PatMatch)> {
    let form = &d.verbs.forms[p.form as usize];
    let block = &d.verbs.blocks[form.block as usize];
    let mut best: Option<(usize, PatMatch)> = None;
    for (pi, pat) in block.patterns.iter().enumerate() {
        if let Some(w) = pat.literals.iter().find(|w| !vocab.contains(w.as_str())) {
            if let Some(t) = tried.as_deref_mut() {
                t.push(format!("      - {}: no {w:?} in the sentence", pat.text));
            }
            continue;
        }
        match match_pattern(pat, &ctx.s, p.start, p.end, lo, hi, &ctx.mentions) {
            Ok(m) => {
                if let Some(t) = tried.as_deref_mut() {
                    t.push(format!("      + {} matched (score {})", pat.text, m.score));
                }
                if best.as_ref().is_none_or(|(_, b)| m.score > b.score) {
                    best = Some((pi, m));
                }
            }
            Err(why) => {
                if let Some(t) = tried.as_deref_mut() {
                    t.push(format!("      - {}: {why}", pat.text));
                }
            }
        }
    }
    best
}

fn code_of(
    d: &Dictionaries,
    ctx: &SentenceCtx,
    p: &Pred,
    best: Option<(usize, PatMatch)>,
) -> PredCode {
    let form = &d.verbs.forms[p.form as usize];
    let block = &d.verbs.blocks[form.block as usize];
    let code: Code = match &best {
        Some((pi, _)) => block.patterns[*pi].code.clone(),
        None => d.verbs.form_code(p.form).clone(),
    };
    let (mut act, mut rev) = (code.active.clone(), code.passive.clone());
    // "was attacked by X": the dictionary codes the active voice; roles swap in the roles step
    if act.is_none() && rev.is_some() && best.is_none() {
        act = rev.take();
    }
    // "announced a halt to grain exports", "declared a curfew": a reporting
    // verb whose pattern matched its own object is an event, not a report of one
    let s = &ctx.s;
    let acts = p.reporting
        && !p.denying
        && act.as_deref().is_some_and(|c| !c.starts_with("01"))
        && best.as_ref().is_some_and(|(_, m)| {
            m.first_word.is_some_and(|q| {
                q >= p.end
                    && q - p.end <= 3
                    && (p.end..q).all(|t| {
                        !ctx.lex.modal_words.has(&s.low[t])
                            && !ctx.mentions.iter().any(|mm| mm.start <= t && t < mm.end)
                            && s.low[t] != "that"
                    })
            })
        });
    PredCode {
        best,
        code: act,
        reverse: rev,
        acts,
    }
}

fn trace_pred(
    d: &Dictionaries,
    ctx: &SentenceCtx,
    p: &Pred,
    pc: &PredCode,
    tried: Vec<String>,
    trace: &mut Vec<String>,
) {
    let form = &d.verbs.forms[p.form as usize];
    let block = &d.verbs.blocks[form.block as usize];
    trace.push(format!(
        "  verb {:?} (block {} [{}], form {}{}{}) -> {}",
        ctx.s.text[p.start..p.end].join(" "),
        block.name,
        block.code.display(),
        form.lemma,
        if p.passive { ", passive" } else { "" },
        if p.reporting { ", reporting" } else { "" },
        match &pc.best {
            Some((pi, _)) => format!("pattern {}", block.patterns[*pi].text),
            None => format!("verb code [{}]", d.verbs.form_code(p.form).display()),
        }
    ));
    let total = tried.len();
    trace.extend(tried.into_iter().take(12));
    if total > 12 {
        trace.push(format!("      ... {} more patterns tried", total - 12));
    }
}
