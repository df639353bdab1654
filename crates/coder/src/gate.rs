//! Step 7 of the sentence coder: the event gate. What counts as an event (ARCHITECTURE.md,
//! "What counts as an event"): a candidate is stored only when
//!
//! 1. its predicate is an act, not speech or thought: a statement verb that makes no demand
//!    ("said", "told") is attribution, and a cognition or forecast verb that carries the code
//!    itself ("analysts expect a rise") is no event (`non-event-verbs.txt`);
//! 2. its actors are coded actors — a country (directly or through a coded person or agency),
//!    an IGO or another group with a dictionary code. An actor with only a sector ("---BUS",
//!    "the company") is an unknown side. Both sides must be coded, except for the roots listed
//!    in `gate-one-sided-roots.txt` (protest, posture, coercion, force: "gunmen attacked a
//!    convoy", "protesters marched"), where one side may be absent or unknown, and those in
//!    `gate-unknown-side-roots.txt`, where one side may be named with an unknown country —
//!    always as long as the other side is coded. A passive predicate without an agent may lack
//!    its source only for the roots of `gate-agentless-roots.txt` (force and protest: "a convoy
//!    was attacked"); agentless verbal conflict is not an event ("X stands accused of ..."
//!    names the accused and no accuser: the sentence is about the alleged act);
//! 3. source and target are not the same actor (a self-dyad "JPN → JPN" is a role error).
//!
//! The gate never fills a missing side: a target the text does not name stays `None`.
//! Rejected candidates are listed with the reason in `vigil explain`.

use crate::event::EventDraft;
use crate::lexicon::Lexicon;
use std::fmt;
use vigil_core::{Actor, CameoCode};

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

/// A side of a candidate: coded, named but of unknown country ("the company", "police"), or
/// absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Coded,
    Unknown,
    Absent,
}

fn side(a: Option<&Actor>) -> Side {
    match a {
        Some(a) if is_coded(a) => Side::Coded,
        Some(_) => Side::Unknown,
        None => Side::Absent,
    }
}

/// May this side be what it is, given the other side is coded? Roots are listed in
/// `gate-one-sided-roots.txt` (a side may be absent or unknown) and
/// `gate-unknown-side-roots.txt` (a side may be named with an unknown country).
fn allowed(lex: &Lexicon, code: &CameoCode, s: Side) -> bool {
    let root = code.root();
    match s {
        Side::Coded => true,
        Side::Unknown => {
            lex.gate_one_sided_roots.has(root) || lex.gate_unknown_side_roots.has(root)
        }
        Side::Absent => lex.gate_one_sided_roots.has(root),
    }
}

/// Rule 1 alone: it reads only the head predicate (a statement verb without a demand) and the
/// last verb's lemma, so it can be checked before roles and the parse.
pub fn check_predicate(lex: &Lexicon, statement: bool, lemma: &str) -> Result<(), Rejection> {
    if statement {
        return Err(Rejection::Statement);
    }
    if lex.non_event_verbs.has(lemma) {
        return Err(Rejection::NotAnAct(lemma.to_string()));
    }
    Ok(())
}

/// Checks a candidate against the definition in the module doc.
pub fn check(lex: &Lexicon, d: &EventDraft) -> Result<(), Rejection> {
    check_predicate(lex, d.statement, &d.lemma)?;
    let src = side(d.source.as_ref());
    let tgt = side(d.target.as_ref());
    if src != Side::Coded && tgt != Side::Coded {
        return Err(Rejection::NoCodedActor);
    }
    if !allowed(lex, &d.code, src)
        || (d.passive && src == Side::Absent && !lex.gate_agentless_roots.has(d.code.root()))
    {
        return Err(Rejection::NoCodedSource);
    }
    if !allowed(lex, &d.code, tgt) {
        return Err(Rejection::NoCodedTarget);
    }
    if let (Some(s), Some(t)) = (&d.source, &d.target) {
        if s.code == t.code {
            return Err(Rejection::SelfDyad(s.code.clone()));
        }
    }
    Ok(())
}
