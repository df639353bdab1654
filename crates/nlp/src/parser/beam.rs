//! Beam search over arc-eager transitions, and global training of the same perceptron with
//! max-violation updates (Huang, Fayong & Guo 2012; Zhang & Nivre 2011 for the beam parser).
//!
//! Greedy decoding commits to each transition; the beam keeps the `k` best partial parses by
//! summed transition scores, so an early attachment can be revised when later words disagree.
//! Training compares whole transition prefixes: at the step where the best beam item beats
//! the gold prefix by the largest margin, the gold prefix's features are rewarded and the
//! beam item's penalised. The gold prefix is "latent": at each step it follows the
//! highest-scoring transition of zero cost under the dynamic oracle, so it need not be the
//! canonical static-oracle sequence.

use super::{costs, features, joint_cost, split_transition, Gold, Sent, State, NMOVES, NONE};
use crate::perceptron::{Model, Trainer};

/// A partial parse in the beam.
pub(super) struct Item {
    pub(super) st: State,
    score: f32,
    /// Per step: (feature block in the arena, transition taken).
    hist: Vec<(u32, u16)>,
    /// Whether this item is the gold prefix (training only).
    gold: bool,
}

impl Clone for Item {
    fn clone(&self) -> Item {
        Item {
            st: self.st.clone(),
            score: self.score,
            hist: self.hist.clone(),
            gold: self.gold,
        }
    }

    /// Reuses this item's buffers (the beam copies items at every step).
    fn clone_from(&mut self, o: &Item) {
        self.st.clone_from(&o.st);
        self.score = o.score;
        self.hist.clone_from(&o.hist);
        self.gold = o.gold;
    }
}

impl Item {
    fn new(n: usize) -> Item {
        Item {
            st: State::new(n),
            score: 0.0,
            hist: Vec::new(),
            gold: true,
        }
    }
}

/// A candidate successor: (score, parent index, transition or `NONE` for a finished parent).
#[derive(Clone, Copy)]
struct Cand {
    score: f32,
    parent: usize,
    t: usize,
}

/// Keeps the `k` best candidates in `top`, best first; ties keep the earlier candidate so
/// that the result does not depend on anything but the scores and the enumeration order.
fn push_top(top: &mut Vec<Cand>, k: usize, c: Cand) {
    if top.len() == k && top.last().is_some_and(|w| w.score >= c.score) {
        return;
    }
    let pos = top
        .iter()
        .position(|x| x.score < c.score)
        .unwrap_or(top.len());
    top.insert(pos, c);
    top.truncate(k);
}

/// Feature blocks of one sentence, laid end to end (training needs them again for updates).
pub(super) struct Arena {
    feats: Vec<u64>,
    width: usize,
}

impl Arena {
    pub(super) fn new() -> Arena {
        Arena {
            feats: Vec::new(),
            width: 0,
        }
    }

    fn push(&mut self, f: &[u64]) -> u32 {
        self.width = f.len();
        let id = self.feats.len() / self.width.max(1);
        self.feats.extend_from_slice(f);
        id as u32
    }

    fn get(&self, id: u32) -> &[u64] {
        let a = id as usize * self.width;
        &self.feats[a..a + self.width]
    }
}

/// Scoring function: the frozen model at run time, the trainer's current weights in training.
pub(super) trait Scorer {
    fn score_into(&self, feats: &[u64], scores: &mut [f32]);
}

impl Scorer for Model {
    fn score_into(&self, feats: &[u64], scores: &mut [f32]) {
        self.score(feats, scores);
    }
}

impl Scorer for Trainer {
    fn score_into(&self, feats: &[u64], scores: &mut [f32]) {
        self.score(feats, scores);
    }
}

/// Shared decoding context: sentence, label geometry, scratch buffers.
pub(super) struct Ctx<'a> {
    pub(super) s: &'a Sent,
    pub(super) nl: usize,
    pub(super) root_label: u16,
    pub(super) k: usize,
    feats: Vec<u64>,
    scores: Vec<f32>,
    top: Vec<Cand>,
    /// Items of the previous beam, recycled to avoid allocating at every step.
    spare: Vec<Item>,
    /// Feature block of each current item (`u32::MAX` for finished ones).
    fids: Vec<u32>,
    /// Whether items record their transition history: only training reads it, and copying it
    /// with every item at every step made decoding quadratic in sentence length.
    track: bool,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(s: &'a Sent, nl: usize, root_label: u16, k: usize) -> Ctx<'a> {
        Ctx {
            s,
            nl,
            root_label,
            k: k.max(1),
            feats: Vec::with_capacity(96),
            scores: vec![0.0; 2 + 2 * nl],
            top: Vec::with_capacity(k + 1),
            spare: Vec::new(),
            fids: Vec::with_capacity(k + 1),
            track: false,
        }
    }

    /// Advances every unfinished item by its legal transitions and keeps the `k` best
    /// successors (finished items compete unchanged). `gold_t` is the gold prefix's next
    /// transition (training), used to mark which successor continues the gold prefix.
    /// Returns false when no item could move (the beam is then left as it was).
    fn step(
        &mut self,
        beam: &mut Vec<Item>,
        model: &dyn Scorer,
        arena: &mut Arena,
        gold_t: usize,
    ) -> bool {
        self.top.clear();
        let ncl = 2 + 2 * self.nl;
        self.fids.clear();
        for (i, it) in beam.iter().enumerate() {
            if it.st.done() {
                self.fids.push(u32::MAX);
                push_top(
                    &mut self.top,
                    self.k,
                    Cand {
                        score: it.score,
                        parent: i,
                        t: NONE,
                    },
                );
                continue;
            }
            features(self.s, &it.st, &mut self.feats);
            self.fids.push(arena.push(&self.feats));
            model.score_into(&self.feats, &mut self.scores);
            for t in 0..ncl {
                if it.st.allowed_joint(t, self.nl, self.root_label) {
                    let c = Cand {
                        score: it.score + self.scores[t],
                        parent: i,
                        t,
                    };
                    push_top(&mut self.top, self.k, c);
                }
            }
        }
        if self.top.is_empty() {
            return false;
        }
        let mut next = Vec::with_capacity(self.top.len());
        for c in &self.top {
            let p = &beam[c.parent];
            let mut it = match self.spare.pop() {
                Some(mut it) => {
                    it.clone_from(p);
                    it
                }
                None => p.clone(),
            };
            it.score = c.score;
            if c.t != NONE {
                let (m, l) = split_transition(c.t, self.nl);
                it.st.apply(m, l);
                if self.track {
                    it.hist.push((self.fids[c.parent], c.t as u16));
                }
                it.gold = p.gold && c.t == gold_t;
            }
            next.push(it);
        }
        std::mem::swap(beam, &mut next);
        self.spare.append(&mut next);
        true
    }
}

/// Beam decoding; returns the final configuration of the best item.
pub(super) fn decode(ctx: &mut Ctx<'_>, model: &Model) -> State {
    let mut arena = Arena::new();
    let mut beam = vec![Item::new(ctx.s.n)];
    while beam.iter().any(|it| !it.st.done()) {
        arena.feats.clear();
        if !ctx.step(&mut beam, model, &mut arena, NONE) {
            break;
        }
    }
    beam.swap_remove(0).st
}

/// The gold prefix's next transition: the best-scoring one of zero cost (`NONE` when done
/// or stuck), with its feature block id and score.
fn gold_next(
    ctx: &mut Ctx<'_>,
    gold: &Item,
    g: &Gold,
    model: &dyn Scorer,
    arena: &mut Arena,
) -> (usize, u32, f32) {
    if gold.st.done() {
        return (NONE, u32::MAX, 0.0);
    }
    features(ctx.s, &gold.st, &mut ctx.feats);
    let fid = arena.push(&ctx.feats);
    model.score_into(&ctx.feats, &mut ctx.scores);
    let mut mv = [0i32; NMOVES];
    costs(&gold.st, g, &mut mv);
    let mut best = NONE;
    for t in 0..2 + 2 * ctx.nl {
        if gold.st.allowed_joint(t, ctx.nl, ctx.root_label)
            && joint_cost(&gold.st, g, &mv, t, ctx.nl) == 0
            && (best == NONE || ctx.scores[t] > ctx.scores[best])
        {
            best = t;
        }
    }
    let sc = if best == NONE { 0.0 } else { ctx.scores[best] };
    (best, fid, sc)
}

/// One max-violation training example; returns the final best configuration (for the
/// training accuracy report).
pub(super) fn train_sentence(
    ctx: &mut Ctx<'_>,
    g: &Gold,
    trainer: &mut Trainer,
    arena: &mut Arena,
) -> State {
    arena.feats.clear();
    ctx.track = true;
    let mut beam = vec![Item::new(ctx.s.n)];
    let mut gold = Item::new(ctx.s.n);
    // (violation, best item, gold item) at the worst step so far.
    let mut worst: Option<(f32, Item, Item)> = None;
    while beam.iter().any(|it| !it.st.done()) {
        let (gt, gfid, gsc) = gold_next(ctx, &gold, g, trainer, arena);
        if gt != NONE {
            let (m, l) = split_transition(gt, ctx.nl);
            gold.st.apply(m, l);
            gold.hist.push((gfid, gt as u16));
            gold.score += gsc;
        } else if !gold.st.done() {
            break; // no zero-cost move: cannot happen on projective trees
        }
        if !ctx.step(&mut beam, trainer, arena, gt) {
            break;
        }
        let v = beam[0].score - gold.score;
        if !beam[0].gold && worst.as_ref().is_none_or(|w| v > w.0) {
            worst = Some((v, beam[0].clone(), gold.clone()));
        }
    }
    let best = beam.swap_remove(0);
    if !best.gold {
        if let Some((_, pred, gd)) = worst {
            update(trainer, arena, &gd, &pred);
        }
    }
    trainer.tick();
    best.st
}

/// Rewards the gold prefix and penalises the predicted one, skipping their shared start.
fn update(trainer: &mut Trainer, arena: &Arena, gold: &Item, pred: &Item) {
    let shared = gold
        .hist
        .iter()
        .zip(&pred.hist)
        .take_while(|(a, b)| a.1 == b.1)
        .count();
    for &(fid, t) in &gold.hist[shared..] {
        trainer.add(usize::from(t), arena.get(fid), 1.0);
    }
    for &(fid, t) in &pred.hist[shared..] {
        trainer.add(usize::from(t), arena.get(fid), -1.0);
    }
}
