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

    /// Actor code for a run of words: the first actor, merged with every agent found at any
    /// position (`~X` appends, `X~` prepends); `None` without actor or agent.
    fn words_code(&self, words: &[String]) -> Option<String> {
        let mut actor: Option<String> = None;
        let (mut pre, mut post): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < words.len() {
            if actor.is_none() {
                if let Some((n, id)) = self.d.actors.index.longest(words, i) {
                    let e = &self.d.actors.entries[id as usize];
                    actor = Some(e.code_at(self.date).unwrap_or(NONE).to_string());
                    i += n;
                    continue;
                }
            }
            if let Some((_, id)) = self.d.agents.index.longest(words, i) {
                let e = &self.d.agents.entries[id as usize];
                if e.prefix {
                    pre.insert(0, &e.code);
                } else {
                    post.push(&e.code);
                }
            }
            i += 1;
        }
        if actor.is_none() && pre.is_empty() && post.is_empty() {
            return None;
        }
        let mut code = String::new();
        let mut seen: Vec<String> = Vec::new();
        let parts = pre
            .iter()
            .copied()
            .chain(std::iter::once(actor.as_deref().unwrap_or(NONE)))
            .chain(post.iter().copied());
        for p in parts {
            // agents repeating a part already in the code add nothing ("GOVMED" + "GOV")
            let chunks: Vec<String> = p
                .as_bytes()
                .chunks(3)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            for c in chunks {
                if c != NONE && seen.contains(&c) {
                    continue;
                }
                seen.push(c.clone());
                code.push_str(&c);
            }
        }
        Some(code)
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

    /// Codes of a noun phrase, one per coded conjunct. A phrase with only an agent takes its
    /// actor from an `of` complement ("the president of X").
    pub fn np_codes(&self, np: usize) -> Vec<String> {
        let conj = self.conjuncts(np);
        if conj.len() > 1 {
            let mut out = Vec::new();
            for g in conj {
                match g[..] {
                    [one] if self.t.nodes[one].label == "NP" => out.extend(self.np_codes(one)),
                    _ => {
                        let mut words = Vec::new();
                        g.iter().for_each(|&c| self.head_words(c, &mut words));
                        out.extend(self.words_code(&words));
                    }
                }
            }
            return out;
        }
        let mut words = Vec::new();
        self.head_words(np, &mut words);
        let own = self.words_code(&words);
        // an agent without an actor takes the actor of a complement ("officials from X")
        if own.as_deref().is_some_and(|c| c.starts_with(NONE)) {
            for pp in self.t.children_labelled(np, "PP") {
                let Some(inner) = self.t.children_labelled(pp, "NP").next() else {
                    continue;
                };
                let mut all = words.clone();
                self.head_words(inner, &mut all);
                if let Some(c) = self.words_code(&all).filter(|c| !c.starts_with(NONE)) {
                    return vec![c];
                }
            }
        }
        own.into_iter().collect()
    }
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
                if let Some(&np) = before.filter(|&&c| self.t.nodes[c].label == "NP").last() {
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
        for (id, n) in self.t.nodes.iter().enumerate() {
            if n.label != "VP" {
                continue;
            }
            let head = n.children.iter().find_map(|&c| {
                let leaf = self.t.nodes[c].leaf?;
                self.t.tags[leaf].starts_with("VB").then_some(leaf)
            });
            if let Some(hit) = head.and_then(|l| self.verb_at(l)) {
                self.verb_events(id, &hit, &spans, &mut out);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn verb_events(
        &self,
        vp: usize,
        hit: &VerbHit,
        spans: &[(ActorSpan, Vec<String>)],
        out: &mut Vec<Coded>,
    ) {
        let verbs = &self.d.verbs;
        let form = &verbs.forms[hit.form as usize];
        let block = &verbs.blocks[form.block as usize];
        let plain: Vec<ActorSpan> = spans.iter().map(|(s, _)| *s).collect();
        let window = (0, self.t.nodes[vp].hi);
        let mut best: Option<(usize, usize, crate::pattern::PatMatch)> = None;
        for (k, p) in block.patterns.iter().enumerate() {
            let Ok(m) = match_words(p, &self.t.words, (hit.start, hit.end), window, &plain) else {
                continue;
            };
            if best.as_ref().is_none_or(|(_, s, _)| m.score > *s) {
                best = Some((k, m.score, m));
            }
        }
        let code = match &best {
            Some((k, _, _)) => &block.patterns[*k].code,
            None => verbs.form_code(hit.form),
        };
        // `[A:B]`: A for source → target and B for the reverse event (`[032:033]`, a visit
        // and being visited)
        let reverse = code.active.as_ref().and(code.passive.clone());
        let Some(code) = code.active.clone().or_else(|| code.passive.clone()) else {
            return;
        };
        let subject = self.subject(vp).map(|np| self.np_codes(np));
        let mut sources = subject.unwrap_or_default();
        let vp_hi = self.t.nodes[vp].hi;
        let mut targets = spans
            .iter()
            .find(|(s, _)| s.start >= hit.end && s.end <= vp_hi)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        if let Some((_, _, m)) = &best {
            if let Some(s) = m.source {
                sources = spans[s].1.clone();
            }
            if let Some(t) = m.target {
                if m.compound {
                    compound_events(
                        &spans[t].1,
                        &sources,
                        spans[t].0.end <= hit.start,
                        &code,
                        out,
                    );
                    return;
                }
                targets = spans[t].1.clone();
            }
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

/// Events of a compound actor bound by `%`: before the verb ("X and Y met") every member
/// acts on every other; after it, the source acts on each member.
fn compound_events(
    members: &[String],
    sources: &[String],
    before_verb: bool,
    code: &str,
    out: &mut Vec<Coded>,
) {
    let ev = |s: &String, t: &String| Coded {
        source: s.clone(),
        target: t.clone(),
        code: code.to_string(),
    };
    if before_verb {
        for a in members {
            for b in members.iter().filter(|b| *b != a) {
                out.push(ev(a, b));
            }
        }
    } else {
        for s in sources {
            for t in members.iter().filter(|t| *t != s) {
                out.push(ev(s, t));
            }
        }
    }
}
