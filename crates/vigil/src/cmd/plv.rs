//! `vigil train coder` and `vigil eval plv`: the learned event-typing model over the PLV
//! sentences (one marked source and target, a gold PLOVER type each).

use anyhow::{Context, Result};
use std::path::Path;
use std::time::Instant;
use vigil_core::{AnnotatedDoc, Document, Event, Span};
use vigil_pipeline::{Depth, Pipeline, PipelineOptions};
use vigil_typing::{cross_validate, read_plv, PloverType, PlvRecord, TrainOptions, TypeModel};

/// Default PLV file under `../shared/data`.
pub const DEFAULT_PLV: &str = "gold/plv/PLV_train.tsv";

/// One record run through the full pipeline.
struct Run {
    rec: PlvRecord,
    doc: AnnotatedDoc,
    /// The coder's event for the marked pair, if it found one.
    event: Option<usize>,
}

fn overlaps(a: Option<Span>, b: Span) -> bool {
    a.is_some_and(|a| a.start() < b.end() && b.start() < a.end())
}

/// The first event whose source and target mentions overlap the marked ones.
fn pair_event(doc: &AnnotatedDoc, rec: &PlvRecord) -> Option<usize> {
    let side = |prov: Option<Span>, actor: Option<&vigil_core::Actor>, want: Span| {
        overlaps(prov, want) || overlaps(actor.and_then(|a| a.span), want)
    };
    doc.events.iter().position(|e: &Event| {
        side(e.provenance.source, e.source.as_ref(), rec.source)
            && side(e.provenance.target, e.target.as_ref(), rec.target)
    })
}

fn run_all(data_dir: &Path, file: &Path) -> Result<(Vec<Run>, usize)> {
    let opts = PipelineOptions {
        data_dir: data_dir.to_path_buf(),
        extra_dictionaries: Vec::new(),
    };
    let pipeline = Pipeline::load(&opts, Depth::Full)?;
    for w in pipeline.warnings() {
        eprintln!("warning: {w}");
    }
    let (recs, skipped) = read_plv(file)?;
    let mut runs = Vec::with_capacity(recs.len());
    for rec in recs {
        let doc = pipeline
            .process(Document::new(None, rec.text.clone()))
            .with_context(|| format!("PLV record {}", rec.id))?;
        let event = pair_event(&doc, &rec);
        runs.push(Run { rec, doc, event });
    }
    Ok((runs, skipped))
}

/// The dictionary's verdict on the pair, as extra features: the CAMEO root and PLOVER type of
/// the coder's event for the pair, else `none`.
fn dictionary_features(r: &Run) -> Vec<String> {
    match r.event.map(|i| &r.doc.events[i]) {
        Some(e) => vec![
            format!("cameo={}", e.root),
            format!("dplover={}", e.plover.as_deref().unwrap_or("none")),
        ],
        None => vec!["cameo=none".to_string()],
    }
}

/// Features of a run's marked pair (predicate from the parse), `None` when the two mentions
/// fall in different sentences.
fn features(r: &Run, dictionary: bool) -> Option<Vec<String>> {
    let sent = r.doc.sentence_at(r.rec.source.start())?;
    let pair = vigil_typing::Pair::from_doc(&r.doc, sent, r.rec.source, r.rec.target, None)?;
    let extra = if dictionary {
        dictionary_features(r)
    } else {
        Vec::new()
    };
    Some(vigil_typing::pair_features(&pair, &extra))
}

fn examples(runs: &[Run], dictionary: bool) -> (Vec<(Vec<String>, PloverType)>, usize) {
    let mut split = 0;
    let ex = runs
        .iter()
        .map(|r| {
            let f = features(r, dictionary).unwrap_or_else(|| {
                split += 1;
                vec!["bias".to_string()]
            });
            (f, r.rec.label)
        })
        .collect();
    (ex, split)
}

/// `vigil train coder`: trains the typing model on `file` and writes it to `out`.
pub fn train(data_dir: &Path, file: &Path, out: &Path, dictionary: bool) -> Result<String> {
    let start = Instant::now();
    let (runs, skipped) = run_all(data_dir, file)?;
    let (ex, split) = examples(&runs, dictionary);
    let model = TypeModel::train(&ex, &TrainOptions::default());
    let path = out.join(vigil_typing::MODEL_FILE);
    model.save(&path)?;
    Ok(format!(
        "typing model: {} examples from {} ({skipped} unreadable, {split} with source and target \
         in different sentences), dictionary features {}, {} features, temperature {:.2}; wrote {} \
         in {:.1} s",
        ex.len(),
        file.display(),
        if dictionary { "on" } else { "off" },
        model.n_features(),
        model.temperature(),
        path.display(),
        start.elapsed().as_secs_f64()
    ))
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `vigil eval plv`: cross-validated typing with the pair given, and the full pipeline's pair
/// recall and typing with and without the model overriding the dictionary's type.
pub fn eval(
    data_dir: &Path,
    file: &Path,
    folds: usize,
    dictionary: bool,
    o: &TrainOptions,
) -> Result<serde_json::Value> {
    let (runs, skipped) = run_all(data_dir, file)?;
    let (ex, split) = examples(&runs, dictionary);
    let cv = cross_validate(&ex, folds, o);
    let n = runs.len().max(1) as f64;
    let (mut found, mut right, mut right_typed) = (0usize, 0usize, 0usize);
    for (i, r) in runs.iter().enumerate() {
        let Some(e) = r.event.map(|k| &r.doc.events[k]) else {
            continue;
        };
        found += 1;
        let dict = e.plover.as_deref().and_then(PloverType::parse);
        right += usize::from(dict == Some(r.rec.label));
        // The held-out fold's model typed this pair already (its features carry the
        // dictionary's verdict when that option is on).
        right_typed += usize::from(cv.predictions[i].0 == r.rec.label);
    }
    let f = found.max(1) as f64;
    Ok(serde_json::json!({
        "file": file.display().to_string(),
        "records": runs.len(),
        "skipped": skipped,
        "split_pairs": split,
        "folds": folds,
        "dictionary_features": dictionary,
        "development": true,
        "iterations": o.iterations,
        "l2": o.l2,
        "learning_rate": o.learning_rate,
        "type_accuracy": round(cv.accuracy),
        "type_macro_f1": round(cv.macro_f1),
        "log_loss": round(cv.log_loss),
        "ece": round(cv.ece),
        "pair_recall": round(found as f64 / n),
        "pair_accuracy": round(right as f64 / n),
        "type_accuracy_when_found": round(right as f64 / f),
        "pair_accuracy_typed": round(right_typed as f64 / n),
        "type_accuracy_when_found_typed": round(right_typed as f64 / f),
    }))
}
