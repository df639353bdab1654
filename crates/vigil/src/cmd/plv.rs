//! `vigil train coder` and `vigil eval plv`: the learned event-typing model over the PLV
//! sentences (one marked source and target, a gold PLOVER type each).

use anyhow::{Context, Result};
use std::path::Path;
use std::time::Instant;
use vigil_core::{AnnotatedDoc, Document, Event, Span};
use vigil_pipeline::{Depth, Pipeline, PipelineOptions};
use vigil_typing::refine::{dictionary_features, predicate_index};
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

/// Runs the upstream stages and the dictionary-only coder (no typing model, so the model's
/// own verdict never feeds its training; no confidence cut) over every record.
fn run_all(data_dir: &Path, file: &Path) -> Result<(Vec<Run>, usize)> {
    let opts = PipelineOptions {
        data_dir: data_dir.to_path_buf(),
        extra_dictionaries: Vec::new(),
    };
    let upstream = Pipeline::load(&opts, Depth::Context)?;
    for w in upstream.warnings() {
        eprintln!("warning: {w}");
    }
    let coder = vigil_coder::Coder::load(data_dir)?;
    let (recs, skipped) = read_plv(file)?;
    let mut runs = Vec::with_capacity(recs.len());
    for rec in recs {
        let mut doc = upstream
            .process(Document::new(None, rec.text.clone()))
            .with_context(|| format!("PLV record {}", rec.id))?;
        vigil_core::Annotator::annotate(&coder, &mut doc)
            .with_context(|| format!("PLV record {}", rec.id))?;
        let event = pair_event(&doc, &rec);
        runs.push(Run { rec, doc, event });
    }
    Ok((runs, skipped))
}

/// Features of a run's marked pair (the predicate of the coder's event for the pair, else from
/// the parse), `None` when the two mentions fall in different sentences.
fn features(r: &Run, dictionary: bool) -> Option<Vec<String>> {
    let sent = r.doc.sentence_at(r.rec.source.start())?;
    let event = r.event.map(|i| &r.doc.events[i]);
    let pred = event.and_then(|e| predicate_index(&r.doc, sent, e.provenance.predicate));
    let pair = vigil_typing::Pair::from_doc(&r.doc, sent, r.rec.source, r.rec.target, pred)?;
    let extra = if dictionary {
        dictionary_features(event)
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

/// For the events the dictionary found for the marked pair, what [`vigil_typing::Policy`]
/// thresholds would do (out-of-fold probabilities): per replace threshold the type accuracy
/// when found (and, with the same-side threshold at 0.6, per threshold for retypes between
/// cooperation and conflict); per veto threshold the right and wrong events dropped.
fn policy_sweep(
    runs: &[Run],
    ex: &[(Vec<String>, PloverType)],
    cv: &vigil_typing::CvReport,
    folds: usize,
    codebook: &vigil_core::Codebook,
) -> serde_json::Value {
    let mut found = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        let Some(e) = r.event.map(|k| &r.doc.events[k]) else {
            continue;
        };
        let Some(dict) = e.plover.as_deref().and_then(PloverType::parse) else {
            continue;
        };
        let p = cv.models[vigil_typing::model::fold_of(i, folds.max(2))].probabilities(&ex[i].0);
        found.push((dict, p, r.rec.label, e.cameo.as_str()));
    }
    let n = found.len().max(1) as f64;
    let top_of = |p: &[f32; 15]| (0..p.len()).fold(0, |b, k| if p[k] > p[b] { k } else { b });
    let across: Vec<serde_json::Value> = [0.6f32, 0.7, 0.8, 0.9, 1.01]
        .iter()
        .map(|&t| {
            let (mut right, mut crossing) = (0, 0);
            for (d, p, g, cameo) in &found {
                let top = PloverType::ALL[top_of(p)];
                let cross = vigil_typing::refine::crosses_sides(cameo, top, codebook);
                let bar = if cross { t } else { 0.6 };
                let retyped = top != *d && p[top.index()] >= bar;
                crossing += usize::from(retyped && cross);
                right += usize::from(if retyped { top == *g } else { d == g });
            }
            serde_json::json!({"replace_across_at": t, "crossing_retypes": crossing,
                "type_accuracy_when_found": round(right as f64 / n)})
        })
        .collect();
    let replace: Vec<serde_json::Value> = [0.5f32, 0.6, 0.7, 0.8, 0.9, 1.01]
        .iter()
        .map(|&t| {
            let right = found
                .iter()
                .filter(|(d, p, g, _)| {
                    let top = top_of(p);
                    let ty = if p[top] >= t { PloverType::ALL[top] } else { *d };
                    ty == *g
                })
                .count();
            serde_json::json!({"replace_at": t, "type_accuracy_when_found": round(right as f64 / n)})
        })
        .collect();
    let veto: Vec<serde_json::Value> = [0.01f32, 0.02, 0.05, 0.1, 0.2]
        .iter()
        .map(|&t| {
            let dropped = found.iter().filter(|(d, p, _, _)| p[d.index()] < t);
            let (right, wrong) = dropped.fold(
                (0, 0),
                |(r, w), (d, _, g, _)| {
                    if d == g {
                        (r + 1, w)
                    } else {
                        (r, w + 1)
                    }
                },
            );
            serde_json::json!({"veto_below": t, "right_dropped": right, "wrong_dropped": wrong})
        })
        .collect();
    serde_json::json!({"found": found.len(), "replace": replace, "replace_across": across, "veto": veto})
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
    let codebook = vigil_core::Codebook::load(&data_dir.join("codebook"))?;
    let sweep = policy_sweep(&runs, &ex, &cv, folds, &codebook);
    Ok(serde_json::json!({
        "policy_sweep": sweep,
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
