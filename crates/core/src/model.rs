//! The document model: one [`Document`] owns the text; an [`AnnotatedDoc`] holds the layers
//! the pipeline stages add, all pointing back into the text by byte [`Span`].

use crate::span::Span;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// An article as ingested. `id` is a content hash, so re-ingesting the same article is a no-op.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Hex content hash of the normalised text (see [`Document::content_id`]).
    pub id: String,
    /// The caller's own identifier (JSONL `id`, file path), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Where the article came from: a publisher name, or the file it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Article URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date: the anchor for relative time expressions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// Cleaned article body. Every span in every layer indexes into this string.
    pub text: String,
    /// Dateline found at the top of the text ("BAKU, Azerbaijan, December 26."); the text keeps
    /// it, this records what it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// When the article entered the store (RFC 3339), set by ingestion; absent for `vigil code`
    /// so that its output is deterministic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingested_at: Option<String>,
}

impl Document {
    /// Builds a document with its content-hash id. The hash covers the title and the text, so
    /// the same article arriving from two files (or twice from one) gets one id.
    pub fn new(title: Option<String>, text: String) -> Document {
        let id = Document::content_id(title.as_deref(), &text);
        Document {
            id,
            external_id: None,
            source: None,
            url: None,
            title,
            published: None,
            text,
            dateline: None,
            ingested_at: None,
        }
    }

    /// The content hash used as document id: SHA-256 over title and whitespace-normalised text,
    /// first 16 bytes in hex.
    pub fn content_id(title: Option<&str>, text: &str) -> String {
        let mut h = Sha256::new();
        if let Some(t) = title {
            for w in t.split_whitespace() {
                h.update(w.as_bytes());
                h.update(b" ");
            }
        }
        h.update(b"\x00");
        for w in text.split_whitespace() {
            h.update(w.as_bytes());
            h.update(b" ");
        }
        let digest = h.finalize();
        crate::hex(&digest[..16])
    }
}

/// A sentence: a span of the text and the range of its tokens in [`AnnotatedDoc::tokens`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte span in the document text.
    pub span: Span,
    /// Index of the sentence's first token in `AnnotatedDoc::tokens`.
    pub token_start: usize,
    /// One past the index of its last token.
    pub token_end: usize,
}

/// A token with its linguistic annotation. Fields a stage has not filled stay empty/`None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Byte span in the document text.
    pub span: Span,
    /// The token's text as the tagger should see it (normally the covered text; quotes and
    /// dashes may be normalised).
    pub text: String,
    /// Universal POS tag (`NOUN`, `VERB`, ...), empty until tagged.
    #[serde(default)]
    pub upos: String,
    /// Penn Treebank tag (`NN`, `VBD`, ...), empty until tagged.
    #[serde(default)]
    pub xpos: String,
    /// Lemma, empty until lemmatised.
    #[serde(default)]
    pub lemma: String,
    /// Head token as an index *within the sentence* (0-based); `None` for the root or unparsed.
    #[serde(default)]
    pub head: Option<usize>,
    /// Universal Dependencies relation to the head (`nsubj`, `obj`, `root`, ...); empty if unparsed.
    #[serde(default)]
    pub deprel: String,
}

impl Token {
    /// An untagged token.
    pub fn new(span: Span, text: impl Into<String>) -> Token {
        Token {
            span,
            text: text.into(),
            upos: String::new(),
            xpos: String::new(),
            lemma: String::new(),
            head: None,
            deprel: String::new(),
        }
    }
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Byte span in the document text.
    pub span: Span,
    /// First token index (document-wide, into `AnnotatedDoc::tokens`).
    pub token_start: usize,
    /// One past the last token index.
    pub token_end: usize,
    /// Label: `PER`, `ORG`, `LOC`, `MISC`, or any label a model was trained with.
    pub label: String,
    /// Model or rule that produced it.
    #[serde(default)]
    pub source: String,
}

/// Granularity of a normalised date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// A clock time or part of a day.
    Time,
    /// One calendar day.
    Day,
    /// A week.
    Week,
    /// A calendar month (or part of one: "mid-August").
    Month,
    /// A season or quarter.
    Season,
    /// A year (or part of one).
    Year,
    /// Decade or longer.
    Decade,
    /// Not normalisable to the calendar.
    Unknown,
}

/// A normalised date or date range.
///
/// `start`/`end` are inclusive calendar days when the year is known; with an unknown year they
/// are `None` and `value` carries the TIMEX3 form with `XXXX` (e.g. `XXXX-10-02`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    /// TIMEX3-style value: `2023-10-02`, `2023-10`, `2023-W40`, `XXXX-10-02`, `P3W`, `PAST_REF` ...
    pub value: String,
    /// First day covered.
    pub start: Option<NaiveDate>,
    /// Last day covered (inclusive).
    pub end: Option<NaiveDate>,
    /// How precise the value is.
    pub granularity: Granularity,
}

impl DateValue {
    /// A single known day.
    pub fn day(d: NaiveDate) -> DateValue {
        DateValue {
            value: d.format("%Y-%m-%d").to_string(),
            start: Some(d),
            end: Some(d),
            granularity: Granularity::Day,
        }
    }
}

/// TIMEX3 type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or range.
    Date,
    /// A clock time.
    Time,
    /// A duration ("three weeks").
    Duration,
    /// A recurrence ("every Monday").
    Set,
}

/// A time expression found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Byte span in the document text.
    pub span: Span,
    /// TIMEX3 type.
    pub kind: TimexType,
    /// Normalised value.
    pub value: DateValue,
    /// Rule that recognised it.
    #[serde(default)]
    pub rule: String,
}

/// A resolved place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Canonical name.
    pub name: String,
    /// GeoNames id, when resolved to a GeoNames entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u64>,
    /// ISO 3166-1 alpha-3 country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Admin-1 code (GeoNames form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// Latitude, degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude, degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Feature kind: `city`, `country`, `admin1`, `region`, ...
    #[serde(default)]
    pub kind: String,
}

/// A place mention in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// Byte span in the document text.
    pub span: Span,
    /// The resolved place.
    pub place: Place,
    /// True when the mention is a demonym/adjective ("Azerbaijani") rather than a toponym.
    #[serde(default)]
    pub adjectival: bool,
}

/// An actor: who did something or had it done to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Actor {
    /// The text that named the actor.
    pub text: String,
    /// Canonical name when the dictionaries know one ("SERGEY_NARYSHKIN").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Full CAMEO actor code (`RUSSPY`, `USAGOV`, `IGOUNO`).
    pub code: String,
    /// ISO 3166-1 alpha-3 country, when the actor belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Sector codes (`GOV`, `MIL`, `SPY`, `EDU` ...).
    #[serde(default)]
    pub sectors: Vec<String>,
    /// Byte span of the mention in the document text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// How the text commits to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact by the article.
    Asserted,
    /// Attributed to someone ("X said", "according to X").
    Reported,
    /// Hedged ("likely", "may", "could", "we can only speculate").
    Speculative,
    /// Denied or negated ("did not", "denied").
    Negated,
    /// Conditional or hypothetical ("if", "would").
    Hypothetical,
    /// Planned or expected, not yet happened ("will visit").
    Future,
    /// Asked, not stated.
    Question,
}

impl Modality {
    /// Lowercase name, as serialised.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Reported => "reported",
            Modality::Speculative => "speculative",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Future => "future",
            Modality::Question => "question",
        }
    }

    /// Parses the serialised name.
    pub fn parse(s: &str) -> Option<Modality> {
        Some(match s {
            "asserted" => Modality::Asserted,
            "reported" => Modality::Reported,
            "speculative" => Modality::Speculative,
            "negated" => Modality::Negated,
            "hypothetical" => Modality::Hypothetical,
            "future" => Modality::Future,
            "question" => Modality::Question,
            _ => return None,
        })
    }

    /// True when the text claims the event happened (asserted or reported).
    pub fn is_factual(&self) -> bool {
        matches!(self, Modality::Asserted | Modality::Reported)
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a reported event is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The speaker or source as written ("a senior State Department official").
    pub text: String,
    /// The speaker resolved as an actor, when possible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// Byte span of the speaker mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The cue ("said", "according to", "told").
    #[serde(default)]
    pub cue: String,
}

/// Where an event came from: enough to point a user at the exact words and the rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Byte span of the predicate (verb or noun) that triggered the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<Span>,
    /// Byte span of the source actor mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    /// Byte span of the target actor mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Span>,
    /// The dictionary pattern or rule that fired (e.g. `CAMEO.2.0:VISIT:042:* VISIT +`).
    pub rule: String,
    /// The model/coder version that produced it.
    pub coder: String,
}

/// A coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id: hash of document id, sentence, span and code.
    pub id: String,
    /// Document it was coded from.
    pub doc_id: String,
    /// Sentence index within the document.
    pub sentence: usize,
    /// Byte span of the evidence (the sentence) in the document text.
    pub span: Span,
    /// Full CAMEO event code ("042").
    pub cameo: String,
    /// CAMEO root (two digits, "04").
    pub root: String,
    /// QuadClass 1–4 (verbal coop, material coop, verbal conflict, material conflict).
    pub quad_class: u8,
    /// Goldstein scale value for the code.
    pub goldstein: f64,
    /// PLOVER event type ("CONSULT").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
    /// PLOVER mode ("visit").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover_mode: Option<String>,
    /// Who acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Actor>,
    /// Who was acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Actor>,
    /// When: from the clause's time expression, else the article date (coarser).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateValue>,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// How the text commits to it.
    pub modality: Modality,
    /// Who reported it, for `Reported` events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Attribution>,
    /// Coder confidence in [0, 1].
    pub confidence: f64,
    /// Spans and rule.
    pub provenance: Provenance,
}

impl Event {
    /// Computes the stable id from the fields that identify a mention.
    pub fn make_id(doc_id: &str, sentence: usize, predicate: Option<Span>, cameo: &str) -> String {
        let mut h = Sha256::new();
        h.update(doc_id.as_bytes());
        h.update(sentence.to_le_bytes());
        if let Some(p) = predicate {
            h.update(p.start().to_le_bytes());
            h.update(p.end().to_le_bytes());
        }
        h.update(cameo.as_bytes());
        let d = h.finalize();
        crate::hex(&d[..8])
    }
}

/// A document with every layer the pipeline has added so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotatedDoc {
    /// The article; owns the text.
    pub doc: Document,
    /// Sentence layer.
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    /// Token layer (document-wide order).
    #[serde(default)]
    pub tokens: Vec<Token>,
    /// Named-entity layer.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Time-expression layer.
    #[serde(default)]
    pub times: Vec<TimeExpr>,
    /// Place layer.
    #[serde(default)]
    pub places: Vec<PlaceMention>,
    /// Event layer.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Things a stage changed or left out to keep its cost bounded (e.g. over-long sentences
    /// split), one line each, so a user can see why a document was treated differently.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A dateline at the top of an article: place and (partial) date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// Byte span of the whole dateline in the text.
    pub span: Span,
    /// Place part ("BAKU, Azerbaijan").
    pub place: String,
    /// Month, when given.
    pub month: Option<u32>,
    /// Day of month, when given.
    pub day: Option<u32>,
    /// Year, when given.
    pub year: Option<i32>,
}

impl AnnotatedDoc {
    /// Wraps a document with no layers yet.
    pub fn new(doc: Document) -> AnnotatedDoc {
        AnnotatedDoc {
            doc,
            sentences: Vec::new(),
            tokens: Vec::new(),
            entities: Vec::new(),
            times: Vec::new(),
            places: Vec::new(),
            events: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The text a span covers (empty when out of range).
    pub fn text_of(&self, span: Span) -> &str {
        span.slice(&self.doc.text).unwrap_or("")
    }

    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        match self.sentences.get(i) {
            Some(s) => &self.tokens[s.token_start..s.token_end],
            None => &[],
        }
    }

    /// Index of the sentence containing byte offset `pos`.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        self.sentences
            .binary_search_by(|s| {
                if s.span.end() <= pos {
                    std::cmp::Ordering::Less
                } else if s.span.start() > pos {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .ok()
    }
}

/// A pipeline stage: reads the layers it needs and adds its own.
///
/// Stages are pure with respect to the outside world: no file or network access while
/// annotating (models and dictionaries are loaded when the stage is built).
pub trait Annotator: Send + Sync {
    /// Short stable name, used in provenance and `vigil explain`.
    fn name(&self) -> &str;
    /// Adds this stage's layer(s) to `doc`.
    fn annotate(&self, doc: &mut AnnotatedDoc) -> anyhow::Result<()>;
}

/// The document fields analysis needs beside an event (what the store returns for a document id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Document id.
    pub id: String,
    /// Publisher/source.
    pub source: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_id_ignores_whitespace_layout() {
        let a = Document::content_id(Some("T"), "Hello  world\n");
        let b = Document::content_id(Some("T"), "Hello world");
        assert_eq!(a, b);
        assert_ne!(a, Document::content_id(Some("U"), "Hello world"));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn modality_round_trip() {
        for m in [
            Modality::Asserted,
            Modality::Reported,
            Modality::Speculative,
            Modality::Negated,
            Modality::Hypothetical,
            Modality::Future,
            Modality::Question,
        ] {
            assert_eq!(Modality::parse(m.as_str()), Some(m));
            let j = serde_json::to_string(&m).unwrap();
            assert_eq!(j, format!("\"{}\"", m.as_str()));
        }
    }
}
