//! The typing model applied to the coder's events: the model's distribution over PLOVER types
//! for an event's (source, target, predicate) is evidence next to the dictionary pattern.
//!
//! For each event with both actor mentions in its sentence, [`Typer::refine`]
//! 1. **retypes** it when the model's top type differs from the dictionary's and its probability
//!    reaches [`Policy::replace_at`]: the PLOVER type becomes the model's and the CAMEO code the
//!    codebook's root-level code of that type (so CAMEO and PLOVER stay one consistent pair),
//!    with the dictionary's verdict kept in the provenance rule (`typed by model …`);
//! 2. **vetoes** it when the model gives the dictionary's type less than [`Policy::veto_below`];
//! 3. mixes the model's probability of the final type into the evidence score
//!    ([`Policy::evidence_weight`]), which the coder's calibration then maps to a probability.
//!
//! Events without both mentions, or whose mentions fall outside the sentence, are left as the
//! dictionary coded them. The thresholds were chosen on development data (`vigil eval plover`,
//! `vigil eval plv`); see ARCHITECTURE.md.

use crate::features::token_range;
use crate::{pair_features, Pair, PloverType, TypeModel};
use anyhow::{bail, Context, Result};
use std::path::Path;
use vigil_core::{AnnotatedDoc, Codebook, Event, QuadClass, Span};

/// How the model's verdict is used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Drop an event when the model gives its dictionary type less than this probability.
    pub veto_below: f32,
    /// Retype an event when the model's top type differs and has at least this probability.
    pub replace_at: f32,
    /// The same for a retype between cooperation (quad classes 1–2) and conflict (3–4): turning
    /// an agreement into an accusation changes what the event means to an analyst, so it may
    /// ask for more certainty than a retype within the same side.
    pub replace_across_at: f32,
    /// Weight of the model's probability of the final type in the evidence score (0: unused).
    pub evidence_weight: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            veto_below: 0.02,
            replace_at: 0.60,
            replace_across_at: 0.60,
            evidence_weight: 0.25,
        }
    }
}

/// File of the policy thresholds under `data/models/`: `key<TAB>value` lines, `#` comments.
pub const POLICY_FILE: &str = "typing.policy.tsv";

impl Policy {
    /// Reads a policy file; the default policy when it does not exist, an error when a value
    /// is not a number or a key is unknown.
    pub fn load(path: &Path) -> Result<Policy> {
        let mut p = Policy::default();
        if !path.exists() {
            return Ok(p);
        }
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let (k, v) = line.split_once('\t').unwrap_or((line, ""));
            let x: f64 = v
                .trim()
                .parse()
                .with_context(|| format!("{}: `{k}` is not a number: {v:?}", path.display()))?;
            match k.trim() {
                "veto_below" => p.veto_below = x as f32,
                "replace_at" => p.replace_at = x as f32,
                "replace_across_at" => p.replace_across_at = x as f32,
                "evidence_weight" => p.evidence_weight = x,
                other => bail!("{}: unknown key `{other}`", path.display()),
            }
        }
        Ok(p)
    }
}

/// The dictionary's verdict on a pair as model features (one implementation for training and
/// use): the CAMEO root and PLOVER type of the coder's event, or `cameo=none`.
pub fn dictionary_features(event: Option<&Event>) -> Vec<String> {
    match event {
        Some(e) => vec![
            format!("cameo={}", e.root),
            format!("dplover={}", e.plover.as_deref().unwrap_or("none")),
        ],
        None => vec!["cameo=none".to_string()],
    }
}

/// The event's predicate as a token index within its sentence.
pub fn predicate_index(
    doc: &AnnotatedDoc,
    sentence: usize,
    predicate: Option<Span>,
) -> Option<usize> {
    let s = doc.sentences.get(sentence)?;
    let tokens = doc.tokens.get(s.token_start..s.token_end)?;
    token_range(tokens, predicate?).map(|r| r.end - 1)
}

/// The typing model with its policy.
#[derive(Debug, Clone)]
pub struct Typer {
    model: TypeModel,
    policy: Policy,
}

/// What the model made of one event.
enum Verdict {
    Keep(f32),
    Retype(PloverType, f32),
    Veto,
}

impl Typer {
    /// A typer from a model and a policy.
    pub fn new(model: TypeModel, policy: Policy) -> Typer {
        Typer { model, policy }
    }

    /// Reads `models_dir/typing.model.gz` with the policy of `models_dir/typing.policy.tsv`
    /// (the default policy without it); `None` when the model does not exist.
    pub fn load(models_dir: &Path) -> Result<Option<Typer>> {
        let path = models_dir.join(crate::MODEL_FILE);
        if !path.exists() {
            return Ok(None);
        }
        let policy = Policy::load(&models_dir.join(POLICY_FILE))?;
        Ok(Some(Typer::new(TypeModel::load(&path)?, policy)))
    }

    /// The policy in use.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// Replaces the policy (evaluation sweeps).
    pub fn set_policy(&mut self, p: Policy) {
        self.policy = p;
    }

    /// The model's type distribution for an event, `None` when it lacks a mention or a mention
    /// lies outside its sentence.
    pub fn distribution(&self, doc: &AnnotatedDoc, e: &Event) -> Option<[f32; 15]> {
        let (src, tgt) = (e.provenance.source?, e.provenance.target?);
        let pred = predicate_index(doc, e.sentence, e.provenance.predicate);
        let pair = Pair::from_doc(doc, e.sentence, src, tgt, pred)?;
        let f = pair_features(&pair, &dictionary_features(Some(e)));
        Some(self.model.probabilities(&f))
    }

    fn verdict(
        &self,
        dict: PloverType,
        p: &[f32; 15],
        crosses: impl Fn(PloverType) -> bool,
    ) -> Verdict {
        let mut top = 0;
        for k in 1..p.len() {
            if p[k] > p[top] {
                top = k;
            }
        }
        let t = PloverType::ALL[top];
        let bar = if crosses(t) {
            self.policy.replace_across_at
        } else {
            self.policy.replace_at
        };
        if t != dict && p[top] >= bar {
            Verdict::Retype(t, p[top])
        } else if p[dict.index()] < self.policy.veto_below {
            Verdict::Veto
        } else {
            Verdict::Keep(p[dict.index()])
        }
    }

    /// Applies the model to the events of one sentence (see the module doc); deterministic.
    pub fn apply(&self, doc: &AnnotatedDoc, events: &mut Vec<Event>, codebook: &Codebook) {
        events.retain_mut(|e| {
            let Some(dict) = e.plover.as_deref().and_then(PloverType::parse) else {
                return true;
            };
            let Some(p) = self.distribution(doc, e) else {
                return true;
            };
            let prob = match self.verdict(dict, &p, |t| crosses_sides(&e.cameo, t, codebook)) {
                Verdict::Veto => return false,
                Verdict::Keep(q) => q,
                Verdict::Retype(t, q) => match retype(e, t, q, codebook) {
                    true => q,
                    false => p[dict.index()],
                },
            };
            let w = self.policy.evidence_weight;
            e.confidence = (1.0 - w) * e.confidence + w * f64::from(prob);
            true
        });
    }
}

impl vigil_coder::Refine for Typer {
    fn refine(&self, doc: &AnnotatedDoc, events: &mut Vec<Event>, codebook: &Codebook) {
        self.apply(doc, events, codebook);
    }
}

/// The root-level CAMEO code of a PLOVER type, taken from the type's main CAMEO root (the root
/// with the most codes whose crosswalk gives the type; the lowest on a tie): its code ending in
/// `0`, else its first. A type reached from several roots keeps its own meaning this way —
/// ACCUSE is mostly "disapprove/accuse" (11), only partly "investigate" (09), and a retyped
/// accusation must not carry the quad class and Goldstein score of an investigation.
pub fn code_of(t: PloverType, codebook: &Codebook) -> Option<&str> {
    let of = |c: &vigil_core::codebook::CameoEntry| {
        c.plover.as_deref().and_then(PloverType::parse) == Some(t)
    };
    let mut per_root: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for c in codebook.entries().filter(|c| of(c)) {
        *per_root.entry(c.code.get(..2).unwrap_or("")).or_default() += 1;
    }
    let most = per_root.values().copied().max()?;
    let root = per_root.iter().find(|(_, n)| **n == most)?.0;
    let codes = || {
        codebook
            .entries()
            .filter(|c| of(c) && c.code.len() == 3 && c.code.starts_with(root))
    };
    codes()
        .find(|c| c.code.ends_with('0'))
        .or_else(|| codes().next())
        .map(|c| c.code.as_str())
}

/// Whether typing an event coded `cameo` as `t` moves it between cooperation and conflict.
pub fn crosses_sides(cameo: &str, t: PloverType, codebook: &Codebook) -> bool {
    let conflict = |q: QuadClass| q.as_u8() >= 3;
    let to = code_of(t, codebook).and_then(QuadClass::of);
    match (QuadClass::of(cameo), to) {
        (Some(a), Some(b)) => conflict(a) != conflict(b),
        _ => false,
    }
}

/// Gives `e` the type `t` and the CAMEO code that goes with it, recording the dictionary's
/// verdict in the rule; false (and `e` unchanged) when the codebook has no code for `t`.
fn retype(e: &mut Event, t: PloverType, p: f32, codebook: &Codebook) -> bool {
    let Some(code) = code_of(t, codebook) else {
        return false;
    };
    let entry = codebook.get(code);
    e.provenance.rule = format!(
        "typed by model: {t} p={p:.2} (dictionary {} {} by {})",
        e.plover.as_deref().unwrap_or("-"),
        e.cameo,
        e.provenance.rule
    );
    e.plover = entry.and_then(|x| x.plover.clone()).or(Some(t.to_string()));
    e.plover_mode = entry.and_then(|x| x.plover_mode.clone());
    e.cameo = code.to_string();
    e.root = code.get(..2).unwrap_or(code).to_string();
    e.quad_class = QuadClass::of(code).map_or(0, QuadClass::as_u8);
    e.goldstein = codebook.goldstein(code).unwrap_or(0.0);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every type has a CAMEO code whose crosswalk gives the type back, so a retyped event's
    /// CAMEO and PLOVER fields always agree.
    #[test]
    fn every_type_has_a_consistent_code() {
        let dir = vigil_core::paths::data_dir().join("codebook");
        let cb = Codebook::load(&dir).expect("the codebook is in the repository");
        for t in PloverType::ALL {
            let code = code_of(t, &cb).unwrap_or_else(|| panic!("no code for {t}"));
            let back = cb.plover(code).and_then(|(p, _)| PloverType::parse(&p));
            assert_eq!(back, Some(t), "{t} -> {code}");
        }
    }

    #[test]
    fn crossing_sides_is_cooperation_against_conflict() {
        let dir = vigil_core::paths::data_dir().join("codebook");
        let cb = Codebook::load(&dir).expect("the codebook is in the repository");
        let accuse = PloverType::parse("ACCUSE").expect("type");
        let agree = PloverType::parse("AGREE").expect("type");
        assert!(
            crosses_sides("057", accuse, &cb),
            "an agreement retyped as an accusation"
        );
        assert!(!crosses_sides("057", agree, &cb));
        assert!(!crosses_sides("112", accuse, &cb));
        assert_eq!(
            code_of(accuse, &cb),
            Some("110"),
            "ACCUSE is mostly root 11"
        );
    }

    #[test]
    fn policy_file_is_read_and_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(POLICY_FILE);
        assert_eq!(Policy::load(&path).expect("default"), Policy::default());
        std::fs::write(
            &path,
            "# c\nveto_below\t0.1\nreplace_at\t0.7\nreplace_across_at\t0.9\n",
        )
        .expect("write");
        let p = Policy::load(&path).expect("policy");
        assert!((p.veto_below - 0.1).abs() < 1e-6 && (p.replace_at - 0.7).abs() < 1e-6);
        assert!((p.replace_across_at - 0.9).abs() < 1e-6);
        std::fs::write(&path, "replace_at\tx\n").expect("write");
        assert!(Policy::load(&path).is_err());
        std::fs::write(&path, "other\t1\n").expect("write");
        assert!(Policy::load(&path).is_err());
    }
}
