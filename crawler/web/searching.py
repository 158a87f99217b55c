"""The reading room's use of the search engine (storage/search.py): results, and where a quote's
words stand in a text so that they can be highlighted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crawler.web.views import BadRequest
from crawler.sources import known_sources
from storage.search import MODES, SearchError, search
from storage.search_text import passage_spans, word_spans


def run_search(session: Session, query: str, *, mode: str = "phrase", source: str | None = None,
               since: date | datetime | None = None, until: date | datetime | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
    if mode not in MODES:
        raise BadRequest(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if source and source not in known_sources(session):  # a typo must not read as "never published"
        raise BadRequest(f"unknown source {source!r}")
    try:
        return search(session, query, source=source, since=since, until=until, limit=limit, mode=mode)
    except SearchError as exc:
        raise BadRequest(str(exc)) from exc


def spans(text: str, query: str, mode: str = "phrase") -> list[tuple[int, int]]:
    """Where the query stands in ``text``: the phrase's runs of words, or each of its words."""
    return word_spans(text, query) if mode == "words" else passage_spans(text, query)
