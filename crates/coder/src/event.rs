//! Last step of the sentence coder: an [`EventDraft`] (a candidate with its code, actors,
//! modality and context) that passed the gate becomes a [`vigil_core::Event`] (CAMEO and
//! PLOVER lookups, provenance).
//!
//! **Confidence** is a documented formula, not a model (yet): a base of 0.45 for a dictionary
//! verb used as a verb, +0.20 when a verb pattern (not just the verb's default code) matched,
//! +0.15 for a source and +0.10 for a target found in the text, +0.05 when a dependency parse
//! was read, times a date factor (1.0 when the clause has its own time expression, 0.9 from the
//! article date, 0.85 from the dateline); clamped to [0, 1] and rounded to two decimals. It
//! orders events by how much evidence they rest on; it is not a calibrated probability.

use crate::predicates::{tok_span, SentenceCtx};
use crate::resolve::{Resolved, Resolver};
use vigil_core::{
    Actor, AnnotatedDoc, Attribution, CameoCode, Codebook, DateValue, Event, Modality, Place,
    Provenance, QuadClass, Span,
};

/// Coder version written into provenance. Bump it when the coder's code changes what it
/// extracts; the stored extraction fingerprint also hashes the dictionaries and models.
pub const CODER_VERSION: &str = concat!("vigil-coder/", env!("CARGO_PKG_VERSION"), "+gate1.names");

/// Evidence behind an event, for the confidence formula (see the module doc).
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence {
    /// A verb pattern matched.
    pub pattern: bool,
    /// A source was found.
    pub source: bool,
    /// A target was found.
    pub target: bool,
    /// The sentence was parsed.
    pub parsed: bool,
    /// The date factor (1.0, 0.9 or 0.85).
    pub date_factor: f64,
}

impl Evidence {
    /// The confidence formula of the module doc.
    pub fn confidence(&self) -> f64 {
        let mut c = 0.45;
        if self.pattern {
            c += 0.2;
        }
        if self.source {
            c += 0.15;
        }
        if self.target {
            c += 0.1;
        }
        if self.parsed {
            c += 0.05;
        }
        ((c * self.date_factor).clamp(0.0, 1.0) * 100.0).round() / 100.0
    }
}

/// An event candidate: everything the gate checks and the event is made of.
#[derive(Debug, Clone)]
pub struct EventDraft {
    /// Sentence index.
    pub sentence: usize,
    /// CAMEO code after chains and modality.
    pub code: CameoCode,
    /// Source actor.
    pub source: Option<Actor>,
    /// Target actor; `None` when the text names none (never invented).
    pub target: Option<Actor>,
    /// Predicate span.
    pub predicate: Option<Span>,
    /// Lemma of the predicate that carries the code (the chain's last verb).
    pub lemma: String,
    /// The head predicate is a statement verb ("said") that does not make a demand.
    pub statement: bool,
    /// The head predicate is passive ("was accused"): a missing source is an agent the text
    /// leaves out.
    pub passive: bool,
    /// Modality.
    pub modality: Modality,
    /// Attribution.
    pub attribution: Option<Attribution>,
    /// The dictionary rule that fired.
    pub rule: String,
    /// Evidence for the confidence.
    pub evidence: Evidence,
    /// Date.
    pub date: Option<DateValue>,
    /// Place.
    pub place: Option<Place>,
    /// Index of this (source, target) pair among the predicate's conjunct pairs.
    pub conjunct: usize,
}

/// The actor of a resolved conjunct: canonical code, country, sectors, span.
pub fn to_actor(ctx: &SentenceCtx, resolver: &Resolver, a: &Resolved) -> Actor {
    let country = resolver.country_of(&a.code);
    let code = if country.is_some() || a.code.starts_with("---") {
        crate::resolve::canonical_code(&a.code, 3)
    } else {
        a.code.clone()
    };
    let rest = if country.is_some() || code.starts_with("---") {
        code.get(3..).unwrap_or("")
    } else {
        code.as_str()
    };
    let sectors: Vec<String> = (0..rest.len())
        .step_by(3)
        .filter_map(|k| rest.get(k..k + 3))
        .map(str::to_string)
        .collect();
    Actor {
        text: ctx.s.text[a.start..a.end].join(" "),
        name: a.name.clone(),
        code,
        country,
        sectors,
        span: tok_span(ctx.toks, a.start, a.end),
    }
}

impl EventDraft {
    /// The event (PLOVER type and mode from the codebook's crosswalk).
    pub fn build(self, doc: &AnnotatedDoc, codebook: &Codebook) -> Event {
        let code = self.code.as_str();
        let key = format!(
            "{code}/{}/{}/{}",
            self.source.as_ref().map_or("", |a| a.code.as_str()),
            self.target.as_ref().map_or("", |a| a.code.as_str()),
            self.conjunct
        );
        // PLOVER folds CAMEO 02 (appeal) into REQUEST with CAMEO 10 (demand); the 2021
        // crosswalk lists only the 10 branch, so an appeal takes the matching demand's type
        let plover_of = |c: &str| codebook.plover(c);
        let crosswalk = plover_of(code).or_else(|| {
            code.strip_prefix("02")
                .and_then(|rest| plover_of(&format!("10{rest}")).or_else(|| plover_of("100")))
        });
        let (plover, plover_mode) = match crosswalk {
            Some((p, m)) => (Some(p), m),
            None => (None, None),
        };
        let si = self.sentence;
        Event {
            id: Event::make_id(&doc.doc.id, si, self.predicate, &key),
            doc_id: doc.doc.id.clone(),
            sentence: si,
            span: doc.sentences[si].span,
            cameo: code.to_string(),
            root: self.code.root().to_string(),
            quad_class: self.code.quad_class().map_or(0, QuadClass::as_u8),
            goldstein: self.code.goldstein(codebook).unwrap_or(0.0),
            plover,
            plover_mode,
            provenance: Provenance {
                predicate: self.predicate,
                source: self.source.as_ref().and_then(|a| a.span),
                target: self.target.as_ref().and_then(|a| a.span),
                rule: self.rule,
                coder: CODER_VERSION.to_string(),
            },
            source: self.source,
            target: self.target,
            date: self.date,
            place: self.place,
            modality: self.modality,
            attribution: self.attribution,
            confidence: self.evidence.confidence(),
        }
    }
}
