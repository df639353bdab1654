//! Where one chunk of exported documents goes: Parquet files per day partition, or one JSONL /
//! GDELT TSV file. Every file is written under a hidden temporary name and renamed when the
//! chunk is complete, so readers never see half a file and a crashed run leaves no part file.

use crate::schema::{document_batch, event_batch, event_schema};
use crate::{Format, Row};
use anyhow::{Context, Result};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use vigil_core::{Document, Event};

/// Rows buffered per partition before they are encoded into the Parquet writer.
const FLUSH_ROWS: usize = 8192;
/// Rows per Parquet row group.
const ROW_GROUP_ROWS: usize = 131_072;

/// One chunk's output.
pub trait Sink {
    /// Adds one document's events (and the document itself with `--documents`).
    fn add(&mut self, rows: Vec<Row>, doc: Option<(i64, Document)>) -> Result<()>;
    /// Closes every file and gives it its final name `part-{name}.{ext}`; returns the paths.
    fn finish(self: Box<Self>, name: &str) -> Result<Vec<PathBuf>>;
}

/// A sink for `format` writing under `dir`; `tag` keeps temporary names of chunks apart.
pub fn new_sink(format: Format, dir: &Path) -> Box<dyn Sink> {
    match format {
        Format::Parquet => Box::new(ParquetSink {
            dir: dir.to_path_buf(),
            days: BTreeMap::new(),
            docs: None,
        }),
        Format::Jsonl | Format::Gdelt => Box::new(TextSink {
            dir: dir.to_path_buf(),
            format,
            events: None,
            docs: None,
        }),
    }
}

/// A file being written under a temporary name in `dir`.
struct Part<W> {
    dir: PathBuf,
    tmp: PathBuf,
    writer: W,
}

fn temp_path(dir: &Path, ext: &str) -> PathBuf {
    dir.join(format!(".part-inprogress.{ext}.tmp"))
}

fn create(path: &Path) -> Result<File> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    File::create(path).with_context(|| format!("creating {}", path.display()))
}

fn rename_part(tmp: &Path, dir: &Path, name: &str, ext: &str) -> Result<PathBuf> {
    let path = dir.join(format!("part-{name}.{ext}"));
    std::fs::rename(tmp, &path).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

fn parquet_writer(dir: &Path, schema: arrow_schema::SchemaRef) -> Result<Part<ArrowWriter<File>>> {
    let tmp = temp_path(dir, "parquet");
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_size(ROW_GROUP_ROWS)
        .build();
    let writer = ArrowWriter::try_new(create(&tmp)?, schema, Some(props))?;
    Ok(Part {
        dir: dir.to_path_buf(),
        tmp,
        writer,
    })
}

/// The Hive partition directory of a day; events without any date go to Hive's null partition.
fn day_dir(day: Option<chrono::NaiveDate>) -> String {
    match day {
        Some(d) => format!("day={}", d.format("%Y-%m-%d")),
        None => "day=__HIVE_DEFAULT_PARTITION__".to_string(),
    }
}

struct DayPart {
    part: Part<ArrowWriter<File>>,
    rows: Vec<Row>,
}

impl DayPart {
    fn flush(&mut self) -> Result<()> {
        if !self.rows.is_empty() {
            let batch = event_batch(&self.rows)?;
            self.part.writer.write(&batch)?;
            self.rows.clear();
        }
        Ok(())
    }
}

struct DocPart {
    part: Part<ArrowWriter<File>>,
    rows: Vec<(i64, Document)>,
}

impl DocPart {
    fn flush(&mut self) -> Result<()> {
        if !self.rows.is_empty() {
            let batch = document_batch(&self.rows)?;
            self.part.writer.write(&batch)?;
            self.rows.clear();
        }
        Ok(())
    }
}

/// Parquet: one file per day partition per chunk, plus `documents/` with `--documents`.
struct ParquetSink {
    dir: PathBuf,
    days: BTreeMap<String, DayPart>,
    docs: Option<DocPart>,
}

impl Sink for ParquetSink {
    fn add(&mut self, rows: Vec<Row>, doc: Option<(i64, Document)>) -> Result<()> {
        for r in rows {
            let key = day_dir(r.day);
            let part = match self.days.get_mut(&key) {
                Some(p) => p,
                None => {
                    let part = parquet_writer(&self.dir.join(&key), event_schema())?;
                    self.days.entry(key).or_insert(DayPart {
                        part,
                        rows: Vec::new(),
                    })
                }
            };
            part.rows.push(r);
            if part.rows.len() >= FLUSH_ROWS {
                part.flush()?;
            }
        }
        if let Some(d) = doc {
            if self.docs.is_none() {
                let schema = crate::schema::document_schema();
                let part = parquet_writer(&self.dir.join("documents"), schema)?;
                self.docs = Some(DocPart {
                    part,
                    rows: Vec::new(),
                });
            }
            if let Some(p) = self.docs.as_mut() {
                p.rows.push(d);
                if p.rows.len() >= FLUSH_ROWS / 8 {
                    p.flush()?;
                }
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, name: &str) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for (_, mut d) in self.days {
            d.flush()?;
            d.part.writer.close()?;
            out.push(rename_part(&d.part.tmp, &d.part.dir, name, "parquet")?);
        }
        if let Some(mut d) = self.docs {
            d.flush()?;
            d.part.writer.close()?;
            out.push(rename_part(&d.part.tmp, &d.part.dir, name, "parquet")?);
        }
        Ok(out)
    }
}

/// JSONL or GDELT TSV: one events file per chunk in the directory (plus `documents/` JSONL).
struct TextSink {
    dir: PathBuf,
    format: Format,
    events: Option<Part<BufWriter<File>>>,
    docs: Option<Part<BufWriter<File>>>,
}

fn text_part(dir: &Path, ext: &str) -> Result<Part<BufWriter<File>>> {
    let tmp = temp_path(dir, ext);
    Ok(Part {
        dir: dir.to_path_buf(),
        writer: BufWriter::new(create(&tmp)?),
        tmp,
    })
}

impl TextSink {
    fn ext(&self) -> &'static str {
        match self.format {
            Format::Gdelt => "tsv",
            _ => "jsonl",
        }
    }
}

impl Sink for TextSink {
    fn add(&mut self, rows: Vec<Row>, doc: Option<(i64, Document)>) -> Result<()> {
        if !rows.is_empty() {
            if self.events.is_none() {
                self.events = Some(text_part(&self.dir, self.ext())?);
            }
            if let Some(p) = self.events.as_mut() {
                let url = rows[0].url.clone();
                let events: Vec<Event> = rows.into_iter().map(|r| r.event).collect();
                match self.format {
                    Format::Gdelt => {
                        vigil_analysis::export::write_gdelt(&mut p.writer, &events, &|_| {
                            url.clone()
                        })?
                    }
                    _ => vigil_analysis::export::write_jsonl(&mut p.writer, &events)?,
                }
            }
        }
        if let Some((_, d)) = doc {
            if self.docs.is_none() {
                self.docs = Some(text_part(&self.dir.join("documents"), "jsonl")?);
            }
            if let Some(p) = self.docs.as_mut() {
                serde_json::to_writer(&mut p.writer, &d)?;
                p.writer.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, name: &str) -> Result<Vec<PathBuf>> {
        let ext = self.ext();
        let mut out = Vec::new();
        for (p, ext) in [(self.events, ext), (self.docs, "jsonl")] {
            if let Some(mut p) = p {
                p.writer.flush()?;
                p.writer.get_ref().sync_all()?;
                out.push(rename_part(&p.tmp, &p.dir, name, ext)?);
            }
        }
        Ok(out)
    }
}
