"""The provenance DB: migrations on first use, UTC timestamps, queries — on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import StatementError

from storage.db import Database, DatabaseError
from storage.models import Capture, CrawlRun
from storage.queries import captures_of, latest_text, list_captures, url_variants


def make_run(db: Database) -> int:
    with db.session() as s:
        run = CrawlRun(command="test", software_version="t", started_at=datetime.now(UTC))
        s.add(run)
        s.flush()
        return run.id


def test_schema_created_on_first_use_and_reopen_is_a_noop(db_url: str) -> None:
    db = Database(db_url)
    tables = set(inspect(db.engine).get_table_names())
    assert {"crawl_run", "capture", "extraction", "alembic_version"} <= tables
    db.dispose()
    Database(db_url).dispose()


def test_times_are_stored_utc_and_come_back_aware(db_url: str) -> None:
    db = Database(db_url)
    run_id = make_run(db)
    moscow = datetime(2021, 5, 20, 13, 0, tzinfo=timezone(timedelta(hours=3)))
    with db.session() as s:
        s.add(Capture(run_id=run_id, url="https://www.mid.ru/a", fetched_at=moscow))
    with db.session() as s:
        cap = s.scalars(select(Capture)).one()
        assert cap.fetched_at == datetime(2021, 5, 20, 10, 0, tzinfo=UTC)
        assert cap.fetched_at.tzinfo is not None
    with pytest.raises(StatementError, match="naive"), db.session() as s:
        s.add(Capture(run_id=run_id, url="x", fetched_at=datetime(2021, 5, 20)))
    db.dispose()


def test_queries_order_and_url_spellings(db_url: str) -> None:
    db = Database(db_url)
    run_id = make_run(db)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    with db.session() as s:
        for i in range(3):
            s.add(Capture(run_id=run_id, url="http://127.0.0.1:8000/", fetched_at=t0 + timedelta(hours=i), status=200))
        s.add(Capture(run_id=run_id, url="http://127.0.0.1:8000/100%_sure", fetched_at=t0, status=200))
    with db.session() as s:
        assert [c.fetched_at for c in captures_of(s, "http://127.0.0.1:8000")] == [t0 + timedelta(hours=i) for i in range(3)]
        newest = list_captures(s, limit=2)
        assert newest[0].fetched_at == t0 + timedelta(hours=2)
        assert [c.url for c in list_captures(s, url_prefix="http://127.0.0.1:8000/100%")] == ["http://127.0.0.1:8000/100%_sure"]
        assert latest_text(s, "http://127.0.0.1:8000/") is None
    db.dispose()


def test_url_variants() -> None:
    assert "http://example.org/" in url_variants("http://example.org")
    assert url_variants("http://example.org/a b")[1] == "http://example.org/a%20b"


def test_bad_url_and_dead_server_give_clear_errors(tmp_path) -> None:
    with pytest.raises(DatabaseError, match="invalid database URL"):
        Database("nosuchdialect://x")
    with pytest.raises(DatabaseError, match="cannot open database"):
        Database("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")


def test_a_database_from_a_newer_provcrawl_is_refused_clearly_and_left_alone(db_url: str) -> None:
    from sqlalchemy import text

    db = Database(db_url)
    run = make_run(db)
    with db.engine.begin() as conn:  # as a later release would leave it: a migration this one does not know
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    db.dispose()
    with pytest.raises(DatabaseError, match=r"schema 0099 is newer than this provcrawl.*upgrade provcrawl"):
        Database(db_url)
    db = Database(db_url, migrate=False)
    with db.session() as s:
        assert s.scalar(text("SELECT version_num FROM alembic_version")) == "0099"
        assert s.get(CrawlRun, run) is not None
    db.dispose()


@pytest.mark.sqlite_only
def test_an_archive_this_user_cannot_write_is_read_not_refused(tmp_path, monkeypatch) -> None:
    # SQLite opens a WAL database only where it may create its -shm file: on a read-only copy every
    # command, `captures` and `verify` included, failed with "attempt to write a readonly database".
    # (Seen as a non-root user; root may write anything, hence os.access is what the test changes.)
    from sqlalchemy.exc import OperationalError

    import storage.db
    from crawler.cli.common import CliError, open_db

    path = tmp_path / "provenance.sqlite"
    db = Database(f"sqlite:///{path}")
    run = make_run(db)
    db.dispose()
    real_access = os.access
    monkeypatch.setattr(storage.db.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    ro = Database(f"sqlite:///{path}")
    assert ro.read_only_file == path
    with ro.session() as s:
        assert s.get(CrawlRun, run) is not None
    with pytest.raises(OperationalError, match="readonly"), ro.session() as s:
        s.add(CrawlRun(command="x", software_version="t", started_at=datetime.now(UTC)))
    ro.dispose()
    assert open_db(tmp_path, None).read_only_file == path  # reading commands
    with pytest.raises(CliError, match="read-only here"):
        open_db(tmp_path, None, create=True)  # snapshot, crawl, import ... refused before they start


def test_migrations_match_the_models(db_url: str) -> None:
    """Autogenerate against a migrated DB finds nothing: models and migrations tell one story."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.models import Base
    from storage.search_index import is_search_object

    db = Database(db_url)
    with db.engine.connect() as conn:  # the full-text index has no model (see storage/search_index.py)
        ctx = MigrationContext.configure(conn, opts={"include_name": lambda name, kind, parent: not is_search_object(name)})
        diff = compare_metadata(ctx, Base.metadata)
    db.dispose()
    assert diff == []


def test_overlong_values_from_the_web_are_cut_not_fatal(db_url: str) -> None:
    db = Database(db_url)
    run_id = make_run(db)
    with db.session() as s:
        s.add(Capture(run_id=run_id, url="https://x.org/", fetched_at=datetime.now(UTC),
                      content_type="text/html; " + "x" * 5000, last_modified="L" * 500))
    with db.session() as s:
        cap = s.scalars(select(Capture)).one()
        assert len(cap.content_type) == 255 and len(cap.last_modified) == 64
    db.dispose()


def test_processes_starting_together_on_a_fresh_db_migrate_once(db_url: str) -> None:
    import subprocess
    import sys

    code = "import sys; from storage.db import Database; Database(sys.argv[1]).dispose()"
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors


def test_text_change_of_a_batch_matches_one_at_a_time(db_url: str) -> None:
    """store_many (re-extraction batches) judges text_change as storing the captures one by one in
    fetch order would: against the newest earlier capture of the URL, this batch's texts included."""
    import crawler.analysis.analyze as analysis
    from crawler.analysis import paywall
    from crawler.analysis.extraction import ExtractionResult, ExtractionSettings

    db = Database(db_url)
    run_id = make_run(db)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    with db.session() as s:
        caps = [Capture(run_id=run_id, url=url, fetched_at=t0 + timedelta(days=d))
                for url, d in (("https://a.example/x", 0), ("https://a.example/x", 1), ("https://a.example/x", 2),
                               ("https://b.example/y", 0), ("https://a.example/x", 3))]
        s.add_all(caps)
        s.flush()
        ids = [c.id for c in caps]

    def result(text: str) -> analysis.Analysis:
        return analysis.Analysis(ExtractionResult(status="ok", text=text), paywall.Verdict("free", ()))

    settings = ExtractionSettings()
    with db.session() as s:  # the first capture was extracted before
        analysis.store(s, ids[0], result("one"), settings)
    with db.session() as s:  # a batch, out of fetch order, two captures of one URL inside it
        analysis.store_many(s, [(ids[4], result("two")), (ids[2], result("two")), (ids[1], result("one")),
                                (ids[3], result("other"))], settings)
    with db.session() as s:
        got = {c.id: c.text_change for c in s.scalars(select(Capture))}
    assert [got[i] for i in ids] == ["new", "unchanged", "changed", "new", "unchanged"]
    db.dispose()


def test_concurrent_appends_keep_one_log(db_url: str) -> None:
    """Writers in parallel (as two crawls on one DB) keep one log: each batch holds the log row's
    lock from reading the size to its commit, so leaf indexes are dense and unique."""
    import threading

    from storage.log_check import check_log
    from storage.merkle_log import append_captures

    db = Database(db_url)
    run_id = make_run(db)
    errors: list[str] = []

    def writer(n: int) -> None:
        try:
            for batch in range(5):
                ids = []
                for i in range(3):
                    with db.session() as s:
                        cap = Capture(run_id=run_id, url=f"https://w{n}.example/{batch}/{i}", fetched_at=datetime.now(UTC))
                        s.add(cap)
                        s.flush()
                        ids.append(cap.id)
                with db.session() as s:
                    append_captures(s, ids)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Capture)) == 60
        summary = check_log(s)
        assert summary.size == 60 and summary.problems == []
    db.dispose()
