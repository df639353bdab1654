//! Step 1 of the sentence coder: predicates. Dictionary verb forms that are used as verbs
//! (the tagger's POS when present, contextual rules otherwise), their voice, whether they report
//! speech, and infinitival chains ("offered to hand over").

use crate::dict::Dictionaries;
use crate::lexicon::Lexicon;
use crate::pattern::PatMatch;
use crate::resolve::{Mention, Sent};
use vigil_core::{Span, Token};

#[derive(Debug, Clone)]
/// A verb occurrence in a sentence.
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
    /// The coder's word lists.
    pub lex: &'a Lexicon,
}

fn prev_skipping_adverbs(lex: &Lexicon, s: &Sent, i: usize) -> Option<usize> {
    let mut k = i;
    while k > 0 {
        k -= 1;
        let w = s.low[k].as_str();
        if lex.adverbs.has(w) || (w.ends_with("ly") && w.len() > 4 && w != "only") {
            continue;
        }
        return Some(k);
    }
    None
}

/// A mention ending at `end` that can be a clause subject: it opens the sentence or follows a
/// clause boundary, not a determiner or adjective ("a close French partner" is a noun phrase).
fn subject_ending_at(lex: &Lexicon, s: &Sent, ms: &[Mention], end: usize) -> bool {
    ms.iter().any(|m| {
        m.end == end && (m.start == 0 || m.pronoun || lex.clause_openers.has(&s.low[m.start - 1]))
    })
}

fn inside_mention(ms: &[Mention], i: usize) -> bool {
    ms.iter().any(|m| m.start <= i && i < m.end && !m.pronoun)
}

/// True when the dictionary verb form at token `i` (form starting at `st`) is used as a verb:
/// the tagger's VERB (not attributive), or, without tags or for a past form the tagger called
/// ADJ/NOUN, contextual rules on the word before it.
fn used_as_verb(c: &SentenceCtx, i: usize, st: usize, base: bool, prev: Option<usize>) -> bool {
    let s = &c.s;
    let w = s.low[i].as_str();
    let prev_w = prev.map(|k| s.low[k].as_str()).unwrap_or("");
    let after_be = prev.is_some_and(|k| c.lex.be_auxiliaries.has(&s.low[k]));
    let heuristic = if w.ends_with("ing") && !base {
        after_be
            || prev_w == ","
            || prev.is_some_and(|k| {
                c.lex
                    .denial_verbs
                    .iter()
                    .any(|dn| s.up[k].starts_with(dn.get(..4).unwrap_or(dn)))
            })
    } else if base {
        c.lex.modal_words.has(prev_w)
            || prev.is_some_and(|k| subject_ending_at(c.lex, s, &c.mentions, k + 1))
            // "settlers in Hebron set fire": after a place name closing a prepositional phrase
            || prev.is_some_and(|k| {
                c.mentions.iter().any(|m| {
                    m.end == k + 1 && m.prep.is_some() && s.text[k].starts_with(char::is_uppercase)
                })
            })
            || matches!(prev_w, "who" | "which" | "they" | "we" | "i" | "you")
    } else if w.ends_with('s') && !w.ends_with("ss") {
        prev.is_some_and(|k| subject_ending_at(c.lex, s, &c.mentions, k + 1))
            || matches!(prev_w, "who" | "which" | "that" | "he" | "she" | "it")
    } else {
        !c.lex.nominal_words.has(prev_w) && !prev_w.chars().all(|ch| ch.is_ascii_digit())
    };
    let s_form = w.ends_with('s') && !w.ends_with("ss");
    let past_form = !base && !w.ends_with("ing") && !s_form;
    if c.tagged {
        // trust the tagger's VERB; a past form it called ADJ/NOUN ("wounded", "set") is
        // still taken when the context rules agree
        let attributive = matches!(
            prev_w,
            "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "-" | "'s"
        ) || s.low.get(st.wrapping_sub(1)).is_some_and(|x| x == "-");
        match c.toks.get(i).map(|t| t.upos.as_str()).unwrap_or("") {
            // "the ousted ruling party", "Saudi-led forces": modifiers, not predicates
            "VERB" | "" => !attributive,
            "ADJ" | "NOUN" => heuristic && (past_form || base && !c.lex.nominal_words.has(prev_w)),
            _ => false,
        }
    } else {
        heuristic
    }
}

/// Finds predicates (verb forms used as verbs), then links each "to"-infinitive to the
/// predicate before it.
pub fn find_preds(d: &Dictionaries, c: &SentenceCtx) -> Vec<Pred> {
    let s = &c.s;
    let mut out: Vec<Pred> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let Some((f, st, en)) = form_at(d, s, i) else {
            i += 1;
            continue;
        };
        if inside_mention(&c.mentions, i)
            || (s.low[i] == "according" && s.low.get(i + 1).is_some_and(|w| w == "to"))
        {
            i += 1;
            continue;
        }
        out.extend(pred_at(d, c, i, f, (st, en)));
        i = en.max(i + 1);
    }
    link_infinitives(s, &mut out);
    out
}

/// The verb form whose verb word is token `i`, with the tokens it covers: (form, start, end).
fn form_at(d: &Dictionaries, s: &Sent, i: usize) -> Option<(u32, usize, usize)> {
    let forms = d.verbs.index.get(&s.up[i])?;
    forms.iter().find_map(|&f| {
        let form = &d.verbs.forms[f as usize];
        let p = form.verb_pos;
        if i < p || i - p + form.words.len() > s.len() {
            return None;
        }
        let st = i - p;
        let all = form
            .words
            .iter()
            .enumerate()
            .all(|(k, w)| s.up[st + k] == *w);
        all.then_some((f, st, st + form.words.len()))
    })
}

/// The predicate of form `f` at tokens `st..en` (verb word `i`), when it is used as a verb:
/// voice, "to"-infinitive, reporting and denial.
fn pred_at(
    d: &Dictionaries,
    c: &SentenceCtx,
    i: usize,
    f: u32,
    (st, en): (usize, usize),
) -> Option<Pred> {
    let s = &c.s;
    let form = &d.verbs.forms[f as usize];
    let w = s.low[i].as_str();
    let base = form.words[form.verb_pos].eq_ignore_ascii_case(w)
        && form
            .lemma
            .replace('_', " ")
            .to_uppercase()
            .split(' ')
            .any(|x| x == s.up[i]);
    let prev = prev_skipping_adverbs(c.lex, s, st);
    let prev_w = prev.map(|k| s.low[k].as_str()).unwrap_or("");
    let after_be = prev.is_some_and(|k| c.lex.be_auxiliaries.has(&s.low[k]));
    // "two soldiers stand accused of ...": passive after a copula other than "be"
    let after_copula = prev.is_some_and(|k| c.lex.passive_copulas.has(&s.low[k]));
    let to_inf = prev_w == "to";
    let lemma_up = form.lemma.to_uppercase();
    let lemma_head = lemma_up.split('_').next().unwrap_or("").to_string();
    let denying = c.lex.denial_verbs.has(&lemma_head);
    let is_verb = used_as_verb(c, i, st, base, prev);
    if !is_verb {
        return None;
    }
    let third_person = w.ends_with('s') && !w.ends_with("ss");
    let participle = !base && !w.ends_with("ing") && !third_person;
    // "sailors detained by the navy": a participle right after a noun and before "by"
    let reduced = participle
        && !after_be
        && s.low.get(en).is_some_and(|w| w == "by")
        && prev.is_some_and(|k| {
            !c.lex.modal_words.has(&s.low[k])
                && !matches!(s.low[k].as_str(), "has" | "have" | "had")
        });
    // "is prepared to", "is committed to": adjectival, not passive
    let adjectival = s.low.get(en).is_some_and(|w| w == "to");
    let mut passive = participle && (after_be || reduced || after_copula) && !adjectival;
    if c.parsed {
        let sent_tokens = c.toks;
        let has = |rel: &str| {
            sent_tokens
                .iter()
                .any(|t| t.head == Some(i) && t.deprel == rel)
        };
        passive = has("nsubj:pass")
            || has("aux:pass")
            || (participle && after_copula)
            || (passive && !has("nsubj"));
    }
    Some(Pred {
        start: st,
        end: en,
        verb: i,
        form: f,
        passive,
        to_inf,
        // "issued a statement", "released a communique": a speech act, reported like "said"
        reporting: c.lex.reporting_verbs.has(&lemma_head)
            || denying
            || (en..(en + 3).min(s.len())).any(|t| c.lex.statement_nouns.has(&s.low[t])),
        denying,
        governor: None,
        best: None,
        code: None,
        reverse: None,
        demands: false,
    })
}

/// Verb chains: "offered to hand over", "threatened to attack" — a "to"-infinitive is governed
/// by the predicate right before it, unless a clause boundary or a reporting verb intervenes.
fn link_infinitives(s: &Sent, out: &mut [Pred]) {
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
}

/// Span of tokens `a..b` of a sentence in document bytes.
pub fn tok_span(toks: &[Token], a: usize, b: usize) -> Option<Span> {
    if a >= b || b > toks.len() {
        return None;
    }
    Some(toks[a].span.cover(toks[b - 1].span))
}
