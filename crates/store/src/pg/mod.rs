//! PostgreSQL implementation of [`Store`], for many workers and many readers on one shared
//! database. Same behaviour as [`crate::SqliteStore`]: one transaction per [`Batch`], the same
//! [`EventQuery`] semantics and order, failed-extraction marks; plus the lease queue that
//! `vigil worker` claims documents from (`queue.rs`). Full text is a `tsvector` with a GIN index.
//! Every value is a bound parameter; the only SQL built from data is a partition name derived
//! from a date (`schema::partition_for`).

mod open;
mod query;
mod queue;
mod schema;
mod write;

pub use open::redact;
pub use queue::Claim;

use crate::{Batch, BatchStats};
use crate::{DocMeta, DocSeq, EventQuery, Result, SearchHit, Store, StoreError, StoreStats};
use r2d2_postgres::postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;
use std::collections::BTreeSet;
use std::sync::Mutex;
use vigil_core::{Document, Event};

type Pool = r2d2_postgres::r2d2::Pool<PostgresConnectionManager<NoTls>>;
type Conn = r2d2_postgres::r2d2::PooledConnection<PostgresConnectionManager<NoTls>>;

/// A store in a PostgreSQL (or Citus) database, reached through a small connection pool.
pub struct PgStore {
    pool: Pool,
    /// The URL without its password, for messages.
    name: String,
    /// Month partitions known to exist (a cache; creation is idempotent).
    months: Mutex<BTreeSet<String>>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("db", &self.name).finish()
    }
}

impl PgStore {
    fn conn(&self) -> Result<Conn> {
        self.pool
            .get()
            .map_err(|e| StoreError::Connect(format!("{}: {e}", self.name)))
    }
}

impl Store for PgStore {
    fn commit(&mut self, batch: &Batch) -> Result<BatchStats> {
        self.commit_batch(batch)
    }

    fn document(&self, id: &str) -> Result<Option<Document>> {
        let row = self
            .conn()?
            .query_opt("SELECT json FROM documents WHERE id = $1", &[&id])?;
        Ok(match row {
            Some(r) => Some(serde_json::from_str(r.get::<_, &str>(0))?),
            None => None,
        })
    }

    fn doc_meta(&self, id: &str) -> Result<Option<DocMeta>> {
        let row = self.conn()?.query_opt(
            "SELECT id, source, published, title, url FROM documents WHERE id = $1",
            &[&id],
        )?;
        Ok(row.map(|r| DocMeta {
            id: r.get(0),
            source: r.get(1),
            published: r.get(2),
            title: r.get(3),
            url: r.get(4),
        }))
    }

    fn pending_documents(
        &self,
        coder: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.conn()?.query(
            "SELECT seq, id FROM documents WHERE seq > $2 AND (coder IS NULL OR coder <> $1)
             ORDER BY seq LIMIT $3",
            &[&coder, &after, &limit],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn pending_count(&self, coder: &str) -> Result<usize> {
        let n: i64 = self
            .conn()?
            .query_one(
                "SELECT count(*) FROM documents WHERE coder IS NULL OR coder <> $1",
                &[&coder],
            )?
            .get(0);
        Ok(n.max(0) as usize)
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        let (sql, args) = query::events_sql(q);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            args.iter().map(|b| b.as_ref()).collect();
        let rows = self.conn()?.query(sql.as_str(), &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(serde_json::from_str(r.get::<_, &str>(0))?);
        }
        Ok(out)
    }

    fn event(&self, id: &str) -> Result<Option<Event>> {
        let row = self
            .conn()?
            .query_opt("SELECT json FROM events WHERE id = $1 LIMIT 1", &[&id])?;
        Ok(match row {
            Some(r) => Some(serde_json::from_str(r.get::<_, &str>(0))?),
            None => None,
        })
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        crate::check_search_query(query)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.conn()?.query(query::SEARCH_SQL, &[&query, &limit])?;
        Ok(rows
            .iter()
            .map(|r| SearchHit {
                doc_id: r.get(0),
                title: r.get(1),
                published: r.get(2),
                snippet: r.get(3),
                rank: r.get(4),
            })
            .collect())
    }

    fn documents_after(&self, after: i64, limit: usize) -> Result<Vec<DocSeq>> {
        // Identity values are handed out at insert, not commit: with concurrent ingests a
        // lower seq can commit after a higher one was exported (docs/export.md says so).
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.conn()?.query(
            "SELECT seq, id, ingested_at, coder FROM documents
             WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&after, &limit],
        )?;
        Ok(rows
            .iter()
            .map(|r| DocSeq {
                seq: r.get(0),
                id: r.get(1),
                ingested_at: r.get(2),
                coder: r.get(3),
            })
            .collect())
    }

    fn stats(&self) -> Result<StoreStats> {
        let r = self.conn()?.query_one(
            "SELECT (SELECT count(*) FROM documents),
                    (SELECT count(*) FROM documents WHERE coder IS NOT NULL),
                    (SELECT count(*) FROM events)",
            &[],
        )?;
        let n = |i: usize| r.get::<_, i64>(i).max(0) as usize;
        Ok(StoreStats {
            documents: n(0),
            extracted: n(1),
            events: n(2),
        })
    }
}
