"""`vigil export --format parquet` read back by pyarrow and DuckDB: the documented schema, one row
per stored event, Hive day partitions, and `--since last` appending only what is new."""

import json
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from conftest import SAMPLES, run_cli

ACTOR_FIELDS = ["text", "name", "code", "country", "sectors", "span_start", "span_end"]
COLUMNS = [
    "event_id", "doc_id", "doc_seq", "sentence", "event_date", "date_value", "date_start",
    "date_end", "date_granularity", "published", "cameo", "cameo_root", "quad_class",
    "goldstein", "plover", "plover_mode", "source", "target", "place", "modality",
    "attribution_text", "attribution_cue", "confidence", "evidence_start", "evidence_end",
    "predicate_start", "predicate_end", "rule", "coder", "url",
]


def stored_events(vigil_bin, db):
    out = run_cli(vigil_bin, "events", "--db", db, "--format", "jsonl")
    return [json.loads(line) for line in out.splitlines()]


def lake(path: Path):
    return ds.dataset(path, format="parquet", partitioning="hive",
                      exclude_invalid_files=True)


@pytest.fixture()
def store(tmp_path, vigil_bin):
    """A store of the VOA sample, analysed."""
    db = tmp_path / "v.db"
    run_cli(vigil_bin, "analyze", "--db", db, SAMPLES / "voa" / "voa_security.jsonl")
    return db


def test_parquet_schema_and_one_row_per_event(tmp_path, vigil_bin, store):
    out = tmp_path / "lake"
    run_cli(vigil_bin, "export", "--db", store, "--format", "parquet", "--out", out)
    events = stored_events(vigil_bin, store)
    assert events, "the VOA sample gave no events"
    table = lake(out).to_table()
    assert table.num_rows == len(events)
    assert sorted(table.column("event_id").to_pylist()) == sorted(e["id"] for e in events)
    names = table.schema.names
    assert names[: len(COLUMNS)] == COLUMNS and names[-1] == "day"
    source = table.schema.field("source").type
    assert [source.field(i).name for i in range(source.num_fields)] == ACTOR_FIELDS
    by_id = {r["event_id"]: r for r in table.to_pylist()}
    for e in events:
        row = by_id[e["id"]]
        assert row["cameo"] == e["cameo"] and row["modality"] == e["modality"]
        assert row["confidence"] == pytest.approx(e["confidence"])
        assert row["rule"] == e["provenance"]["rule"]
        if e.get("source"):
            assert row["source"]["code"] == e["source"]["code"]
            assert row["source"]["sectors"] == e["source"].get("sectors", [])
        else:
            assert row["source"] is None
    # Every file sits in its event's day partition.
    for f in out.rglob("*.parquet"):
        assert f.parent.name.startswith("day="), f


def test_duckdb_reads_the_partitions(tmp_path, vigil_bin, store):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "lake"
    run_cli(vigil_bin, "export", "--db", store, "--format", "parquet", "--out", out)
    n = len(stored_events(vigil_bin, store))
    glob = str(out / "day=*" / "*.parquet")
    con = duckdb.connect()
    rows = con.execute(f"SELECT count(*), count(DISTINCT event_id), count(DISTINCT day) "
                       f"FROM read_parquet('{glob}', hive_partitioning = true)").fetchall()[0]
    assert rows[0] == n and rows[1] == n and rows[2] >= 1
    codes = con.execute(f"SELECT source.code FROM read_parquet('{glob}') "
                        f"WHERE source IS NOT NULL LIMIT 1").fetchall()
    assert codes and codes[0][0]


def test_since_last_appends_only_new_events(tmp_path, vigil_bin, store):
    out = tmp_path / "lake"
    run_cli(vigil_bin, "export", "--db", store, "--since", "last", "--out", out)
    first = {f: f.read_bytes() for f in out.rglob("*.parquet")}
    before = lake(out).count_rows()
    visits = tmp_path / "visits"
    shutil.copytree(SAMPLES / "fictional-visits", visits)
    run_cli(vigil_bin, "analyze", "--db", store, visits)
    run_cli(vigil_bin, "export", "--db", store, "--since", "last", "--out", out)
    # Old files untouched, new ones added, and together one row per stored event.
    for f, data in first.items():
        assert f.read_bytes() == data
    assert lake(out).count_rows() == len(stored_events(vigil_bin, store)) > before
    state = json.loads((out / "_vigil_export.json").read_text())
    assert state["format"] == "parquet" and state["last_seq"] > 0
