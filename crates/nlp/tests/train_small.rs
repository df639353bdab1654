//! Trains tiny models on a handful of hand-written sentences so CI exercises the training,
//! saving and loading code without the full treebank.

use std::path::Path;
use vigil_core::{AnnotatedDoc, Annotator, Document};
use vigil_nlp::{train, Nlp, TrainOptions, TrainTarget};

const TINY: &str = "\
# text = The minister visited Paris.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_
4\tParis\tParis\tPROPN\tNNP\t_\t3\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# text = Rebels attacked the town on Monday.
1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\ttown\ttown\tNOUN\tNN\t_\t2\tobj\t_\t_
5\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_
6\tMonday\tMonday\tPROPN\tNNP\t_\t2\tobl:tmod\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = She met the president and held talks.
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tpresident\tpresident\tNOUN\tNN\t_\t2\tobj\t_\t_
5\tand\tand\tCCONJ\tCC\t_\t6\tcc\t_\t_
6\theld\thold\tVERB\tVBD\t_\t2\tconj\t_\t_
7\ttalks\ttalk\tNOUN\tNNS\t_\t6\tobj\t_\tSpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = Police did n't arrest anyone.
1\tPolice\tpolice\tNOUN\tNNS\t_\t4\tnsubj\t_\t_
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tarrest\tarrest\tVERB\tVB\t_\t0\troot\t_\t_
5\tanyone\tanyone\tPRON\tNN\t_\t4\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

";

fn write_treebank(dir: &Path) {
    std::fs::write(dir.join("tiny-ud-train.conllu"), TINY).unwrap();
    std::fs::write(dir.join("tiny-ud-dev.conllu"), TINY).unwrap();
}

fn opts() -> TrainOptions {
    let mut o = TrainOptions::default().with_epochs(5);
    o.jackknife = 2;
    o.tagger.two_pass_folds = 2;
    o.verbose = false;
    o
}

fn annotate(nlp: &Nlp, text: &str) -> AnnotatedDoc {
    let mut d = AnnotatedDoc::new(Document::new(None, text.to_string()));
    nlp.annotate(&mut d).unwrap();
    d
}

#[test]
fn tiny_training_is_deterministic_and_round_trips() {
    let tb = tempfile::tempdir().unwrap();
    write_treebank(tb.path());
    let out1 = tempfile::tempdir().unwrap();
    let out2 = tempfile::tempdir().unwrap();
    for out in [out1.path(), out2.path()] {
        let s = train(TrainTarget::Tagger, tb.path(), out, &opts()).unwrap();
        assert!(s.contains("dev"), "{s}");
        let s = train(TrainTarget::Parser, tb.path(), out, &opts()).unwrap();
        assert!(s.contains("uas"), "{s}");
    }
    for f in ["tagger.bin.gz", "parser.bin.gz"] {
        let a = std::fs::read(out1.path().join(f)).unwrap();
        let b = std::fs::read(out2.path().join(f)).unwrap();
        assert_eq!(a, b, "{f} differs between identical training runs");
    }
    let nlp = Nlp::load(out1.path()).unwrap();
    let nlp2 = Nlp::load(out2.path()).unwrap();
    let text = "The minister visited Paris. Rebels attacked the town on Monday.";
    let d = annotate(&nlp, text);
    assert_eq!(d, annotate(&nlp2, text));
    assert_eq!(d.sentences.len(), 2);
    for s in 0..d.sentences.len() {
        let toks = d.sentence_tokens(s);
        let roots = toks.iter().filter(|t| t.head.is_none()).count();
        assert_eq!(roots, 1, "exactly one root per sentence");
        for t in toks {
            assert!(!t.upos.is_empty() && !t.xpos.is_empty() && !t.lemma.is_empty());
            assert!(t.head.is_none_or(|h| h < toks.len()));
            assert!(!t.deprel.is_empty());
        }
    }
    // The training sentences themselves are learned.
    assert_eq!(d.tokens[2].upos, "VERB");
    assert_eq!(d.tokens[2].lemma, "visit");
}

#[test]
fn tokenizer_only_and_bad_models() {
    let nlp = Nlp::tokenizer_only();
    assert_eq!(nlp.name(), "nlp");
    let d = annotate(&nlp, "Mr. Smith left. He returned.");
    assert_eq!(d.sentences.len(), 2);
    assert!(d
        .tokens
        .iter()
        .all(|t| t.upos.is_empty() && t.head.is_none()));
    let dir = tempfile::tempdir().unwrap();
    assert!(Nlp::load(dir.path()).is_err());
    std::fs::write(dir.path().join("tagger.bin.gz"), b"not a model").unwrap();
    assert!(Nlp::load(dir.path()).is_err());
    // A parser file from a future format version is refused with a clear message.
    let p = dir.path().join("parser.bin.gz");
    vigil_nlp::model_io::save(&p, b"PARS", 99, |w| w.write_all(b"x")).unwrap();
    let err = vigil_nlp::annotate::load_parser(&p).err().unwrap();
    assert!(format!("{err:#}").contains("version 99"), "{err:#}");
}

#[test]
fn shipped_models_load_when_present() {
    let models = vigil_core::paths::data_dir().join("models");
    if !models.join("parser.bin.gz").exists() {
        eprintln!("skipping: no shipped models in {}", models.display());
        return;
    }
    let nlp = Nlp::load(&models).unwrap();
    let d = annotate(
        &nlp,
        "The Russian president met Chinese leaders in Beijing on Tuesday.",
    );
    let met = d.tokens.iter().find(|t| t.text == "met").unwrap();
    assert_eq!(met.lemma, "meet");
    assert_eq!(met.upos, "VERB");
    let d = annotate(
        &nlp,
        "He visited Kyiv and held talks after troops fought rebels.",
    );
    let lemma = |w: &str| d.tokens.iter().find(|t| t.text == w).unwrap().lemma.clone();
    assert_eq!(lemma("visited"), "visit");
    assert_eq!(lemma("held"), "hold");
    assert_eq!(lemma("fought"), "fight");
    assert_eq!(lemma("talks"), "talk");
}

#[test]
fn in_memory_models_match_saved_and_loaded_models() {
    use vigil_nlp::annotate::save_parser;
    use vigil_nlp::lemma::Lemmatizer;
    use vigil_nlp::parser::{Parser, ParserOptions};
    use vigil_nlp::tagger::{Tagger, TaggerOptions};
    use vigil_nlp::TaggerBundle;

    let sents = vigil_nlp::conllu::parse(TINY).unwrap();
    let mut quiet = |_: &str| {};
    let topts = TaggerOptions {
        epochs: 4,
        ..TaggerOptions::default()
    };
    let tagger = Tagger::train(&sents, &topts, &mut quiet);
    let words = sents.iter().flatten().map(|w| {
        (
            w.form.as_str(),
            w.upos.as_str(),
            w.xpos.as_str(),
            w.lemma.as_str(),
        )
    });
    let lemmatizer = Lemmatizer::train(words, "met\tmeet\n");
    let popts = ParserOptions {
        epochs: 4,
        ..ParserOptions::default()
    };
    let parser = Parser::train(&sents, &popts, &mut quiet).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bundle = TaggerBundle { tagger, lemmatizer };
    bundle.save(&dir.path().join("tagger.bin.gz")).unwrap();
    save_parser(&parser, &dir.path().join("parser.bin.gz")).unwrap();
    let mem = Nlp::from_parts(Some(bundle), Some(parser));
    let disk = Nlp::load(dir.path()).unwrap();
    let words = ["She", "visited", "the", "town", "and", "met", "rebels", "."];
    assert_eq!(mem.annotate_tokens(&words), disk.annotate_tokens(&words));
    let text = "Police attacked the minister. She held talks on Monday.";
    assert_eq!(annotate(&mem, text), annotate(&disk, text));
}

#[test]
fn greedy_and_beam_parsers_learn_the_training_trees() {
    use vigil_nlp::parser::{ParseInput, Parser, ParserOptions};

    let sents = vigil_nlp::conllu::parse(TINY).unwrap();
    let mut quiet = |_: &str| {};
    for beam in [1, 4] {
        let popts = ParserOptions {
            epochs: 10,
            beam,
            // Four sentences give small averaged weights; keep them all.
            prune: 0.0,
            ..ParserOptions::default()
        };
        let parser = Parser::train(&sents, &popts, &mut quiet).unwrap();
        for s in &sents {
            let input: Vec<ParseInput> = s
                .iter()
                .map(|w| ParseInput {
                    form: &w.form,
                    upos: &w.upos,
                    xpos: &w.xpos,
                })
                .collect();
            let heads: Vec<usize> = parser
                .parse(&input)
                .iter()
                .map(|(h, _)| h.map_or(0, |h| h + 1))
                .collect();
            let gold: Vec<usize> = s.iter().map(|w| w.head).collect();
            assert_eq!(heads, gold, "beam {beam}");
        }
    }
}
