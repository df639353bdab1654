//! `vigil serve`: the analyst's workbench over HTTP — a JSON API under `/api/` and a web
//! dashboard at `/`, both from one process over the embedded store.
//!
//! **Consumes** a Vigil store (SQLite file) and, for `POST /api/ingest`, articles as a JSON
//! array or JSON Lines. **Produces** JSON (and CSV / GDELT rows for events), server-sent
//! alerts, an OpenAPI 3 document generated from the handlers, and the dashboard's static
//! assets, which are embedded in the binary (no CDN, nothing fetched at run time).
//!
//! **Key design decision**: the API is a thin skin over the libraries the CLI uses — the same
//! store queries and filter names ([`vigil_store::EventQuery`]), the same analyses
//! ([`vigil_analysis`]), the same ingest rules ([`vigil_ingest`]) and extraction
//! ([`vigil_pipeline::extract_pending`]) — so the CLI and the API cannot drift apart. Reads go
//! through a small pool of connections on blocking threads (WAL: a reader never waits for the
//! writer); the one writer is a mutex-guarded connection used only by ingest.
#![deny(missing_docs)]

mod api;
mod auth;
mod error;
mod known;
mod params;
mod pool;
pub mod records;
mod state;
mod web;

pub use error::ApiError;
pub use state::{AppState, Config};

use anyhow::{bail, Context, Result};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;

/// The whole application: API routes, OpenAPI document and dashboard, over `state`.
pub fn app(state: Arc<AppState>) -> Router {
    let (api, openapi) = api::router(state.clone());
    let openapi = Arc::new(openapi);
    api.route(
        "/api/openapi.json",
        axum::routing::get(move || {
            let doc = openapi.clone();
            async move { axum::Json(doc.as_ref().clone()) }
        }),
    )
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        auth::require_read_token,
    ))
    .merge(web::router())
    .fallback(error::not_found)
    .with_state(state)
}

/// The OpenAPI document of the API routes (what `GET /api/openapi.json` serves).
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::openapi()
}

/// Refuses a bind address off the loopback interface unless a token guards it.
pub fn check_bind(addr: &SocketAddr, has_token: bool) -> Result<()> {
    if !addr.ip().is_loopback() && !has_token {
        bail!("binding to {addr} (not loopback) needs --token-file: every request from the network must carry the token");
    }
    Ok(())
}

/// Serves until Ctrl-C. Prints the address it listens on (useful with port 0).
pub async fn serve(config: Config) -> Result<()> {
    check_bind(&config.addr, config.token.is_some())?;
    let addr = config.addr;
    let state = Arc::new(AppState::open(config)?);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    let local = listener.local_addr()?;
    println!("vigil serve: listening on http://{local}/");
    use std::io::Write;
    std::io::stdout().flush()?;
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")?;
    Ok(())
}
