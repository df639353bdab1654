//! `POST /api/ingest` (articles in, events out, with the CLI's rejection rules) and
//! `GET /api/alerts/stream` (alerts that an ingest made appear, as server-sent events).

use super::analysis::current_alerts;
use crate::auth;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::Json;
use serde::Serialize;
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};
use utoipa::ToSchema;
use vigil_analysis::Alert;
use vigil_ingest::sniff::{sniff, Format};
use vigil_ingest::{read_bytes, IngestOptions, Item};
use vigil_pipeline::{extract_pending, Extracted};
use vigil_store::{Batch, EventQuery, Store};

/// One input that was not ingested.
#[derive(Serialize, ToSchema)]
pub struct Rejected {
    /// `body:LINE` for JSON Lines, `body[i]` for a JSON array.
    pub origin: String,
    /// One-line reason, as `vigil ingest` prints it.
    pub reason: String,
}

/// What an ingest did.
#[derive(Serialize, ToSchema)]
pub struct IngestResult {
    /// New documents.
    pub added: usize,
    /// Documents already stored (same content).
    pub duplicates: usize,
    /// Articles rejected, with reasons.
    pub rejections: Vec<Rejected>,
    /// Documents extracted, events stored and extraction failures.
    #[schema(value_type = Object)]
    pub extracted: Extracted,
    /// Ids of the events coded from the new documents.
    pub event_ids: Vec<String>,
}

/// Ingests articles and extracts their events. Needs the bearer token.
#[utoipa::path(post, path = "/api/ingest", tag = "ingest",
    request_body(content = String, content_type = "application/x-ndjson",
        description = "A JSON array of articles or JSON Lines, one article per line: id, url, title, published or date, source, text"),
    responses(
        (status = 200, description = "Counts, rejections and new event ids", body = IngestResult),
        (status = 400, description = "Body is not JSON or JSON Lines", body = ErrorBody),
        (status = 401, description = "Missing or wrong token", body = ErrorBody),
        (status = 403, description = "Server has no token, so writes are off", body = ErrorBody),
        (status = 413, description = "Body larger than the limit", body = ErrorBody),
        (status = 422, description = "Every article was rejected", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn ingest(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IngestResult>, ApiError> {
    auth::check(&st, &headers)?;
    let body = body.map_err(|e| {
        ApiError::new(
            e.status(),
            format!("{} (limit {} bytes)", e.body_text(), st.config.max_body),
        )
    })?;
    let text = String::from_utf8_lossy(&body);
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "empty body: send a JSON array or JSON Lines of articles",
        ));
    }
    if !matches!(sniff(&text), Format::Json | Format::Jsonl) {
        return Err(ApiError::bad_request(
            "body is not JSON: send a JSON array or JSON Lines of articles",
        ));
    }
    let state = st.clone();
    let result = tokio::task::spawn_blocking(move || ingest_blocking(&state, &body))
        .await
        .map_err(|e| ApiError::from(anyhow::anyhow!("ingest task failed: {e}")))??;
    if result.added + result.duplicates == 0 {
        let reasons: Vec<String> = result
            .rejections
            .iter()
            .take(5)
            .map(|r| format!("{}: {}", r.origin, r.reason))
            .collect();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("nothing ingested: {}", reasons.join("; ")),
        ));
    }
    Ok(Json(result))
}

/// Alerts are told apart by series and window: a burst that grows is news again.
fn alert_ids(alerts: &[Alert]) -> BTreeSet<String> {
    alerts.iter().map(alert_id).collect()
}

fn alert_id(a: &Alert) -> String {
    format!("{}|{}|{}", a.key, a.window_start, a.window_end)
}

/// Stores the articles, extracts them and announces new alerts, holding the one writer.
fn ingest_blocking(st: &AppState, body: &[u8]) -> Result<IngestResult, ApiError> {
    let pipeline = st.pipeline()?;
    let mut store = st
        .writer
        .lock()
        .map_err(|_| ApiError::from(anyhow::anyhow!("writer poisoned by an earlier panic")))?;
    let watching = st.alerts.receiver_count() > 0;
    let before = if watching {
        alert_ids(&current_alerts(store.as_ref(), None)?)
    } else {
        BTreeSet::new()
    };
    let opts = IngestOptions {
        max_bytes: st.config.max_body as u64,
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut batch = Batch::default();
    let mut rejections = Vec::new();
    for item in read_bytes(body, "body", &opts) {
        match item {
            Item::Doc(mut d) => {
                d.doc.ingested_at = Some(now.clone());
                batch.documents.push(d.doc);
            }
            Item::Rejected(r) => rejections.push(Rejected {
                origin: r.origin,
                reason: r.reason,
            }),
        }
    }
    let mut new_docs = Vec::new();
    for d in &batch.documents {
        if store.doc_meta(&d.id)?.is_none() && !new_docs.contains(&d.id) {
            new_docs.push(d.id.clone());
        }
    }
    let stats = store.commit(&batch)?;
    let extracted = extract_pending(store.as_mut(), pipeline)?;
    let event_ids = new_event_ids(store.as_ref(), &new_docs)?;
    if watching {
        for a in current_alerts(store.as_ref(), None)? {
            if !before.contains(&alert_id(&a)) {
                // No receiver left is not an error: nobody is watching any more.
                let _ = st.alerts.send(a);
            }
        }
    }
    Ok(IngestResult {
        added: stats.added,
        duplicates: stats.duplicates,
        rejections,
        extracted,
        event_ids,
    })
}

fn new_event_ids(store: &dyn Store, docs: &[String]) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::new();
    for d in docs {
        let q = EventQuery {
            doc_id: Some(d.clone()),
            ..EventQuery::default()
        };
        ids.extend(store.events(&q)?.into_iter().map(|e| e.id));
    }
    Ok(ids)
}

/// Server-sent events: each alert that appears after an ingest, as `event: alert` with the
/// alert as JSON data.
#[utoipa::path(get, path = "/api/alerts/stream", tag = "analysis",
    responses((status = 200, description = "text/event-stream of new alerts", content_type = "text/event-stream")))]
pub async fn stream(
    State(st): State<Arc<AppState>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let rx = st.alerts.subscribe();
    let events = BroadcastStream::new(rx).filter_map(|r| {
        // A lagging client skips what it missed rather than being cut off.
        let alert = r.ok()?;
        SseEvent::default()
            .event("alert")
            .json_data(&alert)
            .ok()
            .map(Ok)
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}
