//! `Coder`: a loaded pipeline; articles (JSON objects as text) in, event JSON lines out.

use crate::to_py;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;
use vigil_core::Event;
use vigil_ingest::Item;
use vigil_pipeline::{Depth, Explainer, Pipeline, PipelineOptions};

/// One article's result: its events as JSON lines, or the CLI's one-line reason it produced
/// none (`rejected …` / `failed: …`).
type Coded = (Vec<String>, Option<String>);

/// The full pipeline, loaded once.
#[pyclass(frozen, module = "vigil._vigil")]
pub struct Coder {
    opts: PipelineOptions,
    pipeline: Pipeline,
    /// Loaded on the first `explain` call: most users never ask for a trace.
    explainer: OnceLock<Explainer>,
}

#[pymethods]
impl Coder {
    /// Loads models, dictionaries, gazetteer and codebooks from `data_dir`.
    #[new]
    #[pyo3(signature = (data_dir, dictionaries=None, min_confidence=None))]
    fn new(
        py: Python<'_>,
        data_dir: PathBuf,
        dictionaries: Option<Vec<PathBuf>>,
        min_confidence: Option<f64>,
    ) -> PyResult<Coder> {
        if let Some(m) = min_confidence {
            if !(0.0..=1.0).contains(&m) {
                return Err(PyValueError::new_err(format!(
                    "min_confidence {m}: expected a number in [0, 1]"
                )));
            }
        }
        let opts = PipelineOptions {
            data_dir,
            extra_dictionaries: dictionaries.unwrap_or_default(),
        };
        let mut pipeline = py
            .detach(|| Pipeline::load(&opts, Depth::Full))
            .map_err(to_py)?;
        // The cut is the pipeline's (one place for every path); None keeps the default.
        if let Some(m) = min_confidence {
            pipeline.set_min_confidence(m);
        }
        Ok(Coder {
            opts,
            pipeline,
            explainer: OnceLock::new(),
        })
    }

    /// Problems met while loading (missing models or data), as the CLI prints them.
    fn warnings(&self) -> Vec<String> {
        self.pipeline.warnings().to_vec()
    }

    /// Names of the loaded stages, in order.
    fn stages(&self) -> Vec<String> {
        let names = self.pipeline.stage_names();
        names.into_iter().map(str::to_string).collect()
    }

    /// Codes articles given as JSON objects (JSONL lines), on `threads` threads (0: one per
    /// core), with the GIL released. One result per article, in input order.
    #[pyo3(signature = (articles, threads=0))]
    fn code_json(
        &self,
        py: Python<'_>,
        articles: Vec<String>,
        threads: usize,
    ) -> PyResult<Vec<Coded>> {
        if articles.len() <= 1 {
            return Ok(py.detach(|| {
                articles
                    .iter()
                    .enumerate()
                    .map(|(i, a)| self.code_one(i, a))
                    .collect()
            }));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| to_py(anyhow::anyhow!("starting {threads} threads: {e}")))?;
        Ok(py.detach(|| {
            pool.install(|| {
                articles
                    .par_iter()
                    .enumerate()
                    .map(|(i, a)| self.code_one(i, a))
                    .collect()
            })
        }))
    }

    /// `vigil explain` for one article (a JSON object): every layer plus the coder's trace, as
    /// one JSON object.
    fn explain_json(&self, py: Python<'_>, article: String) -> PyResult<String> {
        py.detach(|| self.explain(&article)).map_err(to_py)
    }
}

impl Coder {
    /// Builds the document exactly as a JSONL line is read, then runs the pipeline.
    fn code_one(&self, i: usize, article: &str) -> Coded {
        let doc = match document(i, article) {
            Ok(d) => d,
            Err(reason) => return (Vec::new(), Some(reason)),
        };
        match self.pipeline.process(doc) {
            Ok(ad) => (self.event_lines(&ad.events), None),
            Err(e) => (Vec::new(), Some(format!("failed: {e:#}"))),
        }
    }

    /// Events (already cut by the pipeline), each serialised as `vigil code --format jsonl` does.
    fn event_lines(&self, events: &[Event]) -> Vec<String> {
        events
            .iter()
            .filter_map(|e| serde_json::to_string(e).ok())
            .collect()
    }

    fn explain(&self, article: &str) -> anyhow::Result<String> {
        let explainer = match self.explainer.get() {
            Some(x) => x,
            None => {
                let x = Explainer::load(&self.opts)?;
                self.explainer.get_or_init(|| x)
            }
        };
        let doc = document(0, article).map_err(anyhow::Error::msg)?;
        let x = explainer.explain(doc)?;
        let mut v = serde_json::to_value(&x.doc)?;
        if let Some(obj) = v.as_object_mut() {
            obj.insert("stages".into(), x.stages.into());
            let trace: Vec<&str> = x.trace.lines().collect();
            obj.insert("trace".into(), trace.into());
        }
        Ok(serde_json::to_string(&v)?)
    }
}

/// The document of article `i`, or the CLI's `rejected …` line.
fn document(i: usize, article: &str) -> Result<vigil_core::Document, String> {
    let origin = format!("article {i}");
    let value: serde_json::Value = serde_json::from_str(article)
        .map_err(|e| format!("rejected {origin}: invalid JSON: {e}"))?;
    match vigil_ingest::read_record(&value, &origin) {
        Item::Doc(d) => Ok(d.doc),
        Item::Rejected(r) => Err(format!("rejected {r}")),
    }
}
