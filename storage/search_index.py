"""The full-text index over extraction texts: SQLite FTS5 or PostgreSQL tsvector, kept in step.

Both engines index :func:`storage.search_text.word_string` of each extraction's text, so typography
never reaches them and both see the same words. SQLite: a contentless FTS5 table ``search_fts``
whose rowid is the extraction id (BM25 ranking, phrase queries on token positions). PostgreSQL:
``search_document`` with a ``tsvector`` per extraction in a language configuration (English and
Russian stemmers that keep stop words, so a quote made of them is still a phrase; others 'simple')
and a GIN index. Rows are indexed by ORM events in the same transaction that writes the extraction;
:func:`reindex` rebuilds everything (``provcrawl search --reindex``, and migration 0009).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection

from storage.models import Extraction
from storage.search_text import word_string

SQLITE_TABLE = "search_fts"
PG_TABLE = "search_document"
# a tsvector holds at most 1 MB; longer texts are indexed up to here (phrases later in them are not found)
PG_MAX_CHARS = 400_000
PG_CONFIGS = {"en": "provcrawl_english", "ru": "provcrawl_russian"}  # any other language: 'simple'
IndexRow = tuple[int, str | None, str | None]  # extraction id, text, language


def is_search_object(name: str | None) -> bool:
    """The index's tables (and FTS5's shadow tables): not in models.py, made by migration 0009."""
    return bool(name) and (name == PG_TABLE or name.startswith(SQLITE_TABLE)  # type: ignore[union-attr]
                           or name.startswith(f"ix_{PG_TABLE}"))  # type: ignore[union-attr]


def pg_config(language: str | None) -> str:
    """The text search configuration for an extraction's language (``en``, ``ru-RU``...)."""
    return PG_CONFIGS.get((language or "").split("-")[0].split("_")[0].lower(), "simple")


def _indexable(rows: Iterable[IndexRow]) -> list[tuple[int, str, str | None]]:
    out = []
    for eid, body, language in rows:
        if body:
            w = word_string(body)
            if w:
                out.append((eid, w, language))
    return out


def add(conn: Connection, rows: Iterable[IndexRow]) -> int:
    """Index extraction texts (rows without text are skipped); returns how many were indexed."""
    todo = _indexable(rows)
    if not todo:
        return 0
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"INSERT INTO {SQLITE_TABLE}(rowid, body) VALUES (:id, :body)"),
                     [{"id": eid, "body": w} for eid, w, _ in todo])
    else:
        conn.execute(text(f"INSERT INTO {PG_TABLE} (extraction_id, config, tsv) VALUES "
                          "(:id, CAST(:cfg AS regconfig), to_tsvector(CAST(:cfg AS regconfig), :body)) "
                          "ON CONFLICT (extraction_id) DO UPDATE SET config = EXCLUDED.config, tsv = EXCLUDED.tsv"),
                     [{"id": eid, "cfg": pg_config(lang), "body": w[:PG_MAX_CHARS]} for eid, w, lang in todo])
    return len(todo)


def remove(conn: Connection, eid: int, old_text: str | None) -> None:
    """Take one extraction out of the index (a contentless FTS5 table needs the indexed words back)."""
    if conn.dialect.name == "sqlite":
        w = word_string(old_text) if old_text else ""
        if w:
            conn.execute(text(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, body) VALUES ('delete', :id, :body)"),
                         {"id": eid, "body": w})
    else:
        conn.execute(text(f"DELETE FROM {PG_TABLE} WHERE extraction_id = :id"), {"id": eid})


def reindex(conn: Connection, *, batch: int = 2000, progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and index every extraction's text again; returns the number indexed."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('delete-all')"))
    else:
        conn.execute(text(f"TRUNCATE {PG_TABLE}"))
    done, last = 0, 0
    q = text("SELECT id, text, language FROM extraction WHERE id > :last AND text IS NOT NULL "
             "ORDER BY id LIMIT :n")
    while True:
        rows: Sequence[Any] = conn.execute(q, {"last": last, "n": batch}).all()
        if not rows:
            break
        done += add(conn, [(r[0], r[1], r[2]) for r in rows])
        last = rows[-1][0]
        if progress:
            progress(done)
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('optimize')"))
    else:
        conn.execute(text(f"ANALYZE {PG_TABLE}"))
    return done


@event.listens_for(Extraction, "after_insert")
def _index_new_row(mapper: Any, connection: Connection, target: Extraction) -> None:
    add(connection, [(target.id, target.text, target.language)])


@event.listens_for(Extraction, "after_update")
def _index_changed_row(mapper: Any, connection: Connection, target: Extraction) -> None:
    state = inspect(target)
    text_hist, lang_hist = state.attrs.text.history, state.attrs.language.history
    if not (text_hist.has_changes() or lang_hist.has_changes()):
        return
    old = text_hist.deleted[0] if text_hist.deleted else target.text
    remove(connection, target.id, old)
    add(connection, [(target.id, target.text, target.language)])
