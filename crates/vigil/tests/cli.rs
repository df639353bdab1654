//! End-to-end tests of the `vigil` binary: the CLI contract other issues and users rely on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vigil(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(cwd)
        .env("VIGIL_DATA", workspace().join("data"))
        .output()
        .expect("run vigil")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A folder of mixed real-world input: good text, HTML and JSONL, plus a binary and an empty file.
fn mixed_folder(dir: &Path) {
    let src = workspace().join("samples/scraped");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
}

#[test]
fn ingest_mixed_folder_reports_and_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    mixed_folder(&input);
    let db = tmp.path().join("v.db");
    let db = db.to_str().unwrap();

    let o = vigil(&["ingest", "--db", db, input.to_str().unwrap()], tmp.path());
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    // txt, html, broken-utf8 txt, and two good JSONL lines.
    assert!(out.contains("added 5,"), "{out}");
    assert!(out.contains("rejected 3"), "{out}");
    let err = stderr(&o);
    let rejected: Vec<&str> = err.lines().filter(|l| l.starts_with("rejected ")).collect();
    assert_eq!(rejected.len(), 3, "{err}");
    assert!(rejected.iter().any(|l| l.contains("empty.txt")), "{err}");
    assert!(rejected.iter().any(|l| l.contains("image.png")), "{err}");
    assert!(rejected.iter().any(|l| l.contains("wire.jsonl:3")), "{err}");
    assert!(err.contains("repaired"), "{err}");

    // Second run adds nothing.
    let o = vigil(&["ingest", "--db", db, input.to_str().unwrap()], tmp.path());
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("added 0, duplicate 5"),
        "{}",
        stdout(&o)
    );

    // Full text search finds the HTML article, not its script.
    let o = vigil(&["search", "--db", db, "grain"], tmp.path());
    assert!(stdout(&o).contains("Ministers meet over grain corridor"));
    let o = vigil(&["search", "--db", db, "tracking"], tmp.path());
    assert!(!stdout(&o).contains("Ministers"));
}

#[test]
fn ingest_fails_only_when_nothing_was_ingested() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("empty.txt");
    std::fs::write(&bad, "").unwrap();
    let db = tmp.path().join("v.db");
    let o = vigil(
        &[
            "ingest",
            "--db",
            db.to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o)
            .lines()
            .filter(|l| l.starts_with("rejected"))
            .count(),
        1
    );
}

#[test]
fn over_size_file_is_rejected_with_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.txt");
    std::fs::write(&big, "Officials met in Baku on Monday. ".repeat(100)).unwrap();
    let ok = tmp.path().join("ok.txt");
    std::fs::write(&ok, "Officials met in Baku on Monday.").unwrap();
    let db = tmp.path().join("v.db");
    let o = vigil(
        &[
            "ingest",
            "--db",
            db.to_str().unwrap(),
            "--max-bytes",
            "1000",
            big.to_str().unwrap(),
            ok.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert!(o.status.success());
    assert!(stdout(&o).contains("added 1,"), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("big.txt") && err.contains("1000"), "{err}");
}

#[test]
fn analyze_then_query_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("v.db");
    let db = db.to_str().unwrap();
    let samples = workspace().join("samples/voa");
    let o = vigil(
        &["analyze", "--db", db, samples.to_str().unwrap()],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("== Vigil report"));

    for args in [
        vec!["timeline", "--country", "TUR"],
        vec!["dyads", "--period", "month"],
        vec!["network", "--format", "json"],
        vec!["network", "--format", "dot"],
        vec!["alerts"],
        vec!["contradictions"],
    ] {
        let mut full = args.clone();
        full.extend(["--db", db]);
        let o = vigil(&full, tmp.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }

    for fmt in ["table", "jsonl", "csv", "gdelt"] {
        let o = vigil(&["events", "--db", db, "--format", fmt], tmp.path());
        assert!(o.status.success(), "{fmt}: {}", stderr(&o));
        if fmt == "gdelt" {
            for line in stdout(&o).lines() {
                assert_eq!(line.split('\t').count(), 61, "{line}");
            }
        }
        if fmt == "jsonl" {
            for line in stdout(&o).lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                for k in ["cameo", "root", "modality", "doc_id", "sentence", "span"] {
                    assert!(v.get(k).is_some(), "missing {k} in {line}");
                }
            }
        }
    }
}

#[test]
fn code_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let samples = workspace().join("samples/voa");
    let a = vigil(&["code", samples.to_str().unwrap()], tmp.path());
    let b = vigil(&["code", samples.to_str().unwrap()], tmp.path());
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
}

/// The analyst's example: three foreign intelligence chiefs visit one capital within a month,
/// mixed into unrelated news. `vigil analyze` must raise a burst alert that names the target
/// country and whose evidence is those visits.
#[test]
fn intel_chief_visits_raise_a_burst_alert_with_evidence() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("v.db");
    let db = db.to_str().unwrap();
    let samples = workspace().join("samples/fictional-visits");
    let o = vigil(
        &["analyze", "--db", db, samples.to_str().unwrap()],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("== Alerts"), "{}", stdout(&o));

    let o = vigil(&["alerts", "--db", db, "--json"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let alerts: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let o = vigil(&["events", "--db", db, "--format", "jsonl"], tmp.path());
    let events: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let source_country = |id: &str| -> Option<String> {
        events
            .iter()
            .find(|e| e["id"] == id)
            .and_then(|e| e["source"]["country"].as_str().map(str::to_string))
    };
    let burst = alerts.iter().find(|a| {
        let key = a["key"].as_str().unwrap_or("");
        if a["kind"] != "burst" || !key.contains("target=AZE") {
            return false;
        }
        let mut countries: Vec<String> = a["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|id| source_country(id.as_str().unwrap()))
            .collect();
        countries.sort();
        countries.dedup();
        ["IRN", "RUS", "TUR"]
            .iter()
            .all(|c| countries.iter().any(|x| x == c))
    });
    let Some(burst) = burst else {
        panic!("no AZE burst with RUS, IRN and TUR visits as evidence: {alerts:#?}");
    };
    let why = burst["explanation"].as_str().unwrap();
    assert!(why.contains("AZE"), "{why}");
    // `vigil show` points at the words: the sentence with the predicate marked, and the rule.
    let first = burst["evidence"][0].as_str().unwrap();
    let o = vigil(&["show", "--db", db, first], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let shown = stdout(&o);
    assert!(shown.contains("evidence") && shown.contains('<'), "{shown}");
    assert!(shown.contains("rule "), "{shown}");

    // The speculative expert piece and the denial must not be counted as visits.
    for id in burst["evidence"].as_array().unwrap() {
        let e = events.iter().find(|e| e["id"] == *id).unwrap();
        assert!(
            matches!(e["modality"].as_str(), Some("asserted" | "reported")),
            "{e}"
        );
    }
}

/// Runs vigil with `input` on standard input.
fn vigil_stdin(args: &[&str], cwd: &Path, input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(cwd)
        .env("VIGIL_DATA", workspace().join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run vigil");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(input).expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("wait vigil")
}

#[test]
fn jsonl_on_stdin_is_streamed_line_by_line() {
    // 40 articles of ~100 bytes: 4 KB in all, over the 1,000-byte limit as a whole, but each
    // line is under it, so streaming accepts every one (a whole read would refuse them all).
    let mut input = String::new();
    for i in 0..40 {
        input.push_str(&format!(
            "{{\"id\":\"s{i}\",\"text\":\"The mayor of Dunmore opened bridge number {i} on Monday.\"}}\n"
        ));
    }
    input.push_str("{\"id\":\"long\",\"text\":\"");
    input.push_str(&"word ".repeat(300));
    input.push_str("\"}\n");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("v.db");
    let args = [
        "ingest",
        "--db",
        db.to_str().unwrap(),
        "--max-bytes",
        "1000",
        "-",
    ];
    let o = vigil_stdin(&args, tmp.path(), input.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("added 40,"), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("<stdin>:41") && err.contains("too large"),
        "{err}"
    );
    // Plain text on stdin is still one article, read whole.
    let text = b"The mayor of Dunmore opened a bridge on Monday.\n";
    let o = vigil_stdin(&args, tmp.path(), text);
    assert!(stdout(&o).contains("added 1,"), "{}", stdout(&o));
}
