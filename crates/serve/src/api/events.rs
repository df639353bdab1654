//! `GET /api/events` and `GET /api/events/{id}`.

use crate::error::{ApiError, ErrorBody};
use crate::params::{self, FilterParams, Format, PageParams, Q};
use crate::records::load_records;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;
use vigil_analysis::{fuse, FusionParams};
use vigil_core::{Event, Span};
use vigil_store::{DocMeta, EventQuery, Store};

/// A page of events.
#[derive(Serialize, ToSchema)]
pub struct EventsPage {
    /// Events in date order (event date, else article date; undated last).
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<Event>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Stored events, filtered like `vigil events`.
#[utoipa::path(get, path = "/api/events", tag = "events",
    params(FilterParams, PageParams),
    responses(
        (status = 200, description = "A page of events (JSON), or CSV / GDELT rows with the next cursor in the X-Next-Cursor header", body = EventsPage),
        (status = 400, description = "Bad parameter", body = ErrorBody)))]
pub async fn list(
    State(st): State<Arc<AppState>>,
    Q(filter): Q<FilterParams>,
    Q(page): Q<PageParams>,
) -> Result<Response, ApiError> {
    let mut q = filter.query()?;
    let format = page.format()?;
    let limit = params::limit(&page.limit, params::DEFAULT_LIMIT, params::MAX_LIMIT)?;
    q.limit = Some(limit);
    q.cursor = page.cursor.clone().filter(|c| !c.is_empty());
    let (events, urls) = st.readers.run(move |s| events_page(s, &q, format)).await?;
    let next_cursor = (events.len() == limit)
        .then(|| events.last().map(|e| e.id.clone()))
        .flatten();
    let text = |ctype: &str, body: Vec<u8>| {
        let mut r = ([(header::CONTENT_TYPE, ctype.to_string())], body).into_response();
        if let Some(c) = &next_cursor {
            if let Ok(v) = c.parse() {
                r.headers_mut().insert("x-next-cursor", v);
            }
        }
        r
    };
    let url_of = |id: &str| {
        urls.iter()
            .find(|(d, _)| d == id)
            .and_then(|(_, u)| u.clone())
    };
    let mut body = Vec::new();
    match format {
        Format::Json => {
            return Ok(Json(EventsPage {
                events,
                next_cursor,
            })
            .into_response())
        }
        Format::Csv => vigil_analysis::export::write_csv(&mut body, &events),
        Format::Gdelt => vigil_analysis::export::write_gdelt(&mut body, &events, &url_of),
    }
    .map_err(anyhow::Error::from)?;
    Ok(match format {
        Format::Csv => text("text/csv; charset=utf-8", body),
        _ => text("text/tab-separated-values; charset=utf-8", body),
    })
}

type DocUrls = Vec<(String, Option<String>)>;

/// The events of one page, and the document URLs GDELT rows need.
fn events_page(
    s: &dyn Store,
    q: &EventQuery,
    format: Format,
) -> Result<(Vec<Event>, DocUrls), ApiError> {
    if let Some(c) = &q.cursor {
        if s.event(c)?.is_none() {
            return Err(ApiError::bad_request(format!(
                "cursor {c:?}: no such event (use next_cursor of the previous page)"
            )));
        }
    }
    let events = s.events(q)?;
    let mut urls: DocUrls = Vec::new();
    if format == Format::Gdelt {
        for e in &events {
            if !urls.iter().any(|(d, _)| d == &e.doc_id) {
                let url = s.doc_meta(&e.doc_id)?.and_then(|m| m.url);
                urls.push((e.doc_id.clone(), url));
            }
        }
    }
    Ok((events, urls))
}

/// Byte range `[start, end)` inside the evidence sentence.
#[derive(Serialize, ToSchema)]
pub struct Range {
    /// First byte, relative to the sentence.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The words an event was coded from.
#[derive(Serialize, ToSchema)]
pub struct Evidence {
    /// The sentence.
    pub sentence: String,
    /// Byte offset of the sentence in the document text.
    pub sentence_start: usize,
    /// Source actor span.
    pub source: Option<Range>,
    /// Target actor span.
    pub target: Option<Range>,
    /// Predicate (verb) span.
    pub predicate: Option<Range>,
}

/// Other reports of the same real-world event.
#[derive(Serialize, ToSchema)]
pub struct Fusion {
    /// Fused event id.
    pub id: String,
    /// Every mention's event id, chronological (this one included).
    pub mentions: Vec<String>,
    /// Distinct publishers.
    pub num_sources: usize,
    /// Distinct articles.
    pub num_articles: usize,
}

/// One event with its evidence.
#[derive(Serialize, ToSchema)]
pub struct EventDetail {
    /// The coded event: actors, CAMEO/PLOVER, date, place, modality, confidence, provenance (rule).
    #[schema(value_type = Object)]
    pub event: Event,
    /// Its article.
    #[schema(value_type = Object)]
    pub document: Option<DocMeta>,
    /// The sentence with byte spans of source, target and predicate.
    pub evidence: Option<Evidence>,
    /// Reports of the same event in other articles.
    pub fusion: Option<Fusion>,
}

/// One event with its evidence, like `vigil show`.
#[utoipa::path(get, path = "/api/events/{id}", tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event and its evidence", body = EventDetail),
        (status = 404, description = "No such event", body = ErrorBody)))]
pub async fn one(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<EventDetail>, ApiError> {
    Ok(Json(st.readers.run(move |s| event_detail(s, &id)).await?))
}

fn event_detail(s: &dyn Store, id: &str) -> Result<EventDetail, ApiError> {
    let e = s
        .event(id)?
        .ok_or_else(|| ApiError::not_found(format!("no event with id {id:?}")))?;
    let evidence = s.document(&e.doc_id)?.and_then(|d| evidence(&d.text, &e));
    Ok(EventDetail {
        document: s.doc_meta(&e.doc_id)?,
        fusion: fusion_of(s, &e)?,
        evidence,
        event: e,
    })
}

fn evidence(text: &str, e: &Event) -> Option<Evidence> {
    let sent = e.span;
    let sentence = text.get(sent.start()..sent.end())?.to_string();
    let rel = |sp: Option<Span>| {
        sp.filter(|x| sent.contains(*x)).map(|x| Range {
            start: x.start() - sent.start(),
            end: x.end() - sent.start(),
        })
    };
    Some(Evidence {
        sentence,
        sentence_start: sent.start(),
        source: rel(e.provenance.source),
        target: rel(e.provenance.target),
        predicate: rel(e.provenance.predicate),
    })
}

/// Fuses the events that could be reports of the same one (same CAMEO root and, when known,
/// the same source country) and returns the cluster holding `e`, when it has other mentions.
fn fusion_of(s: &dyn Store, e: &Event) -> Result<Option<Fusion>, ApiError> {
    let q = EventQuery {
        cameo: Some(e.root.clone()),
        country: e.source.as_ref().and_then(|a| a.country.clone()),
        ..EventQuery::default()
    };
    let records = load_records(s, s.events(&q)?)?;
    let fused = fuse(&records, &FusionParams::default());
    Ok(fused
        .into_iter()
        .find(|f| f.mentions.contains(&e.id) && f.mentions.len() > 1)
        .map(|f| Fusion {
            id: f.id,
            mentions: f.mentions,
            num_sources: f.num_sources,
            num_articles: f.num_articles,
        }))
}
