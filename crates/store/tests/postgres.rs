//! PostgreSQL-only behaviour: schema version rules, read-only opening, the lease queue.
//! Skips (with a note) without `VIGIL_TEST_POSTGRES`, fails without it under `VIGIL_CI=1`.

use std::time::Duration;
use vigil_core::Document;
use vigil_store::testing::{fresh_database, postgres_url};
use vigil_store::{Batch, PgStore, Store, StoreError};

fn server(test: &str) -> Option<String> {
    let base = postgres_url(test)?;
    Some(fresh_database(&base, test).unwrap())
}

fn docs(n: usize) -> Vec<Document> {
    (0..n)
        .map(|i| {
            Document::new(
                Some(format!("Note {i}")),
                format!("Envoy {i} met the mayor of Veldin."),
            )
        })
        .collect()
}

fn sql(url: &str, statement: &str) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.batch_execute(statement).unwrap();
}

#[test]
fn schema_rules() {
    let Some(url) = server("schema_rules") else {
        return;
    };
    // Readers never create a schema.
    assert!(matches!(
        PgStore::open_read_only(&url),
        Err(StoreError::Missing { .. })
    ));
    // Two writers opening a new database at once both succeed; the schema is made once.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| PgStore::open(&url).map(|_| ()));
        let b = s.spawn(|| PgStore::open(&url).map(|_| ()));
        (a.join().unwrap(), b.join().unwrap())
    });
    a.unwrap();
    b.unwrap();
    let mut r = PgStore::open_read_only(&url).unwrap();
    assert_eq!(r.schema_version().unwrap(), 1);
    // A reader cannot write.
    assert!(r
        .commit(&Batch {
            documents: docs(1),
            ..Batch::default()
        })
        .is_err());
    // A newer schema is refused by readers and writers.
    sql(
        &url,
        "UPDATE vigil_meta SET value = '99' WHERE key = 'schema_version'",
    );
    assert!(matches!(
        PgStore::open(&url),
        Err(StoreError::TooNew { found: 99, .. })
    ));
    assert!(matches!(
        PgStore::open_read_only(&url),
        Err(StoreError::TooNew { .. })
    ));
}

#[test]
fn another_programs_database_is_refused() {
    let Some(url) = server("not_vigil") else {
        return;
    };
    sql(&url, "CREATE TABLE documents (x int)");
    assert!(matches!(
        PgStore::open(&url),
        Err(StoreError::NotVigil { .. })
    ));
}

#[test]
fn leases_expire_and_lost_leases_do_not_commit() {
    let Some(url) = server("leases") else {
        return;
    };
    let mut s = PgStore::open(&url).unwrap();
    let d = docs(3);
    s.commit(&Batch {
        documents: d.clone(),
        ..Batch::default()
    })
    .unwrap();
    assert_eq!(s.queued().unwrap(), 3);
    let lease = Duration::from_millis(300);
    let a = s.claim("a", 2, lease).unwrap();
    let ids: Vec<_> = a.iter().map(|c| c.doc_id.clone()).collect();
    assert_eq!(ids, vec![d[0].id.clone(), d[1].id.clone()]);
    // Held leases are skipped: b gets only the third document.
    let b = s.claim("b", 5, Duration::from_secs(60)).unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].doc_id, d[2].id);
    // a's leases expire; c takes them over (second attempt).
    std::thread::sleep(Duration::from_millis(500));
    let c = s.claim("c", 5, Duration::from_secs(60)).unwrap();
    assert_eq!(c.len(), 2);
    assert!(c.iter().all(|c| c.attempts == 2));
    let batch = |ids: &[String]| Batch {
        events: ids.iter().map(|id| (id.clone(), vec![])).collect(),
        coder: "c1".into(),
        ..Batch::default()
    };
    // a's late commit is refused for both documents; c's goes through.
    let (_, lost) = s.commit_claimed("a", &batch(&ids)).unwrap();
    assert_eq!(lost, ids);
    assert_eq!(s.stats().unwrap().extracted, 0);
    let (_, lost) = s.commit_claimed("c", &batch(&ids)).unwrap();
    assert!(lost.is_empty());
    assert_eq!(s.stats().unwrap().extracted, 2);
    assert_eq!(s.queued().unwrap(), 1);
    // A failure is a mark too: the document leaves the queue and is not pending for c1.
    let failed = Batch {
        failures: vec![(d[2].id.clone(), "over budget".into())],
        coder: "c1".into(),
        ..Batch::default()
    };
    let (_, lost) = s.commit_claimed("b", &failed).unwrap();
    assert!(lost.is_empty());
    assert_eq!(s.queued().unwrap(), 0);
    assert_eq!(s.pending_count("c1").unwrap(), 0);
    // A new coder version queues everything again.
    assert_eq!(s.enqueue_pending("c2").unwrap(), 3);
}

#[test]
fn renewed_leases_outlive_their_first_term() {
    let Some(url) = server("renew") else {
        return;
    };
    let mut s = PgStore::open(&url).unwrap();
    s.commit(&Batch {
        documents: docs(2),
        ..Batch::default()
    })
    .unwrap();
    let short = Duration::from_millis(400);
    let ids: Vec<_> = s
        .claim("a", 2, short)
        .unwrap()
        .into_iter()
        .map(|c| c.doc_id)
        .collect();
    // Only the holder renews: another owner's heartbeat changes nothing.
    assert_eq!(s.renew("b", &ids, Duration::from_secs(60)).unwrap(), 0);
    assert_eq!(s.renew("a", &ids, Duration::from_secs(60)).unwrap(), 2);
    std::thread::sleep(Duration::from_millis(600));
    assert!(s.claim("c", 5, Duration::from_secs(60)).unwrap().is_empty());
    let batch = Batch {
        events: ids.iter().map(|id| (id.clone(), vec![])).collect(),
        coder: "c1".into(),
        ..Batch::default()
    };
    let (_, lost) = s.commit_claimed("a", &batch).unwrap();
    assert!(lost.is_empty());
}
