//! The dashboard: static files embedded in the binary at build time, so a copied binary serves
//! the whole workbench with no network and no files beside it.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// (path under /assets/, content type, bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../web/style.css"),
    ),
    (
        "vendor/echarts.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/vendor/echarts.min.js"),
    ),
    (
        "vendor/topojson-client.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/vendor/topojson-client.min.js"),
    ),
    (
        "vendor/countries-110m-iso3.json",
        "application/json",
        include_bytes!("../web/vendor/countries-110m-iso3.json"),
    ),
];

const INDEX: &[u8] = include_bytes!("../web/index.html");

/// Scripts, styles and data only from this server; images may be inline (map tiles are none).
const CSP: &str = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'";

fn respond(ctype: &str, bytes: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, ctype),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response()
}

async fn index() -> Response {
    respond("text/html; charset=utf-8", INDEX)
}

async fn asset(Path(path): Path<String>) -> Result<Response, ApiError> {
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, ctype, bytes)| respond(ctype, bytes))
        .ok_or_else(|| ApiError::not_found(format!("no asset {path:?}")))
}

/// `/` and `/assets/{*path}`.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(index))
        .route("/assets/{*path}", get(asset))
}
