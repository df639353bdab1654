//! Scale-out end to end: `vigil ingest` into PostgreSQL, then two `vigil worker
//! --exit-when-idle` at once, one killed with SIGKILL mid-run and a replacement started. The
//! events PostgreSQL ends with must be byte for byte those of a single SQLite `vigil analyze`
//! of the same input, each exactly once. Skips without `VIGIL_TEST_POSTGRES` (fails under
//! `VIGIL_CI=1`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use vigil_store::{PgStore, Store};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vigil(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigil"));
    c.args(args)
        .env("VIGIL_DATA", workspace().join("data"))
        .stdin(Stdio::null());
    c
}

fn run(args: &[&str]) -> Output {
    let out = vigil(args).output().expect("run vigil");
    assert!(
        out.status.success(),
        "vigil {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn worker(db: &str) -> Child {
    vigil(&[
        "worker",
        "--db",
        db,
        "--batch",
        "3",
        "--lease-secs",
        "3",
        "--exit-when-idle",
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("spawn worker")
}

/// Waits until at least `n` documents are extracted, then SIGKILLs `child`. Returns whether
/// the child was still running (so it really was killed mid-run).
fn kill_after(child: &mut Child, store: &PgStore, n: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(300);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if store.stats().unwrap().extracted >= n {
            child.kill().expect("SIGKILL");
            child.wait().expect("reap");
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("no commit within 300 s");
}

#[test]
fn two_workers_one_killed_equal_sqlite_analyze() {
    let Some(base) = vigil_store::testing::postgres_url("two_workers_one_killed") else {
        return;
    };
    let url = vigil_store::testing::fresh_database(&base, "workers").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let samples = workspace().join("samples");
    let input = samples.to_str().unwrap();

    // Reference: one SQLite process.
    let db = tmp.path().join("ref.db");
    let db = db.to_str().unwrap();
    run(&["analyze", "--db", db, input]);
    let expected = run(&["events", "--db", db, "--format", "jsonl"]).stdout;

    // Postgres: ingest only stores; two workers share the queue; one dies mid-run.
    let ingest = run(&["ingest", "--db", &url, input]);
    assert!(String::from_utf8_lossy(&ingest.stdout).starts_with("added "));
    let store = PgStore::open_read_only(&url).unwrap();
    let docs = store.stats().unwrap().documents;
    assert!(docs >= 30, "only {docs} sample documents");
    assert_eq!(
        store.stats().unwrap().extracted,
        0,
        "ingest must not extract"
    );
    let mut a = worker(&url);
    let mut b = worker(&url);
    assert!(
        kill_after(&mut a, &store, 3),
        "worker ended before it could be killed"
    );
    assert!(store.queued().unwrap() > 0, "nothing left after the kill");
    let mut c = worker(&url);
    assert!(b.wait().unwrap().success());
    assert!(c.wait().unwrap().success());

    let got = run(&["events", "--db", &url, "--format", "jsonl"]).stdout;
    assert!(!expected.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&expected)
    );
    // Exactly once: every document extracted, no event id twice, nothing left queued.
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.extracted), (docs, docs));
    let ids: Vec<String> = std::str::from_utf8(&got)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    assert_eq!(store.queued().unwrap(), 0);

    // The lake export reads the same events from both backends.
    let lake = |db: &str, name: &str| -> String {
        let out = tmp.path().join(name);
        run(&[
            "export",
            "--db",
            db,
            "--format",
            "jsonl",
            "--out",
            out.to_str().unwrap(),
        ]);
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect()
    };
    let from_pg = lake(&url, "lake-pg");
    assert_eq!(from_pg.lines().count(), ids.len());
    assert_eq!(from_pg, lake(db, "lake-sqlite"));
}
