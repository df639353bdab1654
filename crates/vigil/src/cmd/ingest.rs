//! `vigil ingest`: files in, documents stored.

use crate::{progress, DbArg};
use anyhow::Result;
use indicatif::ProgressBar;
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_core::Document;
use vigil_ingest::{expand_inputs, printable, stream_input, IngestOptions, Input, Item};
use vigil_pipeline::{code_into, Extracted, Pipeline};
use vigil_store::{Batch, Store};

/// Arguments of `vigil ingest`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Largest file accepted, in bytes.
    #[arg(long, default_value_t = IngestOptions::default().max_bytes)]
    max_bytes: u64,
    /// Files, directories (recursive) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// What an ingest run did.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    /// Newly stored documents.
    pub added: usize,
    /// Documents already in the store.
    pub duplicates: usize,
    /// Inputs (or JSONL lines) rejected.
    pub rejected: usize,
    /// Invalid UTF-8 sequences repaired.
    pub repaired_utf8: usize,
    /// Articles stored with a warning (e.g. a `published` value that is not a date).
    pub warned: usize,
}

impl Summary {
    /// Exit status rule: failure only when inputs were rejected and nothing at all was ingested.
    pub fn exit_code(&self) -> ExitCode {
        if self.rejected > 0 && self.added == 0 && self.duplicates == 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Documents per transaction (and per parallel coding round when coding while ingesting).
const BATCH: usize = 256;

/// One ingest run: the batch being filled and the counts so far.
struct Run<'a> {
    store: &'a mut dyn Store,
    coder: Option<&'a Pipeline>,
    batch: Vec<Document>,
    now: String,
    sum: Summary,
    x: Extracted,
}

impl Run<'_> {
    fn item(&mut self, item: Item, pb: &ProgressBar) {
        match item {
            Item::Doc(mut d) => {
                self.sum.repaired_utf8 += d.repaired_utf8;
                if d.repaired_utf8 > 0 {
                    pb.suspend(|| {
                        eprintln!(
                            "repaired {}: {} invalid UTF-8 sequence(s) replaced",
                            printable(&d.origin),
                            d.repaired_utf8
                        )
                    });
                }
                if !d.warnings.is_empty() {
                    self.sum.warned += 1;
                    for w in &d.warnings {
                        pb.suspend(|| eprintln!("warning {}: {w}", printable(&d.origin)));
                    }
                }
                d.doc.ingested_at = Some(self.now.clone());
                self.batch.push(d.doc);
            }
            Item::Rejected(r) => {
                pb.suspend(|| eprintln!("rejected {r}"));
                self.sum.rejected += 1;
            }
        }
    }

    /// Commits the batch; with a coder, its documents not stored before are coded first and
    /// committed in the same transaction as their events.
    fn flush(&mut self) -> Result<()> {
        let docs = std::mem::take(&mut self.batch);
        let mut batch = Batch::default();
        if let Some(p) = self.coder {
            let mut seen = HashSet::new();
            let mut new_docs = Vec::new();
            for d in &docs {
                if seen.insert(d.id.as_str()) && self.store.doc_meta(&d.id)?.is_none() {
                    new_docs.push(d.clone());
                }
            }
            self.x.add(code_into(p, new_docs, &mut batch));
        }
        batch.documents = docs;
        let st = self.store.commit(&batch)?;
        self.sum.added += st.added;
        self.sum.duplicates += st.duplicates;
        Ok(())
    }
}

fn input_size(input: &Input) -> u64 {
    match input {
        Input::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        Input::Stdin => 0,
    }
}

/// Reads `paths` and stores every good document in batches of one transaction each; JSON Lines
/// files are streamed, so memory stays bounded whatever their size. With `coder`, each batch's
/// new documents are coded on all cores and committed with their events (what `analyze` does).
/// Rejections are reported on stderr, one line each; nothing already committed is lost if a
/// later input fails.
pub fn ingest_into(
    store: &mut dyn Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
    coder: Option<&Pipeline>,
) -> Result<(Summary, Extracted)> {
    let (inputs, missing) = expand_inputs(paths);
    let mut run = Run {
        store,
        coder,
        batch: Vec::new(),
        now: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        sum: Summary::default(),
        x: Extracted::default(),
    };
    for r in &missing {
        eprintln!("rejected {r}");
        run.sum.rejected += 1;
    }
    let what = if coder.is_some() { "coded" } else { "read" };
    let pb = progress::bytes_bar(inputs.iter().map(input_size).sum());
    let mut docs = progress::Docs::new();
    let mut base = 0;
    for input in &inputs {
        let mut stream = stream_input(input, opts);
        while let Some(item) = stream.next() {
            run.item(item, &pb);
            if run.batch.len() >= BATCH {
                docs.n += run.batch.len() as u64;
                run.flush()?;
                pb.set_position(base + stream.consumed());
                docs.tick(&pb, what);
            }
        }
        base += stream.consumed();
        pb.set_position(base);
    }
    if !run.batch.is_empty() {
        run.flush()?;
    }
    pb.finish_and_clear();
    Ok((run.sum, run.x))
}

/// Runs `vigil ingest`.
pub fn run(a: Args) -> Result<ExitCode> {
    let mut store = super::open_store(&a.db.db)?;
    let opts = IngestOptions {
        max_bytes: a.max_bytes,
    };
    let (sum, _) = ingest_into(store.as_mut(), &a.paths, &opts, None)?;
    println!(
        "added {}, duplicate {}, rejected {}{}{}",
        sum.added,
        sum.duplicates,
        sum.rejected,
        if sum.repaired_utf8 > 0 {
            format!(" (repaired {} invalid UTF-8 sequences)", sum.repaired_utf8)
        } else {
            String::new()
        },
        if sum.warned > 0 {
            format!(" ({} stored with warnings)", sum.warned)
        } else {
            String::new()
        }
    );
    Ok(sum.exit_code())
}
