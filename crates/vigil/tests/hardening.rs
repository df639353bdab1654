//! Hostile inputs from the hardening probe (issue 14): each must end at once with a clear
//! one-line message and the right status — no panic, no hang, no silent surprise.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn vigil(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(cwd)
        .env("VIGIL_DATA", workspace().join("data"))
        .stdin(Stdio::null())
        .output()
        .expect("run vigil")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A clear failure: non-zero, one error line, no panic report.
fn assert_clear_error(o: &Output, needle: &str) {
    let err = stderr(o);
    assert!(!o.status.success(), "should fail: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
}

/// A small store with two articles.
fn store(dir: &Path) -> String {
    let input = dir.join("a.txt");
    std::fs::write(
        &input,
        "Officials met in Baku on Monday.\n\nThe talks in Baku covered trade and energy.\n",
    )
    .unwrap();
    let db = dir.join("v.db");
    let o = vigil(
        &[
            "ingest",
            "--db",
            db.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    db.to_str().unwrap().to_string()
}

#[test]
fn query_commands_never_create_a_store() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("typo.db");
    for cmd in [
        "events",
        "timeline",
        "dyads",
        "network",
        "alerts",
        "contradictions",
    ] {
        let o = vigil(&[cmd, "--db", db.to_str().unwrap()], tmp.path());
        assert_clear_error(&o, "no store at");
        assert!(stderr(&o).contains("typo.db"), "{}", stderr(&o));
    }
    let o = vigil(&["search", "--db", db.to_str().unwrap(), "x"], tmp.path());
    assert_clear_error(&o, "no store at");
    assert!(!db.exists());
}

#[test]
fn memory_store_is_refused_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), "Rain fell in Paris.\n").unwrap();
    let o = vigil(&["ingest", "--db", ":memory:", "a.txt"], tmp.path());
    assert_clear_error(&o, "in-memory store would lose everything");
}

#[test]
fn foreign_sqlite_file_is_refused_unmodified() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep');")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    std::fs::write(tmp.path().join("a.txt"), "Rain fell in Paris.\n").unwrap();
    let o = vigil(&["ingest", "--db", "other.db", "a.txt"], tmp.path());
    assert_clear_error(&o, "is not a Vigil store");
    let o = vigil(&["events", "--db", "other.db"], tmp.path());
    assert_clear_error(&o, "is not a Vigil store");
    assert!(stderr(&o).lines().count() <= 2, "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).unwrap(), before, "file was modified");
    assert!(!tmp.path().join("other.db-wal").exists());
}

#[cfg(unix)]
#[test]
fn read_only_store_is_readable() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let ro = tmp.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let db = store(&ro);
    for f in std::fs::read_dir(&ro).unwrap() {
        let p = f.unwrap().path();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = vigil(&["search", "--db", &db, "Baku"], tmp.path());
    let o2 = vigil(&["events", "--db", &db], tmp.path());
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Baku"), "{}", stdout(&o));
    assert!(o2.status.success(), "{}", stderr(&o2));
}

#[test]
fn search_queries_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    let o = vigil(&["search", "--db", &db, ""], tmp.path());
    assert_clear_error(&o, "the query is empty");
    assert!(!stderr(&o).contains("fts5"), "{}", stderr(&o));
    let long = "word ".repeat(16_000);
    let o = vigil(&["search", "--db", &db, &long], tmp.path());
    assert_clear_error(&o, "at most");
    let huge = "x".repeat(100_000);
    let o = vigil(&["search", "--db", &db, &huge], tmp.path());
    assert_clear_error(&o, "at most 1024");
    // The error names the query without echoing 100 KB of it.
    assert!(
        stderr(&o).len() < 400,
        "{} bytes of error",
        stderr(&o).len()
    );
    // Odd but short queries still work (quoted-word fallback).
    let o = vigil(&["search", "--db", &db, "\"Baku"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn limits_and_wildcards() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    let o = vigil(
        &["events", "--db", &db, "--limit", "9223372036854775808"],
        tmp.path(),
    );
    assert_clear_error(&o, "at most 9223372036854775807 rows");
    let o = vigil(
        &["events", "--db", &db, "--limit", "9223372036854775807"],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for pat in ["%", "0_0", "_"] {
        let o = vigil(
            &["events", "--db", &db, "--cameo", pat, "--format", "jsonl"],
            tmp.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), "", "--cameo {pat} matched as a wildcard");
    }
}

#[test]
fn huge_alert_windows_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    for (json, field) in [
        (
            r#"{"burst":{"window_days":100000000}}"#,
            "burst.window_days",
        ),
        (
            r#"{"escalation":{"baseline_days":100000000}}"#,
            "escalation.baseline_days",
        ),
        (
            r#"{"burst":{"window_days":9223372036854775807}}"#,
            "burst.window_days",
        ),
        (r#"{"burst":{"window_days":-5}}"#, "burst.window_days"),
    ] {
        let p = tmp.path().join("p.json");
        std::fs::write(&p, json).unwrap();
        let o = vigil(
            &["alerts", "--db", &db, "--params", p.to_str().unwrap()],
            tmp.path(),
        );
        assert_clear_error(&o, field);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn full_stdout_ends_quietly_with_an_error_status() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    for args in [
        vec!["search", "--db", db.as_str(), "Baku"],
        vec!["timeline", "--db", db.as_str()],
        vec!["network", "--db", db.as_str()],
        vec!["dyads", "--db", db.as_str()],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_vigil"))
            .args(&args)
            .current_dir(tmp.path())
            .stdout(full)
            .output()
            .unwrap();
        let err = stderr(&o);
        assert!(!o.status.success(), "{args:?} exited 0");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn fifo_on_the_command_line_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe");
    let ok = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    let o = vigil(&["ingest", "--db", "v.db", "pipe"], tmp.path());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

#[test]
fn file_names_are_printed_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "bad\nrejected forged.txt: \u{1b}[31mred";
    std::fs::write(tmp.path().join(name), "").unwrap();
    let o = vigil(&["ingest", "--db", "v.db", name], tmp.path());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
    assert!(err.contains("\\n"), "{err}");
}

#[test]
fn bad_published_values_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.jsonl"),
        "{\"text\": \"Rain fell in Paris today.\", \"published\": \"last Tuesday-ish\"}\n\
         {\"text\": \"Snow fell in Oslo today.\", \"published\": \"2024-01-02\"}\n",
    )
    .unwrap();
    let o = vigil(&["ingest", "--db", "v.db", "a.jsonl"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("a.jsonl:1") && err.contains("last Tuesday-ish"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("1 stored with warnings"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn over_budget_document_is_marked_failed_and_not_retried() {
    let tmp = tempfile::tempdir().unwrap();
    let big = "Officials met in Baku on Monday. ".repeat(70_000);
    std::fs::write(tmp.path().join("big.txt"), big).unwrap();
    let o = vigil(&["ingest", "--db", "v.db", "big.txt"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = vigil(&["extract", "--db", "v.db"], tmp.path());
    assert_clear_error(&o, "over the extraction budget");
    assert!(stdout(&o).contains("1 failed"), "{}", stdout(&o));
    let o = vigil(&["extract", "--db", "v.db"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("from 0 documents, 0 failed"),
        "{}",
        stdout(&o)
    );
}
