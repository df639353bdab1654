"""Coding inside Spark: one :class:`vigil.Coder` per Python worker, articles in, events out.

Recipe (see docs/python.md)::

    from vigil.spark import code_articles, SCHEMA
    events = articles.mapInPandas(code_articles(), schema=SCHEMA)

``articles`` is a Spark DataFrame with a ``text`` column and optionally ``published``,
``title``, ``source``, ``url``, ``id`` (strings; ``published`` may also be a date). The coder is
loaded once per Python worker process and kept for every later batch.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterator, Optional, Tuple

from ._frame import FRAME_COLUMNS

_SPARK_TYPES = {"object": "string", "Int64": "bigint", "float64": "double",
                "datetime64[ns]": "date"}

#: The Spark schema (DDL) of the frames :func:`code_articles` yields.
SCHEMA = ", ".join(
    ["Article bigint", "ArticleId string"]
    + [f"{name} {_SPARK_TYPES[dtype]}" for name, dtype in FRAME_COLUMNS.items()]
)


@functools.lru_cache(maxsize=4)
def _coder(dictionaries: Optional[Tuple[str, ...]], min_confidence: Optional[float]) -> Any:
    import vigil

    return vigil.Coder(dictionaries=dictionaries, min_confidence=min_confidence)


def code_articles(text: str = "text", *, dictionaries: Optional[Tuple[str, ...]] = None,
                  min_confidence: Optional[float] = None, threads: int = 1,
                  **columns: Any) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """A function for ``DataFrame.mapInPandas`` that codes each batch of articles.

    Args:
        text: the text column. Other column names (``published=``, ``title=``, ...) as for
            :meth:`vigil.Coder.code_frame`.
        dictionaries, min_confidence: as for :class:`vigil.Coder`.
        threads: threads per Spark task (Spark already runs one task per core).
    """
    dicts = tuple(dictionaries) if dictionaries is not None else None

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        coder = _coder(dicts, min_confidence)
        for pdf in batches:
            frame = coder.code_frame(pdf, text=text, threads=threads, **columns)
            # Spark's date columns take datetime.date values, not pandas timestamps.
            for col, dtype in FRAME_COLUMNS.items():
                if dtype.startswith("datetime"):
                    frame[col] = frame[col].dt.date.astype(object).where(frame[col].notna(), None)
            yield frame

    return run
