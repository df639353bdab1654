//! What every request shares: the read pool, the writer, the lazily loaded pipeline, the token
//! and the channel that carries new alerts to `/api/alerts/stream`.

use crate::error::ApiError;
use crate::pool::ReadPool;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::{Mutex, OnceLock};
use tokio::sync::broadcast;
use vigil_analysis::Alert;
use vigil_pipeline::{Depth, Pipeline, PipelineOptions};
use vigil_store::{AnyStore, Revision, Store};

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store file.
    pub db: PathBuf,
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Bearer token; writes are refused without one, and off loopback every request needs it.
    pub token: Option<String>,
    /// Data directory for the extraction pipeline (loaded on the first ingest).
    pub data_dir: PathBuf,
    /// Largest ingest body in bytes.
    pub max_body: usize,
    /// Read connections.
    pub readers: usize,
    /// Confidence cut for events coded by `/api/ingest`; `None`: the pipeline's default cut,
    /// the same as `vigil analyze`.
    pub min_confidence: Option<f64>,
}

impl Config {
    /// Defaults for `db` on loopback port 8080.
    pub fn new(db: PathBuf) -> Config {
        Config {
            db,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            data_dir: vigil_core::paths::data_dir(),
            max_body: 8 * 1024 * 1024,
            readers: 4,
            min_confidence: None,
        }
    }
}

/// Shared state of a running server.
pub struct AppState {
    /// Settings.
    pub config: Config,
    pub(crate) readers: ReadPool,
    pub(crate) writer: Mutex<AnyStore>,
    pipeline: OnceLock<Pipeline>,
    pub(crate) alerts: broadcast::Sender<Alert>,
    /// The last alert computation and the store state it was computed from: alerts read every
    /// event, so recomputing them per request would make `/api/alerts` cost seconds each time.
    alert_cache: Mutex<Option<AlertCache>>,
}

/// Alerts computed over a store at `revision`, from day `since`.
struct AlertCache {
    revision: Revision,
    since: Option<NaiveDate>,
    alerts: Arc<Vec<Alert>>,
}

impl AppState {
    /// Opens the store (creating it if needed) and the read pool.
    pub fn open(config: Config) -> Result<AppState> {
        let writer = vigil_store::open(&config.db)
            .with_context(|| format!("opening store {}", vigil_store::display_name(&config.db)))?;
        let readers = ReadPool::open(config.db.clone(), config.readers)?;
        let (alerts, _) = broadcast::channel(256);
        Ok(AppState {
            config,
            readers,
            writer: Mutex::new(writer),
            pipeline: OnceLock::new(),
            alerts,
            alert_cache: Mutex::new(None),
        })
    }

    /// The alerts over every stored event, reused while the store's counts are unchanged
    /// (any commit of documents or events changes its revision). `compute` runs on a miss.
    pub(crate) fn cached_alerts(
        &self,
        store: &dyn Store,
        since: Option<NaiveDate>,
        compute: impl FnOnce(&dyn Store) -> Result<Vec<Alert>, ApiError>,
    ) -> Result<Arc<Vec<Alert>>, ApiError> {
        let revision = store.revision()?;
        let hit = |c: &AlertCache| c.revision == revision && c.since == since;
        if let Ok(guard) = self.alert_cache.lock() {
            if let Some(c) = guard.as_ref().filter(|c| hit(c)) {
                return Ok(c.alerts.clone());
            }
        }
        let alerts = Arc::new(compute(store)?);
        // A poisoned cache is only a missed optimisation: answer anyway.
        if let Ok(mut guard) = self.alert_cache.lock() {
            *guard = Some(AlertCache {
                revision,
                since,
                alerts: alerts.clone(),
            });
        }
        Ok(alerts)
    }

    /// Whether requests must carry the token even to read (bound off loopback).
    pub fn reads_need_token(&self) -> bool {
        !self.config.addr.ip().is_loopback()
    }

    /// The extraction pipeline, loaded on first use (a read-only server never pays for it).
    pub(crate) fn pipeline(&self) -> Result<&Pipeline> {
        if let Some(p) = self.pipeline.get() {
            return Ok(p);
        }
        let mut p = Pipeline::load(
            &PipelineOptions {
                data_dir: self.config.data_dir.clone(),
                extra_dictionaries: Vec::new(),
            },
            Depth::Full,
        )?;
        if let Some(cut) = self.config.min_confidence {
            p.set_min_confidence(cut);
        }
        for w in p.warnings() {
            eprintln!("warning: {w}");
        }
        // Two first ingests racing both load; one copy wins and the other is dropped.
        Ok(self.pipeline.get_or_init(|| p))
    }
}
