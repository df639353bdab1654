//! Step 4 of the sentence coder: roles. Which actor phrase is the source and which the
//! target of a predicate (dependency parse first, TABARI-style token positions for what the
//! parse does not give), and who the sentence attributes the event to.

use crate::context::owner_verb;
use crate::event::to_actor;
use crate::predicates::{tok_span, Pred, SentenceCtx};
use crate::resolve::{Mention, Resolver};
use vigil_core::{Attribution, Token};

/// The roles of one predicate: indexes into the sentence's mentions.
pub struct Args {
    /// The source mention.
    pub source: Option<usize>,
    /// The target mention.
    pub target: Option<usize>,
    /// How they were found (for `explain`).
    pub how: String,
}

/// Mention containing token `t`.
fn mention_of(ms: &[Mention], t: usize) -> Option<usize> {
    ms.iter()
        .position(|m| m.start <= t && t < m.end && m.coded())
}

/// First coded, non-locative mention modifying the noun `head` ("Israeli changes", "the US
/// offer", "Russia's proposal"): adjectives, compounds and possessives, at most two links up.
fn mention_below(toks: &[Token], ms: &[Mention], head: usize) -> Option<usize> {
    ms.iter().position(|m| {
        m.coded()
            && !m.locative()
            && (m.start..m.end).any(|t| {
                let mut k = t;
                for _ in 0..2 {
                    let Some(tok) = toks.get(k) else {
                        return false;
                    };
                    if !matches!(
                        tok.deprel.as_str(),
                        "amod" | "compound" | "nmod:poss" | "flat"
                    ) {
                        return false;
                    }
                    match tok.head {
                        Some(h) if h == head => return true,
                        Some(h) => k = h,
                        None => return false,
                    }
                }
                false
            })
    })
}

/// "halted its aid to Serbia", "held talks with Iran": the object names the act, and an actor
/// attached to it by a preposition of `np-target-prepositions.txt` is the act's target.
fn target_in_object(ctx: &SentenceCtx, obj: usize) -> Option<usize> {
    let toks = ctx.toks;
    (0..toks.len())
        .filter(|&k| toks[k].head == Some(obj) && toks[k].deprel.starts_with("nmod"))
        .filter(|&k| {
            toks.iter().any(|c| {
                c.head == Some(k)
                    && c.deprel == "case"
                    && ctx.lex.np_target_prepositions.has(&c.text.to_lowercase())
            })
        })
        .find_map(|k| mention_of(&ctx.mentions, k).filter(|&m| !ctx.mentions[m].locative()))
}

fn dep_child(toks: &[Token], head: usize, rels: &[&str]) -> Option<usize> {
    toks.iter()
        .position(|t| t.head == Some(head) && rels.contains(&t.deprel.as_str()))
}

/// Source and target of the predicate `pi` (heading `chain`) in the clause `lo..hi`: bound by
/// the pattern, else from the parse, else from token positions (a passive's "by" agent and
/// subject; an active verb's subject before it and first coded phrase after it).
pub fn arguments(
    ctx: &SentenceCtx,
    preds: &[Pred],
    pi: usize,
    chain: &[usize],
    lo: usize,
    hi: usize,
) -> Args {
    let s = &ctx.s;
    let ms = &ctx.mentions;
    let p = &preds[pi];
    let last = &preds[*chain.last().unwrap_or(&pi)];
    // pattern-bound roles: the chain's last verb with a pattern match decides
    let pat = chain
        .iter()
        .rev()
        .find_map(|&c| preds[c].best.as_ref().map(|b| b.1.clone()));
    let mut source = pat.as_ref().and_then(|m| m.source);
    let mut target = pat.as_ref().and_then(|m| m.target);
    let mut how = String::from("positions");
    if let Some(t) = demand_target(ctx, preds, p, chain) {
        target = t;
        how = "demand: target is the complement's subject".into();
    }
    let mut weak_obj = None;
    if ctx.parsed {
        how = "parse".into();
        weak_obj = parse_roles(ctx, p, last, &mut source, &mut target);
        if source.is_some() && target.is_some() {
            return Args {
                source,
                target,
                how,
            };
        }
        // whatever the parse did not give comes from token positions
        how = "parse + positions".into();
    }
    let t_hi = target_limit(s, preds, chain, last, hi);
    if target.is_none() && chain.len() > 1 && !p.passive {
        // "will visit Chile and Peru to negotiate": the head verb's object
        let next = preds[chain[1]].start;
        target = ms
            .iter()
            .position(|m| m.start >= p.end && m.end <= next && m.coded() && !m.weak());
    }
    if p.passive {
        if source.is_none() {
            source = (last.end..t_hi)
                .find(|&k| s.low[k] == "by")
                .and_then(|k| ms.iter().position(|m| m.start == k + 1 && m.coded()));
        }
        if target.is_none() {
            target = subject_before(ctx, preds, pi, lo).0;
        }
        return Args {
            source,
            target,
            how: format!("{how}, passive"),
        };
    }
    if source.is_none() {
        let (src, inherited) = subject_before(ctx, preds, pi, lo);
        source = src;
        if inherited {
            how.push_str(", subject of coordinated verb");
        }
    }
    // "arrested Pablo Ruiz in Santiago": the act is aimed at the person it names even when
    // that person has no code, so the place it happened in is no stand-in target
    let places = !(ctx.parsed && names_uncoded_object(ctx, last.verb));
    let target = target
        .or_else(|| positional_target(ms, last.end, t_hi, source, places))
        .or_else(|| {
            if ctx.parsed && places {
                place_target(ctx, preds, chain, source)
            } else {
                None
            }
        })
        .or(weak_obj);
    Args {
        source,
        target,
        how,
    }
}

/// A demand's target ("X demanded that Y ..."): the first coded phrase of the complement's
/// subject, after "that" when there is one. `None` when `p` makes no demand with a complement.
fn demand_target(
    ctx: &SentenceCtx,
    preds: &[Pred],
    p: &Pred,
    chain: &[usize],
) -> Option<Option<usize>> {
    let q = *chain.get(1).filter(|_| p.demands)?;
    let s = &ctx.s;
    let (a, b) = (p.end, preds[q].start);
    let a = (a..b).rfind(|&t| s.low[t] == "that").map_or(a, |t| t + 1);
    Some(
        ctx.mentions
            .iter()
            .position(|m| m.start >= a && m.end <= b && m.coded()),
    )
}

/// Where a target after the chain's last verb may end: before the next other predicate, and
/// before a trailing reporting clause (", a UN official said").
fn target_limit(
    s: &crate::resolve::Sent,
    preds: &[Pred],
    chain: &[usize],
    last: &Pred,
    hi: usize,
) -> usize {
    let next_pred_start = preds
        .iter()
        .filter(|q| q.start >= last.end && !chain.iter().any(|&c| std::ptr::eq(&preds[c], *q)))
        .map(|q| q.start)
        .min()
        .unwrap_or(hi)
        .min(hi);
    let mut t_hi = next_pred_start;
    if let Some(r) = preds.iter().find(|q| q.reporting && q.start >= last.end) {
        if let Some(c) = (last.end..r.start).rev().find(|&k| s.low[k] == ",") {
            t_hi = t_hi.min(c);
        }
    }
    t_hi
}

/// True when the direct object of verb `v` is, or is modified by, a person's name without a
/// code ("arrested Pablo Ruiz in Santiago"): the act has a named target the dictionaries do
/// not know. A named thing as object ("attended the Anti-Corruption Summit in London") leaves
/// the place as the target, as PETRARCH and annotators code it.
fn names_uncoded_object(ctx: &SentenceCtx, v: usize) -> bool {
    let toks = ctx.toks;
    let Some(obj) = dep_child(toks, v, &["obj"]) else {
        return false;
    };
    let in_object = |t: usize| {
        t == obj
            || (toks[t].head == Some(obj)
                && matches!(toks[t].deprel.as_str(), "compound" | "flat" | "nmod:poss"))
    };
    ctx.mentions.iter().any(|m| {
        !m.coded()
            && !m.pronoun
            && (m.start..m.end).any(|t| in_object(t) && ctx.s.in_person_entity(t))
    })
}

/// The first coded phrase in `from..to` other than the source: preferably neither a
/// location, a "by" phrase nor a guessed country; locations only when `places`.
fn positional_target(
    ms: &[Mention],
    from: usize,
    to: usize,
    source: Option<usize>,
    places: bool,
) -> Option<usize> {
    let cands: Vec<usize> = (0..ms.len())
        .filter(|&m| ms[m].start >= from && ms[m].start < to && ms[m].coded())
        .filter(|&m| Some(m) != source && (places || !ms[m].locative()))
        .collect();
    cands
        .iter()
        .copied()
        .find(|&m| !ms[m].locative() && ms[m].prep.as_deref() != Some("by") && !ms[m].weak())
        .or_else(|| cands.iter().copied().find(|&m| !ms[m].weak()))
        .or(cands.first().copied())
}

/// "asked for asylum in Austria", "declared martial law in Fiji": with no other target, the
/// place the predicate acted in (PETRARCH takes targets from the verb phrase's prepositional
/// phrases, locatives included). Needs the parse.
fn place_target(
    ctx: &SentenceCtx,
    preds: &[Pred],
    chain: &[usize],
    source: Option<usize>,
) -> Option<usize> {
    let ms = &ctx.mentions;
    let own: Vec<usize> = chain.iter().map(|&c| preds[c].verb).collect();
    let verbs: Vec<usize> = preds.iter().map(|q| q.verb).collect();
    (0..ms.len()).find(|&m| {
        Some(m) != source
            && ms[m].locative()
            && ms[m].coded()
            && !ms[m].weak()
            && (ms[m].start..ms[m].end)
                .any(|t| owner_verb(ctx.toks, t, &verbs).is_some_and(|o| own.contains(&o)))
    })
}

/// Roles from the dependency parse (nsubj, nsubj:pass + obl:agent, obj/obl), filling only what
/// the pattern did not bind; returns an object whose country is only guessed from context.
fn parse_roles(
    ctx: &SentenceCtx,
    p: &Pred,
    last: &Pred,
    source: &mut Option<usize>,
    target: &mut Option<usize>,
) -> Option<usize> {
    let ms = &ctx.mentions;
    let mut weak_obj = None;
    let v = p.verb;
    if p.passive {
        if source.is_none() {
            *source = dep_child(ctx.toks, v, &["obl:agent", "nmod:agent"])
                .or_else(|| {
                    ctx.toks.iter().position(|t| {
                        t.head == Some(v)
                            && t.deprel == "obl"
                            && ctx.toks.iter().any(|c| {
                                c.head
                                    == Some(
                                        ctx.toks
                                            .iter()
                                            .position(|x| std::ptr::eq(x, t))
                                            .unwrap_or(usize::MAX),
                                    )
                                    && c.deprel == "case"
                                    && c.text.eq_ignore_ascii_case("by")
                            })
                    })
                })
                .and_then(|t| mention_of(ms, t));
        }
        if target.is_none() {
            *target =
                dep_child(ctx.toks, v, &["nsubj:pass", "nsubj"]).and_then(|t| mention_of(ms, t));
        }
    } else {
        if source.is_none() {
            let mut head = v;
            let mut subj = dep_child(ctx.toks, head, &["nsubj"]);
            // conjoined verbs share the subject: "X attacked Y and killed Z"
            let mut guard = 0;
            while subj.is_none() && guard < 4 {
                guard += 1;
                let t = &ctx.toks[head];
                match (t.head, t.deprel.as_str()) {
                    (Some(h), "conj" | "xcomp" | "advcl") => {
                        head = h;
                        subj = dep_child(ctx.toks, head, &["nsubj"]);
                    }
                    _ => break,
                }
            }
            *source = subj.and_then(|t| mention_of(ms, t));
        }
        if target.is_none() {
            let lv = last.verb;
            // "opposed planned Greek reforms": the object's head noun is no actor, but an
            // actor modifying it (amod/nmod/compound) is what the act is aimed at
            let obj = dep_child(ctx.toks, lv, &["obj", "iobj"]).and_then(|t| {
                mention_of(ms, t)
                    .or_else(|| mention_below(ctx.toks, ms, t))
                    .or_else(|| target_in_object(ctx, t))
            });
            // "extend naval support to Ghana": an object whose country is only
            // guessed from context loses to a real actor elsewhere in the verb phrase
            weak_obj = obj.filter(|&m| ms[m].weak());
            *target = obj.filter(|&m| !ms[m].weak()).or_else(|| {
                ctx.toks
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.head == Some(lv) && t.deprel.starts_with("obl"))
                    .filter_map(|(k, _)| mention_of(ms, k))
                    .find(|&m| !ms[m].locative())
            });
        }
    }
    weak_obj
}

/// Nearest actor phrase before the predicate that can be its subject; `true` when taken from
/// a coordinated earlier verb.
fn subject_before(
    ctx: &SentenceCtx,
    preds: &[Pred],
    pi: usize,
    lo: usize,
) -> (Option<usize>, bool) {
    let s = &ctx.s;
    let ms = &ctx.mentions;
    let p = &preds[pi];
    let mut k = p.start;
    while k > lo {
        k -= 1;
        if let Some(q) = preds.iter().position(|q| q.start <= k && k < q.end) {
            let q_pred = &preds[q];
            if q_pred.reporting {
                // "X said (that) ..." — nothing between: subject is unknown here
                break;
            }
            // "X attacked Y and killed Z": share X
            let between: Vec<&str> = (q_pred.end..p.start).map(|t| s.low[t].as_str()).collect();
            if between
                .iter()
                .any(|w| *w == "and" || *w == "," || *w == "but")
            {
                let (src, _) = subject_before(ctx, preds, q, lo);
                return (src, true);
            }
            k = q_pred.start;
            continue;
        }
        if s.low[k] == "," {
            // "Norway, a founding member of the alliance, has declined": skip the apposition
            if let Some(c2) = (lo..k).rev().take(15).find(|&c| s.low[c] == ",") {
                if matches!(
                    s.low[c2 + 1].as_str(),
                    "a" | "an" | "the" | "who" | "which" | "whose"
                ) {
                    k = c2;
                    continue;
                }
            }
        }
        if matches!(s.low[k].as_str(), "that" | "who" | "which") && k + 1 < p.start {
            // the clause begins here; the subject must be after it unless the relative pronoun
            // itself is the subject ("the minister who visited")
            if s.low[k] != "that" {
                if let Some(m) = ms
                    .iter()
                    .rposition(|m| m.end == k || (k > 0 && m.end == k - 1))
                {
                    if ms[m].coded() {
                        return (Some(m), false);
                    }
                }
            }
            break;
        }
        if let Some(m) = ms.iter().position(|m| m.end == k + 1) {
            let mm = &ms[m];
            if mm.coded() && (mm.prep.is_none() || mm.start == 0) {
                return (Some(m), false);
            }
            // "Thousands of Ghanaians", "a deputy of the Kenyan assembly", "the council of
            // Punjab state": the subject's head is not an actor, its "of" phrase is; take
            // it when nothing but that head lies between the clause start and "of"
            if mm.coded()
                && mm.prep.as_deref() == Some("of")
                && of_phrase_heads_clause(ctx, preds, mm.start - 1, lo)
            {
                return (Some(m), false);
            }
            k = mm.start;
        }
    }
    (None, false)
}

/// True when `of_at` ("of") follows the clause's first noun phrase: only non-actor words, no
/// predicate, no comma between the clause start and it.
fn of_phrase_heads_clause(ctx: &SentenceCtx, preds: &[Pred], of_at: usize, lo: usize) -> bool {
    let s = &ctx.s;
    let mut start = lo;
    // the clause may start after a reporting verb or a "that"
    for q in preds {
        if q.end <= of_at && q.end > start {
            start = q.end;
        }
    }
    if of_at < start || of_at - start > 5 {
        return false;
    }
    (start..of_at).all(|t| {
        !matches!(s.low[t].as_str(), "," | ";" | "of" | "in" | "on" | "at")
            && !ctx
                .mentions
                .iter()
                .any(|m| m.start <= t && t < m.end && m.coded())
    })
}

/// Who the sentence attributes the event to.
pub fn attribution(
    ctx: &SentenceCtx,
    preds: &[Pred],
    pi: usize,
    resolver: &Resolver,
) -> Option<Attribution> {
    let s = &ctx.s;
    let ms = &ctx.mentions;
    let p = &preds[pi];
    let span_of = |m: &Mention| tok_span(ctx.toks, m.start, m.end);
    let to_attr = |m: &Mention, cue: String| Attribution {
        text: s.text[m.start..m.end].join(" "),
        actor: m
            .actors
            .iter()
            .find(|a| !a.code.is_empty())
            .map(|a| to_actor(ctx, resolver, a)),
        span: span_of(m),
        cue,
    };
    // "according to X"
    for k in 0..s.len().saturating_sub(2) {
        if s.low[k] == "according" && s.low[k + 1] == "to" {
            if let Some(m) = ms.iter().find(|m| m.start == k + 2) {
                return Some(to_attr(m, "according to".into()));
            }
        }
    }
    let reporting: Vec<usize> = (0..preds.len())
        .filter(|&r| preds[r].reporting && r != pi)
        .collect();
    // "X said (that) EVENT" (the nearest reporting verb before the event)
    if let Some(&r) = reporting.iter().rev().find(|&&r| preds[r].end <= p.start) {
        let (src, _) = subject_before(ctx, preds, r, 0);
        let m = src.or_else(|| ms.iter().position(|m| m.start == preds[r].end && m.coded()));
        if let Some(m) = m {
            return Some(to_attr(
                &ms[m],
                s.text[preds[r].start..preds[r].end].join(" "),
            ));
        }
    }
    // "EVENT, X said." / "EVENT, said X."
    if let Some(&r) = reporting.iter().find(|&&r| preds[r].start >= p.end) {
        let rp = &preds[r];
        let before = ms.iter().rposition(|m| {
            m.end <= rp.start && m.start >= p.end && (m.end == rp.start || m.end + 1 == rp.start)
        });
        let after = ms
            .iter()
            .position(|m| m.start == rp.end || m.start == rp.end + 1);
        if let Some(m) = before.or(after) {
            return Some(to_attr(&ms[m], s.text[rp.start..rp.end].join(" ")));
        }
        // unnamed speaker ("..., sources said")
        let k = rp.start.saturating_sub(1);
        if k > p.end {
            return Some(Attribution {
                text: s.text[k].to_string(),
                actor: None,
                span: tok_span(ctx.toks, k, k + 1),
                cue: s.text[rp.start..rp.end].join(" "),
            });
        }
    }
    if let Some(k) = (0..s.len()).find(|&k| s.low[k] == "reportedly") {
        return Some(Attribution {
            text: "reportedly".into(),
            actor: None,
            span: tok_span(ctx.toks, k, k + 1),
            cue: "reportedly".into(),
        });
    }
    None
}
