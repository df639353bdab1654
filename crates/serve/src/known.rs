//! Unknown query parameters are refused with a 400 naming them, so a misspelt filter
//! (`?contry=FRA`) never silently returns every event. The accepted names come from the
//! OpenAPI document generated from the handlers: one source of truth for docs and checks.

use crate::error::ApiError;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::OpenApi;

/// Query parameter names each route template accepts.
#[derive(Debug, Default)]
pub struct KnownParams {
    by_route: HashMap<String, BTreeSet<String>>,
}

impl KnownParams {
    /// Collects the query parameters of every operation in `doc`, per path template.
    pub fn from_openapi(doc: &OpenApi) -> KnownParams {
        let mut by_route: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (path, item) in &doc.paths.paths {
            let names = by_route.entry(path.clone()).or_default();
            let ops = [&item.get, &item.post, &item.put, &item.delete, &item.patch];
            for op in ops.into_iter().flatten() {
                for p in op.parameters.iter().flatten() {
                    if matches!(p.parameter_in, ParameterIn::Query) {
                        names.insert(p.name.clone());
                    }
                }
            }
        }
        KnownParams { by_route }
    }

    /// The first parameter of `query` that `route` does not accept, with the accepted names.
    pub fn check(&self, route: &str, query: &str) -> Result<(), ApiError> {
        // Routes outside the document (the dashboard, openapi.json) take no parameters we read.
        let Some(known) = self.by_route.get(route) else {
            return Ok(());
        };
        for (name, _) in form_urlencoded::parse(query.as_bytes()) {
            if !known.contains(name.as_ref()) {
                let expected = if known.is_empty() {
                    "it takes no parameters".to_string()
                } else {
                    let list: Vec<&str> = known.iter().map(String::as_str).collect();
                    format!("expected one of {}", list.join(", "))
                };
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {name:?} for {route}: {expected}"
                )));
            }
        }
        Ok(())
    }
}

/// Middleware: answers 400 when the request names a parameter its route does not know.
pub async fn refuse_unknown(
    State(known): State<Arc<KnownParams>>,
    path: Option<MatchedPath>,
    req: Request,
    next: Next,
) -> Response {
    if let (Some(route), Some(query)) = (path, req.uri().query()) {
        if let Err(e) = known.check(route.as_str(), query) {
            return e.into_response();
        }
    }
    next.run(req).await
}
