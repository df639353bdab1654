//! The stored extraction fingerprint covers the knowledge, not just the code version: editing a
//! dictionary file under `data/dictionaries` or passing `--dict DIR` makes `vigil extract`
//! (and `vigil analyze`, which shares it) re-extract stored documents; an unchanged run does not.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vigil(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .env("VIGIL_DATA", data)
        .output()
        .expect("run vigil")
}

/// "extracted N events from D documents" → D.
fn documents_extracted(o: &Output) -> usize {
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("extracted "))
        .unwrap_or_else(|| panic!("no extract line in {out}"));
    line.split(" from ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("bad extract line {line}"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A data directory whose dictionaries are a private copy (editable) and whose other parts
/// are the workspace's own (copied: small, and the models directory may be absent).
fn private_data(tmp: &Path) -> PathBuf {
    let real = workspace().join("data");
    let data = tmp.join("data");
    for e in std::fs::read_dir(&real).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_owned();
        if p.is_dir() {
            copy_dir(&p, &data.join(&name));
        } else {
            std::fs::copy(&p, data.join(&name)).unwrap();
        }
    }
    data
}

#[test]
fn editing_a_dictionary_or_passing_dict_re_extracts() {
    let tmp = tempfile::tempdir().unwrap();
    let data = private_data(tmp.path());
    let db = tmp.path().join("v.db");
    let db = db.to_str().unwrap();
    let samples = workspace().join("samples/fictional-visits");
    let o = vigil(&["ingest", "--db", db, samples.to_str().unwrap()], &data);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let n = documents_extracted(&vigil(&["extract", "--db", db], &data));
    assert!(n > 0, "nothing extracted");
    // same code, same data: nothing to do
    assert_eq!(
        documents_extracted(&vigil(&["extract", "--db", db], &data)),
        0
    );

    // an edited project dictionary file changes the fingerprint
    let actors = data.join("dictionaries/vigil/Vigil.Leaders.actors.txt");
    let mut text = std::fs::read_to_string(&actors).unwrap();
    text.push_str("\n# an edit\nJOHN_Q_EXAMPLE_ [USAGOV]\n");
    std::fs::write(&actors, text).unwrap();
    assert_eq!(
        documents_extracted(&vigil(&["extract", "--db", db], &data)),
        n
    );
    assert_eq!(
        documents_extracted(&vigil(&["extract", "--db", db], &data)),
        0
    );

    // an extra --dict directory changes it too, and so does editing a file in it
    let extra = tmp.path().join("mydict");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(extra.join("My.actors.txt"), "JANE_EXAMPLE_ [FRAGOV]\n").unwrap();
    let dict = extra.to_str().unwrap();
    let with_dict = ["extract", "--db", db, "--dict", dict];
    assert_eq!(documents_extracted(&vigil(&with_dict, &data)), n);
    assert_eq!(documents_extracted(&vigil(&with_dict, &data)), 0);
    std::fs::write(extra.join("My.actors.txt"), "JANE_EXAMPLE_ [DEUGOV]\n").unwrap();
    assert_eq!(documents_extracted(&vigil(&with_dict, &data)), n);
}
