//! Event extraction: predicates, their arguments, codes, modality and attribution.
//!
//! Predicates are dictionary verb forms that look like verbs (POS tag when the tagger ran, a
//! small set of contextual rules otherwise). Each predicate is matched against its block's
//! patterns; arguments come from the dependency parse when there is one (nsubj, nsubj:pass +
//! obl:agent, obj/obl) and from TABARI-style positions otherwise (nearest actor phrase before
//! the verb in the clause, first actor phrase after it). Verb chains ("offered to hand over")
//! are combined into one code, reporting verbs ("said", "told", "according to") become
//! attribution instead of events, and modality cues decide how the text commits to the event.

use crate::combine;
use crate::dict::{Code, Dictionaries};
use crate::modality::{modality, ModalityCue};
use crate::pattern::{match_pattern, PatMatch};
use crate::resolve::{Memory, Mention, Resolved, Resolver, Sent};
use vigil_core::{
    Actor, AnnotatedDoc, Attribution, Codebook, DateValue, Event, Modality, Place, Provenance,
    QuadClass, Span, Token,
};

/// Coder version written into provenance.
pub const CODER_VERSION: &str = "vigil-coder/0.1";

const REPORTING: &[&str] = &[
    "SAY",
    "TELL",
    "STATE",
    "ANNOUNCE",
    "REPORT",
    "CLAIM",
    "ADD",
    "NOTE",
    "STRESS",
    "INSIST",
    "DECLARE",
    "CONFIRM",
    "QUOTE",
    "ASSERT",
    "EXPLAIN",
    "WRITE",
    "REITERATE",
    "ACKNOWLEDGE",
    "REVEAL",
    "ALLEGE",
    "DISCLOSE",
    "MAINTAIN",
    "ARGUE",
    "BELIEVE",
    "THINK",
    "ESTIMATE",
    "PREDICT",
    "BROADCAST",
    "EMPHASIZE",
    "OBSERVE",
    "REPEAT",
];
const DENYING: &[&str] = &["DENY", "REFUTE"];
const BE_AUX: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "get", "got", "gets", "getting",
];
const ADVERBS: &[&str] = &[
    "also",
    "still",
    "again",
    "reportedly",
    "already",
    "jointly",
    "recently",
    "formally",
    "officially",
    "repeatedly",
    "allegedly",
    "then",
    "now",
    "later",
    "finally",
    "just",
    "even",
    "once",
    "further",
    "publicly",
    "strongly",
    "immediately",
    "quickly",
    "apparently",
    "never",
    "not",
    "n't",
    "once",
    "previously",
    "reluctantly",
    "initially",
    "routinely",
    "personally",
];
const MODALS: &[&str] = &[
    "to", "will", "would", "may", "might", "can", "could", "should", "must", "shall", "did", "do",
    "does", "'ll", "not", "n't", "never", "cannot", "wo",
];
const NOMINAL: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "'s", "of", "this",
    "that", "these", "those", "whose", "any", "no", "every", "each", "first", "second", "new",
    "further", "recent", "latest", "such", "more", "fresh", "major", "possible", "joint",
];

/// A verb occurrence in a sentence.
#[derive(Debug, Clone)]
pub struct Pred {
    /// First token of the (possibly multi-word) form.
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// The verb word.
    pub verb: usize,
    /// Verb form id.
    pub form: u32,
    /// Passive voice.
    pub passive: bool,
    /// Preceded by "to".
    pub to_inf: bool,
    /// A reporting verb ("said").
    pub reporting: bool,
    /// A denial verb ("denied").
    pub denying: bool,
    /// Index of the governing predicate ("offered" for "to hand over").
    pub governor: Option<usize>,
    /// Best pattern: (block pattern index, match).
    pub best: Option<(usize, PatMatch)>,
    /// The code before combination.
    pub code: Option<String>,
    /// The code's reverse direction, if any ("043" of "[042:043]").
    pub reverse: Option<String>,
    /// Heads a demand on someone else ("demanded that Y ...", "said Y must ...").
    pub demands: bool,
}

/// Context of one sentence.
pub struct SentenceCtx<'a> {
    /// Tokens.
    pub toks: &'a [Token],
    /// View.
    pub s: Sent<'a>,
    /// Mentions.
    pub mentions: Vec<Mention>,
    /// Tokens carry a dependency parse.
    pub parsed: bool,
    /// Tokens carry POS tags.
    pub tagged: bool,
}

fn prev_skipping_adverbs(s: &Sent, i: usize) -> Option<usize> {
    let mut k = i;
    while k > 0 {
        k -= 1;
        let w = s.low[k].as_str();
        if ADVERBS.contains(&w) || (w.ends_with("ly") && w.len() > 4 && w != "only") {
            continue;
        }
        return Some(k);
    }
    None
}

/// A mention ending at `end` that can be a clause subject: it opens the sentence or follows a
/// clause boundary, not a determiner or adjective ("a key U.S. ally" is a noun phrase).
fn subject_ending_at(s: &Sent, ms: &[Mention], end: usize) -> bool {
    ms.iter().any(|m| {
        m.end == end
            && (m.start == 0
                || m.pronoun
                || matches!(
                    s.low[m.start - 1].as_str(),
                    "," | "and"
                        | "but"
                        | "that"
                        | "which"
                        | "who"
                        | "when"
                        | "as"
                        | "while"
                        | "after"
                        | "before"
                        | "because"
                        | "if"
                        | "since"
                        | "said"
                        | "says"
                        | ";"
                        | "\""
                        | "“"
                        | "("
                        | "unless"
                        | "where"
                        | "will"
                        | "would"
                        | "can"
                        | "could"
                        | "did"
                        | "does"
                        | "do"
                        | "should"
                        | "may"
                        | "might"
                        | "has"
                        | "have"
                        | "had"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                ))
    })
}

fn inside_mention(ms: &[Mention], i: usize) -> bool {
    ms.iter().any(|m| m.start <= i && i < m.end && !m.pronoun)
}

/// Finds predicates (verb forms used as verbs).
pub fn find_preds(d: &Dictionaries, c: &SentenceCtx) -> Vec<Pred> {
    let s = &c.s;
    let mut out: Vec<Pred> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let Some(forms) = d.verbs.index.get(&s.up[i]) else {
            i += 1;
            continue;
        };
        let mut hit = None;
        for &f in forms {
            let form = &d.verbs.forms[f as usize];
            let p = form.verb_pos;
            if i < p || i - p + form.words.len() > s.len() {
                continue;
            }
            let st = i - p;
            if form
                .words
                .iter()
                .enumerate()
                .all(|(k, w)| s.up[st + k] == *w)
            {
                hit = Some((f, st, st + form.words.len()));
                break;
            }
        }
        let Some((f, st, en)) = hit else {
            i += 1;
            continue;
        };
        if inside_mention(&c.mentions, i)
            || (s.low[i] == "according" && s.low.get(i + 1).is_some_and(|w| w == "to"))
        {
            i += 1;
            continue;
        }
        let form = &d.verbs.forms[f as usize];
        let w = s.low[i].as_str();
        let base = form.words[form.verb_pos].eq_ignore_ascii_case(w)
            && form
                .lemma
                .replace('_', " ")
                .to_uppercase()
                .split(' ')
                .any(|x| x == s.up[i]);
        let prev = prev_skipping_adverbs(s, st);
        let prev_w = prev.map(|k| s.low[k].as_str()).unwrap_or("");
        let after_be = prev.is_some_and(|k| BE_AUX.contains(&s.low[k].as_str()));
        let to_inf = prev_w == "to";
        let lemma_up = form.lemma.to_uppercase();
        let lemma_head = lemma_up.split('_').next().unwrap_or("").to_string();
        let denying = DENYING.contains(&lemma_head.as_str());
        let heuristic = if w.ends_with("ing") && !base {
            after_be
                || prev_w == ","
                || prev.is_some_and(|k| DENYING.iter().any(|dn| s.up[k].starts_with(&dn[..4])))
        } else if base {
            MODALS.contains(&prev_w)
                || prev.is_some_and(|k| subject_ending_at(s, &c.mentions, k + 1))
                // "settlers in Hebron set fire": after a place name closing a prepositional phrase
                || prev.is_some_and(|k| {
                    c.mentions.iter().any(|m| {
                        m.end == k + 1 && m.prep.is_some() && s.text[k].starts_with(char::is_uppercase)
                    })
                })
                || matches!(prev_w, "who" | "which" | "they" | "we" | "i" | "you")
        } else if w.ends_with('s') && !w.ends_with("ss") {
            prev.is_some_and(|k| subject_ending_at(s, &c.mentions, k + 1))
                || matches!(prev_w, "who" | "which" | "that" | "he" | "she" | "it")
        } else {
            !NOMINAL.contains(&prev_w) && !prev_w.chars().all(|ch| ch.is_ascii_digit())
        };
        let s_form = w.ends_with('s') && !w.ends_with("ss");
        let past_form = !base && !w.ends_with("ing") && !s_form;
        let is_verb = if c.tagged {
            // trust the tagger's VERB; a past form it called ADJ/NOUN ("wounded", "set") is
            // still taken when the context rules agree
            let attributive = matches!(
                prev_w,
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "-" | "'s"
            ) || s.low.get(st.wrapping_sub(1)).is_some_and(|x| x == "-");
            match c.toks.get(i).map(|t| t.upos.as_str()).unwrap_or("") {
                // "the defeated Fatah party", "Vietnamese-led forces": modifiers, not predicates
                "VERB" | "" => !attributive,
                "ADJ" | "NOUN" => heuristic && (past_form || base && !NOMINAL.contains(&prev_w)),
                _ => false,
            }
        } else {
            heuristic
        };
        if !is_verb {
            i = en.max(i + 1);
            continue;
        }
        let third_person = w.ends_with('s') && !w.ends_with("ss");
        let participle = !base && !w.ends_with("ing") && !third_person;
        // "nationals suspected by the West": a participle right after a noun and before "by"
        let reduced = participle
            && !after_be
            && s.low.get(en).is_some_and(|w| w == "by")
            && prev.is_some_and(|k| {
                !MODALS.contains(&s.low[k].as_str())
                    && !matches!(s.low[k].as_str(), "has" | "have" | "had")
            });
        // "is prepared to", "is committed to": adjectival, not passive
        let adjectival = s.low.get(en).is_some_and(|w| w == "to");
        let mut passive = participle && (after_be || reduced) && !adjectival;
        if c.parsed {
            let sent_tokens = c.toks;
            let has = |rel: &str| {
                sent_tokens
                    .iter()
                    .any(|t| t.head == Some(i) && t.deprel == rel)
            };
            passive = has("nsubj:pass") || has("aux:pass") || (passive && !has("nsubj"));
        }
        out.push(Pred {
            start: st,
            end: en,
            verb: i,
            form: f,
            passive,
            to_inf,
            // "issued a statement", "released a communique": a speech act, reported like "said"
            reporting: REPORTING.contains(&lemma_head.as_str())
                || denying
                || (en..(en + 3).min(s.len())).any(|t| {
                    matches!(
                        s.low[t].as_str(),
                        "statement" | "declaration" | "communique" | "communiqué" | "press"
                    )
                }),
            denying,
            governor: None,
            best: None,
            code: None,
            reverse: None,
            demands: false,
        });
        i = en.max(i + 1);
    }
    // verb chains: "offered to hand over", "threatened to attack"
    for k in 1..out.len() {
        if !out[k].to_inf {
            continue;
        }
        let j = k - 1;
        let gap = out[k].start.saturating_sub(out[j].end);
        let blocked = (out[j].end..out[k].start)
            .any(|t| matches!(s.low[t].as_str(), ";" | "that" | "which" | "who"));
        if gap <= 8 && !blocked && !out[j].reporting {
            out[k].governor = Some(j);
        }
    }
    out
}

/// Span of tokens `a..b` of a sentence in document bytes.
fn tok_span(toks: &[Token], a: usize, b: usize) -> Option<Span> {
    if a >= b || b > toks.len() {
        return None;
    }
    Some(toks[a].span.cover(toks[b - 1].span))
}

/// Output of coding one sentence.
pub struct SentenceOut {
    /// Events.
    pub events: Vec<Event>,
    /// Trace lines for `explain`.
    pub trace: Vec<String>,
}

/// Everything the sentence coder needs from the coder.
pub struct Env<'a> {
    /// Dictionaries.
    pub dict: &'a Dictionaries,
    /// Codebook.
    pub codebook: &'a Codebook,
    /// Collect trace lines.
    pub explain: bool,
}

struct Args {
    source: Option<usize>,
    target: Option<usize>,
    how: String,
}

/// Codes one sentence.
pub fn code_sentence(
    env: &Env,
    doc: &AnnotatedDoc,
    si: usize,
    resolver: &Resolver,
    mem: &mut Memory,
) -> SentenceOut {
    let d = env.dict;
    let mut trace = Vec::new();
    let toks = doc.sentence_tokens(si);
    let sent = &doc.sentences[si];
    let stext = doc.text_of(sent.span);
    let s = Sent::new(toks.iter().map(|t| t.text.as_str()).collect());
    if env.explain {
        trace.push(format!("sentence {si}: {stext}"));
    }
    if let Some(e) = d.discards.find(stext) {
        if env.explain {
            trace.push(format!("  discarded by {:?}", e.phrase));
        }
        // keep the memory up to date even for discarded sentences
        let _ = resolver.mentions(&s, mem, &mut Vec::new());
        return SentenceOut {
            events: Vec::new(),
            trace,
        };
    }
    let mut rtrace = Vec::new();
    let mentions = resolver.mentions(&s, mem, &mut rtrace);
    if env.explain {
        trace.extend(rtrace);
        let issues = d.issues.find(stext);
        if !issues.is_empty() {
            trace.push(format!("  issues: {issues:?}"));
        }
    }
    let ctx = SentenceCtx {
        toks,
        parsed: toks.iter().any(|t| !t.deprel.is_empty()),
        tagged: toks.iter().any(|t| !t.upos.is_empty()),
        s,
        mentions,
    };
    let s = &ctx.s;
    let n = s.len();
    let mut preds = find_preds(d, &ctx);
    let semis: Vec<usize> = (0..n).filter(|&k| s.low[k] == ";").collect();
    let clause = |k: usize| -> (usize, usize) {
        let lo = semis.iter().rev().find(|&&p| p < k).map_or(0, |&p| p + 1);
        let hi = semis.iter().find(|&&p| p > k).copied().unwrap_or(n);
        (lo, hi)
    };
    // every token with its regular-plural stems, for the pattern prefilter
    let mut vocab: crate::dict::FxSet<&str> = crate::dict::FxSet::default();
    vocab.reserve(3 * n);
    for w in &s.up {
        vocab.insert(w);
        if let Some(x) = w.strip_suffix('S') {
            vocab.insert(x);
            if let Some(y) = x.strip_suffix('E') {
                vocab.insert(y);
            }
        }
    }
    let ies: Vec<String> =
        s.up.iter()
            .filter_map(|w| w.strip_suffix("IES").map(|x| format!("{x}Y")))
            .collect();
    vocab.extend(ies.iter().map(String::as_str));
    // codes and patterns
    for p in preds.iter_mut() {
        let form = &d.verbs.forms[p.form as usize];
        let block = &d.verbs.blocks[form.block as usize];
        let (lo, hi) = clause(p.verb);
        let mut best: Option<(usize, PatMatch)> = None;
        let mut tried = Vec::new();
        for (pi, pat) in block.patterns.iter().enumerate() {
            if let Some(w) = pat.literals.iter().find(|w| !vocab.contains(w.as_str())) {
                if env.explain {
                    tried.push(format!("      - {}: no {w:?} in the sentence", pat.text));
                }
                continue;
            }
            match match_pattern(pat, s, p.start, p.end, lo, hi, &ctx.mentions) {
                Ok(m) => {
                    if env.explain {
                        tried.push(format!("      + {} matched (score {})", pat.text, m.score));
                    }
                    if best.as_ref().is_none_or(|(_, b)| m.score > b.score) {
                        best = Some((pi, m));
                    }
                }
                Err(why) => {
                    if env.explain {
                        tried.push(format!("      - {}: {why}", pat.text));
                    }
                }
            }
        }
        let code: Code = match &best {
            Some((pi, _)) => block.patterns[*pi].code.clone(),
            None => d.verbs.form_code(p.form).clone(),
        };
        let (mut act, mut rev) = (code.active.clone(), code.passive.clone());
        if p.passive && best.is_none() {
            // "was attacked by X": the dictionary codes the active voice; roles swap below
        }
        if act.is_none() && rev.is_some() && best.is_none() {
            act = rev.take();
        }
        p.code = act;
        p.reverse = rev;
        if env.explain {
            trace.push(format!(
                "  verb {:?} (block {} [{}], form {}{}{}) -> {}",
                s.text[p.start..p.end].join(" "),
                block.name,
                block.code.display(),
                form.lemma,
                if p.passive { ", passive" } else { "" },
                if p.reporting { ", reporting" } else { "" },
                match &best {
                    Some((pi, _)) => format!("pattern {}", block.patterns[*pi].text),
                    None => format!("verb code [{}]", d.verbs.form_code(p.form).display()),
                }
            ));
            let total = tried.len();
            for t in tried.into_iter().take(12) {
                trace.push(t);
            }
            if total > 12 {
                trace.push(format!("      ... {} more patterns tried", total - 12));
            }
        }
        // "announced a suspension of air links", "declared a state of emergency": a reporting
        // verb whose pattern matched its own object is an event, not a report of one
        if p.reporting && !p.denying {
            if let Some((_, m)) = &best {
                let nominal = m.first_word.is_some_and(|q| {
                    q >= p.end
                        && q - p.end <= 3
                        && (p.end..q).all(|t| {
                            !MODALS.contains(&s.low[t].as_str())
                                && !ctx.mentions.iter().any(|mm| mm.start <= t && t < mm.end)
                                && s.low[t] != "that"
                        })
                });
                if nominal && p.code.as_deref().is_some_and(|c| !c.starts_with("01")) {
                    p.reporting = false;
                }
            }
        }
        p.best = best;
    }
    // "X demanded that Y cancel ...", "X said (that) Y must ...": one demand by X on Y
    for k in 0..preds.len() {
        if preds[k].governor.is_some() {
            continue;
        }
        // the verb's own class (DEMAND block), not a pattern's code for some other reading
        let own = d.verbs.form_code(preds[k].form).active.clone();
        let is_demand = own
            .or(preds[k].code.clone())
            .is_some_and(|c| c.starts_with("10"));
        if !(is_demand || preds[k].reporting) || preds[k].denying {
            continue;
        }
        let Some(q) =
            (k + 1..preds.len()).find(|&q| preds[q].governor.is_none() && !preds[q].reporting)
        else {
            continue;
        };
        let (a, b) = (preds[k].end, preds[q].start);
        if b <= a || b - a > 14 || (a..b).any(|t| s.low[t] == ";") {
            continue;
        }
        let that = s.low[a] == "that";
        let must = (a..b).any(|t| matches!(s.low[t].as_str(), "must" | "should" | "ought"));
        // "reiterated its demand that Israel ease ...", "issued a statement demanding that"
        let noun_demand = (a..b).any(|t| {
            matches!(
                s.low[t].as_str(),
                "demand" | "demands" | "demanding" | "ultimatum" | "insisting" | "urging"
            ) && (t + 1..(t + 3).min(b)).any(|x| s.low[x] == "that")
        });
        if noun_demand && !is_demand {
            preds[k].reporting = true;
        }
        if (is_demand && (that || must)) || (preds[k].reporting && (must || noun_demand)) {
            preds[q].governor = Some(k);
            preds[k].demands = true;
            // the demand verb's own code, not a pattern for some other reading of the clause
            preds[k].code = Some(if preds[k].reporting {
                "100".into()
            } else {
                d.verbs
                    .form_code(preds[k].form)
                    .active
                    .clone()
                    .unwrap_or_else(|| "100".into())
            });
            if env.explain {
                trace.push(format!(
                    "  demand: {:?} governs {:?}",
                    s.text[preds[k].start..preds[k].end].join(" "),
                    s.text[preds[q].start..preds[q].end].join(" ")
                ));
            }
        }
    }
    let has_event_verb = preds
        .iter()
        .any(|p| !p.reporting && (p.code.is_some() || p.governor.is_some()));
    let question = s
        .low
        .iter()
        .rev()
        .find(|t| !matches!(t.as_str(), "\"" | "'" | "”" | ")"))
        .is_some_and(|t| t == "?");
    let mut events = Vec::new();
    for (pi, p) in preds.iter().enumerate() {
        if p.governor.is_some() {
            continue;
        }
        if p.reporting && has_event_verb && !p.demands {
            continue;
        }
        // the chain headed by p
        let mut chain = vec![pi];
        while let Some(nx) = preds
            .iter()
            .position(|q| q.governor == chain.last().copied())
        {
            chain.push(nx);
        }
        let mut code = p.code.clone();
        for &c in &chain[1..] {
            // "swore/vowed to fight": a commitment, whatever the verb's own block says
            let gov = preds[c].governor.unwrap_or(c);
            let lemma = &d.verbs.forms[preds[gov].form as usize].lemma;
            let commissive = matches!(lemma.as_str(), "SWEAR" | "VOW");
            let g = if commissive {
                Some("030".to_string())
            } else {
                code.clone()
            };
            code = combine::combine(g.as_deref(), preds[c].code.as_deref());
        }
        let base_code = chain.last().and_then(|&c| preds[c].code.clone());
        let Some(mut code) = code else {
            continue;
        };
        let last = &preds[*chain.last().unwrap_or(&pi)];
        let (lo, hi) = clause(p.verb);
        let mut args = arguments(&ctx, &preds, pi, &chain, lo, hi);
        if p.passive && args.source.is_none() && code.starts_with("17") {
            // "was arrested in Lebanon": state coercion without a named agent is by the
            // authorities of the place
            args.source = (0..ctx.mentions.len()).find(|&m| {
                ctx.mentions[m].start >= p.end
                    && ctx.mentions[m].locative()
                    && ctx.mentions[m].coded()
            });
            if args.source.is_some() {
                args.how.push_str(", agent from the place");
            }
        }
        // attribution
        let attribution = attribution(&ctx, &preds, pi, resolver);
        let aux_lo = args
            .source
            .map(|m| ctx.mentions[m].end)
            .filter(|&e| e <= p.start)
            .unwrap_or(p.start.saturating_sub(4));
        let report_lo = preds
            .iter()
            .filter(|r| r.reporting && r.end <= p.start)
            .map(|r| r.end)
            .max()
            .unwrap_or(lo);
        let mut mc: ModalityCue = modality(
            s,
            lo,
            lo.max(report_lo.min(p.start)),
            aux_lo,
            p.start,
            last.end,
        );
        if p.reporting && !p.denying {
            // a statement itself is asserted even when it talks about the future
            mc.modality = if question {
                Modality::Question
            } else {
                Modality::Asserted
            };
        }
        let mut mode = mc.modality;
        if matches!(mode, Modality::Future | Modality::Hypothetical)
            && !p.demands
            && matches!(code.get(..2), Some("04" | "05" | "06" | "07" | "08"))
        {
            // CAMEO/PLOVER: a cooperative action announced for the future is an expressed intent
            if let Some(c) = combine::intent(&code) {
                code = c;
            }
        }
        let negated_future = mc.cues.iter().any(|c| {
            matches!(
                c.as_str(),
                "negated:not" | "negated:n't" | "negated:never" | "negated:cannot"
            )
        }) && mc
            .cues
            .iter()
            .any(|c| c.starts_with("future:") || c == "hypothetical:would");
        if negated_future {
            // "will not accept refugees", "would never allow": a refusal
            if let Some(c) = base_code.as_deref().and_then(combine::reject) {
                code = c;
                mode = Modality::Asserted;
            }
        }
        if matches!(mode, Modality::Future | Modality::Hypothetical)
            && matches!(
                code.get(..2),
                Some("14" | "15" | "16" | "17" | "18" | "19" | "20")
            )
        {
            if let Some(a) = &attribution {
                let speaker = a.actor.as_ref().map(|x| x.code.as_str());
                // "X said it will ...": the pronoun (or a subject we could not resolve) refers
                // to the speaker even when the speaker is not in the dictionaries
                let same = match args.source {
                    None => a.cue != "according to",
                    Some(sm) => {
                        ctx.mentions[sm].pronoun
                            || ctx.mentions[sm]
                                .actors
                                .iter()
                                .any(|x| Some(x.code.as_str()) == speaker)
                    }
                };
                if same {
                    if let Some(c) = combine::threaten(&code) {
                        code = c;
                        mode = Modality::Asserted;
                    }
                }
            }
        }
        // "X will withdraw its force unless Y ...": a future act made conditional on the other
        // side's compliance is an ultimatum (CAMEO 139) or a threat of that act
        if matches!(mode, Modality::Future | Modality::Hypothetical)
            && !code.starts_with("13")
            && (last.end..s.len()).any(|k| s.low[k] == "unless")
        {
            code = match code.get(..2) {
                Some("14" | "15" | "16" | "17" | "18" | "19" | "20") => {
                    combine::threaten(&code).unwrap_or_else(|| "130".into())
                }
                _ => "139".into(),
            };
            mode = Modality::Asserted;
        }
        if mode == Modality::Asserted && attribution.is_some() {
            mode = Modality::Reported;
        }
        let pred_span = tok_span(toks, p.start, last.end.max(p.end));
        let rule = match &p.best {
            Some((bi, _)) => {
                let form = &d.verbs.forms[p.form as usize];
                let block = &d.verbs.blocks[form.block as usize];
                let pat = &block.patterns[*bi];
                format!(
                    "{}:{}:{}",
                    pat.file.trim_end_matches(".txt"),
                    block.name,
                    pat.text
                )
            }
            None => {
                let form = &d.verbs.forms[p.form as usize];
                let block = &d.verbs.blocks[form.block as usize];
                format!(
                    "{}:{}:{} [{}]",
                    block.file.trim_end_matches(".txt"),
                    block.name,
                    form.lemma,
                    d.verbs.form_code(p.form).display()
                )
            }
        };
        let rule = if chain.len() > 1 {
            let parts: Vec<String> = chain
                .iter()
                .map(|&c| {
                    let f = &d.verbs.forms[preds[c].form as usize];
                    format!("{}[{}]", f.lemma, preds[c].code.as_deref().unwrap_or("---"))
                })
                .collect();
            format!("{rule} + chain {}", parts.join(" > "))
        } else {
            rule
        };
        let mut conf = 0.45;
        if p.best.is_some() {
            conf += 0.2;
        }
        if args.source.is_some() {
            conf += 0.15;
        }
        if args.target.is_some() {
            conf += 0.1;
        }
        if ctx.parsed {
            conf += 0.05;
        }
        // One event per coded conjunct of each side ("Russia and Iran" → two sources).
        let coded = |mention: Option<usize>| -> Vec<Option<&Resolved>> {
            match mention {
                Some(m) => ctx.mentions[m]
                    .actors
                    .iter()
                    .filter(|a| !a.code.is_empty())
                    .map(Some)
                    .collect(),
                None => vec![None],
            }
        };
        let srcs = coded(args.source);
        let tgts = coded(args.target);
        let srcs = if srcs.is_empty() { vec![None] } else { srcs };
        let tgts = if tgts.is_empty() { vec![None] } else { tgts };
        if env.explain {
            trace.push(format!(
                "  event {} from {:?}: source {} target {} ({}) modality {} cues {:?}{}",
                code,
                s.text[p.start..last.end.max(p.end)].join(" "),
                args.source.map_or("-".into(), |m| s.text
                    [ctx.mentions[m].start..ctx.mentions[m].end]
                    .join(" ")),
                args.target.map_or("-".into(), |m| s.text
                    [ctx.mentions[m].start..ctx.mentions[m].end]
                    .join(" ")),
                args.how,
                mode,
                mc.cues,
                attribution.as_ref().map_or(String::new(), |a| format!(
                    " attributed to {:?} ({})",
                    a.text, a.cue
                )),
            ));
        }
        let own: Vec<usize> = chain.iter().map(|&c| preds[c].verb).collect();
        let date = event_date(doc, &ctx, &preds, &own, p.verb, sent.span);
        let place = event_place(
            doc,
            &ctx,
            &preds,
            &own,
            p.verb,
            &code,
            args.target,
            sent.span,
        );
        // PLOVER convention: an action with no named target (a protest, a riot, an arrest, a
        // domestic decision) is directed at the country where it happens: the event place's
        // country, else the source's own. Verbal and diplomatic acts (01-05) need a named
        // interlocutor and stay without a target.
        let default_tgt: Option<Resolved> = (args.target.is_none()
            && !matches!(code.get(..2), Some("01" | "02" | "03" | "04" | "05")))
        .then(|| {
            let here = place.as_ref().and_then(|p| p.country.clone());
            // a passive's agent is not where the patient is: "a camp was attacked by X"
            let own = srcs
                .iter()
                .flatten()
                .filter(|_| !p.passive)
                .find_map(|a| resolver.country_of(&a.code));
            let country = here.clone().or(own)?;
            Some(Resolved {
                code: country,
                name: here.and(place.as_ref().map(|p| p.name.clone())),
                start: 0,
                end: 0,
                rule: "default target: the country where it happened".into(),
                person: false,
                weak: true,
                plural: false,
            })
        })
        .flatten();
        let (tgts, rule) = match &default_tgt {
            Some(r) if srcs.iter().any(Option::is_some) => (
                vec![Some(r)],
                format!("{rule} + default target: country where it happened"),
            ),
            _ => (tgts, rule),
        };
        for (k, (src, tgt)) in srcs
            .iter()
            .flat_map(|a| tgts.iter().map(move |b| (a, b)))
            .take(16)
            .enumerate()
        {
            if src.is_none() && tgt.is_none() {
                continue;
            }
            let tgt = match (src, tgt) {
                (Some(a), Some(b)) if a.start == b.start && a.end == b.end => &None,
                _ => tgt,
            };
            let code_here = code.clone();
            let ev = make_event(
                env,
                doc,
                si,
                &ctx,
                resolver,
                &code_here,
                src.as_ref().copied(),
                tgt.as_ref().copied(),
                pred_span,
                k,
                mode,
                attribution.clone(),
                &rule,
                conf * date.1,
                date.0.clone(),
                place.clone(),
            );
            events.push(ev);
            // The reverse code of a pair ("[042:043]") is not coded as a second, mirrored event:
            // PETRARCH-1 emitted one, but it double-counts a single reported interaction
            // (every visit would also be a hosting). The pair stays visible in the rule.
        }
    }
    SentenceOut { events, trace }
}

/// Mention containing token `t`.
fn mention_of(ms: &[Mention], t: usize) -> Option<usize> {
    ms.iter()
        .position(|m| m.start <= t && t < m.end && m.coded())
}

/// First coded, non-locative mention modifying the noun `head` ("Israeli changes", "the US
/// offer", "Russia's proposal"): adjectives, compounds and possessives, at most two links up.
fn mention_below(toks: &[Token], ms: &[Mention], head: usize) -> Option<usize> {
    ms.iter().position(|m| {
        m.coded()
            && !m.locative()
            && (m.start..m.end).any(|t| {
                let mut k = t;
                for _ in 0..2 {
                    let Some(tok) = toks.get(k) else {
                        return false;
                    };
                    if !matches!(
                        tok.deprel.as_str(),
                        "amod" | "compound" | "nmod:poss" | "flat"
                    ) {
                        return false;
                    }
                    match tok.head {
                        Some(h) if h == head => return true,
                        Some(h) => k = h,
                        None => return false,
                    }
                }
                false
            })
    })
}

fn dep_child(toks: &[Token], head: usize, rels: &[&str]) -> Option<usize> {
    toks.iter()
        .position(|t| t.head == Some(head) && rels.contains(&t.deprel.as_str()))
}

/// Source and target of the predicate `pi` (heading `chain`).
fn arguments(
    ctx: &SentenceCtx,
    preds: &[Pred],
    pi: usize,
    chain: &[usize],
    lo: usize,
    hi: usize,
) -> Args {
    let s = &ctx.s;
    let ms = &ctx.mentions;
    let p = &preds[pi];
    let last = &preds[*chain.last().unwrap_or(&pi)];
    // pattern-bound roles: the chain's last verb with a pattern match decides
    let pat = chain
        .iter()
        .rev()
        .find_map(|&c| preds[c].best.as_ref().map(|b| b.1.clone()));
    let mut source = pat.as_ref().and_then(|m| m.source);
    let mut target = pat.as_ref().and_then(|m| m.target);
    let mut how = String::from("positions");
    if p.demands {
        if let Some(&q) = chain.get(1) {
            let (a, b) = (p.end, preds[q].start);
            // the complement's subject: after "that" when there is one
            let a = (a..b).rfind(|&t| s.low[t] == "that").map_or(a, |t| t + 1);
            target = ms
                .iter()
                .position(|m| m.start >= a && m.end <= b && m.coded());
            how = "demand: target is the complement's subject".into();
        }
    }
    let mut weak_obj = None;
    if ctx.parsed {
        how = "parse".into();
        let v = p.verb;
        if p.passive {
            if source.is_none() {
                source = dep_child(ctx.toks, v, &["obl:agent", "nmod:agent"])
                    .or_else(|| {
                        ctx.toks.iter().position(|t| {
                            t.head == Some(v)
                                && t.deprel == "obl"
                                && ctx.toks.iter().any(|c| {
                                    c.head
                                        == Some(
                                            ctx.toks
                                                .iter()
                                                .position(|x| std::ptr::eq(x, t))
                                                .unwrap_or(usize::MAX),
                                        )
                                        && c.deprel == "case"
                                        && c.text.eq_ignore_ascii_case("by")
                                })
                        })
                    })
                    .and_then(|t| mention_of(ms, t));
            }
            if target.is_none() {
                target = dep_child(ctx.toks, v, &["nsubj:pass", "nsubj"])
                    .and_then(|t| mention_of(ms, t));
            }
        } else {
            if source.is_none() {
                let mut head = v;
                let mut subj = dep_child(ctx.toks, head, &["nsubj"]);
                // conjoined verbs share the subject: "X attacked Y and killed Z"
                let mut guard = 0;
                while subj.is_none() && guard < 4 {
                    guard += 1;
                    let t = &ctx.toks[head];
                    match (t.head, t.deprel.as_str()) {
                        (Some(h), "conj" | "xcomp" | "advcl") => {
                            head = h;
                            subj = dep_child(ctx.toks, head, &["nsubj"]);
                        }
                        _ => break,
                    }
                }
                source = subj.and_then(|t| mention_of(ms, t));
            }
            if target.is_none() {
                let lv = last.verb;
                // "reject proposed Israeli changes": the object's head noun is no actor, but an
                // actor modifying it (amod/nmod/compound) is what the act is aimed at
                let obj = dep_child(ctx.toks, lv, &["obj", "iobj"])
                    .and_then(|t| mention_of(ms, t).or_else(|| mention_below(ctx.toks, ms, t)));
                // "continue military aid to Mozambique": an object whose country is only
                // guessed from context loses to a real actor elsewhere in the verb phrase
                weak_obj = obj.filter(|&m| ms[m].weak());
                target = obj.filter(|&m| !ms[m].weak()).or_else(|| {
                    ctx.toks
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.head == Some(lv) && t.deprel.starts_with("obl"))
                        .filter_map(|(k, _)| mention_of(ms, k))
                        .find(|&m| !ms[m].locative())
                });
            }
        }
        if source.is_some() && target.is_some() {
            return Args {
                source,
                target,
                how,
            };
        }
        // whatever the parse did not give comes from token positions
        how = "parse + positions".into();
    }
    let next_pred_start = preds
        .iter()
        .filter(|q| q.start >= last.end && !chain.iter().any(|&c| std::ptr::eq(&preds[c], *q)))
        .map(|q| q.start)
        .min()
        .unwrap_or(hi)
        .min(hi);
    // stop before a trailing reporting clause ", a UN official said"
    let mut t_hi = next_pred_start;
    if let Some(r) = preds.iter().find(|q| q.reporting && q.start >= last.end) {
        if let Some(c) = (last.end..r.start).rev().find(|&k| s.low[k] == ",") {
            t_hi = t_hi.min(c);
        }
    }
    if target.is_none() && chain.len() > 1 && !p.passive {
        // "will visit Mauritania and Senegal to mediate": the head verb's object
        let next = preds[chain[1]].start;
        target = ms
            .iter()
            .position(|m| m.start >= p.end && m.end <= next && m.coded() && !m.weak());
    }
    if p.passive {
        if source.is_none() {
            source = (last.end..t_hi)
                .find(|&k| s.low[k] == "by")
                .and_then(|k| ms.iter().position(|m| m.start == k + 1 && m.coded()));
        }
        if target.is_none() {
            target = subject_before(ctx, preds, pi, lo).0;
        }
        return Args {
            source,
            target,
            how: format!("{how}, passive"),
        };
    }
    if source.is_none() {
        let (src, inherited) = subject_before(ctx, preds, pi, lo);
        source = src;
        if inherited {
            how.push_str(", subject of coordinated verb");
        }
    }
    if target.is_none() {
        let cands: Vec<usize> = (0..ms.len())
            .filter(|&m| ms[m].start >= last.end && ms[m].start < t_hi && ms[m].coded())
            .filter(|&m| Some(m) != source)
            .collect();
        target = cands
            .iter()
            .copied()
            .find(|&m| !ms[m].locative() && ms[m].prep.as_deref() != Some("by") && !ms[m].weak())
            .or_else(|| cands.iter().copied().find(|&m| !ms[m].weak()))
            .or(cands.first().copied());
    }
    if target.is_none() && ctx.parsed {
        // "sought refuge in Germany", "declared a state of siege in Haiti": with no other
        // target, the place the predicate acted in (PETRARCH takes targets from the verb
        // phrase's prepositional phrases, locatives included)
        let own: Vec<usize> = chain.iter().map(|&c| preds[c].verb).collect();
        let verbs: Vec<usize> = preds.iter().map(|q| q.verb).collect();
        target = (0..ms.len()).find(|&m| {
            Some(m) != source
                && ms[m].locative()
                && ms[m].coded()
                && !ms[m].weak()
                && (ms[m].start..ms[m].end)
                    .any(|t| owner_verb(ctx.toks, t, &verbs).is_some_and(|o| own.contains(&o)))
        });
    }
    if target.is_none() {
        target = weak_obj;
    }
    Args {
        source,
        target,
        how,
    }
}

/// Nearest actor phrase before the predicate that can be its subject; `true` when taken from
/// a coordinated earlier verb.
fn subject_before(
    ctx: &SentenceCtx,
    preds: &[Pred],
    pi: usize,
    lo: usize,
) -> (Option<usize>, bool) {
    let s = &ctx.s;
    let ms = &ctx.mentions;
    let p = &preds[pi];
    let mut k = p.start;
    while k > lo {
        k -= 1;
        if let Some(q) = preds.iter().position(|q| q.start <= k && k < q.end) {
            let q_pred = &preds[q];
            if q_pred.reporting {
                // "X said (that) ..." — nothing between: subject is unknown here
                break;
            }
            // "X attacked Y and killed Z": share X
            let between: Vec<&str> = (q_pred.end..p.start).map(|t| s.low[t].as_str()).collect();
            if between
                .iter()
                .any(|w| *w == "and" || *w == "," || *w == "but")
            {
                let (src, _) = subject_before(ctx, preds, q, lo);
                return (src, true);
            }
            k = q_pred.start;
            continue;
        }
        if s.low[k] == "," {
            // "Pakistan, a key U.S. ally in the war on terror, has refused": skip the apposition
            if let Some(c2) = (lo..k).rev().take(15).find(|&c| s.low[c] == ",") {
                if matches!(
                    s.low[c2 + 1].as_str(),
                    "a" | "an" | "the" | "who" | "which" | "whose"
                ) {
                    k = c2;
                    continue;
                }
            }
        }
        if matches!(s.low[k].as_str(), "that" | "who" | "which") && k + 1 < p.start {
            // the clause begins here; the subject must be after it unless the relative pronoun
            // itself is the subject ("the minister who visited")
            if s.low[k] != "that" {
                if let Some(m) = ms
                    .iter()
                    .rposition(|m| m.end == k || (k > 0 && m.end == k - 1))
                {
                    if ms[m].coded() {
                        return (Some(m), false);
                    }
                }
            }
            break;
        }
        if let Some(m) = ms.iter().position(|m| m.end == k + 1) {
            let mm = &ms[m];
            if mm.coded() && (mm.prep.is_none() || mm.start == 0) {
                return (Some(m), false);
            }
            // "Thousands of Nigerians", "a member of the Syrian parliament", "the government
            // of Sindh province": the subject's head is not an actor, its "of" phrase is; take
            // it when nothing but that head lies between the clause start and "of"
            if mm.coded()
                && mm.prep.as_deref() == Some("of")
                && of_phrase_heads_clause(ctx, preds, mm.start - 1, lo)
            {
                return (Some(m), false);
            }
            k = mm.start;
        }
    }
    (None, false)
}

/// True when `of_at` ("of") follows the clause's first noun phrase: only non-actor words, no
/// predicate, no comma between the clause start and it.
fn of_phrase_heads_clause(ctx: &SentenceCtx, preds: &[Pred], of_at: usize, lo: usize) -> bool {
    let s = &ctx.s;
    let mut start = lo;
    // the clause may start after a reporting verb or a "that"
    for q in preds {
        if q.end <= of_at && q.end > start {
            start = q.end;
        }
    }
    if of_at < start || of_at - start > 5 {
        return false;
    }
    (start..of_at).all(|t| {
        !matches!(s.low[t].as_str(), "," | ";" | "of" | "in" | "on" | "at")
            && !ctx
                .mentions
                .iter()
                .any(|m| m.start <= t && t < m.end && m.coded())
    })
}

/// Who the sentence attributes the event to.
fn attribution(
    ctx: &SentenceCtx,
    preds: &[Pred],
    pi: usize,
    resolver: &Resolver,
) -> Option<Attribution> {
    let s = &ctx.s;
    let ms = &ctx.mentions;
    let p = &preds[pi];
    let span_of = |m: &Mention| tok_span(ctx.toks, m.start, m.end);
    let to_attr = |m: &Mention, cue: String| Attribution {
        text: s.text[m.start..m.end].join(" "),
        actor: m
            .actors
            .iter()
            .find(|a| !a.code.is_empty())
            .map(|a| to_actor(ctx, resolver, a)),
        span: span_of(m),
        cue,
    };
    // "according to X"
    for k in 0..s.len().saturating_sub(2) {
        if s.low[k] == "according" && s.low[k + 1] == "to" {
            if let Some(m) = ms.iter().find(|m| m.start == k + 2) {
                return Some(to_attr(m, "according to".into()));
            }
        }
    }
    let reporting: Vec<usize> = (0..preds.len())
        .filter(|&r| preds[r].reporting && r != pi)
        .collect();
    // "X said (that) EVENT" (the nearest reporting verb before the event)
    if let Some(&r) = reporting.iter().rev().find(|&&r| preds[r].end <= p.start) {
        let (src, _) = subject_before(ctx, preds, r, 0);
        let m = src.or_else(|| ms.iter().position(|m| m.start == preds[r].end && m.coded()));
        if let Some(m) = m {
            return Some(to_attr(
                &ms[m],
                s.text[preds[r].start..preds[r].end].join(" "),
            ));
        }
    }
    // "EVENT, X said." / "EVENT, said X."
    if let Some(&r) = reporting.iter().find(|&&r| preds[r].start >= p.end) {
        let rp = &preds[r];
        let before = ms.iter().rposition(|m| {
            m.end <= rp.start && m.start >= p.end && (m.end == rp.start || m.end + 1 == rp.start)
        });
        let after = ms
            .iter()
            .position(|m| m.start == rp.end || m.start == rp.end + 1);
        if let Some(m) = before.or(after) {
            return Some(to_attr(&ms[m], s.text[rp.start..rp.end].join(" ")));
        }
        // unnamed speaker ("..., sources said")
        let k = rp.start.saturating_sub(1);
        if k > p.end {
            return Some(Attribution {
                text: s.text[k].to_string(),
                actor: None,
                span: tok_span(ctx.toks, k, k + 1),
                cue: s.text[rp.start..rp.end].join(" "),
            });
        }
    }
    if let Some(k) = (0..s.len()).find(|&k| s.low[k] == "reportedly") {
        return Some(Attribution {
            text: "reportedly".into(),
            actor: None,
            span: tok_span(ctx.toks, k, k + 1),
            cue: "reportedly".into(),
        });
    }
    None
}

fn to_actor(ctx: &SentenceCtx, resolver: &Resolver, a: &Resolved) -> Actor {
    let country = resolver.country_of(&a.code);
    let code = if country.is_some() || a.code.starts_with("---") {
        crate::resolve::canonical_code(&a.code, 3)
    } else {
        a.code.clone()
    };
    let rest = if country.is_some() || code.starts_with("---") {
        code.get(3..).unwrap_or("")
    } else {
        code.as_str()
    };
    let sectors: Vec<String> = (0..rest.len())
        .step_by(3)
        .filter_map(|k| rest.get(k..k + 3))
        .map(str::to_string)
        .collect();
    Actor {
        text: ctx.s.text[a.start..a.end].join(" "),
        name: a.name.clone(),
        code,
        country,
        sectors,
        span: tok_span(ctx.toks, a.start, a.end),
    }
}

#[allow(clippy::too_many_arguments)]
fn make_event(
    env: &Env,
    doc: &AnnotatedDoc,
    si: usize,
    ctx: &SentenceCtx,
    resolver: &Resolver,
    code: &str,
    src: Option<&Resolved>,
    tgt: Option<&Resolved>,
    pred: Option<Span>,
    k: usize,
    modality: Modality,
    attribution: Option<Attribution>,
    rule: &str,
    confidence: f64,
    date: Option<DateValue>,
    place: Option<Place>,
) -> Event {
    let source = src.map(|a| to_actor(ctx, resolver, a));
    let target = tgt.map(|a| to_actor(ctx, resolver, a));
    let key = format!(
        "{code}/{}/{}/{k}",
        source.as_ref().map_or("", |a| a.code.as_str()),
        target.as_ref().map_or("", |a| a.code.as_str())
    );
    // PLOVER folds CAMEO 02 (appeal) into REQUEST with CAMEO 10 (demand); the 2021 crosswalk
    // lists only the 10 branch, so an appeal takes the matching demand's type and mode
    let plover_of = |c: &str| env.codebook.plover(c);
    let crosswalk = plover_of(code).or_else(|| {
        code.strip_prefix("02")
            .and_then(|rest| plover_of(&format!("10{rest}")).or_else(|| plover_of("100")))
    });
    let (plover, plover_mode) = match crosswalk {
        Some((p, m)) => (Some(p), m),
        None => (None, None),
    };
    Event {
        id: Event::make_id(&doc.doc.id, si, pred, &key),
        doc_id: doc.doc.id.clone(),
        sentence: si,
        span: doc.sentences[si].span,
        cameo: code.to_string(),
        root: code.get(..2).unwrap_or(code).to_string(),
        quad_class: QuadClass::of(code).map_or(0, QuadClass::as_u8),
        goldstein: env.codebook.goldstein(code).unwrap_or(0.0),
        plover,
        plover_mode,
        provenance: Provenance {
            predicate: pred,
            source: source.as_ref().and_then(|a| a.span),
            target: target.as_ref().and_then(|a| a.span),
            rule: rule.to_string(),
            coder: CODER_VERSION.to_string(),
        },
        source,
        target,
        date,
        place,
        modality,
        attribution: if modality == Modality::Asserted && attribution.is_none() {
            None
        } else {
            attribution
        },
        confidence: (confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
    }
}

/// First token of the sentence overlapping a byte span.
fn token_at(toks: &[Token], span: Span) -> Option<usize> {
    toks.iter().position(|t| t.span.overlaps(span))
}

/// The predicate that owns token `t`: the first of `verbs` met when climbing the parse from
/// `t` (a time or place attached to that verb's clause), `None` when unparsed or unattached.
fn owner_verb(toks: &[Token], t: usize, verbs: &[usize]) -> Option<usize> {
    let mut k = t;
    for _ in 0..toks.len() {
        if verbs.contains(&k) {
            return Some(k);
        }
        k = toks.get(k)?.head?;
    }
    None
}

/// Tokens that end one clause and begin the next without a parse: ";" or ", and/but".
fn clause_breaks(s: &Sent, a: usize, b: usize) -> usize {
    let (a, b) = (a.min(b), a.max(b));
    (a..b)
        .filter(|&k| {
            s.low[k] == ";"
                || (s.low[k] == ","
                    && matches!(
                        s.low.get(k + 1).map(String::as_str),
                        Some("and" | "but" | "while" | "whereas")
                    ))
        })
        .count()
}

/// How well a time or place token `t` belongs to the predicate `own` (its verb chain):
/// attached to the predicate in the parse first, then unattached, then another predicate's;
/// without a parse, the same clause first; then the nearest to the verb.
fn clause_rank(
    ctx: &SentenceCtx,
    preds: &[Pred],
    own: &[usize],
    verb: usize,
    t: usize,
) -> (u8, usize, usize) {
    let verbs: Vec<usize> = preds.iter().map(|q| q.verb).collect();
    let owner = if ctx.parsed {
        owner_verb(ctx.toks, t, &verbs)
    } else {
        None
    };
    let attach = match owner {
        Some(o) if own.contains(&o) => 0,
        None => 1,
        Some(_) => 2,
    };
    (attach, clause_breaks(&ctx.s, t, verb), t.abs_diff(verb))
}

/// The event date and a confidence factor: the time expression of the predicate's own clause
/// (1.0), else the article date (0.9), else the dateline (0.85).
fn event_date(
    doc: &AnnotatedDoc,
    ctx: &SentenceCtx,
    preds: &[Pred],
    own: &[usize],
    verb: usize,
    span: Span,
) -> (Option<DateValue>, f64) {
    // a duration or a set ("within four weeks", "every year") does not say when it happened
    let cands: Vec<_> = doc
        .times
        .iter()
        .filter(|t| span.contains(t.span) && t.value.start.is_some())
        .collect();
    let t = cands
        .iter()
        .enumerate()
        .min_by_key(|(i, t)| {
            let r = token_at(ctx.toks, t.span).map_or((3, 0, usize::MAX), |k| {
                clause_rank(ctx, preds, own, verb, k)
            });
            (r, *i)
        })
        .map(|(_, t)| *t);
    if let Some(t) = t {
        return (Some(t.value.clone()), 1.0);
    }
    if let Some(p) = doc.doc.published {
        return (Some(DateValue::day(p)), 0.9);
    }
    if let Some(dl) = &doc.doc.dateline {
        if let (Some(y), Some(m), Some(d)) = (dl.year, dl.month, dl.day) {
            if let Some(day) = chrono::NaiveDate::from_ymd_opt(y, m, d) {
                return (Some(DateValue::day(day)), 0.85);
            }
        }
    }
    (None, 1.0)
}

/// The event place. A toponym that is part of an actor phrase ("Russia's intelligence
/// service", "the Iranian minister") is who acted, not where. Preference: a location
/// complement ("in Baku", "at the palace in Baku") of the predicate's own clause; the place
/// visited when the event is a visit ("visited Baku"); any other non-actor toponym of the
/// clause, nearest to the verb.
#[allow(clippy::too_many_arguments)]
fn event_place(
    doc: &AnnotatedDoc,
    ctx: &SentenceCtx,
    preds: &[Pred],
    own: &[usize],
    verb: usize,
    code: &str,
    target: Option<usize>,
    span: Span,
) -> Option<Place> {
    let text = &doc.doc.text;
    type Key = (u8, u8, usize, usize);
    let mut best: Option<(Key, &Place)> = None;
    for pm in doc
        .places
        .iter()
        .filter(|p| span.contains(p.span) && !p.adjectival)
    {
        let Some(k) = token_at(ctx.toks, pm.span) else {
            continue;
        };
        let mention = ctx.mentions.iter().position(|m| m.start <= k && k < m.end);
        let locative = mention.is_some_and(|m| ctx.mentions[m].locative()) || {
            let low = text
                .get(..pm.span.start())
                .unwrap_or("")
                .trim_end()
                .to_lowercase();
            [" in", " at", " in the", " at the"]
                .iter()
                .any(|w| low.ends_with(w))
        };
        let visited = code.starts_with("042") && mention.is_some() && mention == target;
        // "withdrawal of forces from Panama", "flew to Baku": a direction, not an actor
        let directional = mention.is_some_and(|m| {
            matches!(
                ctx.mentions[m].prep.as_deref(),
                Some("from" | "to" | "into" | "toward" | "towards" | "through" | "over")
            ) && Some(m) != target
        });
        let kind = if locative {
            0
        } else if visited {
            1
        } else if mention.is_none() || directional {
            2
        } else {
            // a toponym inside an actor phrase
            continue;
        };
        let (attach, breaks, dist) = clause_rank(ctx, preds, own, verb, k);
        let key = (attach, kind, breaks, dist);
        if best.as_ref().is_none_or(|(b, _)| key < *b) {
            best = Some((key, &pm.place));
        }
    }
    best.map(|(_, p)| p.clone())
}
