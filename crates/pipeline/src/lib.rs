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

use anyhow::Result;
use std::path::PathBuf;
use vigil_core::{AnnotatedDoc, Annotator, Document};

/// Version string stored with extracted events; bump when the stage list or its data changes
/// meaning, so `vigil analyze` re-extracts stored documents.
pub const CODER_VERSION: &str = concat!("vigil/", env!("CARGO_PKG_VERSION"));

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

/// A loaded pipeline.
pub struct Pipeline {
    stages: Vec<Box<dyn Annotator>>,
    warnings: Vec<String>,
}

impl Pipeline {
    /// Loads every stage up to `depth`. Missing optional data becomes a warning.
    pub fn load(opts: &PipelineOptions, depth: Depth) -> Result<Pipeline> {
        let mut stages: Vec<Box<dyn Annotator>> = Vec::new();
        let mut warnings = Vec::new();
        let data = &opts.data_dir;
        let models = data.join("models");
        match vigil_nlp::Nlp::load(&models) {
            Ok(n) => stages.push(Box::new(n)),
            Err(e) => match vigil_nlp::Nlp::load_tagger_only(&models) {
                Ok(n) => {
                    warnings.push(format!("parser model not loaded ({e:#}); tagging only"));
                    stages.push(Box::new(n));
                }
                Err(e) => {
                    warnings.push(format!(
                        "tagger/parser models not loaded ({e:#}); tokenising only"
                    ));
                    stages.push(Box::new(vigil_nlp::Nlp::tokenizer_only()));
                }
            },
        }
        match vigil_ner::Ner::load(&models, data) {
            Ok(n) => stages.push(Box::new(n)),
            Err(e) => warnings.push(format!("NER model not loaded ({e:#}); no entities")),
        }
        if depth != Depth::Linguistic {
            stages.push(Box::new(vigil_time::TimeTagger::new()));
            match vigil_geo::Geocoder::load(data) {
                Ok(g) => stages.push(Box::new(g)),
                Err(e) => warnings.push(format!("gazetteer not loaded ({e:#}); no places")),
            }
        }
        if depth == Depth::Full {
            // Without the coder there are no events: that is an error, not a warning.
            let coder = vigil_coder::Coder::load_with(data, &opts.extra_dictionaries)?;
            stages.push(Box::new(coder));
        }
        Ok(Pipeline { stages, warnings })
    }

    /// Builds a pipeline from explicit stages (tests, benchmarks).
    pub fn from_stages(stages: Vec<Box<dyn Annotator>>) -> Pipeline {
        Pipeline {
            stages,
            warnings: Vec::new(),
        }
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
        Ok(())
    }
}
