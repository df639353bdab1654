//! Developer tool: `nlp_tool train tagger|parser TREEBANK_DIR OUT_DIR [EPOCHS]`,
//! `nlp_tool eval MODELS_DIR FILE.conllu`, `nlp_tool bench MODELS_DIR REUTERS_DIR [LIMIT] [OUT.jsonl]`.

use std::path::Path;
use vigil_nlp::{bench_text, read_reuters, train, Nlp, TrainOptions, TrainTarget};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("train") => {
            let target = if args[2] == "tagger" {
                TrainTarget::Tagger
            } else {
                TrainTarget::Parser
            };
            let mut opts = TrainOptions::default();
            if let Some(e) = args.get(5) {
                opts = opts.with_epochs(e.parse()?);
            }
            if let Ok(a) = std::env::var("AMB") {
                opts.tagger.amb_min_count = a.parse()?;
            }
            if let Ok(a) = std::env::var("DICT") {
                opts.tagger.dict_min_share = a.parse()?;
            }
            if let Ok(a) = std::env::var("PRUNE") {
                opts.parser.prune = a.parse()?;
            }
            if let Ok(j) = std::env::var("JACKKNIFE") {
                opts.jackknife = j.parse()?;
            }
            let s = train(target, Path::new(&args[3]), Path::new(&args[4]), &opts)?;
            println!("{s}");
        }
        Some("eval") => {
            let t = std::time::Instant::now();
            let mut nlp = if std::env::var("MODE").as_deref() == Ok("tag") {
                Nlp::load_tagger_only(Path::new(&args[2]))?
            } else {
                Nlp::load(Path::new(&args[2]))?
            };
            if let (Ok(a), Ok(b)) = (std::env::var("PT"), std::env::var("PP")) {
                nlp.prune_models(a.parse()?, b.parse()?);
            }
            eprintln!("sizes {:?}", nlp.model_sizes());
            let sents = vigil_nlp::conllu::read(Path::new(&args[3]))?;
            let v = vigil_nlp::eval::eval_sentences(&nlp, &sents);
            println!("{v} ({:.2}s)", t.elapsed().as_secs_f64());
        }
        Some("bench") => {
            let t = std::time::Instant::now();
            let mut nlp = match std::env::var("MODE").as_deref() {
                Ok("tok") => Nlp::tokenizer_only(),
                Ok("tag") => Nlp::load_tagger_only(Path::new(&args[2]))?,
                _ => Nlp::load(Path::new(&args[2]))?,
            };
            eprintln!("load {:.3}s", t.elapsed().as_secs_f64());
            if let (Ok(a), Ok(b)) = (std::env::var("PT"), std::env::var("PP")) {
                nlp.prune_models(a.parse()?, b.parse()?);
            }
            eprintln!("sizes {:?}", nlp.model_sizes());
            let limit = args.get(4).map(|l| l.parse()).transpose()?;
            let texts = read_reuters(Path::new(&args[3]), limit)?;
            if let Some(out) = args.get(5) {
                vigil_nlp::bench::write_texts_jsonl(&texts, Path::new(out))?;
            }
            let r = bench_text(&nlp, &texts);
            let cpu = r.cpu_seconds.unwrap_or(r.seconds);
            println!(
                "{} (wall {:.0} sent/s; cpu {:.0} sent/s, {:.0} tok/s)",
                serde_json::to_string(&r)?,
                r.sentences as f64 / r.seconds,
                r.sentences as f64 / cpu,
                r.tokens as f64 / cpu
            );
        }
        Some("jack") => {
            // nlp_tool jack TRAIN.conllu OUT.conllu: jackknifed training tags, cached for
            // parser experiments.
            let train = vigil_nlp::conllu::read(Path::new(&args[2]))?;
            let opts = TrainOptions::default();
            let mut log = |s: &str| eprintln!("{s}");
            let tagged =
                vigil_nlp::train::predicted_tags(&train, None, Path::new("."), &opts, &mut log)?;
            let mut out = String::new();
            for s in &tagged {
                for (i, w) in s.iter().enumerate() {
                    out.push_str(&format!(
                        "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                        i + 1,
                        w.form,
                        w.lemma,
                        w.upos,
                        w.xpos,
                        w.head,
                        w.deprel
                    ));
                }
                out.push('\n');
            }
            std::fs::write(&args[3], out)?;
        }
        Some("evalp") => {
            // nlp_tool evalp MODELS_DIR FILE.conllu BEAM PRUNE: the parser decoded with another
            // beam width and pruned, then scored.
            let dir = Path::new(&args[2]);
            let mut parser = vigil_nlp::annotate::load_parser(&dir.join("parser.bin.gz"))?;
            parser.set_beam(args[4].parse()?);
            parser.prune(args[5].parse()?);
            eprintln!("size {:?}", parser.size());
            if let Some(out) = args.get(6) {
                vigil_nlp::annotate::save_parser(&parser, Path::new(out))?;
            }
            let tagger = vigil_nlp::TaggerBundle::load(&dir.join("tagger.bin.gz"))?;
            let nlp = Nlp::from_parts(Some(tagger), Some(parser));
            let sents = vigil_nlp::conllu::read(Path::new(&args[3]))?;
            let t = std::time::Instant::now();
            let v = vigil_nlp::eval::eval_sentences(&nlp, &sents);
            println!("{v} ({:.2}s)", t.elapsed().as_secs_f64());
        }
        Some("ptrain") => {
            // nlp_tool ptrain TAGGED_TRAIN.conllu DEV.conllu MODELS_DIR OUT_PARSER [EPOCHS]
            let tagged = vigil_nlp::conllu::read(Path::new(&args[2]))?;
            let dev = vigil_nlp::conllu::read(Path::new(&args[3]))?;
            let mut opts = vigil_nlp::parser::ParserOptions::default();
            if let Some(e) = args.get(6) {
                opts.epochs = e.parse()?;
            }
            if let Ok(b) = std::env::var("BEAM") {
                opts.beam = b.parse()?;
            }
            if let Ok(a) = std::env::var("PRUNE") {
                opts.prune = a.parse()?;
            }
            let t = std::time::Instant::now();
            let mut log = |s: &str| eprintln!("{s} [{:.0}s]", t.elapsed().as_secs_f64());
            let parser = vigil_nlp::parser::Parser::train(&tagged, &opts, &mut log)?;
            vigil_nlp::annotate::save_parser(&parser, Path::new(&args[5]))?;
            let tagger = vigil_nlp::TaggerBundle::load(&Path::new(&args[4]).join("tagger.bin.gz"))?;
            let nlp = Nlp::from_parts(Some(tagger), Some(parser));
            let v = vigil_nlp::eval::eval_sentences(&nlp, &dev);
            println!("dev {v} ({:.0}s)", t.elapsed().as_secs_f64());
        }
        _ => anyhow::bail!("usage: nlp_tool train|eval|bench|jack|ptrain ..."),
    }
    Ok(())
}
