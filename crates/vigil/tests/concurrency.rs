//! Several writers on one SQLite store at once: four `ingest` and two `extract` processes
//! started together on a store that does not exist yet (so they also race to create the
//! schema). Every process must succeed by waiting its turn, and the final store must hold
//! exactly what a serial run produces.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cmd(args: &[&str], cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigil"));
    c.args(args)
        .current_dir(cwd)
        .env("VIGIL_DATA", workspace().join("data"))
        .stdin(Stdio::null());
    c
}

fn run(args: &[&str], cwd: &Path) -> Output {
    let o = cmd(args, cwd).output().expect("run vigil");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Four folders of short articles; folders 2 and 3 share two articles (duplicates across
/// concurrent writers).
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let places = ["Baku", "Paris", "Tbilisi", "Nairobi", "Lima", "Hanoi"];
    let mut folders = Vec::new();
    for f in 0..4 {
        let folder = dir.join(format!("in{f}"));
        std::fs::create_dir(&folder).unwrap();
        for k in 0..12 {
            let n = if f == 3 && k < 2 { 20 + k } else { f * 12 + k };
            let place = places[n % places.len()];
            let text = format!(
                "Article {n}. The foreign minister of France met officials in {place} on Monday \
                 to discuss trade.\n\nPolice in {place} arrested {n} protesters on Tuesday.\n"
            );
            std::fs::write(folder.join(format!("a{k:02}.txt")), text).unwrap();
        }
        folders.push(folder);
    }
    folders
}

fn events_of(db: &Path, cwd: &Path) -> String {
    let o = run(
        &["events", "--db", db.to_str().unwrap(), "--format", "jsonl"],
        cwd,
    );
    String::from_utf8(o.stdout).unwrap()
}

fn doc_ids(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut st = c.prepare("SELECT id FROM documents ORDER BY id").unwrap();
    let ids = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    ids
}

#[test]
fn four_ingests_and_two_extracts_at_once_equal_a_serial_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let folders = inputs(dir);
    let names: Vec<&str> = folders.iter().map(|f| f.to_str().unwrap()).collect();

    let serial = dir.join("serial.db");
    let s = serial.to_str().unwrap();
    for f in &names {
        run(&["ingest", "--db", s, f], dir);
    }
    run(&["extract", "--db", s], dir);

    let shared = dir.join("shared.db");
    let d = shared.to_str().unwrap();
    let mut children: Vec<(String, Child)> = Vec::new();
    for f in &names {
        let c = cmd(&["ingest", "--db", d, f], dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        children.push((format!("ingest {f}"), c));
    }
    for k in 0..2 {
        let c = cmd(&["extract", "--db", d], dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        children.push((format!("extract {k}"), c));
    }
    for (what, c) in children {
        let o = c.wait_with_output().unwrap();
        assert!(
            o.status.success(),
            "{what} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // The extracts may have started before some ingests committed: finish the rest.
    run(&["extract", "--db", d], dir);

    assert_eq!(doc_ids(&shared), doc_ids(&serial));
    assert_eq!(doc_ids(&shared).len(), 46);
    let (a, b) = (events_of(&shared, dir), events_of(&serial, dir));
    assert!(!b.is_empty(), "the serial run found no events");
    assert_eq!(a, b);
}
