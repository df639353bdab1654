//! The typing model: multinomial logistic regression with temperature scaling, its training,
//! cross-validation and file format.

use crate::types::PloverType;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

const K: usize = PloverType::ALL.len();
const FORMAT: u32 = 1;

/// Training settings. The defaults are what `vigil train coder` uses.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Full-batch AdaGrad iterations.
    pub iterations: usize,
    /// AdaGrad step size.
    pub learning_rate: f32,
    /// L2 penalty per weight (per example, as the gradient is averaged).
    pub l2: f32,
    /// Features seen in fewer training examples are dropped.
    pub min_count: usize,
    /// Folds of the inner cross-validation that fits the temperature (0: no scaling).
    pub calibration_folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            iterations: 150,
            learning_rate: 0.5,
            l2: 1e-5,
            min_count: 1,
            calibration_folds: 5,
        }
    }
}

/// A trained typing model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TypeModel {
    format: u32,
    /// Softmax temperature fitted on out-of-fold scores.
    temperature: f32,
    /// Feature name → weight per type (in [`PloverType::ALL`] order).
    weights: BTreeMap<String, Vec<f32>>,
}

/// Sparse examples: feature ids and the label index.
struct Data {
    rows: Vec<Vec<u32>>,
    labels: Vec<usize>,
}

fn vocabulary(examples: &[(Vec<String>, PloverType)], min_count: usize) -> BTreeMap<&str, u32> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (f, _) in examples {
        for x in f {
            *counts.entry(x.as_str()).or_default() += 1;
        }
    }
    counts.retain(|_, c| *c >= min_count);
    counts
        .into_keys()
        .enumerate()
        .map(|(i, k)| (k, i as u32))
        .collect()
}

fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    scores.iter_mut().for_each(|s| *s /= sum);
}

/// Fits weights (dense, `n_features × K`) by full-batch AdaGrad on the averaged log loss.
/// Every example's features have value 1/sqrt(n) so that long sentences do not dominate.
fn fit(d: &Data, n_features: usize, o: &TrainOptions) -> Vec<f32> {
    let mut w = vec![0f32; n_features * K];
    let mut g2 = vec![0f32; n_features * K];
    let mut grad = vec![0f32; n_features * K];
    let n = d.rows.len().max(1) as f32;
    for _ in 0..o.iterations {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for (row, &y) in d.rows.iter().zip(&d.labels) {
            let v = 1.0 / (row.len().max(1) as f32).sqrt();
            let mut p = scores(&w, row, v);
            softmax(&mut p);
            p[y] -= 1.0;
            for &f in row {
                let base = f as usize * K;
                for k in 0..K {
                    grad[base + k] += p[k] * v / n;
                }
            }
        }
        for i in 0..w.len() {
            let g = grad[i] + o.l2 * w[i];
            if g != 0.0 {
                g2[i] += g * g;
                w[i] -= o.learning_rate * g / (g2[i].sqrt() + 1e-8);
            }
        }
    }
    w
}

fn scores(w: &[f32], row: &[u32], v: f32) -> [f32; K] {
    let mut s = [0f32; K];
    for &f in row {
        let base = f as usize * K;
        for (k, sk) in s.iter_mut().enumerate() {
            *sk += w[base + k] * v;
        }
    }
    s
}

/// The temperature that minimises the log loss of out-of-fold `(scores, label)` pairs.
fn fit_temperature(oof: &[([f32; K], usize)]) -> f32 {
    let nll = |t: f32| -> f64 {
        oof.iter()
            .map(|(s, y)| {
                let mut p: Vec<f32> = s.iter().map(|x| x / t).collect();
                softmax(&mut p);
                -f64::from(p[*y].max(1e-9)).ln()
            })
            .sum()
    };
    let mut best = (f64::INFINITY, 1.0);
    for i in 1..=60 {
        let t = 0.1 * i as f32;
        let v = nll(t);
        if v < best.0 {
            best = (v, t);
        }
    }
    best.1
}

/// Fold of example `i` in `k`-fold cross-validation.
pub fn fold_of(i: usize, k: usize) -> usize {
    i % k.max(1)
}

impl TypeModel {
    /// Trains on `(features, type)` examples (features from [`crate::pair_features`]).
    /// Deterministic: the same examples and options give the same model.
    pub fn train(examples: &[(Vec<String>, PloverType)], o: &TrainOptions) -> TypeModel {
        let temperature = if o.calibration_folds >= 2 && examples.len() >= 10 * o.calibration_folds
        {
            let inner = TrainOptions {
                calibration_folds: 0,
                ..o.clone()
            };
            let mut oof = Vec::with_capacity(examples.len());
            for fold in 0..o.calibration_folds {
                let (train, test) = split(examples, fold, o.calibration_folds);
                let m = TypeModel::train(&train, &inner);
                oof.extend(test.iter().map(|(f, y)| (m.raw_scores(f), y.index())));
            }
            fit_temperature(&oof)
        } else {
            1.0
        };
        let vocab = vocabulary(examples, o.min_count);
        let data = Data {
            rows: examples
                .iter()
                .map(|(f, _)| {
                    f.iter()
                        .filter_map(|x| vocab.get(x.as_str()).copied())
                        .collect()
                })
                .collect(),
            labels: examples.iter().map(|(_, y)| y.index()).collect(),
        };
        let w = fit(&data, vocab.len(), o);
        let weights = vocab
            .into_iter()
            .map(|(k, i)| {
                let base = i as usize * K;
                (k.to_string(), w[base..base + K].to_vec())
            })
            .filter(|(_, ws)| ws.iter().any(|&x| x != 0.0))
            .collect();
        TypeModel {
            format: FORMAT,
            temperature,
            weights,
        }
    }

    /// Unscaled scores of a feature list, one per type.
    fn raw_scores(&self, features: &[String]) -> [f32; K] {
        let known: Vec<&Vec<f32>> = features
            .iter()
            .filter_map(|f| self.weights.get(f))
            .collect();
        let mut s = [0f32; K];
        // The value every feature had in training: one over the root of the example's size.
        let v = 1.0 / (features.len().max(1) as f32).sqrt();
        for ws in known {
            for (sk, w) in s.iter_mut().zip(ws) {
                *sk += w * v;
            }
        }
        s
    }

    /// Calibrated probability of every type, in [`PloverType::ALL`] order.
    pub fn probabilities(&self, features: &[String]) -> [f32; K] {
        let mut s = self.raw_scores(features);
        s.iter_mut().for_each(|x| *x /= self.temperature);
        softmax(&mut s);
        s
    }

    /// The most probable type and its calibrated probability.
    pub fn classify(&self, features: &[String]) -> (PloverType, f32) {
        let p = self.probabilities(features);
        let mut best = 0;
        for k in 1..K {
            if p[k] > p[best] {
                best = k;
            }
        }
        (PloverType::ALL[best], p[best])
    }

    /// Types the triple for sentence `sentence` of a parsed `doc`: source and target are byte
    /// spans, `predicate` a token index within the sentence when known, `extra` optional
    /// dictionary features (as in training). `None` when a span lies outside the sentence.
    pub fn predict(
        &self,
        doc: &vigil_core::AnnotatedDoc,
        sentence: usize,
        source: vigil_core::Span,
        target: vigil_core::Span,
        predicate: Option<usize>,
        extra: &[String],
    ) -> Option<(PloverType, f32)> {
        let pair = crate::Pair::from_doc(doc, sentence, source, target, predicate)?;
        Some(self.classify(&crate::pair_features(&pair, extra)))
    }

    /// The fitted softmax temperature.
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// Number of features with a weight.
    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// Writes the model (gzip JSON; the same model gives the same bytes).
    pub fn save(&self, path: &Path) -> Result<()> {
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut z = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        serde_json::to_writer(&mut z, self)?;
        z.finish()?.flush()?;
        Ok(())
    }

    /// Reads a model written by [`TypeModel::save`], checking its format version.
    pub fn load(path: &Path) -> Result<TypeModel> {
        let file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let mut json = String::new();
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut json)
            .with_context(|| format!("reading {}", path.display()))?;
        let m: TypeModel = serde_json::from_str(&json)
            .with_context(|| format!("{} is not a typing model", path.display()))?;
        if m.format != FORMAT {
            bail!(
                "{}: typing model format {} (this build reads {FORMAT}); rerun `vigil train coder`",
                path.display(),
                m.format
            );
        }
        if m.weights.values().any(|w| w.len() != K)
            || m.temperature.is_nan()
            || m.temperature <= 0.0
        {
            bail!("{}: malformed typing model", path.display());
        }
        Ok(m)
    }
}

type Examples = Vec<(Vec<String>, PloverType)>;

fn split(examples: &[(Vec<String>, PloverType)], fold: usize, k: usize) -> (Examples, Examples) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (i, e) in examples.iter().enumerate() {
        if fold_of(i, k) == fold {
            test.push(e.clone());
        } else {
            train.push(e.clone());
        }
    }
    (train, test)
}

/// Out-of-fold results of [`cross_validate`].
#[derive(Debug, Clone)]
pub struct CvReport {
    /// Per example: the predicted type and its probability, from the model of the fold the
    /// example was held out of.
    pub predictions: Vec<(PloverType, f32)>,
    /// The fold models; example `i` was held out of `models[fold_of(i, k)]`.
    pub models: Vec<TypeModel>,
    /// Share of examples typed right.
    pub accuracy: f64,
    /// Mean negative log-likelihood of the gold type.
    pub log_loss: f64,
    /// Expected calibration error of the top probability (10 equal-width bins).
    pub ece: f64,
    /// Macro-averaged F1 over the types present.
    pub macro_f1: f64,
}

/// `k`-fold cross-validation (example `i` in fold `i % k`); each fold model is trained with
/// `o`, including its own inner calibration.
pub fn cross_validate(
    examples: &[(Vec<String>, PloverType)],
    k: usize,
    o: &TrainOptions,
) -> CvReport {
    let k = k.max(2);
    let models: Vec<TypeModel> = (0..k)
        .map(|fold| TypeModel::train(&split(examples, fold, k).0, o))
        .collect();
    let mut predictions = Vec::with_capacity(examples.len());
    let (mut right, mut nll) = (0usize, 0f64);
    for (i, (f, y)) in examples.iter().enumerate() {
        let m = &models[fold_of(i, k)];
        let p = m.probabilities(f);
        nll -= f64::from(p[y.index()].max(1e-9)).ln();
        let pred = m.classify(f);
        right += usize::from(pred.0 == *y);
        predictions.push(pred);
    }
    let n = examples.len().max(1) as f64;
    let gold: Vec<PloverType> = examples.iter().map(|(_, y)| *y).collect();
    CvReport {
        accuracy: right as f64 / n,
        log_loss: nll / n,
        ece: ece(&predictions, &gold),
        macro_f1: macro_f1(&predictions, &gold),
        predictions,
        models,
    }
}

/// Expected calibration error over 10 bins of the top probability.
pub fn ece(pred: &[(PloverType, f32)], gold: &[PloverType]) -> f64 {
    let mut bins = [(0usize, 0f64, 0f64); 10];
    for ((t, p), g) in pred.iter().zip(gold) {
        let b = ((*p * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += f64::from(*p);
        bins[b].2 += f64::from(u8::from(t == g));
    }
    let n = pred.len().max(1) as f64;
    bins.iter()
        .filter(|b| b.0 > 0)
        .map(|&(_, conf, acc)| (conf - acc).abs() / n)
        .sum()
}

fn macro_f1(pred: &[(PloverType, f32)], gold: &[PloverType]) -> f64 {
    let mut f1s = Vec::new();
    for t in PloverType::ALL {
        let tp = pred
            .iter()
            .zip(gold)
            .filter(|(p, g)| p.0 == t && **g == t)
            .count() as f64;
        let np = pred.iter().filter(|p| p.0 == t).count() as f64;
        let ng = gold.iter().filter(|g| **g == t).count() as f64;
        if ng == 0.0 {
            continue;
        }
        let f = if tp == 0.0 { 0.0 } else { 2.0 * tp / (np + ng) };
        f1s.push(f);
    }
    f1s.iter().sum::<f64>() / (f1s.len().max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(words: &[&str], t: PloverType) -> (Vec<String>, PloverType) {
        let mut f: Vec<String> = words.iter().map(|w| format!("p={w}")).collect();
        f.push("bias".into());
        (f, t)
    }

    fn toy() -> Vec<(Vec<String>, PloverType)> {
        let mut v = Vec::new();
        for i in 0..40 {
            let filler = format!("n{}", i % 7);
            v.push(ex(&["meet", &filler], PloverType::Consult));
            v.push(ex(&["bomb", &filler], PloverType::Assault));
            v.push(ex(&["condemn", &filler], PloverType::Accuse));
        }
        v
    }

    #[test]
    fn learns_separable_types_deterministically_and_round_trips() {
        let data = toy();
        let o = TrainOptions::default();
        let m = TypeModel::train(&data, &o);
        let (t, p) = m.classify(&["p=bomb".into(), "bias".into()]);
        assert_eq!(t, PloverType::Assault);
        assert!(p > 0.5 && p <= 1.0);
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.gz"), dir.path().join("b.gz"));
        m.save(&a).unwrap();
        TypeModel::train(&data, &o).save(&b).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        let back = TypeModel::load(&a).unwrap();
        assert_eq!(back.classify(&["p=meet".into()]).0, PloverType::Consult);
        // Four folds: the toy data cycles through three types, so three folds would each hold one.
        let cv = cross_validate(&data, 4, &o);
        assert!(cv.accuracy > 0.95, "{}", cv.accuracy);
        std::fs::write(&a, b"junk").unwrap();
        assert!(TypeModel::load(&a).is_err());
    }
}
