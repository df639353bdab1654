//! PETRARCH-style coding of one parsed sentence with the compiled dictionaries: verbs are
//! the heads of verb phrases, the source is the clause subject, the target the first coded
//! object or prepositional object, and the block's patterns (matched by [`match_words`])
//! refine the code and may rebind source (`$`), target (`+`) or a compound actor (`%`).

use super::tree::Tree;
use crate::dict::Dictionaries;
use crate::pattern::{match_words, ActorSpan};
use chrono::NaiveDate;

/// One coded event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Coded {
    /// Source actor code (`---` when none).
    pub source: String,
    /// Target actor code (`---` when none).
    pub target: String,
    /// Event code.
    pub code: String,
}

impl Coded {
    fn new(source: &str, target: &str, code: &str) -> Coded {
        Coded {
            source: source.to_string(),
            target: target.to_string(),
            code: code.to_string(),
        }
    }
}

/// The code of a missing actor.
const NONE: &str = "---";

/// Phrase labels whose words do not belong to the noun phrase's own head words.
const NOT_HEAD: &[&str] = &["PP", "SBAR", "VP", "S", "PRN", "RRC", ",", "ADJP"];

/// Phrase labels that end a noun phrase's own words (a dictionary phrase may still run on).
const HEAD_END: &[&str] = &["PP", "SBAR", "VP", "S", "PRN", "RRC", ","];

/// Coding context for one sentence.
pub struct Sentence<'a> {
    d: &'a Dictionaries,
    t: &'a Tree,
    date: Option<NaiveDate>,
}

impl<'a> Sentence<'a> {
    /// A sentence with its parse and the story date.
    pub fn new(d: &'a Dictionaries, t: &'a Tree, date: Option<NaiveDate>) -> Self {
        Sentence { d, t, date }
    }

    /// Actor and agents in a run of words: the first actor, and every agent found at any
    /// position before `limit` (a phrase may run on past it); `None` without either.
    fn words_part(&self, words: &[String], limit: usize) -> Option<Part> {
        let mut part = Part::default();
        let mut i = 0;
        while i < limit.min(words.len()) {
            if part.actor.is_none() {
                if let Some((n, id)) = self.d.actors.index.longest(words, i) {
                    let e = &self.d.actors.entries[id as usize];
                    part.actor = Some(e.code_at(self.date).unwrap_or(NONE).to_string());
                    i += n;
                    continue;
                }
            }
            if let Some((_, id)) = self.d.agents.index.longest(words, i) {
                let e = &self.d.agents.entries[id as usize];
                if e.prefix {
                    part.pre.insert(0, e.code.clone());
                } else {
                    part.post.push(e.code.clone());
                }
            }
            i += 1;
        }
        (part.actor.is_some() || part.has_agent()).then_some(part)
    }

    /// Words of a noun phrase that are its own (not those of clauses or prepositional
    /// phrases inside it).
    fn head_words(&self, np: usize, out: &mut Vec<String>) {
        let n = &self.t.nodes[np];
        if let Some(l) = n.leaf {
            out.push(self.t.words[l].clone());
            return;
        }
        for &c in &n.children {
            if !NOT_HEAD.contains(&self.t.nodes[c].label.as_str()) {
                self.head_words(c, out);
            }
        }
    }

    /// Conjuncts of a coordination: the children of a noun phrase with a `CC` split at the
    /// conjunctions and commas ("X, Y and Z"); else just the phrase.
    fn conjuncts(&self, np: usize) -> Vec<Vec<usize>> {
        let n = &self.t.nodes[np];
        let sep = |c: usize| matches!(self.t.nodes[c].label.as_str(), "CC" | ",");
        if !n.children.iter().any(|&c| self.t.nodes[c].label == "CC") {
            return vec![vec![np]];
        }
        n.children
            .split(|&c| sep(c))
            .filter(|g| !g.is_empty())
            .map(<[usize]>::to_vec)
            .collect()
    }

    /// Codes of a noun phrase, one per coded conjunct.
    pub fn np_codes(&self, np: usize) -> Vec<String> {
        self.np_parts(np).iter().flat_map(Part::codes).collect()
    }

    /// Actor/agent parts of a noun phrase, one per conjunct. A coordination shares actors
    /// and agents across its conjuncts ("X and Y officials", "X media and government"); a
    /// phrase with only agents takes its actors from a complement ("officials from X").
    fn np_parts(&self, np: usize) -> Vec<Part> {
        let groups = self.conjuncts(np);
        if groups.len() > 1 {
            let mut parts = Vec::new();
            for g in groups {
                match g[..] {
                    [one] if self.t.nodes[one].label == "NP" => parts.extend(self.np_parts(one)),
                    _ => {
                        let mut words = Vec::new();
                        g.iter().for_each(|&c| self.head_words(c, &mut words));
                        parts.extend(self.words_part(&words, words.len()));
                    }
                }
            }
            return distribute(parts);
        }
        // an appositive or possessive frame around a coordination ("old foes X and Y")
        let mut framed = None;
        for c in self.t.children_labelled(np, "NP") {
            if self.conjuncts(c).len() > 1 {
                let inner = self.np_parts(c);
                if inner.len() > 1 {
                    framed = Some(inner);
                    break;
                }
            }
        }
        // a dictionary phrase starts among the phrase's own words and may run on into its
        // complement ("the prince of X" as one actor)
        let n = &self.t.nodes[np];
        let head_end = n
            .children
            .iter()
            .find(|&&c| HEAD_END.contains(&self.t.nodes[c].label.as_str()))
            .map_or(n.hi, |&c| self.t.nodes[c].lo);
        let words = &self.t.words[n.lo..n.hi];
        let own: Vec<Part> = match framed {
            Some(inner) if inner.iter().all(|p| p.actor.is_some()) => return inner,
            Some(inner) => inner,
            None => self
                .words_part(words, head_end - n.lo)
                .into_iter()
                .collect(),
        };
        if own.iter().all(|p| p.actor.is_none()) {
            for pp in self.t.children_labelled(np, "PP") {
                let Some(inner) = self.t.children_labelled(pp, "NP").next() else {
                    continue;
                };
                let actors: Vec<Part> = self
                    .np_parts(inner)
                    .into_iter()
                    .filter(|p| p.actor.is_some())
                    .collect();
                if !own.is_empty() && !actors.is_empty() {
                    let mut all = own.clone();
                    all.extend(actors);
                    return distribute(all);
                }
            }
        }
        own
    }
}

/// What one conjunct of a noun phrase names: an actor code and agent codes.
#[derive(Debug, Clone, Default)]
struct Part {
    actor: Option<String>,
    /// `X~` agents, in the order they go before the actor.
    pre: Vec<String>,
    /// `~X` agents, in text order.
    post: Vec<String>,
}

impl Part {
    fn has_agent(&self) -> bool {
        !self.pre.is_empty() || !self.post.is_empty()
    }

    /// The full codes: one per actor of a `A/B` actor code, agents merged around it, a
    /// three-letter unit repeated by an agent added once ("GOVMED" after "GOV").
    fn codes(&self) -> Vec<String> {
        let actor = self.actor.as_deref().unwrap_or(NONE);
        actor
            .split('/')
            .map(|a| {
                let mut code = String::new();
                let mut seen: Vec<&str> = Vec::new();
                let parts = self.pre.iter().map(String::as_str);
                let parts = parts.chain([a]).chain(self.post.iter().map(String::as_str));
                for p in parts {
                    for c in p.as_bytes().chunks(3) {
                        let c = std::str::from_utf8(c).unwrap_or("");
                        if c != NONE && seen.contains(&c) {
                            continue;
                        }
                        seen.push(c);
                        code.push_str(c);
                    }
                }
                code
            })
            .collect()
    }
}

/// Shares actors and agents across conjuncts: when some conjuncts lack an actor or an agent,
/// every actor is combined with every agent set; else each conjunct stands alone.
fn distribute(parts: Vec<Part>) -> Vec<Part> {
    let complete = parts.iter().all(|p| p.actor.is_some() && p.has_agent());
    let agents: Vec<&Part> = parts.iter().filter(|p| p.has_agent()).collect();
    let actors: Vec<&Part> = parts.iter().filter(|p| p.actor.is_some()).collect();
    if complete || agents.is_empty() || actors.is_empty() {
        return parts;
    }
    // a conjunct's own agents stay with it; another conjunct's agents replace them
    let mut out = Vec::new();
    for a in &actors {
        for g in &agents {
            out.push(Part {
                actor: a.actor.clone(),
                pre: g.pre.clone(),
                post: g.post.clone(),
            });
        }
    }
    out
}

/// A verb found in the dictionary: leaf span and the form's id.
struct VerbHit {
    start: usize,
    end: usize,
    form: u32,
}

impl Sentence<'_> {
    /// The dictionary verb headed at leaf `i`, if any (longest form first).
    fn verb_at(&self, i: usize) -> Option<VerbHit> {
        let words = &self.t.words;
        let ids = self.d.verbs.index.get(&words[i])?;
        ids.iter().find_map(|&id| {
            let f = &self.d.verbs.forms[id as usize];
            let start = i.checked_sub(f.verb_pos)?;
            let end = start + f.words.len();
            (end <= words.len() && words[start..end] == f.words[..]).then_some(VerbHit {
                start,
                end,
                form: id,
            })
        })
    }

    /// The subject noun phrase of the clause a verb phrase belongs to: climbs through verb
    /// phrases and subject-less clauses ("X agreed to meet Y": X meets).
    fn subject(&self, vp: usize) -> Option<usize> {
        let mut cur = vp;
        while let Some(p) = self.t.nodes[cur].parent {
            let pn = &self.t.nodes[p];
            if self.t.is_clause(p) {
                let before = pn.children.iter().take_while(|&&c| c != cur);
                let np = before.filter(|&&c| self.t.nodes[c].label == "NP").last();
                // a pronoun subject ("X said it would …") stands for the higher subject
                let pronoun = np.is_some_and(|&np| {
                    let n = &self.t.nodes[np];
                    n.hi == n.lo + 1 && self.t.tags[n.lo].starts_with("PRP")
                });
                if let (Some(&np), false) = (np, pronoun) {
                    return Some(np);
                }
            } else if pn.label == "NP" {
                // a relative or reduced clause modifying a noun phrase
                return self.t.children_labelled(p, "NP").next();
            }
            cur = p;
        }
        None
    }

    /// The `by` noun phrase of a passive participle ("was opposed by X").
    fn passive_agent(&self, vp: usize, hit: &VerbHit) -> Option<usize> {
        let verb_pos = hit.start + self.d.verbs.forms[hit.form as usize].verb_pos;
        if self.t.tags[verb_pos] != "VBN" {
            return None;
        }
        self.t
            .children_labelled(vp, "PP")
            .filter(|&pp| self.t.nodes[pp].lo >= hit.end)
            .find(|&pp| self.t.words[self.t.nodes[pp].lo] == "BY")
            .and_then(|pp| self.t.children_labelled(pp, "NP").next())
    }

    /// Outermost coded noun phrases, in text order, with their codes.
    fn actor_spans(&self) -> Vec<(ActorSpan, Vec<String>)> {
        let mut out = Vec::new();
        let mut stack = vec![0usize];
        while let Some(id) = stack.pop() {
            let n = &self.t.nodes[id];
            if n.label == "NP" {
                let codes = self.np_codes(id);
                if !codes.is_empty() {
                    let span = ActorSpan {
                        start: n.lo,
                        end: n.hi,
                        coded: true,
                    };
                    out.push((span, codes));
                    continue;
                }
            }
            stack.extend(n.children.iter().rev());
        }
        out.sort_by_key(|(s, _)| (s.start, s.end));
        out
    }
}

impl Sentence<'_> {
    /// Every event of the sentence, sorted and without duplicates.
    pub fn events(&self) -> Vec<Coded> {
        let spans = self.actor_spans();
        let mut out = Vec::new();
        let mut claimed: Vec<(usize, usize)> = Vec::new();
        for (id, n) in self.t.nodes.iter().enumerate() {
            if n.label != "VP" {
                continue;
            }
            let head = n.children.iter().find_map(|&c| {
                let leaf = self.t.nodes[c].leaf?;
                self.t.tags[leaf].starts_with("VB").then_some(leaf)
            });
            // a verb inside the complement of a coded verb is part of that event ("X is
            // said to …"), not an event of its own
            if claimed.iter().any(|&(lo, hi)| lo <= n.lo && n.hi <= hi) {
                continue;
            }
            if let Some(hit) = head.and_then(|l| self.verb_at(l)) {
                let before = out.len();
                self.verb_events(id, &hit, &spans, &mut out);
                if out.len() > before {
                    claimed.push((n.lo, n.hi));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The best-scoring pattern of the verb's block at `hit` (PETRARCH: exact pattern words).
    fn best_pattern(
        &self,
        vp: usize,
        hit: &VerbHit,
        spans: &[(ActorSpan, Vec<String>)],
    ) -> Option<(usize, crate::pattern::PatMatch)> {
        let verbs = &self.d.verbs;
        let block = &verbs.blocks[verbs.forms[hit.form as usize].block as usize];
        let plain: Vec<ActorSpan> = spans.iter().map(|(s, _)| *s).collect();
        let window = (0, self.t.nodes[vp].hi);
        let mut best: Option<(usize, crate::pattern::PatMatch)> = None;
        for (k, p) in block.patterns.iter().enumerate() {
            let words = &self.t.words;
            let Ok(m) = match_words(p, words, (hit.start, hit.end), window, &plain, false) else {
                continue;
            };
            if best.as_ref().is_none_or(|(_, b)| m.score > b.score) {
                best = Some((k, m));
            }
        }
        best
    }

    /// Sources and targets of the verb at `hit` heading `vp`: the subject and the first actor
    /// after the verb, swapped for a passive with a `by` agent, then what the pattern binds.
    fn roles(
        &self,
        vp: usize,
        hit: &VerbHit,
        spans: &[(ActorSpan, Vec<String>)],
        best: Option<&crate::pattern::PatMatch>,
    ) -> (Vec<String>, Vec<String>) {
        let subject = self.subject(vp).map(|np| self.np_codes(np));
        let mut sources = subject.unwrap_or_default();
        let vp_hi = self.t.nodes[vp].hi;
        let mut targets = spans
            .iter()
            .find(|(s, _)| s.start >= hit.end && s.end <= vp_hi)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        // a passive participle with a `by` agent: the agent acts on the subject
        if let Some(agent) = self.passive_agent(vp, hit) {
            let by = self.np_codes(agent);
            if !by.is_empty() {
                targets = std::mem::replace(&mut sources, by);
            }
        }
        if let Some(m) = best {
            if let Some(s) = m.source {
                sources = spans[s].1.clone();
            }
            if let Some(t) = m.target {
                // `%` binds a compound actor on its side of the verb; `+` the target
                if m.compound && spans[t].0.end <= hit.start {
                    sources = spans[t].1.clone();
                } else {
                    targets = spans[t].1.clone();
                }
            }
        }
        (sources, targets)
    }

    fn verb_events(
        &self,
        vp: usize,
        hit: &VerbHit,
        spans: &[(ActorSpan, Vec<String>)],
        out: &mut Vec<Coded>,
    ) {
        let verbs = &self.d.verbs;
        let block = &verbs.blocks[verbs.forms[hit.form as usize].block as usize];
        let best = self.best_pattern(vp, hit, spans);
        let code = match &best {
            Some((k, _)) => &block.patterns[*k].code,
            None => verbs.form_code(hit.form),
        };
        // `[A:B]`: A for source → target and B for the reverse event (`[032:033]`, a visit
        // and being visited)
        let reverse = code.active.as_ref().and(code.passive.clone());
        let Some(code) = code.active.clone().or_else(|| code.passive.clone()) else {
            return;
        };
        let (sources, targets) = self.roles(vp, hit, spans, best.as_ref().map(|b| &b.1));
        // a coordinated subject without a target: the members act on each other
        if targets.is_empty() && sources.len() > 1 {
            compound_events(&sources, &code, out);
            return;
        }
        // PETRARCH's require_dyad: an event needs both actors
        for s in &sources {
            for t in &targets {
                if s == t {
                    continue;
                }
                out.push(Coded::new(s, t, &code));
                if let Some(rev) = &reverse {
                    out.push(Coded::new(t, s, rev));
                }
            }
        }
    }
}

/// Events of a coordinated actor without a counterpart ("X and Y met"): every member acts
/// on every other.
fn compound_events(members: &[String], code: &str, out: &mut Vec<Coded>) {
    for a in members {
        for b in members.iter().filter(|b| *b != a) {
            out.push(Coded::new(a, b, code));
        }
    }
}
