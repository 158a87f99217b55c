"""Where did that quote come from: full-text search over every extraction, grouped by URL.

A phrase search asks the engine (:mod:`storage.search_index`) for candidate extractions, then
confirms each on its normalised words, so the typography of the quote never matters and both
engines give the same answer. A word search ranks texts holding all the words (on PostgreSQL also
their other forms, via the stemmers). Each URL then gets its timeline: the first and last captures
whose text holds the passage and, if a later capture with text lost it, when it was edited out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from storage.models import Capture, Extraction
from storage.search_index import PG_CONFIGS, PG_TABLE, SQLITE_TABLE
from storage.search_text import holds_phrase, passage_spans, snippet, word_spans, word_string, words

MODES = ("phrase", "words")
_BATCH = 500  # SQL IN-lists are chunked to this size


class SearchError(ValueError):
    """The query or a filter cannot be searched for (e.g. it has no words)."""


@dataclass(frozen=True)
class _Query:
    mode: str
    words: str  # the query's word_string
    match: str  # the engine's query text (FTS5 MATCH expression, or the words for PostgreSQL)


def _prepare(query: str, mode: str) -> _Query:
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r} (phrase or words)")
    w = words(query or "")
    if not w:
        raise SearchError("the query has no words to search for")
    if mode == "phrase":
        match = '"' + " ".join(w) + '"'  # tokens are letters and digits only: nothing to escape
    else:
        match = " ".join(f'"{t}"' for t in dict.fromkeys(w))
    return _Query(mode, " ".join(w), match)


def _pg_tsquery(mode: str) -> str:
    fn = "phraseto_tsquery" if mode == "phrase" else "plainto_tsquery"
    configs = ["simple", *PG_CONFIGS.values()]
    return "(" + " || ".join(f"{fn}('{c}', :q)" for c in configs) + ")"


def _bounds(since: date | datetime | None, until: date | datetime | None) -> tuple[datetime | None, datetime | None]:
    """Dates are whole UTC days (``until`` inclusive); datetimes are taken as given (naive = UTC)."""
    def at(d: date | datetime | None, end: bool) -> datetime | None:
        if d is None:
            return None
        if not isinstance(d, datetime):
            d = datetime.combine(d + timedelta(days=1) if end else d, time(), UTC)
            return d - timedelta(microseconds=1) if end else d
        return d if d.tzinfo else d.replace(tzinfo=UTC)
    lo, hi = at(since, False), at(until, True)
    if lo and hi and lo > hi:
        raise SearchError("--since is after --until")
    return lo, hi


def _filters(source: str | None, lo: datetime | None, hi: datetime | None) -> list[Any]:
    out: list[Any] = []
    if source:
        out.append(Capture.source == source)
    if lo:
        out.append(Capture.fetched_at >= lo)
    if hi:
        out.append(Capture.fetched_at <= hi)
    return out


_FTS = table(SQLITE_TABLE, column("rowid"))
_DOC = table(PG_TABLE, column("extraction_id"), column("tsv"))


def _match(session: Session, q: _Query) -> tuple[Any, Any]:
    """(the engine's match condition, its relevance score: larger is better) as SQL expressions."""
    if session.get_bind().dialect.name == "sqlite":
        cond = text(f"{SQLITE_TABLE} MATCH :q").bindparams(q=q.match)
        return cond, -literal_column(f"bm25({SQLITE_TABLE})")
    tsq = text(_pg_tsquery(q.mode)).bindparams(q=q.words)
    return _DOC.c.tsv.op("@@")(tsq), func.ts_rank_cd(_DOC.c.tsv, tsq)


def _ranked_urls(session: Session, q: _Query, filters: list[Any], n: int, offset: int) -> list[str]:
    """URL keys whose texts the engine matches, best first (BM25 on SQLite, ts_rank_cd on PostgreSQL)."""
    cond, score = _match(session, q)
    doc_id = _FTS.c.rowid if session.get_bind().dialect.name == "sqlite" else _DOC.c.extraction_id
    # FTS5's bm25() works only in a plain query over its table: score the matches first, then group
    hits = select(doc_id.label("eid"), score.label("score")).where(cond).cte("hits").prefix_with("MATERIALIZED")
    best = func.max(hits.c.score).label("best")
    stmt = (select(Capture.url_key, best).select_from(hits)
            .join(Extraction, Extraction.id == hits.c.eid).join(Capture, Capture.id == Extraction.capture_id)
            .where(*filters).group_by(Capture.url_key).order_by(best.desc(), Capture.url_key)
            .limit(n).offset(offset))
    return [row[0] for row in session.execute(stmt)]


def _engine_matches(session: Session, q: _Query, ids: Sequence[int]) -> set[int]:
    """Which of these extraction ids the engine matches."""
    cond, _ = _match(session, q)
    doc_id = _FTS.c.rowid if session.get_bind().dialect.name == "sqlite" else _DOC.c.extraction_id
    out: set[int] = set()
    for i in range(0, len(ids), _BATCH):
        stmt = select(doc_id).where(cond, doc_id.in_(list(ids[i:i + _BATCH])))
        out.update(session.scalars(stmt))
    return out


def _capture(c: Any, extraction_id: int | None) -> dict[str, Any]:
    return {"capture_id": c.id, "url": c.url, "fetched_at": c.fetched_at.isoformat(),
            "status": c.status, "extraction_id": extraction_id}


def _timelines(session: Session, q: _Query, keys: list[str], filters: list[Any]) -> dict[str, dict]:
    """For each URL key: first_seen, last_seen, removed_at and the snippet (only keys that hold it)."""
    caps: list[Any] = []
    for i in range(0, len(keys), _BATCH):
        stmt = select(Capture.id, Capture.url, Capture.archive_of, Capture.url_key, Capture.fetched_at,
                      Capture.status, Capture.revisit_of_id, Capture.source
                      ).where(Capture.url_key.in_(keys[i:i + _BATCH]), *filters)
        caps.extend(session.execute(stmt).all())
    wanted = {c.id for c in caps} | {c.revisit_of_id for c in caps if c.revisit_of_id}
    ex: dict[int, list[tuple[int, bool]]] = {}  # capture id -> [(extraction id, has text)] oldest first
    ids = sorted(wanted)
    for i in range(0, len(ids), _BATCH):
        has_text = func.coalesce(func.length(Extraction.text), 0) > 0
        stmt = (select(Extraction.id, Extraction.capture_id, has_text)
                .where(Extraction.capture_id.in_(ids[i:i + _BATCH])).order_by(Extraction.id))
        for eid, cid, has in session.execute(stmt):
            ex.setdefault(cid, []).append((eid, bool(has)))
    texts: dict[int, str] = {}
    matched = _engine_matches(session, q, [eid for rows in ex.values() for eid, has in rows if has])
    found = sorted(matched)
    for i in range(0, len(found), _BATCH):
        texts.update(session.execute(select(Extraction.id, Extraction.text)
                                     .where(Extraction.id.in_(found[i:i + _BATCH]))).all())
    holding = {eid for eid, body in texts.items()
               if q.mode == "words" or holds_phrase(word_string(body or ""), q.words)}
    by_key: dict[str, list[Any]] = {}
    for c in sorted(caps, key=lambda c: (c.fetched_at, c.id)):
        by_key.setdefault(c.url_key, []).append(c)
    out: dict[str, dict] = {}
    for key, timeline in by_key.items():
        first = last = removed = None
        for c in timeline:
            rows = ex.get(c.id) or (ex.get(c.revisit_of_id, []) if c.revisit_of_id else [])
            held = [eid for eid, _ in rows if eid in holding]
            with_text = [eid for eid, has in rows if has]
            if held:
                last = (c, held[-1])
                first = first or last
                removed = None
            elif with_text and last and removed is None:
                removed = (c, with_text[-1])  # blocked pages and errors have no text: not a removal
        if last is None:
            continue
        body = texts[last[1]] or ""
        spans = passage_spans(body, q.words) if q.mode == "phrase" else word_spans(body, q.words)
        out[key] = {"url": last[0].archive_of or last[0].url, "source": last[0].source,
                    "first_seen": _capture(*first), "last_seen": _capture(*last),
                    "removed_at": _capture(*removed) if removed else None, "snippet": snippet(body, spans)}
    return out


def search(session: Session, query: str, *, source: str | None = None, since: date | datetime | None = None,
           until: date | datetime | None = None, limit: int = 50, mode: str = "phrase") -> list[dict[str, Any]]:
    """URLs whose captured text holds ``query`` (a phrase, or all its words with ``mode='words'``),
    best ranked first, at most ``limit``: ``{"url", "source", "first_seen", "last_seen",
    "removed_at", "snippet"}``, each capture ``{"capture_id", "url", "fetched_at", "status",
    "extraction_id"}``. ``since``/``until`` limit the captures considered. Raises SearchError."""
    q = _prepare(query, mode)
    if limit < 1:
        raise SearchError("the limit must be at least 1")
    lo, hi = _bounds(since, until)
    filters = _filters(source, lo, hi)
    results: list[dict[str, Any]] = []
    offset, page = 0, max(limit, 20)
    while len(results) < limit:
        keys = _ranked_urls(session, q, filters, page, offset)
        if not keys:
            break
        found = _timelines(session, q, keys, filters)
        results.extend(found[k] for k in keys if k in found)
        offset += page
        page = min(page * 2, 2000)  # candidates the phrase check rejected: look further down the ranking
    return results[:limit]
