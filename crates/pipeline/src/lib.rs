//! The extraction pipeline: an ordered list of [`Annotator`] stages that turns a [`Document`]
//! into an [`AnnotatedDoc`] with its events.
//!
//! Consumes documents, produces annotated documents. The key design decision: stages are loaded
//! once (models, dictionaries, gazetteer compiled into memory) and then run as pure functions over
//! one document at a time, so the same pipeline serves `vigil code`, `vigil analyze`, the eval
//! harnesses and the benchmark, and documents can be processed in parallel with ordered output.
//! A stage whose model or data is missing is left out with a warning rather than failing the run,
//! so a partial install still produces what it can (and says so).
#![deny(missing_docs)]

pub mod extract;
pub mod worker;

pub use extract::{code_into, extract_pending, extract_pending_with, Extracted};
pub use worker::{run_worker, WorkerOptions};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;
/// The coder's code version (part of the extraction fingerprint).
pub use vigil_coder::CODER_VERSION;
use vigil_core::{AnnotatedDoc, Annotator, Document};

/// Files under `dir` (recursively), sorted; none when it does not exist.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out)?;
        } else if p.is_file() {
            out.push(p);
        }
    }
    Ok(())
}

/// The extraction fingerprint stored with extracted events: the coder's code version
/// ([`vigil_coder::CODER_VERSION`]) and a hash of every file the extraction reads as knowledge —
/// the dictionaries and word lists (`data/dictionaries`), the user's `--dict` directories, the
/// models (`data/models`, `data/ner`), the gazetteer (`data/geo`) and the codebook. Any edit to
/// them gives a new fingerprint, so `vigil analyze`/`extract` re-extract stored documents.
/// Paths are hashed relative to their root, so the same data in another checkout gives the
/// same fingerprint.
pub fn fingerprint(opts: &PipelineOptions) -> Result<String> {
    let data = &opts.data_dir;
    let mut roots: Vec<PathBuf> = ["dictionaries", "models", "ner", "geo", "codebook"]
        .iter()
        .map(|d| data.join(d))
        .collect();
    roots.extend(opts.extra_dictionaries.iter().cloned());
    let mut h = Sha256::new();
    h.update(vigil_coder::CODER_VERSION.as_bytes());
    for (i, root) in roots.iter().enumerate() {
        let mut files = Vec::new();
        files_under(root, &mut files)?;
        h.update(format!("\0root {i}\0").as_bytes());
        for f in files {
            let rel = f.strip_prefix(root).unwrap_or(&f);
            let bytes = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
            h.update(rel.to_string_lossy().as_bytes());
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        }
    }
    let hex: String = vigil_core::hex(&h.finalize()[..8]);
    Ok(format!("{}+{hex}", vigil_coder::CODER_VERSION))
}

/// Largest document text the pipeline extracts from, in bytes. News articles are a few to a
/// few hundred kilobytes; a bigger "document" is a dump or a scrape gone wrong, and it is
/// recorded as failed with this reason rather than holding an extraction run for minutes.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

fn within_budget(ad: &AnnotatedDoc) -> Result<()> {
    let n = ad.doc.text.len();
    if n > MAX_DOCUMENT_BYTES {
        anyhow::bail!(
            "document {} has {n} bytes of text, over the extraction budget of {MAX_DOCUMENT_BYTES} bytes",
            ad.doc.id
        );
    }
    Ok(())
}

/// Where the stages find their data.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// The project's `data/` directory.
    pub data_dir: PathBuf,
    /// Extra dictionary directories for the coder.
    pub extra_dictionaries: Vec<PathBuf>,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            data_dir: vigil_core::paths::data_dir(),
            extra_dictionaries: Vec::new(),
        }
    }
}

/// Which stages to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Tokenise, tag, parse, NER.
    Linguistic,
    /// Linguistic plus time expressions and places: everything the coder reads.
    Context,
    /// Everything through event coding.
    Full,
}

/// Loads the coder with the learned typing ([`vigil_typing::Typer`]) attached when
/// `data/models/typing.model.gz` exists; without it the coder keeps the dictionary's types and
/// the returned warnings say so.
pub fn load_coder(opts: &PipelineOptions) -> Result<(vigil_coder::Coder, Vec<String>)> {
    let mut coder = vigil_coder::Coder::load_with(&opts.data_dir, &opts.extra_dictionaries)?;
    let mut warnings = Vec::new();
    match vigil_typing::Typer::load(&opts.data_dir.join("models")) {
        Ok(Some(t)) => coder.set_refine(Some(std::sync::Arc::new(t))),
        Ok(None) => warnings.push(format!(
            "typing model {} not found (`vigil train coder` builds it); dictionary event types only",
            vigil_typing::MODEL_FILE
        )),
        Err(e) => warnings.push(format!(
            "typing model not loaded ({e:#}); dictionary event types only"
        )),
    }
    Ok((coder, warnings))
}

/// The tagger and parser, or what of them loads (each missing part is a warning).
fn load_nlp(models: &Path, warnings: &mut Vec<String>) -> vigil_nlp::Nlp {
    match vigil_nlp::Nlp::load(models) {
        Ok(n) => n,
        Err(e) => match vigil_nlp::Nlp::load_tagger_only(models) {
            Ok(n) => {
                warnings.push(format!("parser model not loaded ({e:#}); tagging only"));
                n
            }
            Err(e) => {
                warnings.push(format!(
                    "tagger/parser models not loaded ({e:#}); tokenising only"
                ));
                vigil_nlp::Nlp::tokenizer_only()
            }
        },
    }
}

/// The dependency parse of a [`Depth::Full`] pipeline, run just before the coder and only on
/// the sentences whose events can depend on it ([`vigil_coder::Coder::sentences_to_parse`]):
/// the parse is most of the linguistic cost, and most news sentences hold no event head.
/// Events are the same as with every sentence parsed; other sentences keep empty heads.
struct CoderParse {
    parser: vigil_nlp::parser::Parser,
    coder: Arc<vigil_coder::Coder>,
}

impl Annotator for CoderParse {
    fn name(&self) -> &str {
        "parse"
    }

    fn annotate(&self, doc: &mut AnnotatedDoc) -> Result<()> {
        for si in self.coder.sentences_to_parse(doc) {
            let (a, b) = (doc.sentences[si].token_start, doc.sentences[si].token_end);
            let toks = doc
                .tokens
                .get_mut(a..b)
                .context("sentence outside the token list")?;
            vigil_nlp::parse_sentence(&self.parser, toks);
        }
        Ok(())
    }
}

/// The coder, shared with [`CoderParse`].
struct SharedCoder(Arc<vigil_coder::Coder>);

impl Annotator for SharedCoder {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn annotate(&self, doc: &mut AnnotatedDoc) -> Result<()> {
        self.0.annotate(doc)
    }
}

/// A loaded pipeline.
pub struct Pipeline {
    stages: Vec<Box<dyn Annotator>>,
    warnings: Vec<String>,
    fingerprint: String,
    /// Events below this calibrated confidence are dropped: the one place the cut is applied.
    min_confidence: f64,
    /// The cut chosen on dev data (`data/models/calibration.tsv`), 0 without it.
    default_cut: f64,
}

impl Pipeline {
    /// Loads every stage up to `depth`. Missing optional data becomes a warning.
    pub fn load(opts: &PipelineOptions, depth: Depth) -> Result<Pipeline> {
        let mut warnings = Vec::new();
        let data = &opts.data_dir;
        let models = data.join("models");
        let mut nlp = load_nlp(&models, &mut warnings);
        let mut rest: Vec<Box<dyn Annotator>> = Vec::new();
        match vigil_ner::Ner::load(&models, data) {
            Ok(n) => rest.push(Box::new(n)),
            Err(e) => warnings.push(format!("NER model not loaded ({e:#}); no entities")),
        }
        if depth != Depth::Linguistic {
            rest.push(Box::new(vigil_time::TimeTagger::new()));
            match vigil_geo::Geocoder::load(data) {
                Ok(g) => rest.push(Box::new(g)),
                Err(e) => warnings.push(format!("gazetteer not loaded ({e:#}); no places")),
            }
        }
        let mut default_cut = 0.0;
        if depth == Depth::Full {
            // Without the coder there are no events: that is an error, not a warning.
            let (coder, w) = load_coder(opts)?;
            warnings.extend(w);
            default_cut = coder.calibration().map_or(0.0, |c| c.cut);
            let coder = Arc::new(coder);
            if let Some(parser) = nlp.take_parser() {
                rest.push(Box::new(CoderParse {
                    parser,
                    coder: Arc::clone(&coder),
                }));
            }
            rest.push(Box::new(SharedCoder(coder)));
        }
        let mut stages: Vec<Box<dyn Annotator>> = vec![Box::new(nlp)];
        stages.extend(rest);
        let fingerprint = fingerprint(opts)?;
        Ok(Pipeline {
            stages,
            warnings,
            fingerprint,
            min_confidence: default_cut,
            default_cut,
        })
    }

    /// Builds a pipeline from explicit stages (tests, benchmarks); no confidence cut.
    pub fn from_stages(stages: Vec<Box<dyn Annotator>>) -> Pipeline {
        Pipeline {
            stages,
            warnings: Vec::new(),
            fingerprint: vigil_coder::CODER_VERSION.to_string(),
            min_confidence: 0.0,
            default_cut: 0.0,
        }
    }

    /// Events whose calibrated confidence is below `cut` are dropped (`--min-confidence`);
    /// the default is the cut chosen on dev data. A cut other than the default is part of the
    /// fingerprint, so stored extractions made with another cut are redone.
    pub fn set_min_confidence(&mut self, cut: f64) {
        let base = self
            .fingerprint
            .split("+cut")
            .next()
            .unwrap_or("")
            .to_string();
        self.fingerprint = if cut == self.default_cut {
            base
        } else {
            format!("{base}+cut{cut}")
        };
        self.min_confidence = cut;
    }

    /// The confidence cut in use.
    pub fn min_confidence(&self) -> f64 {
        self.min_confidence
    }

    /// Drops the events below the cut; every path that codes documents goes through here.
    fn apply_cut(&self, ad: &mut AnnotatedDoc) {
        ad.events.retain(|e| e.confidence >= self.min_confidence);
    }

    /// The extraction fingerprint (see [`fingerprint`]): what stored extractions are compared
    /// with.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Problems met while loading (missing models or data).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Names of the loaded stages, in order.
    pub fn stage_names(&self) -> Vec<&str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage over one document.
    pub fn process(&self, doc: Document) -> Result<AnnotatedDoc> {
        let mut ad = AnnotatedDoc::new(doc);
        self.annotate(&mut ad)?;
        Ok(ad)
    }

    /// Like [`Pipeline::process`], adding each stage's wall time to `spent` (one slot per
    /// stage, in [`Pipeline::stage_names`] order) — for the benchmark's per-stage breakdown.
    pub fn process_timed(
        &self,
        doc: Document,
        spent: &mut [std::time::Duration],
    ) -> Result<AnnotatedDoc> {
        let mut ad = AnnotatedDoc::new(doc);
        within_budget(&ad)?;
        for (s, slot) in self.stages.iter().zip(spent.iter_mut()) {
            let t = std::time::Instant::now();
            s.annotate(&mut ad)
                .map_err(|e| e.context(format!("stage {} on document {}", s.name(), ad.doc.id)))?;
            *slot += t.elapsed();
        }
        self.apply_cut(&mut ad);
        Ok(ad)
    }

    /// Runs every stage over an already wrapped document; a document over
    /// [`MAX_DOCUMENT_BYTES`] is an error (the caller records it as failed).
    pub fn annotate(&self, ad: &mut AnnotatedDoc) -> Result<()> {
        within_budget(ad)?;
        for s in &self.stages {
            s.annotate(ad)
                .map_err(|e| e.context(format!("stage {} on document {}", s.name(), ad.doc.id)))?;
        }
        self.apply_cut(ad);
        Ok(())
    }
}

/// What `vigil explain` shows for one document: every layer, and the coder's trace of the
/// patterns it tried.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// Names of the stages that ran before the coder, in order.
    pub stages: Vec<String>,
    /// The document with every layer, events included.
    pub doc: AnnotatedDoc,
    /// The coder's trace: actors found, patterns tried and why each matched or not.
    pub trace: String,
}

/// The stages before the coder and the coder itself, held apart so that the coder can be asked
/// for its trace. Runs the same stages, in the same order, as a [`Depth::Full`] pipeline.
pub struct Explainer {
    upstream: Pipeline,
    coder: vigil_coder::Coder,
}

impl Explainer {
    /// Loads the context stages and the coder.
    pub fn load(opts: &PipelineOptions) -> Result<Explainer> {
        let mut upstream = Pipeline::load(opts, Depth::Context)?;
        let (coder, w) = load_coder(opts)?;
        upstream.warnings.extend(w);
        Ok(Explainer { upstream, coder })
    }

    /// Problems met while loading (missing models or data).
    pub fn warnings(&self) -> &[String] {
        self.upstream.warnings()
    }

    /// The default confidence cut; events below it are shown but not stored.
    pub fn min_confidence(&self) -> f64 {
        self.coder.calibration().map_or(0.0, |c| c.cut)
    }

    /// Annotates one document and records the coder's trace.
    pub fn explain(&self, doc: Document) -> Result<Explanation> {
        let mut ad = self.upstream.process(doc)?;
        Annotator::annotate(&self.coder, &mut ad)?;
        let cut = self.min_confidence();
        let mut trace = self.coder.explain(&ad);
        for e in ad.events.iter().filter(|e| e.confidence < cut) {
            trace.push_str(&format!(
                "not stored: {} ({}) confidence {:.2} below the cut {cut:.2}\n",
                e.cameo,
                e.plover.as_deref().unwrap_or("-"),
                e.confidence
            ));
        }
        Ok(Explanation {
            stages: self
                .upstream
                .stage_names()
                .into_iter()
                .map(str::to_string)
                .collect(),
            trace,
            doc: ad,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::{Event, Modality, Provenance, Span};

    /// A stage that emits one event per given confidence.
    struct Fixed(Vec<f64>);

    impl Annotator for Fixed {
        fn name(&self) -> &str {
            "fixed"
        }

        fn annotate(&self, ad: &mut AnnotatedDoc) -> Result<()> {
            let span = Span::new(0, ad.doc.text.len());
            ad.events = self
                .0
                .iter()
                .enumerate()
                .map(|(i, &c)| Event {
                    id: format!("e{i}"),
                    doc_id: ad.doc.id.clone(),
                    sentence: 0,
                    span,
                    cameo: "042".into(),
                    root: "04".into(),
                    quad_class: 1,
                    goldstein: 1.9,
                    plover: Some("CONSULT".into()),
                    plover_mode: None,
                    source: None,
                    target: None,
                    date: None,
                    place: None,
                    modality: Modality::Asserted,
                    attribution: None,
                    confidence: c,
                    provenance: Provenance {
                        predicate: None,
                        source: None,
                        target: None,
                        rule: "test".into(),
                        coder: "test".into(),
                    },
                })
                .collect();
            Ok(())
        }
    }

    /// The cut lives in the pipeline: `code`'s path (`process`) and `analyze`'s (`code_into`,
    /// which the worker and Python share) keep the same events, and a non-default cut changes
    /// the fingerprint so stored extractions are redone.
    #[test]
    fn cut_is_the_same_on_the_code_and_analyze_paths() {
        let mut p = Pipeline::from_stages(vec![Box::new(Fixed(vec![0.2, 0.5, 0.9]))]);
        let doc = Document::new(None, "Ruritania hosted envoys from Sylvania.".into());
        assert_eq!(p.process(doc.clone()).expect("process").events.len(), 3);
        let before = p.fingerprint().to_string();
        p.set_min_confidence(0.5);
        assert_ne!(p.fingerprint(), before);
        let code: Vec<Event> = p.process(doc.clone()).expect("process").events;
        let mut batch = vigil_store::Batch::default();
        let x = extract::code_into(&p, vec![doc], &mut batch);
        assert_eq!(x.events, 2);
        assert_eq!(batch.events[0].1, code);
        assert!(code.iter().all(|e| e.confidence >= 0.5));
        p.set_min_confidence(0.0);
        assert_eq!(p.fingerprint(), before);
    }
}
