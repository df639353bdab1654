//! A small pool of read connections, used on tokio's blocking threads so that store work never
//! stalls the async workers. SQLite's WAL mode lets these readers run while the writer commits;
//! a PostgreSQL store (`--db postgres://…`) reads through its own connections.

use crate::error::ApiError;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;
use vigil_store::{AnyStore, Store};

/// Up to `size` open read connections.
pub struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<AnyStore>>,
    permits: Arc<Semaphore>,
}

impl ReadPool {
    /// Opens `size` connections to `path` (at least one, so a bad path fails at startup).
    pub fn open(path: PathBuf, size: usize) -> vigil_store::Result<ReadPool> {
        let size = size.max(1);
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(vigil_store::open(&path)?);
        }
        Ok(ReadPool {
            path,
            idle: Mutex::new(idle),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// Runs `f` with a connection on a blocking thread.
    pub async fn run<R, F>(&self, f: F) -> Result<R, ApiError>
    where
        F: FnOnce(&dyn Store) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        let _permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ApiError::from(anyhow::anyhow!("read pool closed: {e}")))?;
        let taken = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        // A connection lost to a panicking query is replaced rather than shrinking the pool.
        let store = match taken {
            Some(s) => s,
            None => vigil_store::open(&self.path)?,
        };
        let (store, out) = tokio::task::spawn_blocking(move || {
            let out = f(store.as_ref());
            (store, out)
        })
        .await
        .map_err(|e| ApiError::from(anyhow::anyhow!("query task failed: {e}")))?;
        if let Ok(mut v) = self.idle.lock() {
            v.push(store);
        }
        out
    }
}
