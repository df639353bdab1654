//! `vigil ingest`: files in, documents stored.

use crate::DbArg;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_ingest::{expand_inputs, printable, read_input, IngestOptions, Item};
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

const BATCH: usize = 256;

/// Reads `paths` and stores every good document in batches of one transaction each. Rejections
/// are reported on stderr, one line each; nothing already committed is lost if a later input fails.
pub fn ingest_into(
    store: &mut dyn Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
) -> Result<Summary> {
    let (inputs, missing) = expand_inputs(paths);
    let mut sum = Summary::default();
    for r in &missing {
        eprintln!("rejected {r}");
        sum.rejected += 1;
    }
    let pb = if inputs.len() > 50 {
        let pb = ProgressBar::new(inputs.len() as u64);
        pb.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb
    } else {
        ProgressBar::hidden()
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut batch = Batch::default();
    for input in &inputs {
        for item in read_input(input, opts) {
            match item {
                Item::Doc(mut d) => {
                    sum.repaired_utf8 += d.repaired_utf8;
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
                        sum.warned += 1;
                        for w in &d.warnings {
                            pb.suspend(|| eprintln!("warning {}: {w}", printable(&d.origin)));
                        }
                    }
                    d.doc.ingested_at = Some(now.clone());
                    batch.documents.push(d.doc);
                }
                Item::Rejected(r) => {
                    pb.suspend(|| eprintln!("rejected {r}"));
                    sum.rejected += 1;
                }
            }
        }
        if batch.documents.len() >= BATCH {
            let st = store.commit(&std::mem::take(&mut batch))?;
            sum.added += st.added;
            sum.duplicates += st.duplicates;
        }
        pb.inc(1);
    }
    if !batch.documents.is_empty() {
        let st = store.commit(&batch)?;
        sum.added += st.added;
        sum.duplicates += st.duplicates;
    }
    pb.finish_and_clear();
    Ok(sum)
}

/// Runs `vigil ingest`.
pub fn run(a: Args) -> Result<ExitCode> {
    let mut store = super::open_store(&a.db.db)?;
    let opts = IngestOptions {
        max_bytes: a.max_bytes,
    };
    let sum = ingest_into(store.as_mut(), &a.paths, &opts)?;
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
