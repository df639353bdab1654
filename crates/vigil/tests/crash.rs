//! A real crash test: `kill -9` of `ingest` and of `extract` while their commits are under way
//! (the test watches the store and kills only after a batch has been committed and before the
//! run ends), then the invariants the hardening probe checked: the store passes
//! `integrity_check`, the committed documents are a whole-batch prefix of the input, no event
//! lacks its document, and a re-run completes the work.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INGEST_BATCH: usize = 256;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .env("VIGIL_DATA", workspace().join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn vigil")
}

fn count(db: &Path, sql: &str) -> Option<usize> {
    let c = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    c.busy_timeout(Duration::from_secs(5)).ok()?;
    c.query_row(sql, [], |r| r.get::<_, i64>(0))
        .ok()
        .map(|n| n as usize)
}

/// Polls `sql` until it reports at least `at_least` rows, then kills the child. Returns false
/// when the child ended before that (nothing was killed mid-run).
fn kill_when(child: &mut Child, db: &Path, sql: &str, at_least: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(300);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if count(db, sql).is_some_and(|n| n >= at_least) {
            child.kill().expect("SIGKILL");
            child.wait().expect("reap");
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("no commit seen within 300 s");
}

fn integrity(db: &Path) {
    let c = Connection::open(db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let orphans: i64 = c
        .query_row(
            "SELECT count(*) FROM events e LEFT JOIN documents d ON d.id = e.doc_id
             WHERE d.id IS NULL OR d.coder IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "events without their (extracted) document");
}

/// The stored documents' names in commit order.
fn stored_names(db: &Path) -> Vec<String> {
    let c = Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT external_id FROM documents ORDER BY seq")
        .unwrap();
    let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

fn write_inputs(dir: &Path, n: usize) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    let filler =
        "The delegation also discussed energy, transport and border crossings. ".repeat(40);
    (0..n)
        .map(|i| {
            let p = dir.join(format!("a{i:05}.txt"));
            std::fs::write(
                &p,
                format!(
                    "Article {i}. Officials met in Baku on Monday to discuss item {i}.\n\n{filler}"
                ),
            )
            .unwrap();
            p.to_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn kill_during_ingest_commits_keeps_a_whole_batch_prefix_and_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 3000;
    let mut attempt = 0;
    let (db, names) = loop {
        attempt += 1;
        let input = tmp.path().join(format!("in{attempt}"));
        let names = write_inputs(&input, n);
        let db = tmp.path().join(format!("v{attempt}.db"));
        let mut child = spawn(&[
            "ingest",
            "--db",
            db.to_str().unwrap(),
            input.to_str().unwrap(),
        ]);
        let killed = kill_when(
            &mut child,
            &db,
            "SELECT count(*) FROM documents",
            INGEST_BATCH,
        );
        let stored = count(&db, "SELECT count(*) FROM documents").unwrap_or(0);
        if killed && stored < n {
            break (db, names);
        }
        // The run finished before the kill landed: try again with more input.
        assert!(
            attempt < 4,
            "ingest always finished before it could be killed"
        );
        n *= 2;
    };
    integrity(&db);
    let stored = stored_names(&db);
    assert!(!stored.is_empty() && stored.len() < names.len());
    assert_eq!(stored.len() % INGEST_BATCH, 0, "a partial batch survived");
    assert_eq!(
        stored[..],
        names[..stored.len()],
        "not a prefix of the input"
    );

    let input = Path::new(&names[0])
        .parent()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let o = spawn(&["ingest", "--db", db.to_str().unwrap(), &input])
        .wait()
        .unwrap();
    assert!(o.success());
    integrity(&db);
    assert_eq!(stored_names(&db), names);
}

#[test]
fn kill_during_extract_commits_leaves_no_orphans_and_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let names = write_inputs(&input, 400);
    let db = tmp.path().join("v.db");
    let d = db.to_str().unwrap();
    let o = spawn(&["ingest", "--db", d, input.to_str().unwrap()])
        .wait()
        .unwrap();
    assert!(o.success());
    let mut child = spawn(&["extract", "--db", d]);
    let killed = kill_when(
        &mut child,
        &db,
        "SELECT count(*) FROM documents WHERE coder IS NOT NULL",
        1,
    );
    integrity(&db);
    if killed {
        // Extraction commits whole batches in ingest order.
        let c = Connection::open(&db).unwrap();
        let done: Vec<bool> = c
            .prepare("SELECT coder IS NOT NULL FROM documents ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let k = done.iter().take_while(|&&x| x).count();
        assert!(
            done[k..].iter().all(|&x| !x),
            "extracted documents not a prefix"
        );
    }
    let o = spawn(&["extract", "--db", d]).wait().unwrap();
    assert!(o.success());
    integrity(&db);
    let pending = count(&db, "SELECT count(*) FROM documents WHERE coder IS NULL").unwrap();
    assert_eq!(pending, 0);
    assert_eq!(stored_names(&db).len(), names.len());
}
