//! Vigil's event coder: from annotated sentences to CAMEO/PLOVER events.
//!
//! **Consumes** an [`AnnotatedDoc`] with whatever layers exist: sentences and tokens (made here
//! with a small rule tokenizer when absent), POS tags and a dependency parse when the NLP stage
//! ran, time expressions and places. **Produces** `doc.events`: each [`vigil_core::Event`] has a
//! CAMEO code with root, QuadClass, Goldstein and PLOVER type/mode, source and target actors
//! (CAMEO actor code, ISO3 country, sectors, span), date, place, modality and attribution,
//! confidence, and provenance (predicate/source/target spans and the dictionary pattern).
//!
//! **Key design decision:** knowledge lives in the PETRARCH/TABARI dictionaries, read in their
//! own text formats (Phoenix actors, agents, CAMEO.2.0 verb patterns, discards, issues) plus the
//! project's and the user's files in the same formats, compiled at load time into hash-keyed
//! phrase indexes. The code is only the matcher: the parse (when present) or TABARI-style token
//! positions (when not) decide which actor phrase is the source and which the target, so the
//! coder degrades gracefully from parsed to merely tokenized input.
#![deny(missing_docs)]

pub mod calibration;
pub mod codes;
pub mod combine;
pub mod conformance;
pub mod context;
pub mod dict;
pub mod eval;
pub mod event;
pub mod extract;
pub mod gate;
pub mod lexicon;
pub mod modality;
pub mod pattern;
pub mod predicates;
pub mod resolve;
pub mod roles;
pub mod text;

use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use vigil_core::{AnnotatedDoc, Annotator, Codebook};

pub use dict::Dictionaries;
pub use eval::eval_plover;
pub use event::CODER_VERSION;
pub use lexicon::Lexicon;

/// A step over each sentence's events after the dictionary coding and before calibration: the
/// pipeline sets the learned typing (`vigil_typing::Typer`) here.
pub trait Refine: std::fmt::Debug + Send + Sync {
    /// Adjusts, retypes or drops the events of one sentence.
    fn refine(&self, doc: &AnnotatedDoc, events: &mut Vec<vigil_core::Event>, codebook: &Codebook);
}

/// The event coder: dictionaries plus codebook.
#[derive(Debug)]
pub struct Coder {
    dict: Dictionaries,
    lexicon: Lexicon,
    codebook: Codebook,
    calibration: Option<calibration::Calibration>,
    refine: Option<std::sync::Arc<dyn Refine>>,
}

impl Coder {
    /// Loads `data_dir/dictionaries/{vigil,phoenix}`, the word lists of
    /// `data_dir/dictionaries/vigil/lists` and `data_dir/codebook`.
    pub fn load(data_dir: &Path) -> Result<Coder> {
        Coder::load_with(data_dir, &[])
    }

    /// Like [`Coder::load`], also reading every dictionary file in `extra_dict_dirs` (read
    /// first, so their entries take precedence).
    pub fn load_with(data_dir: &Path, extra_dict_dirs: &[PathBuf]) -> Result<Coder> {
        let dict = Dictionaries::load(&data_dir.join("dictionaries"), extra_dict_dirs)
            .context("loading coder dictionaries")?;
        let mut lexicon = Lexicon::load_from_data(data_dir).context("loading coder word lists")?;
        lexicon.add_verb_classes(&dict.verbs);
        let codebook = Codebook::load(&data_dir.join("codebook")).context("loading codebook")?;
        let calibration = calibration::Calibration::load(&data_dir.join("models"))
            .context("loading the confidence calibration")?;
        Ok(Coder {
            dict,
            lexicon,
            codebook,
            calibration,
            refine: None,
        })
    }

    /// Sets the step run on each sentence's events before calibration (`None`: dictionary only).
    pub fn set_refine(&mut self, r: Option<std::sync::Arc<dyn Refine>>) {
        self.refine = r;
    }

    /// The confidence calibration (`data/models/calibration.tsv`), when present.
    pub fn calibration(&self) -> Option<calibration::Calibration> {
        self.calibration
    }

    /// Replaces the calibration (`None`: events keep the evidence score; used to fit it).
    pub fn set_calibration(&mut self, c: Option<calibration::Calibration>) {
        self.calibration = c;
    }

    /// The loaded dictionaries.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dict
    }

    /// The codebook.
    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    /// The coder's word lists.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    fn env<'a>(
        &'a self,
        context: &'a context::ContextIndex<'a>,
        explain: bool,
    ) -> extract::Env<'a> {
        extract::Env {
            dict: &self.dict,
            lex: &self.lexicon,
            codebook: &self.codebook,
            context,
            explain,
        }
    }

    /// The actor resolver for `doc`, dated by its publication date or dateline.
    fn resolver(&self, doc: &AnnotatedDoc) -> resolve::Resolver<'_> {
        let date = doc.doc.published.or_else(|| {
            doc.doc.dateline.as_ref().and_then(|d| {
                chrono::NaiveDate::from_ymd_opt(d.year?, d.month.unwrap_or(1), d.day.unwrap_or(1))
            })
        });
        resolve::Resolver {
            dict: &self.dict,
            lex: &self.lexicon,
            date,
        }
    }

    /// The sentences whose events can depend on the dependency parse (see
    /// [`extract::needs_parse`]): a pipeline may parse only these and code byte-identical
    /// events, since the steps that pick them read no parse.
    pub fn sentences_to_parse(&self, doc: &AnnotatedDoc) -> Vec<usize> {
        if self.dict.discards.find_story(&doc.doc.text).is_some() {
            return Vec::new();
        }
        let context = context::ContextIndex::new(doc);
        let env = self.env(&context, false);
        let resolver = self.resolver(doc);
        let mut mem = resolve::Memory::default();
        (0..doc.sentences.len())
            .filter(|&si| extract::needs_parse(&env, doc, si, &resolver, &mut mem))
            .collect()
    }

    fn run(&self, doc: &AnnotatedDoc, explain: bool) -> (Vec<vigil_core::Event>, Vec<String>) {
        let context = context::ContextIndex::new(doc);
        let env = self.env(&context, explain);
        let resolver = self.resolver(doc);
        let mut mem = resolve::Memory::default();
        let mut events = Vec::new();
        let mut trace = Vec::new();
        if let Some(e) = self.dict.discards.find_story(&doc.doc.text) {
            trace.push(format!("story discarded by {:?}", e.phrase));
            return (events, trace);
        }
        for si in 0..doc.sentences.len() {
            let out = extract::code_sentence(&env, doc, si, &resolver, &mut mem);
            let mut sentence_events = out.events;
            if let Some(r) = &self.refine {
                r.refine(doc, &mut sentence_events, &self.codebook);
            }
            if let Some(c) = self.calibration {
                for e in &mut sentence_events {
                    e.confidence = c.apply(e.confidence);
                }
            }
            events.extend(sentence_events);
            trace.extend(out.trace);
        }
        (events, trace)
    }

    /// A human-readable trace: per sentence the tokens (with tags and parse when present),
    /// entities, times and places, the actor resolutions (which dictionary entry), each pattern
    /// tried and why it matched or not, and the events with their modality cues.
    pub fn explain(&self, doc: &AnnotatedDoc) -> String {
        let mut doc = doc.clone();
        text::ensure_tokens(&mut doc);
        let (events, trace) = self.run(&doc, true);
        let mut out = String::new();
        for (si, sent) in doc.sentences.iter().enumerate() {
            let _ = writeln!(out, "## sentence {si}: {}", doc.text_of(sent.span));
            let toks: Vec<String> = doc
                .sentence_tokens(si)
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let mut s = format!("{k}:{}", t.text);
                    if !t.upos.is_empty() {
                        let _ = write!(s, "/{}", t.upos);
                    }
                    if !t.deprel.is_empty() {
                        let _ = write!(
                            s,
                            "<{}:{}",
                            t.deprel,
                            t.head.map_or("root".to_string(), |h| h.to_string())
                        );
                    }
                    s
                })
                .collect();
            let _ = writeln!(out, "tokens: {}", toks.join(" "));
            for e in doc.entities.iter().filter(|e| sent.span.contains(e.span)) {
                let _ = writeln!(out, "entity: {} {:?}", e.label, doc.text_of(e.span));
            }
            for t in doc.times.iter().filter(|t| sent.span.contains(t.span)) {
                let _ = writeln!(out, "time: {:?} = {}", doc.text_of(t.span), t.value.value);
            }
            for p in doc.places.iter().filter(|p| sent.span.contains(p.span)) {
                let _ = writeln!(
                    out,
                    "place: {:?} = {} ({}){}",
                    doc.text_of(p.span),
                    p.place.name,
                    p.place.country.as_deref().unwrap_or("?"),
                    if p.adjectival { " adjectival" } else { "" }
                );
            }
        }
        let _ = writeln!(out, "\n## coder trace");
        for l in trace {
            let _ = writeln!(out, "{l}");
        }
        let _ = writeln!(out, "\n## events");
        for e in &events {
            let _ = writeln!(
                out,
                "{} {} ({}) {} -> {} [{}] {}{} conf {:.2} rule {}",
                e.cameo,
                self.codebook.name(&e.cameo).unwrap_or(""),
                e.plover.as_deref().unwrap_or("-"),
                e.source.as_ref().map_or("-", |a| a.code.as_str()),
                e.target.as_ref().map_or("-", |a| a.code.as_str()),
                e.modality,
                e.date
                    .as_ref()
                    .map_or(String::new(), |d| format!("date {} ", d.value)),
                e.attribution.as_ref().map_or(String::new(), |a| format!(
                    "attributed to {:?} ({}) ",
                    a.text, a.cue
                )),
                e.confidence,
                e.provenance.rule
            );
        }
        out
    }
}

impl Annotator for Coder {
    fn name(&self) -> &str {
        "coder"
    }

    fn annotate(&self, doc: &mut AnnotatedDoc) -> Result<()> {
        text::ensure_tokens(doc);
        let (events, _) = self.run(doc, false);
        doc.events = events;
        Ok(())
    }
}

/// Builds an [`AnnotatedDoc`] for `text` using only the coder's own tokenizer (no tagger,
/// parser, NER, time or geo): the fallback path, for tests and when no models are available.
pub fn tokenize_only(text: &str) -> AnnotatedDoc {
    let mut d = AnnotatedDoc::new(vigil_core::Document::new(None, text.to_string()));
    text::ensure_tokens(&mut d);
    d
}
