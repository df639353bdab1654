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

/// Two invented articles: the first has an event only once "Jane Example" is a coded actor.
const TWO_ARTICLES: &str = r#"{"id":"a1","title":"Talks","published":"2026-03-02","text":"Jane Example met German Chancellor Olaf Scholz in Berlin on Monday to discuss energy supplies."}
{"id":"a2","title":"Border","published":"2026-03-03","text":"Russian troops shelled Ukrainian positions near Kharkiv on Tuesday, Ukraine's army said."}
"#;

#[test]
fn since_last_rewrites_the_chunks_a_new_coder_re_extracted() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in.jsonl");
    std::fs::write(&input, TWO_ARTICLES).expect("write input");
    let dict = tmp.path().join("dict");
    std::fs::create_dir(&dict).expect("mkdir");
    std::fs::write(dict.join("My.actors.txt"), "JANE_EXAMPLE_ [FRAGOV]\n").expect("write dict");
    let db = tmp.path().join("v.db");
    let db = s(&db);
    let (jl, pq) = (tmp.path().join("jl"), tmp.path().join("pq"));
    let export = |fmt: &str, dir: &Path| {
        let args = ["export", "--db", db, "--format", fmt, "--out", s(dir)];
        ok(&[&args[..], &["--since", "last"]].concat())
    };
    let days = |dir: &Path| -> Vec<String> {
        files(dir)
            .into_keys()
            .filter_map(|k| k.split('/').next().map(str::to_string))
            .filter(|k| k.starts_with("day="))
            .collect()
    };

    ok(&["analyze", "--db", db, s(&input)]);
    let before = stored_jsonl(db);
    export("jsonl", &jl);
    export("parquet", &pq);
    assert_eq!(days(&pq), ["day=2026-03-03"]);

    // A new coder (an extra dictionary) re-extracts both documents and finds one more event.
    ok(&["extract", "--db", db, "--dict", s(&dict)]);
    let after = stored_jsonl(db);
    assert!(after.len() > before.len(), "the dictionary added no event");
    let out = export("jsonl", &jl);
    assert!(out.contains("1 re-extracted chunk(s) rewritten"), "{out}");
    let mut exported = part_lines(&jl, ".jsonl");
    exported.sort();
    assert_eq!(exported, after, "the lake holds the re-extracted events");
    export("parquet", &pq);
    assert_eq!(days(&pq), ["day=2026-03-02", "day=2026-03-03"]);

    // Unchanged store: nothing rewritten, files as they were.
    let lake = files(&jl);
    let out = export("jsonl", &jl);
    assert!(!out.contains("rewritten"), "{out}");
    assert_eq!(files(&jl), lake);

    // Back to the first coder: the event and its day partition leave the lake.
    ok(&["extract", "--db", db]);
    export("parquet", &pq);
    assert_eq!(days(&pq), ["day=2026-03-03"]);
    export("jsonl", &jl);
    let mut exported = part_lines(&jl, ".jsonl");
    exported.sort();
    assert_eq!(exported, before);
}
