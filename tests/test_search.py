"""Full-text search: typography-tolerant phrases, the URL timeline, both engines, the index kept up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from storage.db import Database
from storage.models import Capture, CrawlRun, Extraction
from storage.search import SearchError, search
from storage.search_index import reindex
from tests.conftest import PG_URL, backend_url

T0 = datetime(2021, 5, 20, 9, tzinfo=UTC)
A, B, C, D = (f"https://www.mid.ru/{x}" for x in "abcd")
QUOTE = "the Arctic is our territory"


def _build(db: Database) -> dict[str, int]:
    """Captures on four URLs; returns names -> capture ids (the same ids on every engine)."""
    ids: dict[str, int] = {}
    with db.session() as s:
        run = CrawlRun(command="test", software_version="t", started_at=T0)
        s.add(run)
        s.flush()

        def cap(name: str, url: str, day: int, source: str, *texts: str | None, status: int | None = 200,
                lang: str = "en", revisit_of: str | None = None) -> None:
            c = Capture(run_id=run.id, url=url, fetched_at=T0 + timedelta(days=day), status=status, source=source,
                        record_type="revisit" if revisit_of else "response",
                        revisit_of_id=ids[revisit_of] if revisit_of else None)
            s.add(c)
            s.flush()
            ids[name] = c.id
            for i, body in enumerate(texts):
                s.add(Extraction(capture_id=c.id, extractor="t", extractor_version=str(i), settings_hash="h",
                                 extracted_at=T0, status="ok" if body else "blocked", text=body, language=lang))
            s.flush()

        cap("a1", A, 0, "mid_en", "Asked about it, Lavrov said: “The Arctic is our territory,” and left.")
        cap("a2", A, 1, "mid_en", None, status=403)  # blocked: no text, not a removal
        cap("a3", A, 2, "mid_en", revisit_of="a1")  # identical payload, no row of its own: carries a1's text
        cap("a4", A, 3, "mid_en", "Asked about it, Lavrov spoke of the Arctic and left.")
        cap("a5", A, 4, "mid_en", status=None)  # a network error
        cap("b1", B, 1, "mid_ru", "Лавров: «Арктика —\u00a0наша терри\u00adтория», — заявил он. Ещё раз.", lang="ru")
        # two extraction versions of one capture: the passage in either one counts
        cap("b2", B, 5, "mid_ru", "Лавров заявил.", "Лавров: «Арктика - наша территория». Еще раз.", lang="ru")
        cap("c1", C, 0, "other", "Quoted: THE ARCTIC IS OUR TERRITORY. " + "Filler words here. " * 300)
        cap("c2", C, 1, "other", "Nothing about it today.")
        cap("c3", C, 2, "other", "Quoted again: the Arctic is our\n\nterritory!")
        # the stemmer makes this a PostgreSQL candidate; the phrase check on words turns it down
        cap("d1", D, 0, "other", "The Arctic is our territories now, not the Antarctic.")
    return ids


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One database per engine with the same rows (PostgreSQL when PROVCRAWL_TEST_PG_URL is set)."""
    out = {}
    for backend in ("sqlite", "postgresql"):
        if backend == "postgresql" and not PG_URL:
            continue
        db = Database(backend_url(backend, tmp_path_factory.mktemp("search"), "tests/test_search.py::engines"))
        out[backend] = (db, _build(db))
    yield out
    for db, _ in out.values():
        db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, engines: Any) -> tuple[Database, dict[str, int]]:
    if request.param not in engines:
        pytest.skip("PROVCRAWL_TEST_PG_URL not set (CI sets it)")
    return engines[request.param]


def run(db: Database, query: str, **kw: Any) -> list[dict[str, Any]]:
    with db.session() as s:
        return search(s, query, **kw)


@pytest.mark.parametrize("typed", [QUOTE, '"THE ARCTIC IS OUR TERRITORY"', "the arctic — is our ter\u00adritory",
                                   "«the Arctic  is our territory»"])
def test_phrase_ignores_typography_and_groups_by_url(engine: Any, typed: str) -> None:
    db, ids = engine
    results = {r["url"]: r for r in run(db, typed)}
    assert set(results) == {A, C}  # D has "territories": the words, not their stems, must match
    a = results[A]
    assert a["source"] == "mid_en"
    assert a["first_seen"]["capture_id"] == ids["a1"]
    assert a["last_seen"]["capture_id"] == ids["a3"]  # the revisit carries a1's text
    assert a["last_seen"]["extraction_id"] == a["first_seen"]["extraction_id"]
    assert a["removed_at"]["capture_id"] == ids["a4"]  # the blocked a2 and the failed a5 do not count
    assert a["first_seen"]["fetched_at"] == "2021-05-20T09:00:00+00:00" and a["first_seen"]["status"] == 200
    assert "“The Arctic is our territory,”" in a["snippet"]
    c = results[C]
    assert c["last_seen"]["capture_id"] == ids["c3"] and c["removed_at"] is None  # back again after c2
    assert len(c["snippet"]) < 300 and "our\n\nterritory" not in c["snippet"]


def test_russian_yo_dashes_and_extraction_versions(engine: Any) -> None:
    db, ids = engine
    for typed in ("Арктика - наша территория", "«арктика – наша территория»", "еще раз", "ЕЩЁ РАЗ"):
        (b,) = run(db, typed)
        assert b["url"] == B and b["first_seen"]["capture_id"] == ids["b1"], typed
        assert b["last_seen"]["capture_id"] == ids["b2"] and b["removed_at"] is None, typed
    assert run(db, "наша арктика") == []


def test_filters_and_limit(engine: Any) -> None:
    db, ids = engine
    assert [r["url"] for r in run(db, "территория", source="mid_ru")] == [B]
    assert run(db, QUOTE, source="mid_ru") == []
    (a,) = run(db, QUOTE, source="mid_en", until=date(2021, 5, 21))
    assert a["last_seen"]["capture_id"] == ids["a1"] and a["removed_at"] is None
    assert run(db, QUOTE, source="mid_en", since=date(2021, 5, 23)) == []
    assert len(run(db, QUOTE, limit=1)) == 1
    with pytest.raises(SearchError):
        run(db, QUOTE, since=date(2021, 5, 23), until=date(2021, 5, 21))


def test_word_search_is_ranked_and_needs_every_word(engine: Any) -> None:
    db, ids = engine
    urls = [r["url"] for r in run(db, "territory arctic", mode="words")]
    assert set(urls) >= {A, C} and B not in urls
    assert run(db, "arctic zanzibar", mode="words") == []
    (a,) = run(db, "lavrov spoke", mode="words")
    assert a["first_seen"]["capture_id"] == ids["a4"]


@pytest.mark.parametrize("query, mode", [("", "phrase"), (" … « » ", "phrase"), (QUOTE, "fuzzy")])
def test_unsearchable_queries_are_refused(engine: Any, query: str, mode: str) -> None:
    with pytest.raises(SearchError):
        run(engine[0], query, mode=mode)


def test_sqlite_and_postgresql_give_the_same_results(engines: Any) -> None:
    if "postgresql" not in engines:
        pytest.skip("PROVCRAWL_TEST_PG_URL not set (CI sets it)")
    def by_url(db: Database, query: str) -> list[dict[str, Any]]:  # each engine ranks in its own way
        return sorted(run(db, query), key=lambda r: r["url"])

    for query in (QUOTE, "Арктика — наша территория", "еще раз", "lavrov", "filler words here", "now not the"):
        assert by_url(engines["sqlite"][0], query) == by_url(engines["postgresql"][0], query), query


def test_index_follows_edits_and_reindex_rebuilds(engine: Any) -> None:
    db, ids = engine
    with db.session() as s:  # an edited row is re-indexed in the same transaction
        row = s.scalars(select(Extraction).where(Extraction.capture_id == ids["c2"])).one()
        row.text = "Zanzibar, too, is our territory."
    assert [r["url"] for r in run(db, "zanzibar too")] == [C]
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM search_document") if conn.dialect.name == "postgresql"
                     else text("INSERT INTO search_fts(search_fts) VALUES ('delete-all')"))
    assert run(db, QUOTE) == []
    with db.engine.begin() as conn:
        assert reindex(conn, batch=3) == 9  # every extraction with text
    assert {r["url"] for r in run(db, QUOTE)} == {A, C}
    with db.session() as s:
        s.scalars(select(Extraction).where(Extraction.capture_id == ids["c2"])).one().text = "Nothing about it today."
    assert run(db, "zanzibar too") == []


def test_upgrade_from_0007_indexes_the_stored_texts(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from storage.db import _alembic_config

    engine = create_engine(db_url)
    command.upgrade(_alembic_config(engine), "0007")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO crawl_run (id, command, software_version, versions, started_at, status, "
                          "captures_count, errors_count, bytes_written) VALUES (1, 'x', 't', '{}', :t, 'finished', 1, 0, 0)"),
                     {"t": T0.replace(tzinfo=None)})
        conn.execute(text("INSERT INTO capture (id, run_id, url, url_key, fetched_at, status, paywall_status) "
                          "VALUES (1, 1, :u, :u, :t, 200, 'unknown')"), {"u": A, "t": T0.replace(tzinfo=None)})
        conn.execute(text("INSERT INTO extraction (id, capture_id, extractor, extractor_version, settings_hash, "
                          "settings, extracted_at, status, text, language) VALUES "
                          "(1, 1, 't', '1', 'h', '{}', :t, 'ok', :body, 'ru')"),
                     {"t": T0.replace(tzinfo=None), "body": "Он сказал: «Арктика — наша территория»."})
    engine.dispose()
    db = Database(db_url)  # upgrades to the newest revision
    (r,) = run(db, "арктика наша территория")
    assert r["first_seen"]["capture_id"] == 1 and r["first_seen"]["extraction_id"] == 1
    db.dispose()
