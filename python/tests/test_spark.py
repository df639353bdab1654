"""Spark: `mapInPandas` with one Coder per worker on local[2] gives the CLI's events."""

import json
import os
import re
import shutil
import sys

import pytest

from conftest import ROOT, SAMPLES, need, run_cli

VOA = SAMPLES / "voa" / "voa_security.jsonl"


@pytest.fixture(scope="module")
def spark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pyspark = None
    need(pyspark is not None, "pyspark is not installed (pip install pyspark)")
    need(shutil.which("java") is not None, "no Java runtime (apt-get install openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    # Workers must run the interpreter that has vigil installed (this one), not `python3`.
    os.environ["PYSPARK_PYTHON"] = sys.executable

    session = (SparkSession.builder.master("local[2]").appName("vigil-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    yield session
    session.stop()


def test_map_in_pandas_equals_cli(spark, vigil_bin):
    with open(VOA, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    cols = ["id", "url", "title", "published", "source", "text"]
    articles = spark.createDataFrame([[r[c] for c in cols] for r in rows],
                                     schema=", ".join(f"{c} string" for c in cols))
    articles = articles.repartition(2)
    # The recipe in docs/python.md, run as written.
    doc = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    [recipe] = re.findall(r"^```python spark\n(.*?)^```", doc, flags=re.S | re.M)
    namespace = {"spark": spark, "articles": articles}
    exec(compile(recipe, "docs/python.md:spark", "exec"), namespace)  # noqa: S102
    events = namespace["events"]
    got = {r["EventId"]: r.asDict() for r in events.collect()}
    cli = [json.loads(line) for line in
           run_cli(vigil_bin, "code", "--format", "jsonl", VOA).splitlines()]
    assert sorted(got) == sorted(e["id"] for e in cli)
    for e in cli:
        row = got[e["id"]]
        assert row["EventCode"] == e["cameo"] and row["DocId"] == e["doc_id"]
        assert row["Actor1Code"] == (e.get("source") or {}).get("code")
        assert row["Actor2Code"] == (e.get("target") or {}).get("code")
        assert row["Modality"] == e["modality"] and row["Confidence"] == e["confidence"]
        start = (e.get("date") or {}).get("start")
        assert (row["DateStart"].isoformat() if row["DateStart"] else None) == start
