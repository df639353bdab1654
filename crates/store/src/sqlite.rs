//! SQLite implementation of [`Store`].

use crate::{
    Batch, BatchStats, DocMeta, DocSeq, EventQuery, Result, Revision, SearchHit, Store, StoreStats,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, ToSql, TransactionBehavior};
use vigil_core::{Document, Event};

/// A store in one SQLite file (WAL mode). No server to install. Opening rules are in
/// `open.rs`.
pub struct SqliteStore {
    pub(crate) conn: Connection,
}

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// `s` matched literally inside a `LIKE … ESCAPE '\'` pattern (`%` and `_` are wildcards).
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store for SqliteStore {
    fn commit(&mut self, batch: &Batch) -> Result<BatchStats> {
        // IMMEDIATE takes the write lock up front, so a second writer waits in the busy
        // handler; a deferred transaction would fail at once when upgrading its read lock.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stats = BatchStats::default();
        {
            let mut insert_doc = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (id, external_id, source, url, title, published, ingested_at, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut insert_fts =
                tx.prepare_cached("INSERT INTO doc_fts (doc_id, title, body) VALUES (?1, ?2, ?3)")?;
            for d in &batch.documents {
                let json = serde_json::to_string(d)?;
                let n = insert_doc.execute(params![
                    d.id,
                    d.external_id,
                    d.source,
                    d.url,
                    d.title,
                    date_str(d.published),
                    d.ingested_at,
                    json
                ])?;
                if n == 1 {
                    insert_fts.execute(params![d.id, d.title.as_deref().unwrap_or(""), d.text])?;
                    stats.added += 1;
                } else {
                    stats.duplicates += 1;
                }
            }
            let mut del = tx.prepare_cached("DELETE FROM events WHERE doc_id = ?1")?;
            let mut mark =
                tx.prepare_cached("UPDATE documents SET coder = ?2, failure = ?3 WHERE id = ?1")?;
            let mut published =
                tx.prepare_cached("SELECT published FROM documents WHERE id = ?1")?;
            let mut insert_ev = tx.prepare_cached(
                "INSERT OR REPLACE INTO events (id, doc_id, sentence, cameo, root, quad_class, goldstein,
                   source_code, source_country, target_code, target_country, actors, day, modality, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?;
            for (doc_id, events) in &batch.events {
                del.execute(params![doc_id])?;
                mark.execute(params![doc_id, batch.coder, None::<String>])?;
                let doc_day: Option<String> = published
                    .query_row(params![doc_id], |r| r.get(0))
                    .optional()?
                    .flatten();
                for e in events {
                    let day = date_str(e.date.as_ref().and_then(|d| d.start)).or(doc_day.clone());
                    insert_ev.execute(params![
                        e.id,
                        doc_id,
                        e.sentence as i64,
                        e.cameo,
                        e.root,
                        e.quad_class,
                        e.goldstein,
                        e.source.as_ref().map(|a| &a.code),
                        e.source.as_ref().and_then(|a| a.country.as_ref()),
                        e.target.as_ref().map(|a| &a.code),
                        e.target.as_ref().and_then(|a| a.country.as_ref()),
                        crate::actors_key(e),
                        day,
                        e.modality.as_str(),
                        serde_json::to_string(e)?
                    ])?;
                    stats.events += 1;
                }
            }
            for (doc_id, reason) in &batch.failures {
                del.execute(params![doc_id])?;
                mark.execute(params![doc_id, batch.coder, reason])?;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    fn document(&self, id: &str) -> Result<Option<Document>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM documents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(match json {
            Some(j) => Some(serde_json::from_str(&j)?),
            None => None,
        })
    }

    fn doc_meta(&self, id: &str) -> Result<Option<DocMeta>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, source, published, title, url FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok(DocMeta {
                        id: r.get(0)?,
                        source: r.get(1)?,
                        published: parse_date(r.get(2)?),
                        title: r.get(3)?,
                        url: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    fn pending_documents(
        &self,
        coder: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut st = self.conn.prepare_cached(
            "SELECT seq, id FROM documents WHERE seq > ?2 AND (coder IS NULL OR coder != ?1)
             ORDER BY seq LIMIT ?3",
        )?;
        let rows = st.query_map(params![coder, after, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn pending_count(&self, coder: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM documents WHERE coder IS NULL OR coder != ?1",
            [coder],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as usize)
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        let (sql, args) = events_sql(q);
        let mut st = self.conn.prepare(&sql)?;
        let refs: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let rows = st.query_map(refs.as_slice(), |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for j in rows {
            out.push(serde_json::from_str(&j?)?);
        }
        Ok(out)
    }

    fn event(&self, id: &str) -> Result<Option<Event>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM events WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        Ok(match json {
            Some(j) => Some(serde_json::from_str(&j)?),
            None => None,
        })
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        crate::check_search_query(query)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut st = self.conn.prepare(
            "SELECT f.doc_id, d.title, d.published, snippet(doc_fts, 2, '[', ']', '…', 16), bm25(doc_fts)
             FROM doc_fts f JOIN documents d ON d.id = f.doc_id
             WHERE doc_fts MATCH ?1 ORDER BY bm25(doc_fts), f.doc_id LIMIT ?2",
        )?;
        let rows = st.query_map(params![query, limit], |r| {
            Ok(SearchHit {
                doc_id: r.get(0)?,
                title: r.get(1)?,
                published: parse_date(r.get(2)?),
                snippet: r.get(3)?,
                rank: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn stats(&self) -> Result<StoreStats> {
        let count = |sql: &str| -> Result<usize> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as usize)
        };
        Ok(StoreStats {
            documents: count("SELECT count(*) FROM documents")?,
            extracted: count("SELECT count(*) FROM documents WHERE coder IS NOT NULL")?,
            events: count("SELECT count(*) FROM events")?,
        })
    }

    fn revision(&self) -> Result<Revision> {
        // A store opened read-only may predate the counter (schema 3): count instead.
        if self.schema_version()? < 3 {
            return Ok(Revision::from_stats(&self.stats()?));
        }
        // Maintained by triggers (schema.rs), so this reads one row whatever the store's size.
        let n: i64 = self
            .conn
            .query_row("SELECT n FROM revision WHERE id = 1", [], |r| r.get(0))?;
        Ok(Revision([n, 0, 0]))
    }

    fn documents_after(&self, after: i64, limit: usize) -> Result<Vec<DocSeq>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut st = self.conn.prepare_cached(
            "SELECT seq, id, ingested_at, coder FROM documents
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = st.query_map(params![after, limit], |r| {
            Ok(DocSeq {
                seq: r.get(0)?,
                id: r.get(1)?,
                ingested_at: r.get(2)?,
                coder: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

/// The sort key of [`Store::events`]; the cursor compares against the same tuple. Index
/// `events_order` (schema.rs) is on exactly these expressions: change both together.
const EVENT_ORDER: &str = "day IS NULL, COALESCE(day, ''), doc_id, sentence, id";

/// The SELECT for an [`EventQuery`]: every value is a bound parameter, never spliced in.
fn events_sql(q: &EventQuery) -> (String, Vec<Box<dyn ToSql>>) {
    let mut sql = String::from("SELECT json FROM events WHERE 1=1");
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    let mut bind = |sql: &mut String, clause: &str, v: Box<dyn ToSql>| {
        args.push(v);
        sql.push_str(&clause.replace("?N", &format!("?{}", args.len())));
    };
    if let Some(a) = &q.actor {
        bind(
            &mut sql,
            " AND actors LIKE ?N ESCAPE '\\'",
            Box::new(format!("%{}%", like_escape(&a.to_lowercase()))),
        );
    }
    if let Some(c) = &q.country {
        let clause = " AND (source_country = ?N OR target_country = ?N)";
        bind(&mut sql, clause, Box::new(c.to_uppercase()));
    }
    if let Some(c) = &q.cameo {
        let pattern = format!("{}%", like_escape(c));
        bind(
            &mut sql,
            " AND cameo LIKE ?N ESCAPE '\\'",
            Box::new(pattern),
        );
    }
    if let Some(p) = &q.plover {
        let clause = " AND upper(json_extract(json, '$.plover')) = ?N";
        bind(&mut sql, clause, Box::new(p.to_uppercase()));
    }
    if let Some(m) = &q.modality {
        bind(&mut sql, " AND modality = ?N", Box::new(m.to_lowercase()));
    }
    if let Some(c) = q.min_confidence {
        let clause = " AND json_extract(json, '$.confidence') >= ?N";
        bind(&mut sql, clause, Box::new(c));
    }
    if let Some(d) = q.since {
        bind(
            &mut sql,
            " AND day >= ?N",
            Box::new(d.format("%Y-%m-%d").to_string()),
        );
    }
    if let Some(d) = q.until {
        bind(
            &mut sql,
            " AND day <= ?N",
            Box::new(d.format("%Y-%m-%d").to_string()),
        );
    }
    if let Some(d) = &q.doc_id {
        bind(&mut sql, " AND doc_id = ?N", Box::new(d.clone()));
    }
    if let Some(c) = &q.cursor {
        let clause =
            format!(" AND ({EVENT_ORDER}) > (SELECT {EVENT_ORDER} FROM events WHERE id = ?N)");
        bind(&mut sql, &clause, Box::new(c.clone()));
    }
    sql.push_str(&format!(" ORDER BY {EVENT_ORDER}"));
    if let Some(l) = q.limit {
        // A limit beyond any table's size means "all rows".
        sql.push_str(&format!(" LIMIT {}", i64::try_from(l).unwrap_or(i64::MAX)));
    }
    (sql, args)
}
