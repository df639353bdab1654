//! The pipeline stage: tokenise, tag, lemmatise and parse a document.

use crate::lemma::Lemmatizer;
use crate::model_io::{self, PARSER_FILE, PARSER_VERSION, TAGGER_FILE, TAGGER_VERSION};
use crate::parser::{ParseInput, Parser};
use crate::tagger::Tagger;
use std::path::Path;
use vigil_core::{AnnotatedDoc, Annotator, Sentence, Span, Token};
use vigil_text::tokenize;

/// Longest sentence handed to the tagger, parser and later stages, in tokens. Real sentences
/// are far shorter; a run-on "sentence" (headlines without full stops, a table, a megabyte with
/// no full stop) is cut into pieces of at most this many tokens, at a line break when there is
/// one, so the work and memory per sentence stay bounded whatever the input.
pub const MAX_SENTENCE_TOKENS: usize = 150;

/// Splits every sentence longer than [`MAX_SENTENCE_TOKENS`]; returns the sentences and how
/// many were split. A post-pass over the tokenizer's output, linear in the tokens.
pub fn cap_sentences(
    text: &str,
    sentences: Vec<Sentence>,
    tokens: &[Token],
) -> (Vec<Sentence>, usize) {
    let mut out = Vec::with_capacity(sentences.len());
    let mut split = 0;
    for s in sentences {
        if s.token_end - s.token_start <= MAX_SENTENCE_TOKENS {
            out.push(s);
            continue;
        }
        split += 1;
        let mut start = s.token_start;
        while start < s.token_end {
            let mut end = (start + MAX_SENTENCE_TOKENS).min(s.token_end);
            if end < s.token_end {
                // The last line break in the second half of the piece, if any.
                let line_break = |k: &usize| {
                    text.get(tokens[*k - 1].span.end()..tokens[*k].span.start())
                        .is_some_and(|gap| gap.contains('\n'))
                };
                if let Some(k) = (start + MAX_SENTENCE_TOKENS / 2..end)
                    .rev()
                    .find(line_break)
                {
                    end = k;
                }
            }
            out.push(Sentence {
                span: Span::new(tokens[start].span.start(), tokens[end - 1].span.end()),
                token_start: start,
                token_end: end,
            });
            start = end;
        }
    }
    (out, split)
}

/// Tagger plus lemmatiser, stored together in `tagger.bin.gz`.
pub struct TaggerBundle {
    /// POS tagger.
    pub tagger: Tagger,
    /// Lemmatiser.
    pub lemmatizer: Lemmatizer,
}

/// File kind tags in model headers.
pub(crate) const TAGGER_KIND: &[u8; 4] = b"TAGR";
pub(crate) const PARSER_KIND: &[u8; 4] = b"PARS";

impl TaggerBundle {
    /// Loads `tagger.bin.gz`.
    pub fn load(path: &Path) -> anyhow::Result<TaggerBundle> {
        model_io::load(path, TAGGER_KIND, TAGGER_VERSION, |r| {
            let mut r = r;
            let tagger = Tagger::read(&mut r)?;
            let lemmatizer = Lemmatizer::read(&mut r)?;
            Ok(TaggerBundle { tagger, lemmatizer })
        })
    }

    /// Saves to `path`.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        model_io::save(path, TAGGER_KIND, TAGGER_VERSION, |w| {
            let mut w = w;
            self.tagger.write(&mut w)?;
            self.lemmatizer.write(&mut w)
        })
    }
}

/// Loads a parser file.
pub fn load_parser(path: &Path) -> anyhow::Result<Parser> {
    model_io::load(path, PARSER_KIND, PARSER_VERSION, |r| {
        let mut r = r;
        Parser::read(&mut r)
    })
}

/// Saves a parser file.
pub fn save_parser(parser: &Parser, path: &Path) -> anyhow::Result<()> {
    model_io::save(path, PARSER_KIND, PARSER_VERSION, |w| {
        let mut w = w;
        parser.write(&mut w)
    })
}

/// The linguistic stage (`name() == "nlp"`).
pub struct Nlp {
    tagger: Option<TaggerBundle>,
    parser: Option<Parser>,
}

/// Annotation of one pre-tokenised word (see [`Nlp::annotate_tokens`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordAnnotation {
    /// The word.
    pub form: String,
    /// Universal POS.
    pub upos: String,
    /// PTB POS.
    pub xpos: String,
    /// Lemma.
    pub lemma: String,
    /// Head index within the sentence (0-based); `None` for the root.
    pub head: Option<usize>,
    /// Dependency relation.
    pub deprel: String,
}

impl Nlp {
    /// Loads `tagger.bin.gz` and `parser.bin.gz` from `models_dir` (e.g. `data/models`).
    pub fn load(models_dir: &Path) -> anyhow::Result<Nlp> {
        let tagger = TaggerBundle::load(&models_dir.join(TAGGER_FILE))?;
        let parser = load_parser(&models_dir.join(PARSER_FILE))?;
        Ok(Nlp {
            tagger: Some(tagger),
            parser: Some(parser),
        })
    }

    /// Loads the tagger only (no dependency parse).
    pub fn load_tagger_only(models_dir: &Path) -> anyhow::Result<Nlp> {
        let tagger = TaggerBundle::load(&models_dir.join(TAGGER_FILE))?;
        Ok(Nlp {
            tagger: Some(tagger),
            parser: None,
        })
    }

    /// Tokeniser and sentence splitter only: tokens carry no tags or parse.
    pub fn tokenizer_only() -> Nlp {
        Nlp {
            tagger: None,
            parser: None,
        }
    }

    /// Builds a stage from already-loaded parts.
    pub fn from_parts(tagger: Option<TaggerBundle>, parser: Option<Parser>) -> Nlp {
        Nlp { tagger, parser }
    }

    /// Removes the parser from this stage, which then tags only, so that a later stage can
    /// parse just the sentences it reads (see [`parse_sentence`]).
    pub fn take_parser(&mut self) -> Option<Parser> {
        self.parser.take()
    }

    /// Drops small weights from the loaded models (size/speed experiments).
    #[doc(hidden)]
    pub fn prune_models(&mut self, tagger: f32, parser: f32) {
        if let Some(t) = &mut self.tagger {
            t.tagger.prune(tagger);
        }
        if let Some(p) = &mut self.parser {
            p.prune(parser);
        }
    }

    /// `(features, weights)` of the tagger and parser models, for reporting.
    pub fn model_sizes(&self) -> ((usize, usize), (usize, usize)) {
        (
            self.tagger.as_ref().map_or((0, 0), |t| t.tagger.size()),
            self.parser.as_ref().map_or((0, 0), Parser::size),
        )
    }

    /// Whether a tagger is loaded.
    pub fn has_tagger(&self) -> bool {
        self.tagger.is_some()
    }

    /// Whether a parser is loaded.
    pub fn has_parser(&self) -> bool {
        self.parser.is_some()
    }

    /// Tags, lemmatises and parses one pre-tokenised sentence (empty fields for missing models).
    pub fn annotate_tokens(&self, words: &[&str]) -> Vec<WordAnnotation> {
        let mut out: Vec<WordAnnotation> = words
            .iter()
            .map(|w| WordAnnotation {
                form: w.to_string(),
                upos: String::new(),
                xpos: String::new(),
                lemma: String::new(),
                head: None,
                deprel: String::new(),
            })
            .collect();
        let Some(tb) = &self.tagger else { return out };
        let tags = tb.tagger.tag(words);
        for (o, (u, x)) in out.iter_mut().zip(&tags) {
            o.upos = u.to_string();
            o.xpos = x.to_string();
            o.lemma = tb.lemmatizer.lemma(&o.form, u, x);
        }
        if let Some(p) = &self.parser {
            let inputs: Vec<ParseInput> = words
                .iter()
                .zip(&tags)
                .map(|(w, (u, x))| ParseInput {
                    form: w,
                    upos: u,
                    xpos: x,
                })
                .collect();
            for (o, (h, l)) in out.iter_mut().zip(p.parse(&inputs)) {
                o.head = h;
                o.deprel = l;
            }
        }
        out
    }

    /// Annotates one sentence's tokens in place.
    pub fn annotate_sentence(&self, tokens: &mut [Token]) {
        if self.tagger.is_none() {
            return;
        }
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let ann = self.annotate_tokens(&words);
        for (t, a) in tokens.iter_mut().zip(ann) {
            t.upos = a.upos;
            t.xpos = a.xpos;
            t.lemma = a.lemma;
            t.head = a.head;
            t.deprel = a.deprel;
        }
    }
}

/// Parses one tagged sentence's tokens in place, exactly as [`Nlp`] would have (the stage that
/// took the parser with [`Nlp::take_parser`] calls this); untagged tokens are left unparsed.
pub fn parse_sentence(parser: &Parser, tokens: &mut [Token]) {
    if tokens.is_empty() || tokens.iter().any(|t| t.upos.is_empty()) {
        return;
    }
    let inputs: Vec<ParseInput> = tokens
        .iter()
        .map(|t| ParseInput {
            form: &t.text,
            upos: &t.upos,
            xpos: &t.xpos,
        })
        .collect();
    let parse = parser.parse(&inputs);
    for (t, (h, l)) in tokens.iter_mut().zip(parse) {
        t.head = h;
        t.deprel = l;
    }
}

impl Annotator for Nlp {
    fn name(&self) -> &str {
        "nlp"
    }

    fn annotate(&self, doc: &mut AnnotatedDoc) -> anyhow::Result<()> {
        let (sentences, mut tokens) = tokenize(&doc.doc.text);
        let (sentences, split) = cap_sentences(&doc.doc.text, sentences, &tokens);
        if split > 0 {
            doc.notes.push(format!(
                "{split} sentence(s) longer than {MAX_SENTENCE_TOKENS} tokens split into pieces"
            ));
        }
        for s in &sentences {
            self.annotate_sentence(&mut tokens[s.token_start..s.token_end]);
        }
        debug_assert!(tokens
            .iter()
            .all(|t| Span::checked(t.span.start(), t.span.end()).is_ok()));
        doc.sentences = sentences;
        doc.tokens = tokens;
        Ok(())
    }
}
