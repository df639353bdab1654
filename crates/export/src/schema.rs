//! The Arrow schema of exported events and documents, and the builders that turn rows into
//! `RecordBatch`es. The schema is documented column by column in `docs/export.md`; change
//! both together.

use crate::Row;
use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, Int8Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use chrono::NaiveDate;
use std::sync::Arc;
use vigil_core::{Actor, Document, Event, Place, Span};

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn int64(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Int64, nullable)
}

fn date(name: &str) -> Field {
    Field::new(name, DataType::Date32, true)
}

fn sector_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Utf8, false))
}

fn actor_fields() -> Fields {
    let item = sector_item();
    Fields::from(vec![
        utf8("text", false),
        utf8("name", true),
        utf8("code", false),
        utf8("country", true),
        Field::new("sectors", DataType::List(item), false),
        int64("span_start", true),
        int64("span_end", true),
    ])
}

fn place_fields() -> Fields {
    Fields::from(vec![
        utf8("name", false),
        int64("geonameid", true),
        utf8("country", true),
        utf8("admin1", true),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        utf8("kind", false),
    ])
}

/// The schema of the event files.
pub fn event_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("event_id", false),
        utf8("doc_id", false),
        int64("doc_seq", false),
        int64("sentence", false),
        date("event_date"),
        utf8("date_value", true),
        date("date_start"),
        date("date_end"),
        utf8("date_granularity", true),
        date("published"),
        utf8("cameo", false),
        utf8("cameo_root", false),
        Field::new("quad_class", DataType::Int8, false),
        Field::new("goldstein", DataType::Float64, false),
        utf8("plover", true),
        utf8("plover_mode", true),
        Field::new("source", DataType::Struct(actor_fields()), true),
        Field::new("target", DataType::Struct(actor_fields()), true),
        Field::new("place", DataType::Struct(place_fields()), true),
        utf8("modality", false),
        utf8("attribution_text", true),
        utf8("attribution_cue", true),
        Field::new("confidence", DataType::Float64, false),
        int64("evidence_start", false),
        int64("evidence_end", false),
        int64("predicate_start", true),
        int64("predicate_end", true),
        utf8("rule", false),
        utf8("coder", false),
        utf8("url", true),
    ]))
}

/// The schema of the document files (`--documents`).
pub fn document_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("doc_id", false),
        int64("doc_seq", false),
        utf8("external_id", true),
        utf8("source", true),
        utf8("url", true),
        utf8("title", true),
        date("published"),
        utf8("ingested_at", true),
        utf8("text", false),
    ]))
}

/// Days since 1970-01-01, Arrow's `Date32`.
fn days(d: NaiveDate) -> i32 {
    // chrono's default date is the Unix epoch, 1970-01-01. Dates come from chrono (years within ±262,143), so the difference fits in i32.
    i32::try_from((d - NaiveDate::default()).num_days()).unwrap_or(i32::MAX)
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Columns of one actor struct.
struct ActorCols {
    text: StringBuilder,
    name: StringBuilder,
    code: StringBuilder,
    country: StringBuilder,
    sectors: ListBuilder<StringBuilder>,
    span_start: Int64Builder,
    span_end: Int64Builder,
    valid: Vec<bool>,
}

impl Default for ActorCols {
    fn default() -> ActorCols {
        ActorCols {
            text: StringBuilder::new(),
            name: StringBuilder::new(),
            code: StringBuilder::new(),
            country: StringBuilder::new(),
            sectors: ListBuilder::new(StringBuilder::new()).with_field(sector_item()),
            span_start: Int64Builder::new(),
            span_end: Int64Builder::new(),
            valid: Vec::new(),
        }
    }
}

impl ActorCols {
    fn push(&mut self, a: Option<&Actor>) {
        let empty = Actor::default();
        let x = a.unwrap_or(&empty);
        self.text.append_value(&x.text);
        self.name.append_option(x.name.as_deref());
        self.code.append_value(&x.code);
        self.country.append_option(x.country.as_deref());
        for s in &x.sectors {
            self.sectors.values().append_value(s);
        }
        self.sectors.append(true);
        self.span_start
            .append_option(x.span.map(|s| int(s.start())));
        self.span_end.append_option(x.span.map(|s| int(s.end())));
        self.valid.push(a.is_some());
    }

    fn finish(mut self) -> Result<ArrayRef, ArrowError> {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.text.finish()),
            Arc::new(self.name.finish()),
            Arc::new(self.code.finish()),
            Arc::new(self.country.finish()),
            Arc::new(self.sectors.finish()),
            Arc::new(self.span_start.finish()),
            Arc::new(self.span_end.finish()),
        ];
        let nulls = NullBuffer::from(self.valid);
        Ok(Arc::new(StructArray::try_new(
            actor_fields(),
            cols,
            Some(nulls),
        )?))
    }
}

/// Columns of the place struct.
#[derive(Default)]
struct PlaceCols {
    name: StringBuilder,
    geonameid: Int64Builder,
    country: StringBuilder,
    admin1: StringBuilder,
    lat: Float64Builder,
    lon: Float64Builder,
    kind: StringBuilder,
    valid: Vec<bool>,
}

impl PlaceCols {
    fn push(&mut self, p: Option<&Place>) {
        self.name
            .append_value(p.map(|p| p.name.as_str()).unwrap_or(""));
        let gid = p
            .and_then(|p| p.geonameid)
            .and_then(|g| i64::try_from(g).ok());
        self.geonameid.append_option(gid);
        self.country
            .append_option(p.and_then(|p| p.country.as_deref()));
        self.admin1
            .append_option(p.and_then(|p| p.admin1.as_deref()));
        self.lat.append_option(p.and_then(|p| p.lat));
        self.lon.append_option(p.and_then(|p| p.lon));
        self.kind
            .append_value(p.map(|p| p.kind.as_str()).unwrap_or(""));
        self.valid.push(p.is_some());
    }

    fn finish(mut self) -> Result<ArrayRef, ArrowError> {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.name.finish()),
            Arc::new(self.geonameid.finish()),
            Arc::new(self.country.finish()),
            Arc::new(self.admin1.finish()),
            Arc::new(self.lat.finish()),
            Arc::new(self.lon.finish()),
            Arc::new(self.kind.finish()),
        ];
        let nulls = NullBuffer::from(self.valid);
        Ok(Arc::new(StructArray::try_new(
            place_fields(),
            cols,
            Some(nulls),
        )?))
    }
}

/// Builders for the event columns, in schema order.
#[derive(Default)]
struct EventCols {
    ids: [StringBuilder; 2],
    seq_sentence: [Int64Builder; 2],
    event_date: Date32Builder,
    date_value: StringBuilder,
    date_range: [Date32Builder; 2],
    granularity: StringBuilder,
    published: Date32Builder,
    cameo: [StringBuilder; 2],
    quad_class: Int8Builder,
    goldstein: Float64Builder,
    plover: [StringBuilder; 2],
    source: ActorCols,
    target: ActorCols,
    place: PlaceCols,
    modality: StringBuilder,
    attribution: [StringBuilder; 2],
    confidence: Float64Builder,
    evidence: [Int64Builder; 2],
    predicate: [Int64Builder; 2],
    rule_coder: [StringBuilder; 2],
    url: StringBuilder,
}

fn granularity(e: &Event) -> Option<String> {
    let g = e.date.as_ref()?.granularity;
    serde_json::to_value(g).ok()?.as_str().map(str::to_string)
}

fn span_ends(s: Option<Span>) -> [Option<i64>; 2] {
    [s.map(|s| int(s.start())), s.map(|s| int(s.end()))]
}

impl EventCols {
    fn push(&mut self, r: &Row) {
        let e = &r.event;
        self.ids[0].append_value(&e.id);
        self.ids[1].append_value(&e.doc_id);
        self.seq_sentence[0].append_value(r.doc_seq);
        self.seq_sentence[1].append_value(int(e.sentence));
        self.event_date.append_option(r.day.map(days));
        let d = e.date.as_ref();
        self.date_value.append_option(d.map(|d| d.value.as_str()));
        self.date_range[0].append_option(d.and_then(|d| d.start).map(days));
        self.date_range[1].append_option(d.and_then(|d| d.end).map(days));
        self.granularity.append_option(granularity(e));
        self.published.append_option(r.published.map(days));
        self.cameo[0].append_value(&e.cameo);
        self.cameo[1].append_value(&e.root);
        self.quad_class
            .append_value(i8::try_from(e.quad_class).unwrap_or(0));
        self.goldstein.append_value(e.goldstein);
        self.plover[0].append_option(e.plover.as_deref());
        self.plover[1].append_option(e.plover_mode.as_deref());
        self.source.push(e.source.as_ref());
        self.target.push(e.target.as_ref());
        self.place.push(e.place.as_ref());
        self.modality.append_value(e.modality.as_str());
        let at = e.attribution.as_ref();
        self.attribution[0].append_option(at.map(|a| a.text.as_str()));
        self.attribution[1].append_option(at.map(|a| a.cue.as_str()));
        self.confidence.append_value(e.confidence);
        self.evidence[0].append_value(int(e.span.start()));
        self.evidence[1].append_value(int(e.span.end()));
        let [ps, pe] = span_ends(e.provenance.predicate);
        self.predicate[0].append_option(ps);
        self.predicate[1].append_option(pe);
        self.rule_coder[0].append_value(&e.provenance.rule);
        self.rule_coder[1].append_value(&e.provenance.coder);
        self.url.append_option(r.url.as_deref());
    }

    fn finish(mut self) -> Result<Vec<ArrayRef>, ArrowError> {
        let [id, doc] = &mut self.ids;
        let [seq, sentence] = &mut self.seq_sentence;
        let [start, end] = &mut self.date_range;
        let [cameo, root] = &mut self.cameo;
        let [plover, mode] = &mut self.plover;
        let [at_text, at_cue] = &mut self.attribution;
        let [ev_start, ev_end] = &mut self.evidence;
        let [p_start, p_end] = &mut self.predicate;
        let [rule, coder] = &mut self.rule_coder;
        Ok(vec![
            Arc::new(id.finish()),
            Arc::new(doc.finish()),
            Arc::new(seq.finish()),
            Arc::new(sentence.finish()),
            Arc::new(self.event_date.finish()),
            Arc::new(self.date_value.finish()),
            Arc::new(start.finish()),
            Arc::new(end.finish()),
            Arc::new(self.granularity.finish()),
            Arc::new(self.published.finish()),
            Arc::new(cameo.finish()),
            Arc::new(root.finish()),
            Arc::new(self.quad_class.finish()),
            Arc::new(self.goldstein.finish()),
            Arc::new(plover.finish()),
            Arc::new(mode.finish()),
            self.source.finish()?,
            self.target.finish()?,
            self.place.finish()?,
            Arc::new(self.modality.finish()),
            Arc::new(at_text.finish()),
            Arc::new(at_cue.finish()),
            Arc::new(self.confidence.finish()),
            Arc::new(ev_start.finish()),
            Arc::new(ev_end.finish()),
            Arc::new(p_start.finish()),
            Arc::new(p_end.finish()),
            Arc::new(rule.finish()),
            Arc::new(coder.finish()),
            Arc::new(self.url.finish()),
        ])
    }
}

/// One record batch of events in [`event_schema`].
pub fn event_batch(rows: &[Row]) -> Result<RecordBatch, ArrowError> {
    let mut cols = EventCols::default();
    for r in rows {
        cols.push(r);
    }
    RecordBatch::try_new(event_schema(), cols.finish()?)
}

/// One record batch of documents in [`document_schema`].
pub fn document_batch(docs: &[(i64, Document)]) -> Result<RecordBatch, ArrowError> {
    let mut s: [StringBuilder; 7] = Default::default();
    let mut seq = Int64Builder::new();
    let mut published = Date32Builder::new();
    for (n, d) in docs {
        s[0].append_value(&d.id);
        seq.append_value(*n);
        s[1].append_option(d.external_id.as_deref());
        s[2].append_option(d.source.as_deref());
        s[3].append_option(d.url.as_deref());
        s[4].append_option(d.title.as_deref());
        published.append_option(d.published.map(days));
        s[5].append_option(d.ingested_at.as_deref());
        s[6].append_value(&d.text);
    }
    let [id, ext, source, url, title, ingested, text] = &mut s;
    let cols: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(seq.finish()),
        Arc::new(ext.finish()),
        Arc::new(source.finish()),
        Arc::new(url.finish()),
        Arc::new(title.finish()),
        Arc::new(published.finish()),
        Arc::new(ingested.finish()),
        Arc::new(text.finish()),
    ];
    RecordBatch::try_new(document_schema(), cols)
}
