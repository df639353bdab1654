"""The Python API: events as dicts, order and threads, errors, explain, the store."""

import json
import os
import subprocess
import sys

import pytest

import vigil
from conftest import ROOT, SAMPLES, run_cli

PUTIN = ("Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan "
         "in Sochi on Monday.")


def test_import_from_any_directory(tmp_path):
    # The data ships in the package: no data path, no repository needed.
    code = "import vigil; print(len(vigil.Coder().code('x. y.')))"
    env = {k: v for k, v in os.environ.items() if k != "VIGIL_DATA"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True)
    assert out.stdout.strip() == "0"
    assert (vigil.DATA_DIR / "codebook").is_dir()
    assert not str(vigil.DATA_DIR).startswith(str(ROOT / "data"))


def test_meeting_event(coder):
    events = coder.code(PUTIN, published="2024-05-06")
    meets = [e for e in events if e.get("plover") == "CONSULT"]
    assert meets, events
    e = meets[0]
    assert e["source"]["country"] == "RUS"
    assert e["target"]["country"] == "TUR"
    assert e["date"]["start"] == "2024-05-06"


def test_dates_and_metadata_accepted(coder):
    import datetime as dt

    a = coder.code(PUTIN, published=dt.date(2024, 5, 6), title="t", source="s")
    b = coder.code(PUTIN, published="2024-05-06", title="t", source="s")
    assert a == b


def test_rejection_is_vigil_error_with_cli_reason(coder):
    with pytest.raises(vigil.VigilError, match=r"^rejected article 0: empty text"):
        coder.code("   ")


def test_bad_arguments(coder):
    with pytest.raises(ValueError, match="min_confidence"):
        vigil.Coder(min_confidence=2.0)
    with pytest.raises(ValueError, match="threads"):
        coder.code_many(["x"], threads=0)


def voa_articles():
    with open(SAMPLES / "voa" / "voa_security.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_code_many_order_and_threads(coder):
    arts = voa_articles()
    one = coder.code_many(arts, threads=1)
    two = coder.code_many(arts, threads=2)
    assert one == two
    assert one == [coder.code_many([a])[0] for a in arts]
    assert sum(map(len, one)) > 0


def test_code_many_errors_warn(coder):
    with pytest.warns(RuntimeWarning, match="rejected article 1"):
        out = coder.code_many([PUTIN, {"text": ""}, PUTIN], errors="warn")
    assert out[1] == [] and out[0] == out[2] and out[0]
    with pytest.raises(vigil.VigilError, match="rejected article 1"):
        coder.code_many([PUTIN, {"title": "no text"}])


def test_min_confidence(coder):
    all_events = coder.code_many(voa_articles())
    flat = [e for evs in all_events for e in evs]
    cut = sorted(e["confidence"] for e in flat)[len(flat) // 2]
    strict = vigil.Coder(min_confidence=cut).code_many(voa_articles())
    kept = [e for evs in strict for e in evs]
    assert kept == [e for e in flat if e["confidence"] >= cut]
    assert len(kept) < len(flat)


def test_explain_layers():
    x = vigil.explain(PUTIN, published="2024-05-06")
    for key in ("stages", "doc", "sentences", "tokens", "entities", "times", "places",
                "events", "trace"):
        assert key in x, key
    assert x["doc"]["published"] == "2024-05-06"
    assert any(t["text"] == "met" for t in x["tokens"])
    assert x["trace"]


def test_frame_and_arrow(coder):
    import pandas as pd

    df = pd.DataFrame({"text": [PUTIN, "Nothing happened here."],
                       "published": [pd.Timestamp("2024-05-06"), None], "id": ["a", "b"]})
    frame = coder.code_frame(df)
    assert list(frame.columns) == ["Article", "ArticleId"] + list(vigil.FRAME_COLUMNS)
    assert set(frame["ArticleId"]) <= {"a", "b"}
    row = frame[frame["PloverType"] == "CONSULT"].iloc[0]
    assert row["SQLDATE"] == 20240506 and row["Actor1CountryCode"] == "RUS"
    table = vigil.to_arrow(frame)
    assert table.num_rows == len(frame)
    assert table.schema.field("SQLDATE").type == "int64"
    with pytest.raises(vigil.VigilError, match="no column 'body'"):
        coder.code_frame(df, text="body")


@pytest.fixture(scope="module")
def store_path(vigil_bin, tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "vigil.db"
    run_cli(vigil_bin, "ingest", "--db", db, SAMPLES / "fictional-visits", SAMPLES / "voa")
    run_cli(vigil_bin, "extract", "--db", db)
    return db


def test_store_events_alerts_search(vigil_bin, store_path):
    store = vigil.Store(store_path)
    frame = store.events()
    cli = [json.loads(l) for l in
           run_cli(vigil_bin, "events", "--db", store_path, "--format", "jsonl").splitlines()]
    assert list(frame["EventId"]) == [e["id"] for e in cli]
    assert store.event_dicts() == cli
    rus = store.events(country="RUS", since="2000-01-01", limit=5)
    assert 0 < len(rus) <= 5
    assert all("RUS" in (a, b) for a, b in zip(rus["Actor1CountryCode"], rus["Actor2CountryCode"]))
    cli_alerts = [json.loads(l) for l in
                  run_cli(vigil_bin, "alerts", "--db", store_path, "--json").splitlines()]
    assert store.alerts() == cli_alerts and cli_alerts
    hits = store.search("U.S.")
    assert hits and all("snippet" in h for h in hits)
    with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
        store.events(since="last week")


def test_store_missing_file_is_vigil_error(tmp_path):
    with pytest.raises(vigil.VigilError, match="opening store .*no such file"):
        vigil.Store(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()
