//! `vigil explain`: every layer for one sentence, so a user can see why an event was or was not
//! coded. Also hosts the PLOVER eval, which runs the same full pipeline over gold sentences.

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_core::{AnnotatedDoc, Document};
use vigil_pipeline::Depth;

/// Arguments of `vigil explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article date to anchor relative dates (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Extra dictionary directory (repeatable).
    #[arg(long = "dict", value_name = "DIR")]
    dicts: Vec<PathBuf>,
    /// Print the annotated document as JSON instead.
    #[arg(long)]
    json: bool,
    /// The sentence or short text.
    #[arg(required = true)]
    text: Vec<String>,
}

/// Renders every layer of an annotated document as text.
pub fn render_layers(ad: &AnnotatedDoc) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "document {} (published {})",
        ad.doc.id,
        ad.doc
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "unknown".into())
    );
    for (i, sent) in ad.sentences.iter().enumerate() {
        let _ = writeln!(
            s,
            "\n-- sentence {i} [{}..{}]: {}",
            sent.span.start(),
            sent.span.end(),
            ad.text_of(sent.span)
        );
        let _ = writeln!(
            s,
            "{:>3} {:<18} {:<18} {:<6} {:<5} {:>4} {:<12}",
            "#", "token", "lemma", "upos", "xpos", "head", "deprel"
        );
        for (j, t) in ad.sentence_tokens(i).iter().enumerate() {
            let _ = writeln!(
                s,
                "{:>3} {:<18} {:<18} {:<6} {:<5} {:>4} {:<12}",
                j,
                t.text,
                t.lemma,
                t.upos,
                t.xpos,
                t.head.map(|h| h.to_string()).unwrap_or_else(|| "-".into()),
                t.deprel
            );
        }
    }
    let _ = writeln!(s, "\n-- entities");
    for e in &ad.entities {
        let _ = writeln!(s, "  {:<5} {:?} {:?}", e.label, ad.text_of(e.span), e.span);
    }
    let _ = writeln!(s, "-- times");
    for t in &ad.times {
        let _ = writeln!(
            s,
            "  {:?} {:?} -> {} ({:?}, {}..{}) rule {}",
            t.kind,
            ad.text_of(t.span),
            t.value.value,
            t.value.granularity,
            t.value.start.map(|d| d.to_string()).unwrap_or_default(),
            t.value.end.map(|d| d.to_string()).unwrap_or_default(),
            t.rule
        );
    }
    let _ = writeln!(s, "-- places");
    for p in &ad.places {
        let _ = writeln!(
            s,
            "  {:?} -> {} ({}, {}, geonameid {}){}",
            ad.text_of(p.span),
            p.place.name,
            p.place.kind,
            p.place.country.as_deref().unwrap_or("-"),
            p.place
                .geonameid
                .map(|g| g.to_string())
                .unwrap_or_else(|| "-".into()),
            if p.adjectival { " [adjectival]" } else { "" }
        );
    }
    s
}

/// Runs the full pipeline on one text.
fn annotate_text(
    pipeline: &vigil_pipeline::Pipeline,
    text: &str,
    date: Option<NaiveDate>,
) -> Result<AnnotatedDoc> {
    let mut doc = Document::new(None, text.to_string());
    doc.published = date;
    pipeline.process(doc)
}

/// Runs `vigil explain`.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    let date = a
        .date
        .as_deref()
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").context("--date: expected YYYY-MM-DD"))
        .transpose()?;
    let explainer = vigil_pipeline::Explainer::load(&vigil_pipeline::PipelineOptions {
        data_dir: data_dir.to_path_buf(),
        extra_dictionaries: a.dicts.clone(),
    })?;
    for w in explainer.warnings() {
        eprintln!("warning: {w}");
    }
    let text = a.text.join(" ");
    // Same cleaning as `vigil code` on a file: header lines, dateline, boilerplate.
    let opts = vigil_ingest::IngestOptions::default();
    let mut doc = match vigil_ingest::read_bytes(text.as_bytes(), "explain.txt", &opts)
        .into_iter()
        .next()
    {
        Some(vigil_ingest::Item::Doc(d)) => d.doc,
        Some(vigil_ingest::Item::Rejected(r)) => bail!("nothing to explain: {}", r.reason),
        None => bail!("nothing to explain: empty text"),
    };
    if date.is_some() {
        doc.published = date;
    }
    let x = explainer.explain(doc)?;
    let ad = &x.doc;
    if a.json {
        println!("{}", serde_json::to_string_pretty(ad)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("stages: {} -> coder", x.stages.join(" -> "));
    print!("{}", render_layers(ad));
    println!("-- coder trace");
    print!("{}", x.trace);
    println!("-- events");
    for e in &ad.events {
        println!(
            "  {} {} -> {} [{}] modality {} rule {}",
            e.cameo,
            e.source.as_ref().map(|x| x.code.as_str()).unwrap_or("-"),
            e.target.as_ref().map(|x| x.code.as_str()).unwrap_or("-"),
            e.plover.as_deref().unwrap_or("-"),
            e.modality,
            e.provenance.rule
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil eval plover`: the upstream stages over each gold record's text, then the coder.
/// The coder as the full pipeline runs it (with the typing model when shipped), warnings printed.
fn load_coder(data_dir: &Path) -> Result<vigil_coder::Coder> {
    let (coder, warnings) = vigil_pipeline::load_coder(&vigil_pipeline::PipelineOptions {
        data_dir: data_dir.to_path_buf(),
        extra_dictionaries: Vec::new(),
    })?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(coder)
}

/// `vigil train calibration`: fits the confidence calibration on a PLOVER gold file and writes
/// `out/calibration.tsv`; returns a one-line JSON summary.
pub fn train_calibration(data_dir: &Path, gold: &Path, out: &Path) -> Result<String> {
    let upstream = super::code::load_pipeline(data_dir, &[], Depth::Context)?;
    let mut coder = load_coder(data_dir)?;
    let annotate = |text: &str| annotate_text(&upstream, text, None);
    let (c, summary) = vigil_coder::eval::fit_calibration(&mut coder, gold, &annotate)?;
    let path = out.join(vigil_coder::calibration::FILE);
    let header = "Platt scaling of the coder's evidence score, fitted by `vigil train calibration` on the PLOVER gold dev half (CC BY-SA 4.0); see crates/coder/src/calibration.rs";
    std::fs::write(&path, c.to_text(header))
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(summary.to_string())
}

pub fn eval_plover(data_dir: &Path, gold: &Path, verbose: bool) -> Result<serde_json::Value> {
    let upstream = super::code::load_pipeline(data_dir, &[], Depth::Context)?;
    let coder = load_coder(data_dir)?;
    let annotate = |text: &str| annotate_text(&upstream, text, None);
    vigil_coder::eval_plover(&coder, gold, &annotate, verbose)
}
