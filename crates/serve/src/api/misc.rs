//! `GET /api/documents/{id}`, `GET /api/search`, `GET /api/health`.

use crate::error::{ApiError, ErrorBody};
use crate::params::{self, Q};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};
use vigil_core::Document;
use vigil_store::{EventQuery, SearchHit, StoreStats};

/// A stored article and the events coded from it.
#[derive(Serialize, ToSchema)]
pub struct DocumentDetail {
    /// The article: id, title, source, url, published, cleaned text, dateline.
    #[schema(value_type = Object)]
    pub document: Document,
    /// Ids of its events, in text order.
    pub event_ids: Vec<String>,
}

/// A stored article.
#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The article and its event ids", body = DocumentDetail),
        (status = 404, description = "No such document", body = ErrorBody)))]
pub async fn document(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<DocumentDetail>, ApiError> {
    let detail = st
        .readers
        .run(move |s| {
            let document = s
                .document(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no document with id {id:?}")))?;
            let q = EventQuery {
                doc_id: Some(id),
                ..EventQuery::default()
            };
            let mut events = s.events(&q)?;
            events.sort_by_key(|e| (e.sentence, e.span.start()));
            let event_ids = events.into_iter().map(|e| e.id).collect();
            Ok(DocumentDetail {
                document,
                event_ids,
            })
        })
        .await?;
    Ok(Json(detail))
}

/// Parameters of `/api/search`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words or an FTS5 query.
    pub q: Option<String>,
    /// Hits, 1-1000 (default 20).
    pub limit: Option<String>,
}

/// Search hits.
#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    /// Best first; matched terms in `[` `]` in each snippet.
    #[schema(value_type = Vec<Object>)]
    pub hits: Vec<SearchHit>,
}

/// Full-text search over stored articles, like `vigil search`.
#[utoipa::path(get, path = "/api/search", tag = "documents", params(SearchParams),
    responses(
        (status = 200, description = "Hits, best first", body = SearchResult),
        (status = 400, description = "Missing or unusable query", body = ErrorBody)))]
pub async fn search(
    State(st): State<Arc<AppState>>,
    Q(p): Q<SearchParams>,
) -> Result<Json<SearchResult>, ApiError> {
    let q = p.q.unwrap_or_default().trim().to_string();
    if q.is_empty() {
        return Err(ApiError::bad_request("q: give some words to search for"));
    }
    let limit = params::limit(&p.limit, 20, 1000)?;
    let hits = st
        .readers
        .run(move |s| {
            s.search_words(&q, limit)
                .map_err(|e| ApiError::bad_request(format!("search {q:?}: {e}")))
        })
        .await?;
    Ok(Json(SearchResult { hits }))
}

/// Server and store status.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always "ok" when the store answers.
    pub status: String,
    /// Vigil version.
    pub version: String,
    /// Extractor version stored with events.
    pub coder: String,
    /// Stored counts.
    #[schema(value_type = Object)]
    pub store: StoreStats,
}

/// Liveness and counts.
#[utoipa::path(get, path = "/api/health", tag = "meta",
    responses((status = 200, description = "Server is up", body = Health)))]
pub async fn health(State(st): State<Arc<AppState>>) -> Result<Json<Health>, ApiError> {
    let store = st.readers.run(|s| Ok(s.stats()?)).await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        coder: vigil_pipeline::CODER_VERSION.into(),
        store,
    }))
}
