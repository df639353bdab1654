//! Greedy left-to-right averaged-perceptron POS tagger predicting joint `UPOS/XPOS` tags.
//!
//! Features follow the classic perceptron tagger (word, affixes, shape, two previous tags and
//! a window of two words either side), hashed to 64-bit keys. Frequent unambiguous words are
//! tagged straight from a tag dictionary, which is both faster and slightly more accurate.

use crate::conllu::UdSentence;
use crate::hash::{feat, hash_str, mix};
use crate::perceptron::{read_str, read_u32, write_str, Model, Rng, Trainer};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

/// Hashed per-word feature values, computed once per word.
#[derive(Clone, Copy, Default)]
pub struct WordInfo {
    /// Normalised lower-case form.
    pub w: u64,
    suf3: u64,
    suf2: u64,
    suf1: u64,
    pre1: u64,
    pre3: u64,
    shape: u64,
    flags: u64,
}

/// Lower-cased form with numbers collapsed, the form features and the parser use.
pub fn norm_word(w: &str) -> String {
    let b = w.as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        return if b.len() == 4 { "!YEAR".into() } else { "!DIGITS".into() };
    }
    if b.first().is_some_and(u8::is_ascii_digit) && b.iter().any(u8::is_ascii_digit) {
        return "!NUM".into();
    }
    w.to_lowercase()
}

fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    let mut run = 0;
    for c in w.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if m == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = m;
        }
        out.push(m);
    }
    out
}

impl WordInfo {
    /// Computes the hashed feature values of one word.
    pub fn new(word: &str) -> WordInfo {
        let n = norm_word(word);
        let chars: Vec<char> = n.chars().collect();
        let suffix = |k: usize| -> u64 {
            let s: String = chars[chars.len().saturating_sub(k)..].iter().collect();
            hash_str(&s)
        };
        let pre3: String = chars.iter().take(3).collect();
        let first = word.chars().next().unwrap_or(' ');
        let mut flags = 0u64;
        if first.is_uppercase() {
            flags |= 1;
        }
        if word.contains('-') {
            flags |= 2;
        }
        if word.chars().any(|c| c.is_ascii_digit()) {
            flags |= 4;
        }
        if word.chars().all(|c| !c.is_lowercase()) {
            flags |= 8;
        }
        WordInfo {
            w: hash_str(&n),
            suf3: suffix(3),
            suf2: suffix(2),
            suf1: suffix(1),
            pre1: u64::from(first),
            pre3: hash_str(&pre3),
            shape: hash_str(&shape(word)),
            flags,
        }
    }

    fn pad(k: u64) -> WordInfo {
        let h = mix(0x5eed, k);
        WordInfo { w: h, suf3: h, suf2: h, suf1: h, pre1: h, pre3: h, shape: h, flags: 16 + k }
    }
}

const START_TAG: u64 = 0xffff;
const START2_TAG: u64 = 0xfffe;

/// Fills `out` with the feature keys for position `i` given the previous two tags.
fn features(ctx: &[WordInfo], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    // ctx is padded with two pseudo-words on each side: word i is ctx[i + 2].
    let c = i + 2;
    let (w, m1, m2, n1, n2) = (&ctx[c], &ctx[c - 1], &ctx[c - 2], &ctx[c + 1], &ctx[c + 2]);
    out.clear();
    out.extend_from_slice(&[
        feat(0, 0, 0, 0),
        feat(1, w.w, 0, 0),
        feat(2, w.suf3, 0, 0),
        feat(3, w.pre1, 0, 0),
        feat(4, p1, 0, 0),
        feat(5, p2, 0, 0),
        feat(6, p1, p2, 0),
        feat(7, p1, w.w, 0),
        feat(8, m1.w, 0, 0),
        feat(9, m1.suf3, 0, 0),
        feat(10, m2.w, 0, 0),
        feat(11, n1.w, 0, 0),
        feat(12, n1.suf3, 0, 0),
        feat(13, n2.w, 0, 0),
        feat(14, w.shape, 0, 0),
        feat(15, w.suf2, 0, 0),
        feat(16, w.suf1, 0, 0),
        feat(17, w.pre3, 0, 0),
        feat(18, w.flags, (i == 0) as u64, 0),
        feat(19, m1.w, w.w, 0),
        feat(20, w.w, n1.w, 0),
        feat(21, p1, w.suf3, 0),
        feat(22, n1.shape, 0, 0),
        feat(23, m1.shape, w.shape, 0),
        feat(24, n1.suf2, w.suf3, 0),
        feat(25, p1, n1.w, 0),
        feat(26, n2.suf3, 0, 0),
        feat(27, m2.suf3, p2, 0),
    ]);
}

fn padded(words: &[&str]) -> Vec<WordInfo> {
    let mut ctx = Vec::with_capacity(words.len() + 4);
    ctx.push(WordInfo::pad(1));
    ctx.push(WordInfo::pad(2));
    ctx.extend(words.iter().map(|w| WordInfo::new(w)));
    ctx.push(WordInfo::pad(3));
    ctx.push(WordInfo::pad(4));
    ctx
}

/// A trained tagger.
pub struct Tagger {
    model: Model,
    /// Tag names: `UPOS\tXPOS`.
    tags: Vec<(String, String)>,
    tagdict: HashMap<String, u16>,
}

/// Training settings for the tagger.
#[derive(Debug, Clone)]
pub struct TaggerOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// Minimum count for a word to enter the tag dictionary.
    pub dict_min_count: usize,
    /// Minimum share of the majority tag for a word to enter the tag dictionary.
    pub dict_min_share: f64,
    /// Averaged weights below this magnitude are dropped.
    pub prune: f32,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions { epochs: 10, seed: 17, dict_min_count: 20, dict_min_share: 0.99, prune: 0.002 }
    }
}

fn tag_name(w: &crate::conllu::UdWord) -> (String, String) {
    (w.upos.clone(), w.xpos.clone())
}

impl Tagger {
    /// Trains a tagger on gold-tagged sentences; `progress` receives one line per epoch.
    pub fn train(
        sents: &[UdSentence],
        opts: &TaggerOptions,
        progress: &mut dyn FnMut(&str),
    ) -> Tagger {
        let mut tag_ids: BTreeMap<(String, String), u16> = BTreeMap::new();
        let mut counts: BTreeMap<String, BTreeMap<(String, String), usize>> = BTreeMap::new();
        for s in sents {
            for w in s {
                tag_ids.entry(tag_name(w)).or_insert(0);
                *counts.entry(w.form.clone()).or_default().entry(tag_name(w)).or_default() += 1;
            }
        }
        let tags: Vec<(String, String)> = tag_ids.keys().cloned().collect();
        for (i, t) in tags.iter().enumerate() {
            tag_ids.insert(t.clone(), i as u16);
        }
        let mut tagdict = HashMap::new();
        for (form, c) in &counts {
            let total: usize = c.values().sum();
            if let Some((t, n)) = c.iter().max_by_key(|(_, n)| **n) {
                if total >= opts.dict_min_count && *n as f64 / total as f64 >= opts.dict_min_share {
                    tagdict.insert(form.clone(), tag_ids[t]);
                }
            }
        }
        let gold: Vec<Vec<u16>> =
            sents.iter().map(|s| s.iter().map(|w| tag_ids[&tag_name(w)]).collect()).collect();
        let mut trainer = Trainer::new(tags.len());
        let mut order: Vec<usize> = (0..sents.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut feats = Vec::with_capacity(32);
        let mut scores = vec![0f32; tags.len()];
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &si in &order {
                let words: Vec<&str> = sents[si].iter().map(|w| w.form.as_str()).collect();
                let ctx = padded(&words);
                let (mut p1, mut p2) = (START_TAG, START2_TAG);
                for (i, word) in words.iter().enumerate() {
                    let truth = gold[si][i] as usize;
                    let guess = match tagdict.get(*word) {
                        Some(&t) => t as usize,
                        None => {
                            features(&ctx, i, p1, p2, &mut feats);
                            trainer.score(&feats, &mut scores);
                            let g = argmax(&scores);
                            trainer.update(truth, g, &feats);
                            trainer.tick();
                            g
                        }
                    };
                    right += (guess == truth) as usize;
                    total += 1;
                    p2 = p1;
                    p1 = guess as u64;
                }
            }
            progress(&format!(
                "tagger epoch {}: train accuracy {:.4}",
                epoch + 1,
                right as f64 / total.max(1) as f64
            ));
        }
        Tagger { model: trainer.finish(opts.prune), tags, tagdict }
    }

    /// Tags a sentence; returns `(UPOS, XPOS)` per word.
    pub fn tag(&self, words: &[&str]) -> Vec<(&str, &str)> {
        self.tag_ids(words)
            .into_iter()
            .map(|t| {
                let (u, x) = &self.tags[t as usize];
                (u.as_str(), x.as_str())
            })
            .collect()
    }

    /// Tags a sentence; returns tag ids.
    pub fn tag_ids(&self, words: &[&str]) -> Vec<u16> {
        let ctx = padded(words);
        let mut feats = Vec::with_capacity(32);
        let mut scores = vec![0f32; self.tags.len()];
        let (mut p1, mut p2) = (START_TAG, START2_TAG);
        let mut out = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            let t = match self.tagdict.get(*word) {
                Some(&t) => t,
                None => {
                    features(&ctx, i, p1, p2, &mut feats);
                    self.model.score(&feats, &mut scores);
                    argmax(&scores) as u16
                }
            };
            out.push(t);
            p2 = p1;
            p1 = u64::from(t);
        }
        out
    }

    /// Tag names `(UPOS, XPOS)` by id.
    pub fn tag_names(&self) -> &[(String, String)] {
        &self.tags
    }

    /// Drops weights below `min_abs` (size/speed trade-off experiments).
    pub fn prune(&mut self, min_abs: f32) {
        self.model = self.model.pruned(min_abs);
    }

    /// Number of weights and features, for reporting.
    pub fn size(&self) -> (usize, usize) {
        (self.model.nfeatures(), self.model.nweights())
    }

    /// Serialises the tagger (without header; see `model_io`).
    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(&(self.tags.len() as u32).to_le_bytes())?;
        for (u, x) in &self.tags {
            write_str(w, u)?;
            write_str(w, x)?;
        }
        let mut dict: Vec<(&String, &u16)> = self.tagdict.iter().collect();
        dict.sort();
        w.write_all(&(dict.len() as u32).to_le_bytes())?;
        for (form, t) in dict {
            write_str(w, form)?;
            w.write_all(&t.to_le_bytes())?;
        }
        self.model.write(w)
    }

    /// Reads a tagger written by [`Tagger::write`].
    pub fn read(r: &mut impl Read) -> anyhow::Result<Tagger> {
        let n = read_u32(r)? as usize;
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            tags.push((read_str(r)?, read_str(r)?));
        }
        let nd = read_u32(r)? as usize;
        let mut tagdict = HashMap::with_capacity(nd);
        for _ in 0..nd {
            let form = read_str(r)?;
            let t = crate::perceptron::read_u16(r)?;
            anyhow::ensure!((t as usize) < n, "corrupt tagger: tag {t}");
            tagdict.insert(form, t);
        }
        let model = Model::read(r)?;
        anyhow::ensure!(model.nclasses() == n, "corrupt tagger: class count mismatch");
        Ok(Tagger { model, tags, tagdict })
    }
}

/// Index of the largest score (first on ties).
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}
