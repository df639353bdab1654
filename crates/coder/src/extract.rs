//! The sentence coder: a pipeline of typed steps over one sentence.
//!
//! ```text
//! mentions (resolve) → predicates → codes (patterns) → demands & chains (combine)
//!   → per head predicate: roles → modality & attribution → date & place (context)
//!   → EventDraft per conjunct pair → gate → Event
//! ```
//!
//! Each step is a function in its own module returning new values; this module only wires them
//! and records what each returned for `explain`. Predicates are dictionary verb forms used as
//! verbs; arguments come from the dependency parse when there is one and from TABARI-style
//! positions otherwise; verb chains ("offered to hand over") are combined into one code;
//! reporting verbs ("said", "according to") become attribution; the gate decides what is an
//! event (see [`crate::gate`]).

use crate::codes::{code_predicates, PredCode};
use crate::combine;
use crate::context::{event_date, event_place, ContextIndex, PredSite};
use crate::dict::Dictionaries;
use crate::event::{to_actor, EventDraft, Evidence};
use crate::gate;
use crate::lexicon::Lexicon;
use crate::modality::{modality, ModalityDecision};
use crate::predicates::{find_preds, tok_span, Pred, SentenceCtx};
use crate::resolve::{EntitySpan, Memory, Resolver, Sent};
use crate::roles::{arguments, attribution, Args};
use vigil_core::{Actor, AnnotatedDoc, Attribution, CameoCode, Codebook, Event, Modality, Span};

/// Sentences longer than this many tokens are not coded: every step is at most quadratic in
/// the sentence length, so a cap keeps the coder's cost linear in the document (a run-on
/// "sentence" of a 50 KB table or list would otherwise stall a batch). News sentences are far
/// shorter; `explain` says when one is skipped.
pub const MAX_SENTENCE_TOKENS: usize = 250;

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
    /// The coder's word lists.
    pub lex: &'a Lexicon,
    /// Codebook.
    pub codebook: &'a Codebook,
    /// Times and places per sentence.
    pub context: &'a ContextIndex<'a>,
    /// Collect trace lines.
    pub explain: bool,
}

/// Codes one sentence.
pub fn code_sentence(
    env: &Env,
    doc: &AnnotatedDoc,
    si: usize,
    resolver: &Resolver,
    mem: &mut Memory,
) -> SentenceOut {
    let mut trace = Vec::new();
    let Some(ctx) = prepare(env, doc, si, resolver, mem, &mut trace) else {
        return SentenceOut {
            events: Vec::new(),
            trace,
        };
    };
    let preds = predicates_with_codes(env, &ctx, &mut trace);
    let events = events_of(env, doc, si, &ctx, &preds, resolver, &mut trace);
    SentenceOut { events, trace }
}

/// Whether the sentence's events can depend on its dependency parse: the steps up to the
/// coded predicates read no parse, and a sentence without a head predicate of a coded chain
/// yields no event whatever its parse. Keeps `mem` as [`code_sentence`] would.
pub fn needs_parse(
    env: &Env,
    doc: &AnnotatedDoc,
    si: usize,
    resolver: &Resolver,
    mem: &mut Memory,
) -> bool {
    let mut trace = Vec::new();
    let Some(ctx) = prepare(env, doc, si, resolver, mem, &mut trace) else {
        return false;
    };
    // Actors come only from mentions. Rule 2 of the gate needs a coded actor, and a second,
    // different actor unless the root may be one-sided; rule 3 rejects equal codes.
    let actors: Vec<Actor> = ctx
        .mentions
        .iter()
        .flat_map(|m| &m.actors)
        .filter(|a| !a.code.is_empty())
        .map(|a| to_actor(&ctx, resolver, a))
        .collect();
    if !actors.iter().any(gate::is_coded) {
        return false;
    }
    let two_sides = actors.iter().any(|a| a.code != actors[0].code);
    let preds = predicates_with_codes(env, &ctx, &mut trace);
    event_heads(env.dict, &preds).iter().any(|(pi, chain)| {
        let p = &preds[*pi];
        let lemma = head_lemma(env.dict, &preds[*chain.preds.last().unwrap_or(pi)]);
        gate::check_predicate(env.lex, p.reporting && !p.demands, &lemma).is_ok()
            && (two_sides
                || env.lex.gate_one_sided_roots.has(chain.code.root())
                || may_recode(chain.code.as_str(), &ctx.s))
    })
}

/// Whether [`modal_code`] may give a chain coded `code` another root than its own, other
/// than an intent (03): a threat needs a force root, a refusal a negation particle, an
/// ultimatum "unless". Keep in step with [`modal_code`] (the selective-parse test checks it).
fn may_recode(code: &str, s: &Sent) -> bool {
    is_force(code)
        || s.low
            .iter()
            .any(|w| crate::modality::is_negation_particle(w) || w == "unless")
}

/// Force roots (14–20, with 16 "reduce relations"): a future one said by its actor is a threat.
fn is_force(code: &str) -> bool {
    matches!(
        code.get(..2),
        Some("14" | "15" | "16" | "17" | "18" | "19" | "20")
    )
}

/// The lemma the gate reads: the first word of the verb form's lemma, upper case.
fn head_lemma(d: &Dictionaries, p: &Pred) -> String {
    let form = &d.verbs.forms[p.form as usize];
    form.lemma.split('_').next().unwrap_or("").to_uppercase()
}

/// Steps 0 (length cap, discards) and 1 (mentions): the sentence's context, or `None` when it
/// is not coded. Reads no dependency parse.
fn prepare<'a>(
    env: &Env<'a>,
    doc: &'a AnnotatedDoc,
    si: usize,
    resolver: &Resolver,
    mem: &mut Memory,
    trace: &mut Vec<String>,
) -> Option<SentenceCtx<'a>> {
    let d = env.dict;
    let toks = doc.sentence_tokens(si);
    let stext = doc.text_of(doc.sentences[si].span);
    if env.explain {
        trace.push(format!("sentence {si}: {stext}"));
    }
    if toks.len() > MAX_SENTENCE_TOKENS {
        if env.explain {
            trace.push(format!(
                "  not coded: {} tokens (more than {MAX_SENTENCE_TOKENS})",
                toks.len()
            ));
        }
        return None;
    }
    let s = Sent::new(toks.iter().map(|t| t.text.as_str()).collect())
        .with_entities(sentence_entities(doc, si))
        .with_tags(
            toks.iter().map(|t| t.upos.as_str()).collect(),
            toks.iter().map(|t| t.xpos.as_str()).collect(),
        )
        .with_subnational_places(subnational_tokens(doc, si));
    if let Some(e) = d.discards.find(stext) {
        if env.explain {
            trace.push(format!("  discarded by {:?}", e.phrase));
        }
        // keep the memory up to date even for discarded sentences
        let _ = resolver.mentions(&s, mem, &mut Vec::new());
        return None;
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
    Some(SentenceCtx {
        toks,
        parsed: toks.iter().any(|t| !t.deprel.is_empty()),
        tagged: toks.iter().any(|t| !t.upos.is_empty()),
        s,
        mentions,
        lex: env.lex,
    })
}

/// The NER layer's entities inside sentence `si`, in sentence-relative token positions. The
/// layer is in token order, so finding a sentence's entities is a binary search (a per-sentence
/// scan of the whole layer would make long documents cost quadratic time).
fn sentence_entities(doc: &AnnotatedDoc, si: usize) -> Vec<EntitySpan<'_>> {
    let sent = &doc.sentences[si];
    let first = doc
        .entities
        .partition_point(|e| e.token_start < sent.token_start);
    doc.entities[first..]
        .iter()
        .take_while(|e| e.token_start < sent.token_end)
        .filter(|e| e.token_end <= sent.token_end)
        .map(|e| EntitySpan {
            start: e.token_start - sent.token_start,
            end: e.token_end - sent.token_start,
            label: e.label.as_str(),
        })
        .collect()
}

/// The geo layer's `Place::kind` of a country (the gazetteer's kind names).
const COUNTRY_KIND: &str = "country";

/// Per token of sentence `si`: inside a place of the geo layer below country level. The
/// layer is in text order, so a sentence's places are found by binary search.
fn subnational_tokens(doc: &AnnotatedDoc, si: usize) -> Vec<bool> {
    let span = doc.sentences[si].span;
    let first = doc
        .places
        .partition_point(|p| p.span.start() < span.start());
    let places: Vec<Span> = doc.places[first..]
        .iter()
        .take_while(|p| p.span.start() < span.end())
        .filter(|p| p.place.kind != COUNTRY_KIND)
        .map(|p| p.span)
        .collect();
    doc.sentence_tokens(si)
        .iter()
        .map(|t| {
            places
                .iter()
                .any(|p| p.start() <= t.span.start() && t.span.end() <= p.end())
        })
        .collect()
}

/// The predicates that head an event, each with its coded chain: not governed by another,
/// not a report of another event verb (unless it demands), and with a code once combined.
fn event_heads(d: &Dictionaries, preds: &[Pred]) -> Vec<(usize, Chain)> {
    let has_event_verb = preds
        .iter()
        .any(|p| !p.reporting && (p.code.is_some() || p.governor.is_some()));
    preds
        .iter()
        .enumerate()
        .filter(|(_, p)| p.governor.is_none() && !(p.reporting && has_event_verb && !p.demands))
        .filter_map(|(pi, _)| Some((pi, chain_of(d, preds, pi)?)))
        .collect()
}

/// Clause bounds (semicolons) around token `k`.
fn clause_of(semis: &[usize], n: usize, k: usize) -> (usize, usize) {
    let lo = semis.iter().rev().find(|&&p| p < k).map_or(0, |&p| p + 1);
    let hi = semis.iter().find(|&&p| p > k).copied().unwrap_or(n);
    (lo, hi)
}

fn semicolons(s: &Sent) -> Vec<usize> {
    (0..s.len()).filter(|&k| s.low[k] == ";").collect()
}

/// Steps 1–3: predicates, then each with its code, then with the demand links. Each step
/// returns new values; the predicates are rebuilt from them, never patched in place.
fn predicates_with_codes(env: &Env, ctx: &SentenceCtx, trace: &mut Vec<String>) -> Vec<Pred> {
    let d = env.dict;
    let found = find_preds(d, ctx);
    let semis = semicolons(&ctx.s);
    let clause = |k: usize| clause_of(&semis, ctx.s.len(), k);
    let codes = code_predicates(d, ctx, &found, &clause, env.explain.then_some(&mut *trace));
    let coded: Vec<Pred> = found.into_iter().zip(codes).map(with_code).collect();
    let demands = combine::link_demands(d, &ctx.s, &coded);
    if env.explain {
        let words = |p: &Pred| ctx.s.text[p.start..p.end].join(" ");
        for l in &demands.links {
            trace.push(format!(
                "  demand: {:?} governs {:?}",
                words(&coded[l.head]),
                words(&coded[l.complement])
            ));
        }
    }
    with_demands(coded, &demands)
}

/// A found predicate with the code step's result: a reporting verb whose pattern matched its
/// own object acts.
fn with_code(pc: (Pred, PredCode)) -> Pred {
    let (p, c) = pc;
    Pred {
        reporting: p.reporting && !c.acts,
        best: c.best,
        code: c.code,
        reverse: c.reverse,
        ..p
    }
}

/// The predicates with the demand step's links: a demand's head takes the demand's code and
/// governs its complement.
fn with_demands(preds: Vec<Pred>, demands: &combine::Demands) -> Vec<Pred> {
    preds
        .into_iter()
        .enumerate()
        .map(|(k, p)| {
            let head = demands.links.iter().find(|l| l.head == k);
            let governor = demands.links.iter().find(|l| l.complement == k);
            Pred {
                governor: governor.map(|l| l.head).or(p.governor),
                demands: p.demands || head.is_some(),
                reporting: p.reporting
                    || demands.reporting.contains(&k)
                    || head.is_some_and(|l| l.reporting),
                code: head.map_or(p.code, |l| Some(l.code.clone())),
                ..p
            }
        })
        .collect()
}

/// A head predicate with its chain and the chain's combined code.
struct Chain {
    /// Predicate indexes, head first.
    preds: Vec<usize>,
    /// Combined code.
    code: CameoCode,
    /// The last verb's own code (for refusals: "will not accept").
    base_code: Option<String>,
}

/// The chain headed by `pi` ("offered to hand over"), and its combined code.
fn chain_of(d: &Dictionaries, preds: &[Pred], pi: usize) -> Option<Chain> {
    let mut chain = vec![pi];
    while let Some(nx) = preds
        .iter()
        .position(|q| q.governor == chain.last().copied())
    {
        if chain.contains(&nx) {
            break;
        }
        chain.push(nx);
    }
    let mut code = preds[pi].code.clone();
    for &c in &chain[1..] {
        // "swore/vowed to fight": a commitment, whatever the verb's own block says
        let gov = preds[c].governor.unwrap_or(c);
        let lemma = &d.verbs.forms[preds[gov].form as usize].lemma;
        let g = if matches!(lemma.as_str(), "SWEAR" | "VOW") {
            Some("030".to_string())
        } else {
            code.clone()
        };
        code = combine::combine(g.as_deref(), preds[c].code.as_deref());
    }
    let base_code = chain.last().and_then(|&c| preds[c].code.clone());
    Some(Chain {
        code: CameoCode::new(&code?).ok()?,
        preds: chain,
        base_code,
    })
}

/// The sentence ends with a question mark.
fn is_question(s: &Sent) -> bool {
    s.low
        .iter()
        .rev()
        .find(|t| !matches!(t.as_str(), "\"" | "'" | "”" | ")"))
        .is_some_and(|t| t == "?")
}

/// One sentence's coded predicates and what every head predicate's steps read.
struct Heads<'a> {
    env: &'a Env<'a>,
    doc: &'a AnnotatedDoc,
    si: usize,
    ctx: &'a SentenceCtx<'a>,
    preds: &'a [Pred],
    resolver: &'a Resolver<'a>,
    semis: Vec<usize>,
    verbs: Vec<usize>,
}

/// Steps 4–8 for every head predicate: roles, modality, context, drafts, gate, events.
fn events_of(
    env: &Env,
    doc: &AnnotatedDoc,
    si: usize,
    ctx: &SentenceCtx,
    preds: &[Pred],
    resolver: &Resolver,
    trace: &mut Vec<String>,
) -> Vec<Event> {
    let heads = Heads {
        env,
        doc,
        si,
        ctx,
        preds,
        resolver,
        semis: semicolons(&ctx.s),
        verbs: preds.iter().map(|q| q.verb).collect(),
    };
    let mut events = Vec::new();
    for (pi, chain) in event_heads(env.dict, preds) {
        let (template, args) = heads.candidate(pi, &chain, trace);
        for draft in drafts(ctx, resolver, &args, template) {
            // step 8: the gate
            match gate::check(env.lex, &draft) {
                Ok(()) => events.push(draft.build(doc, env.codebook)),
                Err(why) if env.explain => trace.push(rejection_line(&draft, &why)),
                Err(_) => {}
            }
        }
    }
    events
}

impl Heads<'_> {
    /// Steps 4–6 for the head predicate `pi` with its chain: roles, modality and attribution,
    /// date and place; the draft every conjunct pair starts from, and the roles.
    fn candidate(&self, pi: usize, chain: &Chain, trace: &mut Vec<String>) -> (EventDraft, Args) {
        let (env, ctx, preds) = (self.env, self.ctx, self.preds);
        let p = &preds[pi];
        let (lo, hi) = clause_of(&self.semis, ctx.s.len(), p.verb);
        // step 4: roles
        let args = arguments(ctx, preds, pi, &chain.preds, lo, hi);
        // step 5: modality and attribution
        let attribution = attribution(ctx, preds, pi, self.resolver);
        let (code, mode, cues) = settle_code(env, ctx, preds, pi, chain, &args, &attribution, lo);
        // step 6: date and place
        let own: Vec<usize> = chain.preds.iter().map(|&c| preds[c].verb).collect();
        let site = PredSite {
            own: &own,
            verb: p.verb,
            verbs: &self.verbs,
        };
        let (date, date_factor) = event_date(self.doc, env.context, self.si, ctx, &site);
        let place = event_place(env.context, self.si, ctx, &site, &code, args.target);
        let last = &preds[*chain.preds.last().unwrap_or(&pi)];
        if env.explain {
            let line = candidate_line(ctx, &code, p, last, &args, mode, &cues, &attribution);
            trace.push(line);
        }
        let draft = EventDraft {
            sentence: self.si,
            code,
            source: None,
            target: None,
            predicate: tok_span(ctx.toks, p.start, last.end.max(p.end)),
            lemma: head_lemma(env.dict, last),
            statement: p.reporting && !p.demands,
            passive: p.passive,
            modality: mode,
            attribution,
            rule: rule_of(env.dict, preds, pi, &chain.preds),
            evidence: Evidence {
                pattern: p.best.is_some(),
                source: args.source.is_some(),
                target: args.target.is_some(),
                parsed: ctx.parsed,
                date_factor,
            },
            date,
            place,
            conjunct: 0,
        };
        (draft, args)
    }
}

/// The `explain` line of a candidate the gate rejected.
fn rejection_line(draft: &EventDraft, why: &gate::Rejection) -> String {
    format!(
        "    not an event: {} {} -> {}: {why}",
        draft.code,
        draft.source.as_ref().map_or("-", |a| a.code.as_str()),
        draft.target.as_ref().map_or("-", |a| a.code.as_str()),
    )
}

/// Step 7: one draft per coded conjunct pair ("Russia and Iran" → two sources), at most 16.
/// A side with no mention or no coded conjunct stays `None`; nothing is filled in.
fn drafts(
    ctx: &SentenceCtx,
    resolver: &Resolver,
    args: &Args,
    template: EventDraft,
) -> Vec<EventDraft> {
    let coded = |mention: Option<usize>| -> Vec<Option<&crate::resolve::Resolved>> {
        let v: Vec<_> = mention.map_or(Vec::new(), |m| {
            ctx.mentions[m]
                .actors
                .iter()
                .filter(|a| !a.code.is_empty())
                .map(Some)
                .collect()
        });
        if v.is_empty() {
            vec![None]
        } else {
            v
        }
    };
    let srcs = coded(args.source);
    let tgts = coded(args.target);
    let mut out = Vec::new();
    for (k, (src, tgt)) in srcs
        .iter()
        .flat_map(|a| tgts.iter().map(move |b| (a, b)))
        .take(16)
        .enumerate()
    {
        if src.is_none() && tgt.is_none() {
            continue;
        }
        // the same words cannot be both sides
        let tgt = match (src, tgt) {
            (Some(a), Some(b)) if a.start == b.start && a.end == b.end => &None,
            _ => tgt,
        };
        let mut d = template.clone();
        d.source = src.map(|a| to_actor(ctx, resolver, a));
        d.target = tgt.map(|a| to_actor(ctx, resolver, a));
        d.conjunct = k;
        out.push(d);
        // The reverse code of a pair ("[042:043]") is not coded as a second, mirrored event:
        // PETRARCH-1 emitted one, but it double-counts a single reported interaction (every
        // visit would also be a hosting). The pair stays visible in the rule.
    }
    out
}

/// Step 5: the modality decision and what it does to the code (see [`modal_code`]).
#[allow(clippy::too_many_arguments)]
fn settle_code(
    env: &Env,
    ctx: &SentenceCtx,
    preds: &[Pred],
    pi: usize,
    chain: &Chain,
    args: &Args,
    attribution: &Option<Attribution>,
    lo: usize,
) -> (CameoCode, Modality, Vec<crate::modality::ModalityCue>) {
    let mc = decide_modality(env, ctx, preds, pi, chain, args, lo);
    let last_end = preds[*chain.preds.last().unwrap_or(&pi)].end;
    let speaker = speaker_is_subject(ctx, args, attribution);
    let (code, mut mode) = modal_code(&ctx.s, &preds[pi], chain, &mc, speaker, last_end);
    if mode == Modality::Asserted && attribution.is_some() {
        mode = Modality::Reported;
    }
    (code, mode, mc.cues)
}

/// The modality of head predicate `pi`: auxiliaries are looked for after its source (or in
/// the four words before it), hedges from the last reporting verb before it; a statement
/// itself is asserted (or a question) even when it talks about the future.
fn decide_modality(
    env: &Env,
    ctx: &SentenceCtx,
    preds: &[Pred],
    pi: usize,
    chain: &Chain,
    args: &Args,
    lo: usize,
) -> ModalityDecision {
    let s = &ctx.s;
    let p = &preds[pi];
    let last = &preds[*chain.preds.last().unwrap_or(&pi)];
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
    let window = lo.max(report_lo.min(p.start));
    let mut mc = modality(env.lex, s, lo, window, aux_lo, p.start, last.end);
    if p.reporting && !p.denying {
        mc.modality = if is_question(s) {
            Modality::Question
        } else {
            Modality::Asserted
        };
    }
    mc
}

/// What the modality does to the chain's code: a cooperative act stated for the future is an
/// intent, "will not accept" a refusal, a speaker's own future force a threat, a future act
/// conditional on the other side ("unless") an ultimatum. Returns the code and the modality
/// (asserted once the code says what was said).
fn modal_code(
    s: &Sent,
    p: &Pred,
    chain: &Chain,
    mc: &ModalityDecision,
    speaker_is_subject: bool,
    last_end: usize,
) -> (CameoCode, Modality) {
    let mut code = chain.code.to_string();
    let mut mode = mc.modality;
    let future = |m: Modality| matches!(m, Modality::Future | Modality::Hypothetical);
    if future(mode) && !p.demands && matches!(code.get(..2), Some("04" | "05" | "06" | "07" | "08"))
    {
        // CAMEO/PLOVER: a cooperative action announced for the future is an expressed intent
        if let Some(c) = combine::intent(&code) {
            code = c;
        }
    }
    let negated_future = mc.cues.iter().any(|c| c.is_negation_particle())
        && mc.cues.iter().any(|c| c.is_future_or_would());
    if negated_future {
        // "will not accept refugees", "would never allow": a refusal
        if let Some(c) = chain.base_code.as_deref().and_then(combine::reject) {
            code = c;
            mode = Modality::Asserted;
        }
    }
    if future(mode) && is_force(&code) && speaker_is_subject {
        if let Some(c) = combine::threaten(&code) {
            code = c;
            mode = Modality::Asserted;
        }
    }
    // "X will withdraw its force unless Y ...": a future act made conditional on the other
    // side's compliance is an ultimatum (CAMEO 139) or a threat of that act
    if future(mode) && !code.starts_with("13") && (last_end..s.len()).any(|k| s.low[k] == "unless")
    {
        code = if is_force(&code) {
            combine::threaten(&code).unwrap_or_else(|| "130".into())
        } else {
            "139".into()
        };
        mode = Modality::Asserted;
    }
    // the arithmetic above only rewrites valid codes into valid codes
    let code = CameoCode::new(&code).unwrap_or_else(|_| chain.code.clone());
    (code, mode)
}

/// "X said it will ...": the subject is the speaker — a pronoun, or a subject we could not
/// resolve, refers to the speaker even when the speaker is not in the dictionaries.
fn speaker_is_subject(ctx: &SentenceCtx, args: &Args, attribution: &Option<Attribution>) -> bool {
    let Some(a) = attribution else {
        return false;
    };
    let speaker = a.actor.as_ref().map(|x| x.code.as_str());
    match args.source {
        None => a.cue != "according to",
        Some(sm) => {
            ctx.mentions[sm].pronoun
                || ctx.mentions[sm]
                    .actors
                    .iter()
                    .any(|x| Some(x.code.as_str()) == speaker)
        }
    }
}

/// The dictionary rule that fired: file, block and pattern (or the verb's own code), plus the
/// chain's verbs and codes.
fn rule_of(d: &Dictionaries, preds: &[Pred], pi: usize, chain: &[usize]) -> String {
    let p = &preds[pi];
    let form = &d.verbs.forms[p.form as usize];
    let block = &d.verbs.blocks[form.block as usize];
    let rule = match &p.best {
        Some((bi, _)) => {
            let pat = &block.patterns[*bi];
            format!(
                "{}:{}:{}",
                pat.file.trim_end_matches(".txt"),
                block.name,
                pat.text
            )
        }
        None => format!(
            "{}:{}:{} [{}]",
            block.file.trim_end_matches(".txt"),
            block.name,
            form.lemma,
            d.verbs.form_code(p.form).display()
        ),
    };
    if chain.len() < 2 {
        return rule;
    }
    let parts: Vec<String> = chain
        .iter()
        .map(|&c| {
            let f = &d.verbs.forms[preds[c].form as usize];
            format!("{}[{}]", f.lemma, preds[c].code.as_deref().unwrap_or("---"))
        })
        .collect();
    format!("{rule} + chain {}", parts.join(" > "))
}

/// The `explain` line of a candidate.
#[allow(clippy::too_many_arguments)]
fn candidate_line(
    ctx: &SentenceCtx,
    code: &CameoCode,
    p: &Pred,
    last: &Pred,
    args: &Args,
    mode: Modality,
    cues: &[crate::modality::ModalityCue],
    attribution: &Option<Attribution>,
) -> String {
    let s = &ctx.s;
    let words = |m: Option<usize>| {
        m.map_or("-".into(), |m| {
            s.text[ctx.mentions[m].start..ctx.mentions[m].end].join(" ")
        })
    };
    let cues: Vec<String> = cues.iter().map(ToString::to_string).collect();
    format!(
        "  candidate {} from {:?}: source {} target {} ({}) modality {} cues {:?}{}",
        code,
        s.text[p.start..last.end.max(p.end)].join(" "),
        words(args.source),
        words(args.target),
        args.how,
        mode,
        cues,
        attribution.as_ref().map_or(String::new(), |a| format!(
            " attributed to {:?} ({})",
            a.text, a.cue
        )),
    )
}
