"""`code_frame` on the VOA sample gives the events of `vigil code --format jsonl`."""

import json

import pandas as pd

import vigil
from conftest import SAMPLES, run_cli

VOA = SAMPLES / "voa" / "voa_security.jsonl"


def voa_frame() -> pd.DataFrame:
    # Read as plain strings: pandas' own JSON reader would turn dates and ids into other types.
    with open(VOA, encoding="utf-8") as f:
        return pd.DataFrame([json.loads(line) for line in f if line.strip()])


def test_code_frame_equals_cli_jsonl(coder, vigil_bin):
    cli = [json.loads(line) for line in
           run_cli(vigil_bin, "code", "--format", "jsonl", VOA).splitlines()]
    assert cli, "the CLI coded no events from the VOA sample"
    df = voa_frame()
    frame = coder.code_frame(df)
    # Same events, same order, every field: the CLI's events flattened the same way...
    extra = ["Article", "ArticleId", "SOURCEURL"]
    pd.testing.assert_frame_equal(frame.drop(columns=extra),
                                  vigil.events_frame(cli).drop(columns=["SOURCEURL"]))
    # ...each row knows its article...
    assert list(frame["SOURCEURL"]) == [df["url"][a] for a in frame["Article"]]
    assert list(frame["ArticleId"]) == [df["id"][a] for a in frame["Article"]]
    # ...and the dicts themselves are the CLI's lines.
    assert [e for evs in coder.code_many(df.to_dict("records")) for e in evs] == cli


def test_flat_columns_say_what_the_event_says(vigil_bin):
    cli = [json.loads(line) for line in
           run_cli(vigil_bin, "code", "--format", "jsonl", VOA).splitlines()]
    frame = vigil.events_frame(cli)
    for e, (_, row) in zip(cli, frame.iterrows()):
        assert row["EventId"] == e["id"] and row["EventCode"] == e["cameo"]
        assert row["EventRootCode"] == e["root"] and row["QuadClass"] == e["quad_class"]
        assert row["GoldsteinScale"] == e["goldstein"] and row["Modality"] == e["modality"]
        assert row["Actor1Code"] == (e.get("source") or {}).get("code")
        assert row["Actor2CountryCode"] == (e.get("target") or {}).get("country")
        if e.get("date", {}).get("start"):
            assert row["DateStart"] == pd.Timestamp(e["date"]["start"])
        assert row["Rule"] == e["provenance"]["rule"]
