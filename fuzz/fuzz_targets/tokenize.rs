//! The tokenizer and sentence splitter: spans must be in bounds, on char boundaries and in order.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (sentences, tokens) = vigil_nlp::tokenize(text);
    let mut last = 0;
    for t in &tokens {
        assert!(t.span.start() >= last && t.span.end() <= text.len());
        assert!(text.is_char_boundary(t.span.start()) && text.is_char_boundary(t.span.end()));
        last = t.span.start();
    }
    for s in &sentences {
        assert!(s.token_start <= s.token_end && s.token_end <= tokens.len());
    }
});
