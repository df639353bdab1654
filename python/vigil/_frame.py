"""Flat tables of events: one row per event, GDELT-like column names where GDELT has one.

The nested JSONL event (actors, date, place, provenance) is spread over flat columns; nothing
is computed that the event does not say. pandas and pyarrow are imported only when needed.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

#: Columns of :func:`events_frame`, in order, with their pandas dtypes.
FRAME_COLUMNS = {
    "EventId": "object",           # Vigil's stable event id (hex)
    "DocId": "object",             # content-hash id of the article
    "Sentence": "Int64",           # sentence index in the article
    "SQLDATE": "Int64",            # first day of the event date, YYYYMMDD (GDELT)
    "DateValue": "object",         # TIMEX3 value: 2024-05-06, 2024-W19, XXXX-05-06 ...
    "DateStart": "datetime64[ns]",
    "DateEnd": "datetime64[ns]",
    "Actor1Code": "object",
    "Actor1Name": "object",        # canonical dictionary name, when known
    "Actor1Text": "object",        # the words that named the actor
    "Actor1CountryCode": "object",  # ISO 3166-1 alpha-3
    "Actor1Type1Code": "object",
    "Actor1Type2Code": "object",
    "Actor1Type3Code": "object",
    "Actor2Code": "object",
    "Actor2Name": "object",
    "Actor2Text": "object",
    "Actor2CountryCode": "object",
    "Actor2Type1Code": "object",
    "Actor2Type2Code": "object",
    "Actor2Type3Code": "object",
    "EventCode": "object",
    "EventBaseCode": "object",
    "EventRootCode": "object",
    "QuadClass": "Int64",
    "GoldsteinScale": "float64",
    "PloverType": "object",
    "PloverMode": "object",
    "Modality": "object",
    "Confidence": "float64",
    "ActionGeo_FullName": "object",
    "ActionGeo_CountryCode": "object",
    "ActionGeo_ADM1Code": "object",
    "ActionGeo_Lat": "float64",
    "ActionGeo_Long": "float64",
    "ActionGeo_FeatureID": "Int64",
    "Rule": "object",
    "SOURCEURL": "object",
}


def _actor(prefix: str, a: Optional[dict]) -> dict:
    a = a or {}
    sectors = list(a.get("sectors") or []) + [None, None, None]
    return {
        f"{prefix}Code": a.get("code"),
        f"{prefix}Name": a.get("name"),
        f"{prefix}Text": a.get("text"),
        f"{prefix}CountryCode": a.get("country"),
        f"{prefix}Type1Code": sectors[0],
        f"{prefix}Type2Code": sectors[1],
        f"{prefix}Type3Code": sectors[2],
    }


def flat_event(e: dict, url: Optional[str] = None) -> dict:
    """One JSONL event as a flat row (see :data:`FRAME_COLUMNS`)."""
    date = e.get("date") or {}
    place = e.get("place") or {}
    start = date.get("start")
    row = {
        "EventId": e.get("id"),
        "DocId": e.get("doc_id"),
        "Sentence": e.get("sentence"),
        "SQLDATE": int(start.replace("-", "")) if start else None,
        "DateValue": date.get("value"),
        "DateStart": start,
        "DateEnd": date.get("end"),
    }
    row.update(_actor("Actor1", e.get("source")))
    row.update(_actor("Actor2", e.get("target")))
    cameo = e.get("cameo") or ""
    row.update({
        "EventCode": cameo or None,
        "EventBaseCode": cameo[:3] or None,
        "EventRootCode": e.get("root"),
        "QuadClass": e.get("quad_class"),
        "GoldsteinScale": e.get("goldstein"),
        "PloverType": e.get("plover"),
        "PloverMode": e.get("plover_mode"),
        "Modality": e.get("modality"),
        "Confidence": e.get("confidence"),
        "ActionGeo_FullName": place.get("name"),
        "ActionGeo_CountryCode": place.get("country"),
        "ActionGeo_ADM1Code": place.get("admin1"),
        "ActionGeo_Lat": place.get("lat"),
        "ActionGeo_Long": place.get("lon"),
        "ActionGeo_FeatureID": place.get("geonameid"),
        "Rule": (e.get("provenance") or {}).get("rule"),
        "SOURCEURL": url,
    })
    return row


def events_frame(events: Sequence[dict], urls: Optional[Sequence[Optional[str]]] = None) -> Any:
    """Event dicts (the JSONL schema, e.g. read from ``vigil code --format jsonl``) as a flat
    pandas DataFrame, one row per event, columns :data:`FRAME_COLUMNS`."""
    import pandas as pd

    urls = urls if urls is not None else [None] * len(events)
    rows = [flat_event(e, u) for e, u in zip(events, urls)]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    for col, dtype in FRAME_COLUMNS.items():
        if dtype.startswith("datetime"):
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif dtype == "object":
            # Missing values are None, never NaN, whatever pandas inferred.
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
        else:
            frame[col] = frame[col].astype(dtype)
    return frame


def to_arrow(frame: Any) -> Any:
    """An events DataFrame as a ``pyarrow.Table`` (dates as ``timestamp``, nullable ints)."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)
