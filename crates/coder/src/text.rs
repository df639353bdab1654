//! The coder's token layer when a document has none: the workspace tokenizer
//! (`vigil_nlp::tokenize`, the one the NLP stage runs), so that the coder still works (and its
//! tests run) on untagged text and splits it exactly as the pipeline and the dictionaries do.

use vigil_core::{AnnotatedDoc, Sentence};

/// Splits text into words with the workspace tokenizer.
pub fn words(text: &str) -> Vec<String> {
    let (_, tokens) = vigil_nlp::tokenize(text);
    tokens.into_iter().map(|t| t.text).collect()
}

/// Fills `sentences` and `tokens` with the workspace tokenizer when the token layer is empty;
/// a token layer without sentences gets one sentence.
pub fn ensure_tokens(doc: &mut AnnotatedDoc) {
    if !doc.tokens.is_empty() {
        if doc.sentences.is_empty() {
            let end = doc.tokens.len();
            let span = doc.tokens[0].span.cover(doc.tokens[end - 1].span);
            doc.sentences.push(Sentence {
                span,
                token_start: 0,
                token_end: end,
            });
        }
        return;
    }
    let (sentences, tokens) = vigil_nlp::tokenize(&doc.doc.text);
    doc.sentences = sentences;
    doc.tokens = tokens;
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::Document;

    #[test]
    fn splits_possessives_and_sentences_like_the_pipeline() {
        let mut d = AnnotatedDoc::new(Document::new(
            None,
            "Mr. Smith went to Ruritania's capital. He met the U.S. envoy there.".into(),
        ));
        ensure_tokens(&mut d);
        assert_eq!(d.sentences.len(), 2, "{:?}", d.sentences);
        assert_eq!(
            d.text_of(d.sentences[0].span),
            "Mr. Smith went to Ruritania's capital."
        );
        assert!(words("Ruritania's envoy").contains(&"'s".to_string()));
    }
}
