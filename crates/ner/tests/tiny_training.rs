//! Trains on a handful of hand-written sentences (no research data needed), then checks the
//! model round trip, the annotator and the scorer.

use vigil_core::{AnnotatedDoc, Annotator, Document, Sentence, Span, Token};
use vigil_ner::{conll, eval_docs, train_docs, Gazetteer, Model, Ner, TrainOptions};

const TRAIN: &str = "\
-DOCSTART- -X- -X- O

John NNP B-NP B-PER
Smith NNP I-NP I-PER
visited VBD B-VP O
Paris NNP B-NP B-LOC
. . O O

The DT B-NP O
United NNP I-NP B-ORG
Nations NNP I-NP I-ORG
met VBD B-VP O
in IN B-PP O
Geneva NNP B-NP B-LOC
. . O O

-DOCSTART- -X- -X- O

Mary NNP B-NP B-PER
Jones NNP I-NP I-PER
works VBZ B-VP O
for IN B-PP O
Acme NNP B-NP B-ORG
Corp NNP I-NP I-ORG
in IN B-PP O
London NNP B-NP B-LOC
. . O O

She PRP B-NP O
spoke VBD B-VP O
French JJ B-NP B-MISC
in IN B-PP O
Berlin NNP B-NP B-LOC
. . O O

Peter NNP B-NP B-PER
Brown NNP I-NP I-PER
joined VBD B-VP O
Acme NNP B-NP B-ORG
Corp NNP I-NP I-ORG
. . O O
";

fn tiny_gazetteer() -> Gazetteer {
    Gazetteer::from_lists(&[
        ("loc", &["paris", "london", "geneva", "berlin", "madrid"]),
        ("org", &["united nations"]),
        ("per", &["john smith"]),
        ("misc", &["french", "german"]),
    ])
}

fn tiny_model() -> Ner {
    let docs = conll::parse(TRAIN);
    let opts = TrainOptions {
        epochs: 8,
        folds: 2,
        ensemble: 2,
        word_classes: false,
        prune: 0.0,
        ..TrainOptions::default()
    };
    let mut log = String::new();
    let ner = train_docs(
        &docs,
        None,
        tiny_gazetteer(),
        vigil_ner::WordClasses::default(),
        &opts,
        &mut log,
    )
    .expect("training");
    assert!(log.contains("stage 1 trained"), "{log}");
    ner
}

#[test]
fn learns_training_sentences_and_is_deterministic() {
    let ner = tiny_model();
    assert_eq!(ner.labels(), ["LOC", "MISC", "ORG", "PER"]);
    let tags = ner.tag(&[
        "Mary", "Jones", "works", "for", "Acme", "Corp", "in", "London", ".",
    ]);
    assert_eq!(
        tags,
        ["B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]
    );
    let again = tiny_model();
    let s = ["Peter", "Brown", "visited", "Madrid", "."];
    assert_eq!(ner.tag(&s), again.tag(&s));
    // Scoring the training data itself.
    let v = eval_docs(&ner, &conll::parse(TRAIN), "train");
    assert_eq!(v["entities_gold"], 11);
    assert!(v["f1"].as_f64().unwrap_or(0.0) > 0.9, "{v}");
    assert!(v["per_label"]["PER"]["f1"].is_number());
    // The same through a file.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("train.txt");
    std::fs::write(&path, TRAIN).expect("write");
    let w = vigil_ner::eval_conll(&ner, &path).expect("eval file");
    assert_eq!(w["f1"], v["f1"]);
    assert_eq!(w["sentences"], 5);
}

#[test]
fn model_round_trip_gives_identical_output() {
    let ner = tiny_model();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ner.model");
    ner.model().save(&path).expect("save");
    let back = Ner::from_parts(Model::load(&path).expect("load"), tiny_gazetteer()).expect("parts");
    for s in [
        &["John", "Smith", "visited", "Geneva", "."][..],
        &[
            "The", "United", "Nations", "met", "Peter", "Brown", "in", "Berlin", ".",
        ][..],
        &["Nobody", "knows", "Xyzzy", "Qux", "Inc", "."][..],
    ] {
        assert_eq!(ner.tag(s), back.tag(s));
    }
    // A different gazetteer is refused.
    let other = Gazetteer::from_lists(&[("loc", &["rome"])]);
    assert!(Ner::from_parts(Model::load(&path).expect("load"), other).is_err());
    // Garbage is refused.
    std::fs::write(&path, b"not a model").expect("write");
    assert!(Model::load(&path).is_err());
}

#[test]
fn annotator_adds_entities_with_spans() {
    let ner = tiny_model();
    let text = "Mary Jones works for Acme Corp in London. She spoke French in Berlin.";
    let mut doc = AnnotatedDoc::new(Document::new(None, text.to_string()));
    let mut pos = 0;
    for (si, sent) in [
        &[
            "Mary", "Jones", "works", "for", "Acme", "Corp", "in", "London", ".",
        ][..],
        &["She", "spoke", "French", "in", "Berlin", "."][..],
    ]
    .iter()
    .enumerate()
    {
        let start_tok = doc.tokens.len();
        for w in sent.iter() {
            let at = text[pos..].find(w).expect("token in text") + pos;
            doc.tokens.push(Token::new(Span::new(at, at + w.len()), *w));
            pos = at + w.len();
        }
        let first = doc.tokens[start_tok].span.start();
        let last = doc.tokens[doc.tokens.len() - 1].span.end();
        doc.sentences.push(Sentence {
            span: Span::new(first, last),
            token_start: start_tok,
            token_end: doc.tokens.len(),
        });
        assert_eq!(si + 1, doc.sentences.len());
    }
    ner.annotate(&mut doc).expect("annotate");
    assert_eq!(ner.name(), "ner");
    let got: Vec<(String, String, usize, usize)> = doc
        .entities
        .iter()
        .map(|e| {
            (
                doc.text_of(e.span).to_string(),
                e.label.clone(),
                e.token_start,
                e.token_end,
            )
        })
        .collect();
    assert!(
        got.contains(&("Mary Jones".into(), "PER".into(), 0, 2)),
        "{got:?}"
    );
    assert!(
        got.contains(&("Acme Corp".into(), "ORG".into(), 4, 6)),
        "{got:?}"
    );
    assert!(
        got.contains(&("Berlin".into(), "LOC".into(), 13, 14)),
        "{got:?}"
    );
    assert!(doc.entities.iter().all(|e| e.source == "ner"));
}

#[test]
fn shipped_model_loads_and_tags() {
    let data = vigil_core::paths::data_dir();
    let models = data.join("models");
    if !models.join(vigil_ner::MODEL_FILE).is_file() {
        eprintln!("skipping: no shipped NER model in {}", models.display());
        return;
    }
    let ner = Ner::load(&models, &data).expect("shipped model loads");
    let tags = ner.tag(&[
        "German",
        "Chancellor",
        "Angela",
        "Merkel",
        "visited",
        "Paris",
        ".",
    ]);
    assert_eq!(tags.len(), 7);
    assert_eq!(tags[5], "B-LOC");
}
