//! Averaged perceptron over hashed sparse features, with a sparse row per feature (only the
//! classes a feature was ever updated for), and a frozen compact form for inference.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct TrainEntry {
    class: u16,
    w: f32,
    total: f64,
    stamp: u32,
}

/// Perceptron under training (weights plus averaging bookkeeping).
pub struct Trainer {
    nclasses: usize,
    rows: IdMap<Vec<TrainEntry>>,
    step: u32,
}

impl Trainer {
    /// A trainer with no weights.
    pub fn new(nclasses: usize) -> Trainer {
        Trainer {
            nclasses,
            rows: IdMap::default(),
            step: 0,
        }
    }

    /// Advances the averaging clock; call once per training example.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Adds current weights of `feats` into `scores` (length = number of classes).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Standard perceptron update: +1 for `truth`, -1 for `guess`.
    pub fn update(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        if truth == guess {
            return;
        }
        self.add(truth, feats, 1.0);
        self.add(guess, feats, -1.0);
    }

    /// Adds `delta` to the weight of `class` for every feature in `feats` (structured
    /// updates reward and penalise whole transition sequences this way).
    pub fn add(&mut self, class: usize, feats: &[u64], delta: f32) {
        let step = self.step;
        let class = class as u16;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            match row.iter_mut().find(|e| e.class == class) {
                Some(e) => {
                    e.total += f64::from(step - e.stamp) * f64::from(e.w);
                    e.stamp = step;
                    e.w += delta;
                }
                None => row.push(TrainEntry {
                    class,
                    w: delta,
                    total: 0.0,
                    stamp: step,
                }),
            }
        }
    }

    /// Averages the weights and freezes them, dropping weights whose magnitude is below
    /// `min_abs` (they barely change any decision and dominate model size).
    pub fn finish(self, min_abs: f32) -> Model {
        let step = f64::from(self.step.max(1));
        let mut feats: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.rows.len());
        for (k, row) in self.rows {
            let mut out: Vec<(u16, f32)> = row
                .iter()
                .map(|e| {
                    let total = e.total + f64::from(self.step - e.stamp) * f64::from(e.w);
                    (e.class, (total / step) as f32)
                })
                .filter(|&(_, w)| w.abs() >= min_abs && w != 0.0)
                .collect();
            out.sort_by_key(|&(c, _)| c);
            if !out.is_empty() {
                feats.push((k, out));
            }
        }
        feats.sort_by_key(|&(k, _)| k);
        Model::from_rows(self.nclasses, feats)
    }
}

#[inline]
fn home(key: u64, mask: usize) -> usize {
    // High bits: the low bit of every key is forced to 1.
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask
}

#[derive(Clone, Copy)]
struct Entry {
    class: u32,
    w: f32,
}

/// One hash-table slot, 8 bytes so that more of the table stays in cache: the low 32 bits
/// of the feature key (always odd, so 0 marks an empty slot) and the row's position.
#[derive(Clone, Copy, Default)]
struct Slot {
    fp: u32,
    /// Bits 0–25: start in `entries` (sparse) or `dense`; bits 26–31: sparse row length, or
    /// 0 for a dense row.
    packed: u32,
}

const START_BITS: u32 = 26;
const START_MASK: u32 = (1 << START_BITS) - 1;
const MAX_SPARSE: usize = 63;

impl Slot {
    #[inline]
    fn start(self) -> usize {
        (self.packed & START_MASK) as usize
    }
    #[inline]
    fn len(self) -> usize {
        (self.packed >> START_BITS) as usize
    }
    #[inline]
    fn dense(self) -> bool {
        self.packed >> START_BITS == 0
    }
}

/// A frozen perceptron: open-addressing table from feature key to a row of weights, stored
/// sparse (class, weight) or, when most classes are present, dense.
pub struct Model {
    nclasses: usize,
    mask: usize,
    slots: Vec<Slot>,
    /// Full key of each occupied slot (cold: used only to write or prune the model).
    keys: Vec<u64>,
    entries: Vec<Entry>,
    dense: Vec<f32>,
    nfeats: usize,
}

impl Model {
    fn from_rows(nclasses: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Model {
        let mut keys = Vec::with_capacity(rows.len());
        let mut lens = Vec::with_capacity(rows.len());
        let mut flat = Vec::new();
        for (k, row) in rows {
            keys.push(k);
            lens.push(row.len() as u16);
            flat.extend(row);
        }
        Model::from_flat(nclasses, &keys, &lens, &flat)
    }

    /// Builds the table from rows laid end to end: row `i` has key `keys[i]` and the next
    /// `lens[i]` entries of `flat`.
    fn from_flat(nclasses: usize, keys: &[u64], lens: &[u16], flat: &[(u16, f32)]) -> Model {
        let cap = (keys.len() * 3 / 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let mut slot_keys = vec![0u64; cap];
        let mut entries = Vec::new();
        let mut dense = Vec::new();
        let mask = cap - 1;
        let mut pos = 0;
        for (&k, &len) in keys.iter().zip(lens) {
            let row = &flat[pos..pos + len as usize];
            pos += len as usize;
            let is_dense = row.len() * 3 >= nclasses || row.len() > MAX_SPARSE || row.is_empty();
            let packed = if is_dense {
                let st = dense.len();
                dense.resize(st + nclasses, 0.0);
                for &(c, w) in row {
                    dense[st + c as usize] = w;
                }
                st as u32
            } else {
                let st = entries.len();
                entries.extend(row.iter().map(|&(c, w)| Entry {
                    class: u32::from(c),
                    w,
                }));
                st as u32 | ((row.len() as u32) << START_BITS)
            };
            assert!(
                entries.len() <= START_MASK as usize && dense.len() <= START_MASK as usize,
                "model too large for 26-bit row offsets"
            );
            let mut i = home(k, mask);
            while slots[i].fp != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = Slot {
                fp: k as u32,
                packed,
            };
            slot_keys[i] = k;
        }
        Model {
            nclasses,
            mask,
            slots,
            keys: slot_keys,
            entries,
            dense,
            nfeats: keys.len(),
        }
    }

    fn row(&self, s: Slot) -> Vec<(u16, f32)> {
        let a = s.start();
        if s.dense() {
            (0..self.nclasses)
                .map(|c| (c as u16, self.dense[a + c]))
                .filter(|&(_, w)| w != 0.0)
                .collect()
        } else {
            self.entries[a..a + s.len()]
                .iter()
                .map(|e| (e.class as u16, e.w))
                .collect()
        }
    }

    /// Occupied slots with their full keys, in key order (deterministic output).
    fn sorted_rows(&self) -> Vec<(u64, Slot)> {
        let mut v: Vec<(u64, Slot)> = self
            .keys
            .iter()
            .zip(&self.slots)
            .filter(|(k, _)| **k != 0)
            .map(|(k, s)| (*k, *s))
            .collect();
        v.sort_by_key(|&(k, _)| k);
        v
    }

    /// Drops weights below `min_abs` in magnitude (and features left with none).
    pub fn pruned(&self, min_abs: f32) -> Model {
        let rows = self
            .sorted_rows()
            .into_iter()
            .map(|(k, s)| {
                let row: Vec<(u16, f32)> = self
                    .row(s)
                    .into_iter()
                    .filter(|&(_, w)| w.abs() >= min_abs)
                    .collect();
                (k, row)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        Model::from_rows(self.nclasses, rows)
    }

    /// Number of classes.
    pub fn nclasses(&self) -> usize {
        self.nclasses
    }

    /// Number of features with at least one weight.
    pub fn nfeatures(&self) -> usize {
        self.nfeats
    }

    /// Number of stored weights.
    pub fn nweights(&self) -> usize {
        self.entries.len() + self.dense.iter().filter(|w| **w != 0.0).count()
    }

    #[inline]
    fn lookup_from(&self, key: u64, mut i: usize) -> Slot {
        let fp = key as u32;
        loop {
            let s = self.slots[i];
            if s.fp == fp || s.fp == 0 {
                return s;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Sets `scores` (length = number of classes) to the summed weights of `feats`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        // Three passes so that cache misses overlap instead of serialising: (1) load every
        // home slot with no data-dependent branch, (2) resolve collisions and touch the first
        // weight of each row, (3) accumulate.
        let n = feats.len().min(128);
        let mut found = [Slot::default(); 128];
        for (slot, &f) in found.iter_mut().zip(feats) {
            *slot = self.slots[home(f, self.mask)];
        }
        let mut touch = 0.0f32;
        for (slot, &f) in found.iter_mut().zip(feats) {
            if slot.fp != f as u32 && slot.fp != 0 {
                *slot = self.lookup_from(f, (home(f, self.mask) + 1) & self.mask);
            }
            if slot.fp == 0 {
                continue;
            }
            let a = slot.start();
            touch += if slot.dense() {
                self.dense.get(a).copied().unwrap_or(0.0)
            } else {
                self.entries.get(a).map_or(0.0, |e| e.w)
            };
        }
        std::hint::black_box(touch);
        let nc = self.nclasses;
        for s in &found[..n] {
            if s.fp == 0 {
                continue;
            }
            let a = s.start();
            if s.dense() {
                // Dense rows add as one vectorisable loop instead of a scatter.
                for (sc, w) in scores.iter_mut().zip(&self.dense[a..a + nc]) {
                    *sc += *w;
                }
            } else {
                for e in &self.entries[a..a + s.len()] {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Writes the model (feature rows in key order, so output is deterministic).
    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        let used = self.sorted_rows();
        w.write_all(&(self.nclasses as u32).to_le_bytes())?;
        w.write_all(&(used.len() as u64).to_le_bytes())?;
        for (key, s) in used {
            w.write_all(&key.to_le_bytes())?;
            let row = self.row(s);
            w.write_all(&(row.len() as u16).to_le_bytes())?;
            for (c, wt) in row {
                w.write_all(&c.to_le_bytes())?;
                w.write_all(&wt.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Reads a model written by [`Model::write`].
    pub fn read(r: &mut impl Read) -> anyhow::Result<Model> {
        let nclasses = read_u32(r)? as usize;
        let n = read_u64(r)? as usize;
        anyhow::ensure!(n < 100_000_000, "corrupt model: {n} features");
        let mut keys = Vec::with_capacity(n);
        let mut lens = Vec::with_capacity(n);
        let mut flat = Vec::with_capacity(n * 2);
        let mut buf = Vec::new();
        for _ in 0..n {
            let mut head = [0u8; 10];
            r.read_exact(&mut head)?;
            let (k, l) = head.split_at(8);
            keys.push(u64::from_le_bytes(k.try_into()?));
            let len = u16::from_le_bytes(l.try_into()?);
            lens.push(len);
            buf.resize(len as usize * 6, 0);
            r.read_exact(&mut buf)?;
            for e in buf.chunks_exact(6) {
                let c = u16::from_le_bytes([e[0], e[1]]);
                anyhow::ensure!((c as usize) < nclasses, "corrupt model: class {c}");
                flat.push((c, f32::from_le_bytes([e[2], e[3], e[4], e[5]])));
            }
        }
        Ok(Model::from_flat(nclasses, &keys, &lens, &flat))
    }
}

fn read_arr<const N: usize>(r: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut b = [0u8; N];
    r.read_exact(&mut b)?;
    Ok(b)
}

/// Reads a little-endian u16.
pub fn read_u16(r: &mut impl Read) -> std::io::Result<u16> {
    Ok(u16::from_le_bytes(read_arr::<2>(r)?))
}

/// Reads a little-endian u32.
pub fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    Ok(u32::from_le_bytes(read_arr::<4>(r)?))
}

/// Reads a little-endian u64.
pub fn read_u64(r: &mut impl Read) -> std::io::Result<u64> {
    Ok(u64::from_le_bytes(read_arr::<8>(r)?))
}

/// Writes a length-prefixed UTF-8 string.
pub fn write_str(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    w.write_all(&(s.len() as u32).to_le_bytes())?;
    w.write_all(s.as_bytes())
}

/// Reads a string written by [`write_str`].
pub fn read_str(r: &mut impl Read) -> anyhow::Result<String> {
    let n = read_u32(r)? as usize;
    anyhow::ensure!(n < 1 << 20, "corrupt model: string of {n} bytes");
    let mut b = vec![0u8; n];
    r.read_exact(&mut b)?;
    Ok(String::from_utf8(b)?)
}

/// Deterministic xorshift generator for training shuffles.
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// Next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
