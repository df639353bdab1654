//! `vigil export`: GDELT and JSONL row counts against the store, `--since last` appending only
//! what is new, deterministic part files, and the refusals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vigil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .env("VIGIL_DATA", workspace().join("data"))
        .output()
        .expect("run vigil")
}

fn ok(args: &[&str]) -> String {
    let o = vigil(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "vigil {args:?} failed: {err}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// Every file under `dir` (relative path → bytes), state file included.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .expect("under dir")
                    .display()
                    .to_string();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// Lines of every part file with extension `ext` (in name order).
fn part_lines(dir: &Path, ext: &str) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|(name, _)| name.ends_with(ext) && !name.starts_with("documents"))
        .flat_map(|(_, b)| {
            String::from_utf8(b)
                .expect("utf-8")
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn stored_jsonl(db: &str) -> Vec<String> {
    let mut v: Vec<String> = ok(&["events", "--db", db, "--format", "jsonl"])
        .lines()
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

#[test]
fn gdelt_and_jsonl_exports_grow_incrementally() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("v.db");
    let db = s(&db);
    let voa = workspace().join("samples/voa/voa_security.jsonl");
    ok(&["analyze", "--db", db, s(&voa)]);
    let (jl, gd) = (tmp.path().join("jl"), tmp.path().join("gd"));
    for (fmt, dir) in [("jsonl", &jl), ("gdelt", &gd)] {
        ok(&["export", "--db", db, "--format", fmt, "--out", s(dir)]);
    }
    let first_events = stored_jsonl(db);
    assert!(!first_events.is_empty(), "the VOA sample gave no events");
    let mut exported = part_lines(&jl, ".jsonl");
    exported.sort();
    assert_eq!(
        exported, first_events,
        "jsonl export = vigil events --format jsonl"
    );
    let rows = part_lines(&gd, ".tsv");
    assert_eq!(rows.len(), first_events.len());
    assert!(rows.iter().all(|r| r.split('\t').count() == 61));

    // New documents: --since last adds exactly their events, old files stay as they were.
    let before = files(&jl);
    let visits = workspace().join("samples/fictional-visits");
    ok(&["analyze", "--db", db, s(&visits)]);
    for (fmt, dir) in [("jsonl", &jl), ("gdelt", &gd)] {
        ok(&[
            "export",
            "--db",
            db,
            "--format",
            fmt,
            "--out",
            s(dir),
            "--since",
            "last",
        ]);
    }
    let after = files(&jl);
    for (name, bytes) in &before {
        if !name.starts_with('_') {
            assert_eq!(after.get(name), Some(bytes), "{name} changed");
        }
    }
    let all = stored_jsonl(db);
    assert!(
        all.len() > first_events.len(),
        "the visits gave no new events"
    );
    let mut exported = part_lines(&jl, ".jsonl");
    exported.sort();
    assert_eq!(exported, all, "no event lost or exported twice");
    assert_eq!(part_lines(&gd, ".tsv").len(), all.len());

    // Nothing new: nothing written.
    let out = ok(&[
        "export",
        "--db",
        db,
        "--format",
        "jsonl",
        "--out",
        s(&jl),
        "--since",
        "last",
    ]);
    assert!(out.contains("exported 0 events"), "{out}");
    assert_eq!(files(&jl), after);
}

#[test]
fn same_store_gives_byte_identical_files_and_bad_requests_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("v.db");
    let db = s(&db);
    let voa = workspace().join("samples/voa/voa_security.jsonl");
    ok(&["analyze", "--db", db, s(&voa)]);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        ok(&["export", "--db", db, "--out", s(dir), "--documents"]);
    }
    let fa = files(&a);
    assert!(
        fa.keys()
            .any(|k| k.starts_with("day=") && k.ends_with(".parquet")),
        "{:?}",
        fa.keys()
    );
    assert!(
        fa.keys().any(|k| k.starts_with("documents/")),
        "{:?}",
        fa.keys()
    );
    assert_eq!(fa, files(&b), "two exports of one store differ");

    // A second full export into the same directory, or another format there, is refused.
    for extra in [&[][..], &["--format", "jsonl", "--since", "last"][..]] {
        let mut args = vec!["export", "--db", db, "--out", s(&a), "--documents"];
        args.extend_from_slice(extra);
        let o = vigil(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let o = vigil(&["export", "--db", db, "--out", s(&a), "--since", "yesterday"]);
    assert!(!o.status.success());
}
