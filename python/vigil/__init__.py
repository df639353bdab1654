"""Vigil from Python: news articles in, coded political events out.

The models, dictionaries, gazetteer and codebooks ship inside this package (``vigil/data``),
so nothing needs to be configured or downloaded::

    import vigil
    coder = vigil.Coder()
    events = coder.code("Russian President Vladimir Putin met Turkish President "
                        "Recep Tayyip Erdogan in Sochi on Monday.", published="2024-05-06")

Events are dicts in the schema of ``vigil code --format jsonl``; :meth:`Coder.code_frame`
and :meth:`Store.events` give flat pandas DataFrames with GDELT-like column names. Errors are
raised as :class:`VigilError` with the message the ``vigil`` command prints.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import warnings
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

from . import _vigil
from ._frame import FRAME_COLUMNS, events_frame, to_arrow
from ._vigil import CODER_VERSION, VigilError

__all__ = [
    "CODER_VERSION",
    "Coder",
    "DATA_DIR",
    "FRAME_COLUMNS",
    "Store",
    "VigilError",
    "events_frame",
    "explain",
    "to_arrow",
]

#: The data directory shipped with the package.
DATA_DIR = Path(__file__).resolve().parent / "data"

PathLike = Union[str, Path]


def _day(value: Any) -> Optional[str]:
    """A date-like value (``str``, ``date``, ``datetime``, ``pandas.Timestamp``) as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:  # NaN from a DataFrame
        return None
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        if getattr(value, "tzinfo", None) is not None or isinstance(value, _dt.datetime):
            return value.strftime("%Y-%m-%d") if value == value else None
        return value.isoformat()
    if str(value) in ("NaT", "nan", "None", "<NA>"):
        return None
    return str(value)


def _article(text: Any, published: Any = None, title: Any = None, source: Any = None,
             url: Any = None, id: Any = None) -> str:
    """One article as the JSON object a JSONL line holds; missing fields are left out."""
    fields = {"text": text, "published": _day(published), "title": title, "source": source,
              "url": url, "id": id}
    clean = {}
    for k, v in fields.items():
        if v is None or (isinstance(v, float) and v != v):
            continue
        clean[k] = v if isinstance(v, (str, int)) else str(v)
    return json.dumps(clean, ensure_ascii=False)


class Coder:
    """The Vigil pipeline (tokeniser, tagger, parser, NER, time, geo, event coder), loaded once.

    Args:
        dictionaries: extra dictionary directories for the coder (like ``vigil code --dict``).
        min_confidence: drop events whose coder confidence is below this value (0 to 1).
        data_dir: another data directory than the one shipped with the package.

    Raises:
        VigilError: a model or dictionary could not be loaded (the CLI's message).
    """

    def __init__(self, dictionaries: Optional[Sequence[PathLike]] = None,
                 min_confidence: Optional[float] = None,
                 data_dir: Optional[PathLike] = None) -> None:
        dicts = [str(d) for d in dictionaries] if dictionaries is not None else None
        self._native = _vigil.Coder(str(data_dir or DATA_DIR), dicts, min_confidence)
        for w in self._native.warnings():
            warnings.warn(w, RuntimeWarning, stacklevel=2)

    @property
    def stages(self) -> list:
        """Names of the loaded pipeline stages, in order."""
        return self._native.stages()

    def code(self, text: str, *, published: Any = None, title: Optional[str] = None,
             source: Optional[str] = None) -> list:
        """Codes one article.

        Args:
            text: the article body (plain text; HTML is stripped as on ingest).
            published: publication date (``YYYY-MM-DD``, ``date``, ``datetime`` or
                ``pandas.Timestamp``), the anchor for "on Monday" and the fallback event date.
            title: headline. source: publisher name.

        Returns:
            The events, each a dict in the schema of ``vigil code --format jsonl``.

        Raises:
            VigilError: the article was rejected (e.g. empty text), with the CLI's reason.
        """
        [(events, error)] = self._native.code_json([_article(text, published, title, source)], 1)
        if error is not None:
            raise VigilError(error)
        return [json.loads(e) for e in events]

    def code_many(self, articles: Iterable[Any], *, threads: Optional[int] = None,
                  errors: str = "raise") -> list:
        """Codes many articles in parallel, with the GIL released.

        Args:
            articles: an iterable of dicts with ``text`` and optionally ``published``,
                ``title``, ``source``, ``url``, ``id`` (the fields of a JSONL line), or of
                strings (the text alone).
            threads: worker threads (default: one per core).
            errors: ``"raise"`` raises :class:`VigilError` for the first rejected article;
                ``"warn"`` warns and gives it an empty list.

        Returns:
            One list of event dicts per article, in input order.
        """
        if errors not in ("raise", "warn"):
            raise ValueError(f"errors {errors!r}: expected 'raise' or 'warn'")
        if threads is not None and threads < 1:
            raise ValueError(f"threads {threads}: expected at least 1")
        payload = []
        for a in articles:
            if isinstance(a, str):
                payload.append(_article(a))
            else:
                payload.append(_article(a.get("text"), a.get("published", a.get("date")),
                                        a.get("title"), a.get("source"), a.get("url"),
                                        a.get("id")))
        out = []
        for events, error in self._native.code_json(payload, threads or 0):
            if error is not None:
                if errors == "raise":
                    raise VigilError(error)
                warnings.warn(error, RuntimeWarning, stacklevel=2)
            out.append([json.loads(e) for e in events])
        return out

    def code_frame(self, df: Any, text: str = "text", published: Optional[str] = "published",
                   title: Optional[str] = "title", source: Optional[str] = "source",
                   url: Optional[str] = "url", id: Optional[str] = "id", *,
                   threads: Optional[int] = None, errors: str = "raise") -> Any:
        """Codes a DataFrame of articles: one output row per event.

        Args:
            df: a pandas DataFrame with one article per row.
            text, published, title, source, url, id: the column names to read; a column
                that is absent (other than ``text``) is ignored.
            threads, errors: as for :meth:`code_many`.

        Returns:
            A DataFrame with :data:`FRAME_COLUMNS` (GDELT-like names where GDELT has one),
            plus ``Article`` (the row position in ``df``) and ``ArticleId`` (the ``id`` column).
        """
        if text not in df.columns:
            raise VigilError(f"code_frame: no column {text!r} in the DataFrame")
        cols = {"text": text, "published": published, "title": title, "source": source,
                "url": url, "id": id}
        present = {k: c for k, c in cols.items() if c is not None and c in df.columns}
        records = [
            {k: row[i] for i, k in enumerate(present)}
            for row in zip(*(df[c].tolist() for c in present.values()))
        ]
        coded = self.code_many(records, threads=threads, errors=errors)
        events, article, article_id = [], [], []
        for pos, (rec, evs) in enumerate(zip(records, coded)):
            for e in evs:
                events.append(e)
                article.append(pos)
                article_id.append(None if rec.get("id") is None else str(rec["id"]))
        urls = [r.get("url") for r in records]
        frame = events_frame(events, urls=[urls[p] for p in article])
        frame.insert(0, "Article", article)
        frame.insert(1, "ArticleId", article_id)
        return frame

    def explain(self, sentence: str, published: Any = None) -> dict:
        """Every layer of the analysis of one sentence, as ``vigil explain`` shows it.

        Returns:
            A dict with ``stages``, ``doc`` (the cleaned document), ``sentences``, ``tokens``
            (lemma, POS, dependency head), ``entities``, ``times``, ``places``, ``events`` and
            ``trace`` (the coder's lines: actors found, patterns tried and why).
        """
        return json.loads(self._native.explain_json(_article(sentence, published)))


@functools.lru_cache(maxsize=1)
def _default_coder() -> Coder:
    return Coder()


def explain(sentence: str, published: Any = None) -> dict:
    """``vigil explain`` for one sentence with the shipped data; see :meth:`Coder.explain`."""
    return _default_coder().explain(sentence, published)


class Store:
    """Read access to a Vigil store written by ``vigil ingest``/``extract``/``analyze``.

    Args:
        path_or_url: the SQLite file (``vigil.db``).

    Raises:
        VigilError: the store cannot be opened (the CLI's message).
    """

    def __init__(self, path_or_url: PathLike) -> None:
        self._native = _vigil.Store(str(path_or_url))

    def events(self, *, actor: Optional[str] = None, country: Optional[str] = None,
               cameo: Optional[str] = None, since: Any = None, until: Any = None,
               doc_id: Optional[str] = None, limit: Optional[int] = None) -> Any:
        """Stored events matching the filters of ``vigil events``, as a flat DataFrame."""
        lines = self._native.events_json(actor, country, cameo, _day(since), _day(until),
                                         doc_id, limit)
        return events_frame([json.loads(e) for e in lines])

    def event_dicts(self, **filters: Any) -> list:
        """Like :meth:`events`, as dicts in the JSONL event schema."""
        f = dict(filters)
        lines = self._native.events_json(f.get("actor"), f.get("country"), f.get("cameo"),
                                         _day(f.get("since")), _day(f.get("until")),
                                         f.get("doc_id"), f.get("limit"))
        return [json.loads(e) for e in lines]

    def alerts(self, *, since: Any = None, params: Optional[dict] = None) -> list:
        """Bursts, escalations and new dyads (``vigil alerts --json``), as dicts."""
        p = json.dumps(params) if params is not None else None
        return [json.loads(a) for a in self._native.alerts_json(_day(since), p)]

    def search(self, q: str, limit: int = 20) -> list:
        """Full-text search over stored articles (``vigil search --json``), as dicts."""
        return [json.loads(h) for h in self._native.search_json(q, limit)]
