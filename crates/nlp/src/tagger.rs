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
    raw: u64,
    suf4: u64,
    pre2: u64,
    amb: u64,
}

/// Lower-cased form with numbers collapsed, the form features and the parser use.
pub fn norm_word(w: &str) -> String {
    let b = w.as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        return if b.len() == 4 {
            "!YEAR".into()
        } else {
            "!DIGITS".into()
        };
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
    pub fn new(word: &str, amb: &HashMap<String, u64>) -> WordInfo {
        let n = norm_word(word);
        let amb = amb.get(&n).copied().unwrap_or(7);
        let chars: Vec<char> = n.chars().collect();
        let suffix = |k: usize| -> u64 {
            let s: String = chars[chars.len().saturating_sub(k)..].iter().collect();
            hash_str(&s)
        };
        let pre3: String = chars.iter().take(3).collect();
        let pre2: String = chars.iter().take(2).collect();
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
            raw: hash_str(word),
            suf4: suffix(4),
            pre2: hash_str(&pre2),
            amb,
        }
    }

    fn pad(k: u64) -> WordInfo {
        let h = mix(0x5eed, k);
        WordInfo {
            w: h,
            suf3: h,
            suf2: h,
            suf1: h,
            pre1: h,
            pre3: h,
            shape: h,
            flags: 16 + k,
            raw: h,
            suf4: h,
            pre2: h,
            amb: h,
        }
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
        feat(28, w.raw, 0, 0),
        feat(29, w.suf4, 0, 0),
        feat(30, w.pre2, 0, 0),
        feat(31, n1.w, n2.w, 0),
        feat(32, m1.w, p1, 0),
        feat(33, n1.flags, w.flags, 0),
        feat(34, n1.suf1, 0, 0),
        feat(35, w.amb, 0, 0),
        feat(36, n1.amb, 0, 0),
        feat(37, n2.amb, 0, 0),
        feat(38, w.amb, n1.amb, 0),
        feat(39, p1, n1.amb, 0),
        feat(40, p1, w.amb, 0),
    ]);
}

/// Second-pass features: the first-pass tags of the word and its right neighbours.
fn features2(ctx: &[WordInfo], i: usize, p1: u64, p2: u64, first: &[u16], out: &mut Vec<u64>) {
    features(ctx, i, p1, p2, out);
    let t = |k: usize| first.get(k).map_or(START_TAG - 2, |&t| u64::from(t));
    let (r0, r1, r2) = (t(i), t(i + 1), t(i + 2));
    let w = &ctx[i + 2];
    out.extend_from_slice(&[
        feat(60, r0, 0, 0),
        feat(61, r1, 0, 0),
        feat(62, r2, 0, 0),
        feat(63, r1, r2, 0),
        feat(64, p1, r1, 0),
        feat(65, w.w, r1, 0),
        feat(66, r0, r1, 0),
        feat(67, w.suf3, r1, 0),
        feat(68, p1, r0, r1),
    ]);
}

/// Greedy left-to-right decoding; `first` switches to the second-pass feature set.
fn decode(
    model: &Model,
    ntags: usize,
    tagdict: &HashMap<String, u16>,
    ctx: &[WordInfo],
    words: &[&str],
    first: Option<&[u16]>,
) -> Vec<u16> {
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0f32; ntags];
    let (mut p1, mut p2) = (START_TAG, START2_TAG);
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let t = match tagdict.get(*word) {
            Some(&t) => t,
            None => {
                match first {
                    Some(f) => features2(ctx, i, p1, p2, f, &mut feats),
                    None => features(ctx, i, p1, p2, &mut feats),
                }
                model.score(&feats, &mut scores);
                argmax(&scores) as u16
            }
        };
        out.push(t);
        p2 = p1;
        p1 = u64::from(t);
    }
    out
}

/// Data shared by the tagger's training passes.
struct TrainData<'a> {
    words: Vec<Vec<&'a str>>,
    ctxs: Vec<Vec<WordInfo>>,
    gold: Vec<Vec<u16>>,
    tagdict: &'a HashMap<String, u16>,
    ntags: usize,
}

/// Trains one pass's perceptron on the sentences in `subset`.
fn train_model(
    d: &TrainData<'_>,
    subset: &[usize],
    first: Option<&[Vec<u16>]>,
    opts: &TaggerOptions,
    label: &str,
    progress: &mut dyn FnMut(&str),
) -> Model {
    let mut trainer = Trainer::new(d.ntags);
    let mut order: Vec<usize> = subset.to_vec();
    let mut rng = Rng::new(opts.seed);
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0f32; d.ntags];
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let ctx = &d.ctxs[si];
            let (mut p1, mut p2) = (START_TAG, START2_TAG);
            for (i, word) in d.words[si].iter().enumerate() {
                let truth = d.gold[si][i] as usize;
                let guess = match d.tagdict.get(*word) {
                    Some(&t) => t as usize,
                    None => {
                        match first {
                            Some(f) => features2(ctx, i, p1, p2, &f[si], &mut feats),
                            None => features(ctx, i, p1, p2, &mut feats),
                        }
                        trainer.score(&feats, &mut scores);
                        let g = argmax(&scores);
                        trainer.update(truth, g, &feats);
                        trainer.tick();
                        g
                    }
                };
                right += usize::from(guess == truth);
                total += 1;
                p2 = p1;
                p1 = guess as u64;
            }
        }
        progress(&format!(
            "tagger {label} epoch {}: train accuracy {:.4}",
            epoch + 1,
            right as f64 / total.max(1) as f64
        ));
    }
    trainer.finish(opts.prune)
}

fn padded(words: &[&str], amb: &HashMap<String, u64>) -> Vec<WordInfo> {
    let mut ctx = Vec::with_capacity(words.len() + 4);
    ctx.push(WordInfo::pad(1));
    ctx.push(WordInfo::pad(2));
    ctx.extend(words.iter().map(|w| WordInfo::new(w, amb)));
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
    /// Normalised form → hash of the set of tags seen with it in training (ambiguity class).
    amb: HashMap<String, u64>,
    /// Second-pass model that also sees first-pass tags to the right.
    second: Option<Model>,
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
    /// Minimum count for a word's ambiguity class to be stored.
    pub amb_min_count: usize,
    /// Folds for the jackknifed first pass of a second tagging pass (0: one pass only).
    pub two_pass_folds: usize,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions {
            epochs: 10,
            seed: 17,
            dict_min_count: 20,
            dict_min_share: 0.99,
            prune: 0.5,
            amb_min_count: 3,
            two_pass_folds: 0,
        }
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
                *counts
                    .entry(w.form.clone())
                    .or_default()
                    .entry(tag_name(w))
                    .or_default() += 1;
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
        let mut amb_sets: BTreeMap<String, (usize, u128)> = BTreeMap::new();
        for s in sents {
            for w in s {
                let e = amb_sets.entry(norm_word(&w.form)).or_default();
                e.0 += 1;
                e.1 |= 1u128 << (tag_ids[&tag_name(w)] % 128);
            }
        }
        let amb: HashMap<String, u64> = amb_sets
            .into_iter()
            .filter(|(_, (n, _))| *n >= opts.amb_min_count)
            .map(|(f, (_, bits))| (f, mix(bits as u64, (bits >> 64) as u64)))
            .collect();
        let gold: Vec<Vec<u16>> = sents
            .iter()
            .map(|s| s.iter().map(|w| tag_ids[&tag_name(w)]).collect())
            .collect();
        let words: Vec<Vec<&str>> = sents
            .iter()
            .map(|s| s.iter().map(|w| w.form.as_str()).collect())
            .collect();
        let ctxs = words.iter().map(|w| padded(w, &amb)).collect();
        let data = TrainData {
            words,
            ctxs,
            gold,
            tagdict: &tagdict,
            ntags: tags.len(),
        };
        let all: Vec<usize> = (0..sents.len()).collect();
        let model = train_model(&data, &all, None, opts, "pass 1", progress);
        let k = opts.two_pass_folds;
        let second = if k >= 2 && sents.len() >= 2 * k {
            // Jackknifed first-pass tags, so the second pass learns from realistic errors.
            let mut first: Vec<Vec<u16>> = vec![Vec::new(); sents.len()];
            for fold in 0..k {
                let rest: Vec<usize> = all.iter().copied().filter(|i| i % k != fold).collect();
                let mut quiet = |_: &str| {};
                let m = train_model(&data, &rest, None, opts, "fold", &mut quiet);
                for si in all.iter().copied().filter(|i| i % k == fold) {
                    first[si] = decode(
                        &m,
                        data.ntags,
                        &tagdict,
                        &data.ctxs[si],
                        &data.words[si],
                        None,
                    );
                }
                progress(&format!("tagger first-pass fold {}/{k} tagged", fold + 1));
            }
            Some(train_model(
                &data,
                &all,
                Some(&first),
                opts,
                "pass 2",
                progress,
            ))
        } else {
            None
        };
        Tagger {
            model,
            second,
            tags,
            tagdict,
            amb,
        }
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
        let ctx = padded(words, &self.amb);
        let n = self.tags.len();
        let first = decode(&self.model, n, &self.tagdict, &ctx, words, None);
        match &self.second {
            Some(m2) => decode(m2, n, &self.tagdict, &ctx, words, Some(&first)),
            None => first,
        }
    }

    /// Tag names `(UPOS, XPOS)` by id.
    pub fn tag_names(&self) -> &[(String, String)] {
        &self.tags
    }

    /// Drops weights below `min_abs` (size/speed trade-off experiments).
    pub fn prune(&mut self, min_abs: f32) {
        self.model = self.model.pruned(min_abs);
        if let Some(m) = &self.second {
            self.second = Some(m.pruned(min_abs));
        }
    }

    /// Number of weights and features, for reporting.
    pub fn size(&self) -> (usize, usize) {
        let (f2, w2) = self
            .second
            .as_ref()
            .map_or((0, 0), |m| (m.nfeatures(), m.nweights()));
        (self.model.nfeatures() + f2, self.model.nweights() + w2)
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
        self.model.write(w)?;
        let amb: BTreeMap<&String, &u64> = self.amb.iter().collect();
        w.write_all(&(amb.len() as u32).to_le_bytes())?;
        for (form, h) in amb {
            write_str(w, form)?;
            w.write_all(&h.to_le_bytes())?;
        }
        match &self.second {
            Some(m) => {
                w.write_all(&[1])?;
                m.write(w)
            }
            None => w.write_all(&[0]),
        }
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
        anyhow::ensure!(
            model.nclasses() == n,
            "corrupt tagger: class count mismatch"
        );
        let na = read_u32(r)? as usize;
        let mut amb = HashMap::with_capacity(na);
        for _ in 0..na {
            let form = read_str(r)?;
            amb.insert(form, crate::perceptron::read_u64(r)?);
        }
        let mut flag = [0u8; 1];
        r.read_exact(&mut flag)?;
        let second = match flag[0] {
            0 => None,
            1 => {
                let m = Model::read(r)?;
                anyhow::ensure!(m.nclasses() == n, "corrupt tagger: second-pass classes");
                Some(m)
            }
            f => anyhow::bail!("corrupt tagger: flag {f}"),
        };
        Ok(Tagger {
            model,
            tags,
            tagdict,
            amb,
            second,
        })
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
