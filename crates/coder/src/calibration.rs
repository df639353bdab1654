//! Calibrated event confidence: Platt scaling of the evidence score of [`crate::event`].
//!
//! The evidence formula orders events by how much evidence they rest on; this maps that score
//! to a probability that the event is fully right (type, source and target countries), fitted
//! on the PLOVER dev half by `vigil train calibration` and stored as a small text file
//! (`data/models/calibration.tsv`: `a`, `b` and the default cut `cut`). Without the file,
//! events keep the evidence score. `p = 1 / (1 + exp(-(a·score + b)))`.

use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::path::Path;

/// File name under `data/models/`.
pub const FILE: &str = "calibration.tsv";

/// A fitted Platt scaling and the default confidence cut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Slope on the evidence score.
    pub a: f64,
    /// Intercept.
    pub b: f64,
    /// Default `--min-confidence`: chosen on dev data for precision (best F0.5).
    pub cut: f64,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Calibration {
    /// The calibrated probability of an evidence score, rounded to two decimals.
    pub fn apply(&self, score: f64) -> f64 {
        round2(sigmoid(self.a * score + self.b))
    }

    /// Reads `models_dir/calibration.tsv`; `None` when the file does not exist.
    pub fn load(models_dir: &Path) -> Result<Option<Calibration>> {
        let path = models_dir.join(FILE);
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        Calibration::parse(&text)
            .map(Some)
            .with_context(|| format!("parsing {}", path.display()))
    }

    /// Parses `key<TAB>value` lines (`#` comments) with keys `a`, `b`, `cut`.
    pub fn parse(text: &str) -> Result<Calibration> {
        let get = |key: &str| -> Result<f64> {
            let line = text
                .lines()
                .find(|l| l.split('\t').next() == Some(key))
                .with_context(|| format!("missing `{key}`"))?;
            let v = line.split('\t').nth(1).unwrap_or("").trim();
            v.parse::<f64>()
                .with_context(|| format!("`{key}` is not a number: {v:?}"))
        };
        Ok(Calibration {
            a: get("a")?,
            b: get("b")?,
            cut: get("cut")?,
        })
    }

    /// The file's text (with a header saying where it comes from).
    pub fn to_text(&self, header: &str) -> String {
        format!(
            "# {header}\na\t{:.6}\nb\t{:.6}\ncut\t{:.2}\n",
            self.a, self.b, self.cut
        )
    }

    /// Fits `a`, `b` by Newton's method on the log loss (a small L2 penalty keeps it finite
    /// when the points separate), then picks the cut; deterministic for the same points.
    pub fn fit(points: &[(f64, bool)]) -> Calibration {
        let (mut a, mut b) = (0.0f64, 0.0f64);
        let l2 = 1e-3;
        for _ in 0..100 {
            let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (l2 * a, l2 * b, l2, 0.0, l2);
            for &(x, y) in points {
                let p = sigmoid(a * x + b);
                let r = p - f64::from(u8::from(y));
                let w = (p * (1.0 - p)).max(1e-9);
                ga += r * x;
                gb += r;
                haa += w * x * x;
                hab += w * x;
                hbb += w;
            }
            let det = haa * hbb - hab * hab;
            if det.abs() < 1e-12 {
                break;
            }
            let da = (hbb * ga - hab * gb) / det;
            let db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if da.abs() + db.abs() < 1e-10 {
                break;
            }
        }
        let mut c = Calibration { a, b, cut: 0.0 };
        let scored: Vec<(f64, bool)> = points.iter().map(|&(x, y)| (c.apply(x), y)).collect();
        c.cut = best_cut(&scored);
        c
    }
}

/// The cut (one of the calibrated values) with the best F0.5 of "kept and right" against all
/// right points: precision counts twice as much as recall.
pub fn best_cut(points: &[(f64, bool)]) -> f64 {
    let right = points.iter().filter(|p| p.1).count() as f64;
    let mut cuts: Vec<f64> = points.iter().map(|p| p.0).collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let mut best = (f64::MIN, 0.0);
    for c in cuts {
        let kept: Vec<&(f64, bool)> = points.iter().filter(|p| p.0 >= c).collect();
        let tp = kept.iter().filter(|p| p.1).count() as f64;
        if kept.is_empty() || tp == 0.0 {
            continue;
        }
        let (p, r) = (tp / kept.len() as f64, tp / right);
        let f = 1.25 * p * r / (0.25 * p + r);
        if f > best.0 + 1e-12 {
            best = (f, c);
        }
    }
    best.1
}

/// Reliability of confidences against outcomes: expected calibration error over ten equal-width
/// bins and the bins themselves (count, mean confidence, share right).
pub fn reliability(points: &[(f64, bool)]) -> Value {
    let mut bins = vec![(0usize, 0.0f64, 0usize); 10];
    for &(c, y) in points {
        let k = ((c * 10.0).floor() as usize).min(9);
        bins[k].0 += 1;
        bins[k].1 += c;
        bins[k].2 += usize::from(y);
    }
    let n = points.len().max(1) as f64;
    let mut ece = 0.0;
    let mut table = Vec::new();
    for (k, &(cnt, sum, right)) in bins.iter().enumerate() {
        if cnt == 0 {
            continue;
        }
        let (conf, acc) = (sum / cnt as f64, right as f64 / cnt as f64);
        ece += cnt as f64 / n * (conf - acc).abs();
        table.push(json!({
            "bin": format!("{:.1}-{:.1}", k as f64 / 10.0, (k + 1) as f64 / 10.0),
            "n": cnt,
            "mean_confidence": (conf * 1e4).round() / 1e4,
            "right": (acc * 1e4).round() / 1e4,
        }));
    }
    json!({ "n": points.len(), "ece": (ece * 1e4).round() / 1e4, "bins": table })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_orders_and_round_trips() {
        let pts: Vec<(f64, bool)> = (0..40)
            .map(|i| (0.5 + f64::from(i % 10) * 0.05, i % 10 >= 4 && i % 3 != 0))
            .collect();
        let c = Calibration::fit(&pts);
        assert!(c.a > 0.0, "higher evidence, higher probability: {c:?}");
        assert!(c.apply(0.95) > c.apply(0.55));
        let back = Calibration::parse(&c.to_text("test")).expect("parse");
        assert!((back.a - c.a).abs() < 1e-5 && (back.cut - c.cut).abs() < 1e-9);
        let r = reliability(&pts);
        assert_eq!(r["n"], 40);
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(Calibration::parse("a\t1\nb\tx\ncut\t0.5\n").is_err());
        assert!(Calibration::parse("a\t1\n").is_err());
    }
}
