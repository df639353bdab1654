//! The SELECTs of the PostgreSQL store. [`events_sql`] mirrors the SQLite store's filter by
//! filter, with the same order and cursor (text compared in byte order via `COLLATE "C"`
//! columns; dates compare as their ISO strings do).

use crate::EventQuery;
use postgres::types::ToSql;

/// The sort key of `Store::events`; the cursor compares against the same tuple.
const EVENT_ORDER: &str = "day IS NULL, COALESCE(day, DATE '0001-01-01'), doc_id, sentence, id";

/// Full-text search: `websearch_to_tsquery` (words, "phrases", OR, -word) over title and
/// text; best rank first (rank is negated so that lower is better, like BM25 in SQLite).
/// The snippet is computed only for the hits kept.
pub(crate) const SEARCH_SQL: &str = "
    SELECT h.id, h.title, h.published,
           ts_headline('simple', COALESCE(h.json::jsonb ->> 'text', ''), h.q,
                       'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…'),
           h.rank
    FROM (SELECT d.id, d.title, d.published, d.json, q,
                 -ts_rank_cd(d.fts, q)::float8 AS rank
          FROM documents d, websearch_to_tsquery('simple', $1) q
          WHERE d.fts @@ q
          ORDER BY rank, d.id
          LIMIT $2) h
    ORDER BY h.rank, h.id";

type Arg = Box<dyn ToSql + Sync>;

/// `s` matched literally inside a `LIKE … ESCAPE '\'` pattern.
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

/// The SELECT for an [`EventQuery`]: every value is a bound parameter, never spliced in.
pub(crate) fn events_sql(q: &EventQuery) -> (String, Vec<Arg>) {
    let mut sql = String::from("SELECT json FROM events WHERE true");
    let mut args: Vec<Arg> = Vec::new();
    let mut bind = |sql: &mut String, clause: &str, v: Arg| {
        args.push(v);
        sql.push_str(&clause.replace("$N", &format!("${}", args.len())));
    };
    if let Some(a) = &q.actor {
        let pattern = format!("%{}%", like_escape(&a.to_lowercase()));
        bind(
            &mut sql,
            " AND actors LIKE $N ESCAPE '\\'",
            Box::new(pattern),
        );
    }
    if let Some(c) = &q.country {
        let clause = " AND (source_country = $N OR target_country = $N)";
        bind(&mut sql, clause, Box::new(c.to_uppercase()));
    }
    if let Some(c) = &q.cameo {
        let pattern = format!("{}%", like_escape(c));
        bind(
            &mut sql,
            " AND cameo LIKE $N ESCAPE '\\'",
            Box::new(pattern),
        );
    }
    if let Some(p) = &q.plover {
        bind(
            &mut sql,
            " AND upper(plover) = $N",
            Box::new(p.to_uppercase()),
        );
    }
    if let Some(m) = &q.modality {
        bind(&mut sql, " AND modality = $N", Box::new(m.to_lowercase()));
    }
    if let Some(c) = q.min_confidence {
        bind(&mut sql, " AND confidence >= $N", Box::new(c));
    }
    if let Some(d) = q.since {
        bind(&mut sql, " AND day >= $N", Box::new(d));
    }
    if let Some(d) = q.until {
        bind(&mut sql, " AND day <= $N", Box::new(d));
    }
    if let Some(d) = &q.doc_id {
        bind(&mut sql, " AND doc_id = $N", Box::new(d.clone()));
    }
    if let Some(c) = &q.cursor {
        let clause = format!(
            " AND ({EVENT_ORDER}) > (SELECT {EVENT_ORDER} FROM events WHERE id = $N LIMIT 1)"
        );
        bind(&mut sql, &clause, Box::new(c.clone()));
    }
    sql.push_str(&format!(" ORDER BY {EVENT_ORDER}"));
    if let Some(l) = q.limit {
        sql.push_str(&format!(" LIMIT {}", i64::try_from(l).unwrap_or(i64::MAX)));
    }
    (sql, args)
}
