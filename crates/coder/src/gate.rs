//! Step 7 of the sentence coder: the event gate. What counts as an event (ARCHITECTURE.md,
//! "What counts as an event"): a candidate is stored only when
//!
//! 1. its predicate is an act, not speech or thought: a statement verb that makes no demand
//!    ("said", "told") is attribution, and a cognition or forecast verb that carries the code
//!    itself ("analysts expect a rise") is no event (`non-event-verbs.txt`);
//! 2. its actors are coded actors — a country (directly or through a coded person or agency),
//!    an IGO or another group with a dictionary code. An actor with only a sector ("---BUS",
//!    "the company") is an unknown side. Both sides must be coded, except for the material
//!    conflict and protest roots (14, 15, 17–20: "gunmen attacked a convoy", "protesters
//!    marched"), where one side may be absent or unknown as long as the other is coded;
//! 3. source and target are not the same actor (a self-dyad "JPN → JPN" is a role error).
//!
//! The gate never fills a missing side: a target the text does not name stays `None`.
//! Rejected candidates are listed with the reason in `vigil explain`.

use crate::event::EventDraft;
use crate::lexicon::Lexicon;
use std::fmt;
use vigil_core::Actor;

/// Why a candidate is not an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// A statement verb without a demand: attribution, not an act.
    Statement,
    /// A cognition or forecast verb carries the code.
    NotAnAct(String),
    /// The source is missing or has no coded actor.
    NoCodedSource,
    /// The target is missing or has no coded actor.
    NoCodedTarget,
    /// Neither side is a coded actor.
    NoCodedActor,
    /// Source and target are the same actor.
    SelfDyad(String),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Statement => write!(f, "a statement verb without a demand is not an event"),
            Rejection::NotAnAct(l) => write!(f, "{l} is a cognition/forecast verb, not an act"),
            Rejection::NoCodedSource => write!(f, "no coded source actor"),
            Rejection::NoCodedTarget => write!(f, "no coded target actor"),
            Rejection::NoCodedActor => write!(f, "no coded actor on either side"),
            Rejection::SelfDyad(c) => write!(f, "source and target are the same actor {c}"),
        }
    }
}

/// A coded actor: a country, or a dictionary code that is not sector-only.
pub fn is_coded(a: &Actor) -> bool {
    a.country.is_some() || (a.code.len() >= 3 && !a.code.starts_with("---"))
}

/// CAMEO roots where one side may be absent or unknown: protest, posture, coercion and force.
fn one_sided_root(code: &str) -> bool {
    matches!(code.get(..2), Some("14" | "15" | "17" | "18" | "19" | "20"))
}

/// Checks a candidate against the definition in the module doc.
pub fn check(lex: &Lexicon, d: &EventDraft) -> Result<(), Rejection> {
    if d.statement {
        return Err(Rejection::Statement);
    }
    if lex.non_event_verbs.has(&d.lemma) {
        return Err(Rejection::NotAnAct(d.lemma.clone()));
    }
    let src = d.source.as_ref().is_some_and(is_coded);
    let tgt = d.target.as_ref().is_some_and(is_coded);
    match (src, tgt) {
        (false, false) => return Err(Rejection::NoCodedActor),
        (false, true) if !one_sided_root(&d.code) => return Err(Rejection::NoCodedSource),
        (true, false) if !one_sided_root(&d.code) => return Err(Rejection::NoCodedTarget),
        _ => {}
    }
    if let (Some(s), Some(t)) = (&d.source, &d.target) {
        if s.code == t.code {
            return Err(Rejection::SelfDyad(s.code.clone()));
        }
    }
    Ok(())
}
