//! The trained weights: a feature-hash → row index and a flat `f32` table (one row of class
//! scores per feature), plus the class names. Saved as a small header and a gzip payload of
//! 16-bit quantised weights.

use crate::features::{Prepared, FEATURE_VERSION};
use crate::wordclass::WordClasses;
use anyhow::{bail, Context, Result};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{Read, Write};
use std::path::Path;

const MAGIC: &[u8; 10] = b"VIGIL-NER\n";
/// Version of the file layout.
pub const FORMAT_VERSION: u32 = 3;

/// Something that scores classes for a feature list (the trainer's live weights or a model).
pub(crate) trait Scorer {
    fn score(&self, feats: &[u64], out: &mut [f32]);
}

/// Transition constraints of IOB2: `I-X` only after `B-X` or `I-X`.
#[derive(Debug, Clone)]
pub(crate) struct Tagset {
    /// Class names: `O`, then `B-L`, `I-L` for each label.
    pub classes: Vec<String>,
}

impl Tagset {
    pub(crate) fn new(labels: &[String]) -> Tagset {
        let mut classes = vec!["O".to_string()];
        for l in labels {
            classes.push(format!("B-{l}"));
            classes.push(format!("I-{l}"));
        }
        Tagset { classes }
    }

    pub(crate) fn index(&self, tag: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == tag)
    }

    /// Whether class `cur` may follow `prev` (`None` = sentence start).
    pub(crate) fn allowed(&self, prev: Option<usize>, cur: usize) -> bool {
        if cur == 0 || cur % 2 == 1 {
            return true;
        }
        // I-X (even index ≥ 2) needs B-X (cur-1) or I-X (cur) before it.
        matches!(prev, Some(p) if p == cur || p + 1 == cur)
    }

    /// Greedy left-to-right decoding.
    pub(crate) fn decode(&self, s: &Prepared, w: &impl Scorer, feats: &mut Vec<u64>) -> Vec<usize> {
        let n = self.classes.len();
        let mut scores = vec![0f32; n];
        let mut out: Vec<usize> = Vec::with_capacity(s.len());
        for i in 0..s.len() {
            let p1 = i.checked_sub(1).map(|j| out[j]);
            let p2 = i.checked_sub(2).map(|j| out[j]);
            s.features(i, p1, p2, feats);
            w.score(feats, &mut scores);
            out.push(self.best(p1, &scores));
        }
        out
    }

    pub(crate) fn best(&self, prev: Option<usize>, scores: &[f32]) -> usize {
        let mut best = 0;
        let mut best_s = f32::NEG_INFINITY;
        for (c, &sc) in scores.iter().enumerate() {
            if sc > best_s && self.allowed(prev, c) {
                best = c;
                best_s = sc;
            }
        }
        best
    }
}

/// One perceptron's weights in an open-addressing table: probing scans a compact array of
/// feature hashes (most features of a token are absent, and those misses then cost little),
/// and a hit finds its row of 16-bit quantised class weights at the same slot number.
#[derive(Debug, Clone)]
pub(crate) struct Stage {
    /// Feature hash per slot (0 = empty).
    keys: Vec<u64>,
    /// `n` quantised weights per slot.
    weights: Vec<i16>,
    mask: usize,
    rows: usize,
    /// Weight of one quantisation step.
    scale: f32,
    n: usize,
}

/// Key stored for the (astronomically unlikely) feature hash 0, which marks empty slots.
const ZERO_KEY: u64 = 0x8000_0000_0000_0001;

fn slot_key(k: u64) -> u64 {
    if k == 0 {
        ZERO_KEY
    } else {
        k
    }
}

impl Scorer for Stage {
    fn score(&self, feats: &[u64], out: &mut [f32]) {
        let n = self.n;
        let mut acc = [0i32; 32];
        let mut acc_wide = Vec::new();
        let sink: &mut [i32] = if n <= acc.len() {
            &mut acc[..n]
        } else {
            acc_wide.resize(n, 0);
            &mut acc_wide
        };
        for &f in feats {
            if let Some(s) = self.find(f) {
                for (a, &q) in sink.iter_mut().zip(&self.weights[s * n..s * n + n]) {
                    *a += i32::from(q);
                }
            }
        }
        for (o, a) in out.iter_mut().zip(sink.iter()) {
            *o = *a as f32 * self.scale;
        }
    }
}

impl Stage {
    fn empty(n: usize, rows: usize, scale: f32) -> Stage {
        let cap = (rows + rows / 3 + 1).next_power_of_two().max(16);
        Stage {
            keys: vec![0; cap],
            weights: vec![0; cap * n],
            mask: cap - 1,
            rows: 0,
            scale,
            n,
        }
    }

    /// Slot holding `key`.
    fn find(&self, key: u64) -> Option<usize> {
        let key = slot_key(key);
        let mut s = (key as usize) & self.mask;
        loop {
            match self.keys[s] {
                0 => return None,
                k if k == key => return Some(s),
                _ => s = (s + 1) & self.mask,
            }
        }
    }

    fn insert(&mut self, key: u64, q: &[i16]) {
        let key = slot_key(key);
        let mut s = (key as usize) & self.mask;
        loop {
            let k = self.keys[s];
            if k == 0 || k == key {
                if k == 0 {
                    self.rows += 1;
                }
                self.keys[s] = key;
                self.weights[s * self.n..(s + 1) * self.n].copy_from_slice(q);
                return;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// (key, quantised weights) sorted by key.
    fn entries(&self) -> Vec<(u64, Vec<i16>)> {
        let n = self.n;
        let mut out: Vec<(u64, Vec<i16>)> = self
            .keys
            .iter()
            .enumerate()
            .filter(|(_, &k)| k != 0)
            .map(|(s, &k)| {
                let key = if k == ZERO_KEY { 0 } else { k };
                (key, self.weights[s * n..(s + 1) * n].to_vec())
            })
            .collect();
        out.sort_unstable_by_key(|(k, _)| *k);
        out
    }

    /// Number of feature rows.
    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    /// Builds a stage from averaged weights: drops rows whose largest weight is below
    /// `prune`, then quantises to 16 bits (so a saved and reloaded model scores identically).
    pub(crate) fn from_rows(n: usize, rows: Vec<(u64, Vec<f32>)>, prune: f32) -> Stage {
        let rows: Vec<(u64, Vec<f32>)> = rows
            .into_iter()
            .filter(|(_, r)| r.iter().any(|w| w.abs() >= prune))
            .collect();
        let maxw = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if maxw > 0.0 { maxw / 32767.0 } else { 1.0 };
        let mut st = Stage::empty(n, rows.len(), scale);
        let mut q = vec![0i16; n];
        for (h, r) in &rows {
            for (qq, w) in q.iter_mut().zip(r) {
                *qq = (w / scale).round() as i16;
            }
            st.insert(*h, &q);
        }
        st
    }

    fn write(&self, z: &mut impl Write) -> Result<()> {
        let rows = self.entries();
        z.write_all(&self.scale.to_le_bytes())?;
        put_u32(z, rows.len() as u32)?;
        // Delta-coded sorted hashes compress a little better than raw ones.
        let mut prev = 0u64;
        for (h, _) in &rows {
            z.write_all(&(h.wrapping_sub(prev)).to_le_bytes())?;
            prev = *h;
        }
        // Weights column by column: rows of mostly zeros compress well that way.
        for c in 0..self.n {
            for (_, q) in &rows {
                z.write_all(&q[c].to_le_bytes())?;
            }
        }
        Ok(())
    }

    fn read(z: &mut impl Read, n: usize) -> Result<Stage> {
        let mut b4 = [0u8; 4];
        z.read_exact(&mut b4)?;
        let scale = f32::from_le_bytes(b4);
        let nrows = get_u32(z)? as usize;
        if nrows > 50_000_000 {
            bail!("implausible feature count {nrows} in model file");
        }
        let mut hashes = vec![0u8; nrows * 8];
        z.read_exact(&mut hashes)?;
        let mut keys = Vec::with_capacity(nrows);
        let mut prev = 0u64;
        for c in hashes.chunks_exact(8) {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            prev = prev.wrapping_add(u64::from_le_bytes(b));
            keys.push(prev);
        }
        let mut qs = vec![0u8; nrows * n * 2];
        z.read_exact(&mut qs)?;
        let mut st = Stage::empty(n, nrows, scale);
        let mut q = vec![0i16; n];
        for (row, key) in keys.iter().enumerate() {
            for (c, qq) in q.iter_mut().enumerate() {
                let k = 2 * (c * nrows + row);
                *qq = i16::from_le_bytes([qs[k], qs[k + 1]]);
            }
            st.insert(*key, &q);
        }
        Ok(st)
    }
}

/// A trained model: the label set and one or two perceptron stages (the second reads the
/// first one's predictions over the whole document).
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) tagset: Tagset,
    /// Entity labels (without B-/I-).
    pub(crate) labels: Vec<String>,
    pub(crate) stages: Vec<Stage>,
    /// Word classes from unlabelled text (empty when trained without).
    pub(crate) wc: WordClasses,
    /// Fingerprint of the gazetteer the model was trained with.
    pub(crate) gaz_fingerprint: String,
}

fn put_u32(w: &mut impl Write, v: u32) -> std::io::Result<()> {
    w.write_all(&v.to_le_bytes())
}

fn put_str(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    put_u32(w, s.len() as u32)?;
    w.write_all(s.as_bytes())
}

fn get_u32(r: &mut impl Read) -> Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn get_str(r: &mut impl Read) -> Result<String> {
    let n = get_u32(r)? as usize;
    if n > 1 << 20 {
        bail!("string too long in model file");
    }
    let mut b = vec![0u8; n];
    r.read_exact(&mut b)?;
    Ok(String::from_utf8(b)?)
}

impl Model {
    pub(crate) fn new(
        labels: Vec<String>,
        stages: Vec<Stage>,
        wc: WordClasses,
        gaz_fingerprint: String,
    ) -> Model {
        Model {
            tagset: Tagset::new(&labels),
            labels,
            stages,
            wc,
            gaz_fingerprint,
        }
    }

    /// Number of words with learnt word classes.
    pub fn n_word_classes(&self) -> usize {
        self.wc.len()
    }

    /// Number of feature rows over all stages.
    pub fn n_features(&self) -> usize {
        self.stages.iter().map(Stage::len).sum()
    }

    /// Number of stages (1: local features only; 2: plus document-level second pass).
    pub fn n_stages(&self) -> usize {
        self.stages.len()
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        file.write_all(MAGIC)?;
        put_u32(&mut file, FORMAT_VERSION)?;
        let mut z = GzEncoder::new(std::io::BufWriter::new(file), Compression::best());
        put_u32(&mut z, FEATURE_VERSION)?;
        put_str(&mut z, &self.gaz_fingerprint)?;
        put_u32(&mut z, self.labels.len() as u32)?;
        for l in &self.labels {
            put_str(&mut z, l)?;
        }
        put_u32(&mut z, self.stages.len() as u32)?;
        for s in &self.stages {
            s.write(&mut z)?;
        }
        self.wc.write(&mut z)?;
        z.finish()?.flush()?;
        Ok(())
    }

    /// Reads a model file, checking its header.
    pub fn load(path: &Path) -> Result<Model> {
        let bytes =
            std::fs::read(path).with_context(|| format!("reading NER model {}", path.display()))?;
        if bytes.len() < 14 || &bytes[..10] != MAGIC {
            bail!("{} is not a Vigil NER model", path.display());
        }
        let ver = u32::from_le_bytes([bytes[10], bytes[11], bytes[12], bytes[13]]);
        if ver != FORMAT_VERSION {
            bail!(
                "{}: model format version {ver}, this build reads {FORMAT_VERSION}; retrain with `vigil train ner`",
                path.display()
            );
        }
        let mut z = std::io::BufReader::new(GzDecoder::new(&bytes[14..]));
        let fver = get_u32(&mut z)?;
        if fver != FEATURE_VERSION {
            bail!(
                "{}: model uses feature templates v{fver}, this build has v{FEATURE_VERSION}; retrain with `vigil train ner`",
                path.display()
            );
        }
        let gaz_fingerprint = get_str(&mut z)?;
        let nl = get_u32(&mut z)? as usize;
        if nl > 1000 {
            bail!("implausible label count {nl} in model file");
        }
        let labels = (0..nl)
            .map(|_| get_str(&mut z))
            .collect::<Result<Vec<_>>>()?;
        let n = 1 + 2 * labels.len();
        let ns = get_u32(&mut z)? as usize;
        if !(1..=2).contains(&ns) {
            bail!("model file has {ns} stages; expected 1 or 2");
        }
        let stages = (0..ns)
            .map(|_| Stage::read(&mut z, n))
            .collect::<Result<Vec<_>>>()
            .with_context(|| format!("reading {}", path.display()))?;
        let wc =
            WordClasses::read(&mut z).with_context(|| format!("reading {}", path.display()))?;
        Ok(Model::new(labels, stages, wc, gaz_fingerprint))
    }
}
