//! Training: greedy left-to-right averaged perceptron over IOB2 classes, learning from its
//! own predicted tag history, with a fixed-seed shuffle so that runs are reproducible.

use crate::conll::{read_file, TaggedDoc};
use crate::features::{set_nonlocal, tok_infos, DocStats, Prepared};
use crate::gazetteer::Gazetteer;
use crate::hash::{IdBuild, Rng};
use crate::model::{Model, Scorer, Stage, Tagset};
use crate::wordclass::{read_reuters, WordClasses};
use crate::Ner;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// Feature rows whose largest averaged weight is below this are dropped from the model.
    pub prune: f32,
    /// Score the dev file after every epoch (slower; for tuning).
    pub dev_each_epoch: bool,
    /// 1: local features only; 2: add a second pass over document-level first-pass output.
    pub stages: usize,
    /// Cross-validation folds producing the first-stage output the second stage learns from.
    pub folds: usize,
    /// Directory of Reuters-21578 `.sgm` files to learn word classes from; `None` looks for
    /// `../../corpus/reuters21578` beside the CoNLL directory (the shared-data layout).
    pub unlabeled_dir: Option<PathBuf>,
    /// Perceptrons averaged per stage (different shuffles of the data).
    pub ensemble: usize,
    /// Also train on the dev file (then nothing is left to report dev scores on).
    pub include_dev: bool,
    /// Learn word classes at all (needs the unlabelled text; training text is added to it).
    pub word_classes: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 12,
            seed: 20030,
            prune: 1.0,
            dev_each_epoch: false,
            stages: 2,
            folds: 5,
            unlabeled_dir: None,
            ensemble: 3,
            include_dev: false,
            word_classes: true,
        }
    }
}

/// The model file name inside a models directory.
pub const MODEL_FILE: &str = "ner.model";

/// Live perceptron weights with lazy averaging.
struct Live {
    n: usize,
    index: HashMap<u64, u32, IdBuild>,
    w: Vec<f32>,
    acc: Vec<f64>,
    ts: Vec<u32>,
    t: u32,
}

impl Scorer for Live {
    fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let r = row as usize * self.n;
                for (o, w) in out.iter_mut().zip(&self.w[r..r + self.n]) {
                    *o += w;
                }
            }
        }
    }
}

impl Live {
    fn new(n: usize) -> Live {
        Live {
            n,
            index: HashMap::default(),
            w: Vec::new(),
            acc: Vec::new(),
            ts: Vec::new(),
            t: 0,
        }
    }

    fn update(&mut self, feats: &[u64], class: usize, delta: f32) {
        for f in feats {
            let next = self.index.len() as u32;
            let row = *self.index.entry(*f).or_insert(next);
            if row == next {
                let len = self.w.len() + self.n;
                self.w.resize(len, 0.0);
                self.acc.resize(len, 0.0);
                self.ts.resize(len, 0);
            }
            let k = row as usize * self.n + class;
            self.acc[k] += f64::from(self.t - self.ts[k]) * f64::from(self.w[k]);
            self.ts[k] = self.t;
            self.w[k] += delta;
        }
    }

    fn averaged(&self) -> Vec<(u64, Vec<f32>)> {
        let t = f64::from(self.t.max(1));
        let mut rows: Vec<(u64, u32)> = self.index.iter().map(|(h, r)| (*h, *r)).collect();
        rows.sort_unstable();
        rows.into_iter()
            .map(|(h, r)| {
                let base = r as usize * self.n;
                let v = (base..base + self.n)
                    .map(|k| {
                        let a = self.acc[k] + f64::from(self.t - self.ts[k]) * f64::from(self.w[k]);
                        (a / t) as f32
                    })
                    .collect();
                (h, v)
            })
            .collect()
    }
}

/// Prepares a document's sentences (document-level evidence included).
pub(crate) fn prepare_doc(words: &[&[&str]], gaz: &Gazetteer, wc: &WordClasses) -> Vec<Prepared> {
    let mut buf = String::new();
    let infos: Vec<_> = words.iter().map(|w| tok_infos(w, &mut buf)).collect();
    let mut stats = DocStats::default();
    for t in &infos {
        stats.add_sentence(t);
    }
    infos
        .into_iter()
        .map(|t| Prepared::new(t, gaz, wc, Some(&stats)))
        .collect()
}

/// Tags prepared sentences of one document with every stage of `model`.
pub(crate) fn tag_prepared(model: &Model, prepared: &mut [Prepared]) -> Vec<Vec<usize>> {
    let mut feats = Vec::with_capacity(96);
    let mut preds: Vec<Vec<usize>> = Vec::new();
    for (k, stage) in model.stages.iter().enumerate() {
        if k > 0 {
            set_nonlocal(prepared, &preds);
        }
        preds = prepared
            .iter()
            .map(|p| model.tagset.decode(p, stage, &mut feats))
            .collect();
    }
    preds
}

/// One perceptron over `items`; `on_epoch` may report on the averaged weights so far.
fn train_stage(
    items: &[(&Prepared, &[usize])],
    tagset: &Tagset,
    opts: &TrainOptions,
    seed: u64,
    log: &mut String,
    mut on_epoch: Option<&mut dyn FnMut(Stage) -> String>,
) -> Vec<(u64, Vec<f32>)> {
    let n = tagset.classes.len();
    let mut live = Live::new(n);
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(96);
    let mut scores = vec![0f32; n];
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut errs, mut toks) = (0usize, 0usize);
        for &si in &order {
            let (s, gold) = items[si];
            let mut hist: Vec<usize> = Vec::with_capacity(s.len());
            for (i, &g) in gold.iter().enumerate() {
                let p1 = i.checked_sub(1).map(|j| hist[j]);
                let p2 = i.checked_sub(2).map(|j| hist[j]);
                s.features(i, p1, p2, &mut feats);
                live.score(&feats, &mut scores);
                let guess = tagset.best(p1, &scores);
                live.t += 1;
                if guess != g {
                    live.update(&feats, g, 1.0);
                    live.update(&feats, guess, -1.0);
                    errs += 1;
                }
                toks += 1;
                hist.push(guess);
            }
        }
        if let Some(cb) = on_epoch.as_mut() {
            let _ = write!(
                log,
                "  epoch {}: token error rate {:.4}, {} features",
                epoch + 1,
                errs as f64 / toks.max(1) as f64,
                live.index.len()
            );
            if epoch + 1 < opts.epochs {
                let st = Stage::from_rows(n, live.averaged(), opts.prune);
                log.push_str(&cb(st));
            }
            log.push('\n');
        }
    }
    live.averaged()
}

/// Trains `opts.ensemble` perceptrons on differently shuffled data and averages their
/// weights: one linear model again, so tagging costs the same, but less dependent on the
/// order the examples happened to come in.
fn train_ensemble(
    items: &[(&Prepared, &[usize])],
    tagset: &Tagset,
    opts: &TrainOptions,
    seed: u64,
    log: &mut String,
    mut on_epoch: Option<&mut dyn FnMut(Stage) -> String>,
) -> Stage {
    let n = tagset.classes.len();
    let k = opts.ensemble.max(1);
    let mut sum: BTreeMap<u64, Vec<f32>> = BTreeMap::new();
    for m in 0..k {
        let cb = if m + 1 == k { on_epoch.take() } else { None };
        for (h, r) in train_stage(items, tagset, opts, seed + 1000 * m as u64, log, cb) {
            let e = sum.entry(h).or_insert_with(|| vec![0.0; n]);
            for (a, b) in e.iter_mut().zip(r) {
                *a += b;
            }
        }
    }
    let rows = sum
        .into_iter()
        .map(|(h, mut r)| {
            r.iter_mut().for_each(|w| *w /= k as f32);
            (h, r)
        })
        .collect();
    Stage::from_rows(n, rows, opts.prune)
}

fn dev_f1(model: &Model, gaz: &Gazetteer, dev: &[TaggedDoc]) -> String {
    let v = crate::eval::eval_with(model, gaz, dev, "dev");
    format!(
        "dev precision {:.4} recall {:.4} F1 {:.4}",
        v["precision"].as_f64().unwrap_or(0.0),
        v["recall"].as_f64().unwrap_or(0.0),
        v["f1"].as_f64().unwrap_or(0.0)
    )
}

/// Trains a model on parsed documents. With `opts.stages == 2` the first stage is also
/// trained `opts.folds` times on the other folds to produce honest first-stage predictions
/// for the second stage to learn from. `dev` (if any) is scored after training, and after
/// every epoch of the last stage when `opts.dev_each_epoch`; report lines go to `log`.
pub fn train_docs(
    train: &[TaggedDoc],
    dev: Option<&[TaggedDoc]>,
    gaz: Gazetteer,
    wc: WordClasses,
    opts: &TrainOptions,
    log: &mut String,
) -> Result<Ner> {
    let labels: Vec<String> = train
        .iter()
        .flatten()
        .flat_map(|s| s.tags.iter())
        .filter_map(|t| t.get(2..).filter(|_| t != "O").map(str::to_string))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if labels.is_empty() {
        bail!("training data has no entities");
    }
    let tagset = Tagset::new(&labels);
    let fp = gaz.fingerprint().to_string();
    let mut docs: Vec<Vec<Prepared>> = Vec::new();
    let mut golds: Vec<Vec<Vec<usize>>> = Vec::new();
    for doc in train {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        docs.push(prepare_doc(&refs, &gaz, &wc));
        golds.push(
            doc.iter()
                .map(|s| {
                    s.tags
                        .iter()
                        .map(|t| tagset.index(t).unwrap_or(0))
                        .collect()
                })
                .collect(),
        );
    }
    let items_of = |docs: &[Vec<Prepared>], keep: &dyn Fn(usize) -> bool| -> Vec<(usize, usize)> {
        docs.iter()
            .enumerate()
            .filter(|(d, _)| keep(*d))
            .flat_map(|(d, ps)| (0..ps.len()).map(move |s| (d, s)))
            .collect()
    };
    let last_stage = opts.stages.clamp(1, 2) - 1;
    let mut stages: Vec<Stage> = Vec::new();
    if last_stage == 1 {
        let folds = opts.folds.max(2);
        let mut first: Vec<Vec<Vec<usize>>> = vec![Vec::new(); docs.len()];
        let mut feats = Vec::with_capacity(96);
        for k in 0..folds {
            let idx = items_of(&docs, &|d| d % folds != k);
            let items: Vec<(&Prepared, &[usize])> = idx
                .iter()
                .map(|&(d, s)| (&docs[d][s], golds[d][s].as_slice()))
                .collect();
            let rows = train_stage(&items, &tagset, opts, opts.seed + k as u64 + 1, log, None);
            let st = Stage::from_rows(tagset.classes.len(), rows, opts.prune);
            for d in (0..docs.len()).filter(|d| d % folds == k) {
                first[d] = docs[d]
                    .iter()
                    .map(|p| tagset.decode(p, &st, &mut feats))
                    .collect();
            }
            let _ = writeln!(log, "fold {}/{folds} trained", k + 1);
        }
        let idx = items_of(&docs, &|_| true);
        let items: Vec<(&Prepared, &[usize])> = idx
            .iter()
            .map(|&(d, s)| (&docs[d][s], golds[d][s].as_slice()))
            .collect();
        stages.push(train_ensemble(&items, &tagset, opts, opts.seed, log, None));
        let _ = writeln!(log, "stage 1 trained");
        for (d, p) in docs.iter_mut().zip(&first) {
            set_nonlocal(d, p);
        }
    }
    let idx = items_of(&docs, &|_| true);
    let items: Vec<(&Prepared, &[usize])> = idx
        .iter()
        .map(|&(d, s)| (&docs[d][s], golds[d][s].as_slice()))
        .collect();
    let prefix = stages.clone();
    let (labels_ref, fp_ref, gaz_ref, wc_ref) = (&labels, &fp, &gaz, &wc);
    let mut cb = move |st: Stage| -> String {
        match dev {
            Some(dev) => {
                let mut all = prefix.clone();
                all.push(st);
                let m = Model::new(labels_ref.clone(), all, wc_ref.clone(), fp_ref.clone());
                format!(", {}", dev_f1(&m, gaz_ref, dev))
            }
            None => String::new(),
        }
    };
    let cb_ref: Option<&mut dyn FnMut(Stage) -> String> = if opts.dev_each_epoch && dev.is_some() {
        Some(&mut cb)
    } else {
        None
    };
    let last = train_ensemble(&items, &tagset, opts, opts.seed, log, cb_ref);
    stages.push(last);
    let model = Model::new(labels, stages, wc, fp);
    if let Some(dev) = dev {
        let _ = writeln!(log, "{}", dev_f1(&model, &gaz, dev));
    }
    Ner::from_parts(model, gaz)
}

fn find(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// Trains the NER model from a CoNLL directory (`conllpp_train.txt` or `train.txt`, and
/// optionally `conllpp_dev.txt`/`dev.txt` for reporting), with the gazetteer in
/// `data_dir/ner`, and writes `out_dir/ner.model`. Returns a human-readable report.
pub fn train(
    conll_dir: &Path,
    data_dir: &Path,
    out_dir: &Path,
    opts: &TrainOptions,
) -> Result<String> {
    let start = Instant::now();
    let train_file = find(conll_dir, &["conllpp_train.txt", "train.txt", "eng.train"])
        .with_context(|| format!("no training file (train.txt) in {}", conll_dir.display()))?;
    let mut train = read_file(&train_file)?;
    let mut dev = match find(conll_dir, &["conllpp_dev.txt", "dev.txt", "eng.testa"]) {
        Some(p) => Some(read_file(&p)?),
        None => None,
    };
    if opts.include_dev {
        train.extend(dev.take().unwrap_or_default());
    }
    let gaz = Gazetteer::load(&data_dir.join("ner"))?;
    let mut log = String::new();
    let wc = if opts.word_classes {
        let dir = opts
            .unlabeled_dir
            .clone()
            .unwrap_or_else(|| conll_dir.join("../../corpus/reuters21578"));
        let mut text = if dir.is_dir() {
            read_reuters(&dir)?
        } else {
            let _ = writeln!(log, "no unlabelled text at {}", dir.display());
            Vec::new()
        };
        let n_unlab = text.len();
        text.extend(train.iter().flatten().map(|s| s.words.clone()));
        let wc = WordClasses::learn(&text);
        let _ = writeln!(
            log,
            "word classes: {} words from {} sentences ({n_unlab} from {}) in {:.1} s",
            wc.len(),
            text.len(),
            dir.display(),
            start.elapsed().as_secs_f64()
        );
        wc
    } else {
        WordClasses::default()
    };
    let n_sent: usize = train.iter().map(Vec::len).sum();
    let n_tok: usize = train.iter().flatten().map(|s| s.words.len()).sum();
    let _ = writeln!(
        log,
        "training on {}{} ({} documents, {n_sent} sentences, {n_tok} tokens), {} epochs, seed {}",
        train_file.display(),
        if opts.include_dev { " + dev" } else { "" },
        train.len(),
        opts.epochs,
        opts.seed
    );
    let ner = train_docs(&train, dev.as_deref(), gaz, wc, opts, &mut log)?;
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let out = out_dir.join(MODEL_FILE);
    ner.model().save(&out)?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let _ = writeln!(
        log,
        "wrote {} ({} features, labels {:?}, {:.1} MB) in {:.1} s",
        out.display(),
        ner.model().n_features(),
        ner.labels(),
        size as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    Ok(log)
}
