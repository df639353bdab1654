//! Step 6 of the sentence coder: context. The date and place of each event, from the time
//! expressions and places of its own clause.
//!
//! A [`ContextIndex`] is built once per document: each time expression and place is assigned
//! to its sentence and token, and whether a place follows "in"/"at" is decided once, so the
//! per-predicate choice only ranks the few candidates of its sentence.

use crate::predicates::SentenceCtx;
use crate::resolve::Sent;
use vigil_core::{AnnotatedDoc, CameoCode, DateValue, Place, PlaceMention, Span, TimeExpr, Token};

/// A place of a sentence with what is known of it before any predicate is looked at.
pub struct PlaceClue<'d> {
    /// Sentence-relative token of the place.
    pub token: usize,
    /// The mention.
    pub mention: &'d PlaceMention,
    /// The text right before it ends with "in", "at", "in the" or "at the".
    pub after_locative: bool,
}

/// The time expressions (with a start: a duration or set does not date an event) and the
/// non-adjectival places of each sentence, with their token.
pub struct ContextIndex<'d> {
    times: Vec<Vec<(usize, &'d TimeExpr)>>,
    places: Vec<Vec<PlaceClue<'d>>>,
}

/// The sentence whose span contains `span`, by binary search over the ordered sentences.
fn sentence_of(doc: &AnnotatedDoc, span: Span) -> Option<usize> {
    let i = doc
        .sentences
        .partition_point(|s| s.span.end() <= span.start());
    doc.sentences
        .get(i)
        .filter(|s| s.span.contains(span))
        .map(|_| i)
}

/// True when the text before byte `at` ends with a locative preposition ("in", "at the").
fn after_locative(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("").trim_end();
    // only the last few characters matter; lowercase just those
    let from = before.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
    let tail = before[from..].to_lowercase();
    [" in", " at", " in the", " at the"]
        .iter()
        .any(|w| tail.ends_with(w))
}

impl<'d> ContextIndex<'d> {
    /// Indexes the times and places of `doc`.
    pub fn new(doc: &'d AnnotatedDoc) -> ContextIndex<'d> {
        let n = doc.sentences.len();
        let mut times = (0..n).map(|_| Vec::new()).collect::<Vec<_>>();
        let mut places = (0..n).map(|_| Vec::new()).collect::<Vec<_>>();
        for t in doc.times.iter().filter(|t| t.value.start.is_some()) {
            if let Some(si) = sentence_of(doc, t.span) {
                if let Some(k) = token_at(doc.sentence_tokens(si), t.span) {
                    times[si].push((k, t));
                }
            }
        }
        for p in doc.places.iter().filter(|p| !p.adjectival) {
            if let Some(si) = sentence_of(doc, p.span) {
                if let Some(k) = token_at(doc.sentence_tokens(si), p.span) {
                    places[si].push(PlaceClue {
                        token: k,
                        mention: p,
                        after_locative: after_locative(&doc.doc.text, p.span.start()),
                    });
                }
            }
        }
        ContextIndex { times, places }
    }

    fn times(&self, si: usize) -> &[(usize, &'d TimeExpr)] {
        self.times.get(si).map_or(&[], Vec::as_slice)
    }

    fn places(&self, si: usize) -> &[PlaceClue<'d>] {
        self.places.get(si).map_or(&[], Vec::as_slice)
    }
}

/// Where an event's predicate is: its verb chain, the verb, and every predicate's verb.
pub struct PredSite<'a> {
    /// Verbs of the event's own chain.
    pub own: &'a [usize],
    /// The head verb.
    pub verb: usize,
    /// Every predicate's verb in the sentence.
    pub verbs: &'a [usize],
}

/// First token of the sentence overlapping a byte span.
fn token_at(toks: &[Token], span: Span) -> Option<usize> {
    toks.iter().position(|t| t.span.overlaps(span))
}

/// The predicate that owns token `t`: the first of `verbs` met when climbing the parse from
/// `t` (a time or place attached to that verb's clause), `None` when unparsed or unattached.
pub fn owner_verb(toks: &[Token], t: usize, verbs: &[usize]) -> Option<usize> {
    let mut k = t;
    for _ in 0..toks.len() {
        if verbs.contains(&k) {
            return Some(k);
        }
        k = toks.get(k)?.head?;
    }
    None
}

/// Tokens that end one clause and begin the next without a parse: ";" or ", and/but".
fn clause_breaks(s: &Sent, a: usize, b: usize) -> usize {
    let (a, b) = (a.min(b), a.max(b));
    (a..b)
        .filter(|&k| {
            s.low[k] == ";"
                || (s.low[k] == ","
                    && matches!(
                        s.low.get(k + 1).map(String::as_str),
                        Some("and" | "but" | "while" | "whereas")
                    ))
        })
        .count()
}

/// How well a time or place token `t` belongs to the predicate (its verb chain): attached to
/// the predicate in the parse first, then unattached, then another predicate's; without a
/// parse, the same clause first; then the nearest to the verb.
fn clause_rank(ctx: &SentenceCtx, site: &PredSite, t: usize) -> (u8, usize, usize) {
    let owner = if ctx.parsed {
        owner_verb(ctx.toks, t, site.verbs)
    } else {
        None
    };
    let attach = match owner {
        Some(o) if site.own.contains(&o) => 0,
        None => 1,
        Some(_) => 2,
    };
    (
        attach,
        clause_breaks(&ctx.s, t, site.verb),
        t.abs_diff(site.verb),
    )
}

/// The event date and a confidence factor: the time expression of the predicate's own clause
/// (1.0), else the article date (0.9), else the dateline (0.85).
pub fn event_date(
    doc: &AnnotatedDoc,
    index: &ContextIndex,
    si: usize,
    ctx: &SentenceCtx,
    site: &PredSite,
) -> (Option<DateValue>, f64) {
    let t = index
        .times(si)
        .iter()
        .enumerate()
        .min_by_key(|(i, (k, _))| (clause_rank(ctx, site, *k), *i))
        .map(|(_, (_, t))| *t);
    if let Some(t) = t {
        return (Some(t.value.clone()), 1.0);
    }
    if let Some(p) = doc.doc.published {
        return (Some(DateValue::day(p)), 0.9);
    }
    if let Some(dl) = &doc.doc.dateline {
        if let (Some(y), Some(m), Some(d)) = (dl.year, dl.month, dl.day) {
            if let Some(day) = chrono::NaiveDate::from_ymd_opt(y, m, d) {
                return (Some(DateValue::day(day)), 0.85);
            }
        }
    }
    (None, 1.0)
}

/// The event place. A toponym that is part of an actor phrase ("Russia's intelligence
/// service", "the Iranian minister") is who acted, not where. Preference: a location
/// complement ("in Baku", "at the palace in Baku") of the predicate's own clause; the place
/// visited when the event is a visit ("visited Baku"); any other non-actor toponym of the
/// clause, nearest to the verb.
pub fn event_place(
    index: &ContextIndex,
    si: usize,
    ctx: &SentenceCtx,
    site: &PredSite,
    code: &CameoCode,
    target: Option<usize>,
) -> Option<Place> {
    type Key = (u8, u8, usize, usize);
    let mut best: Option<(Key, &Place)> = None;
    for clue in index.places(si) {
        let k = clue.token;
        let mention = ctx.mentions.iter().position(|m| m.start <= k && k < m.end);
        let locative = mention.is_some_and(|m| ctx.mentions[m].locative()) || clue.after_locative;
        let visited = code.as_str().starts_with("042") && mention.is_some() && mention == target;
        // "withdrawal of forces from Panama", "flew to Baku": a direction, not an actor
        let directional = mention.is_some_and(|m| {
            matches!(
                ctx.mentions[m].prep.as_deref(),
                Some("from" | "to" | "into" | "toward" | "towards" | "through" | "over")
            ) && Some(m) != target
        });
        let kind = if locative {
            0
        } else if visited {
            1
        } else if mention.is_none() || directional {
            2
        } else {
            // a toponym inside an actor phrase
            continue;
        };
        let (attach, breaks, dist) = clause_rank(ctx, site, k);
        let key = (attach, kind, breaks, dist);
        if best.as_ref().is_none_or(|(b, _)| key < *b) {
            best = Some((key, &clue.mention.place));
        }
    }
    best.map(|(_, p)| p.clone())
}
