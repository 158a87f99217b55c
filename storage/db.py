"""Opening the provenance database: engine, schema upgrade on first use, session scopes."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storage import search_index  # noqa: F401  (its ORM events index each new extraction's text)

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(Exception):
    """The provenance database cannot be opened or upgraded."""


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _alembic_config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


MIGRATION_LOCK = 0x70726F76  # "prov": the advisory lock that serialises schema upgrades


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One process at a time upgrades the schema (workers often start together on a fresh DB)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                conn.commit()
    elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        import fcntl

        with open(f"{engine.url.database}.migrate-lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            yield
    else:
        yield


def _read_only_sqlite(url: str) -> Path | None:
    """The SQLite file of ``url`` when this process cannot write it or its directory (an archive
    on read-only media, or someone else's copy): it is then opened immutable, for reading."""
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    path = Path(url[len("sqlite:///"):])
    if not path.is_file() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return None
    return path


def _read_only_mode(path: Path) -> str:
    """``mode=ro`` when SQLite can open the file so (its WAL index is there: a writer has it open),
    else ``immutable=1``: SQLite opens a WAL database read-only only where it may create the index."""
    import sqlite3

    try:
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return "mode=ro"
    except sqlite3.Error:
        return "immutable=1"


def upgrade(engine: Engine, *, read_only: bool = False) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    heads = set(script.get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current == heads:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if unknown := sorted(current - known):
        raise DatabaseError(f"the database's schema {', '.join(unknown)} is newer than this provcrawl knows "
                            f"({', '.join(sorted(heads))}): upgrade provcrawl to open it (nothing was changed)")
    if read_only:
        raise DatabaseError(f"the database is read-only here and its schema ({', '.join(sorted(current)) or 'none'}) "
                            f"is older than this provcrawl's ({', '.join(sorted(heads))}): copy the data directory "
                            "somewhere writable to upgrade it")
    with _migration_lock(engine):
        with engine.connect() as conn:  # again: another process may have done it meanwhile
            current = set(MigrationContext.configure(conn).get_current_heads())
        if current != heads:
            logging.getLogger("alembic").setLevel(logging.WARNING)
            command.upgrade(cfg, "head")


class Database:
    """One provenance database: an engine plus a session factory. ``session()`` is one unit of work."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.read_only_file = _read_only_sqlite(url)
        if self.read_only_file is not None:
            url = f"sqlite:///file:{quote(str(self.read_only_file))}?{_read_only_mode(self.read_only_file)}&uri=true"
        try:
            self.engine = create_engine(url, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise DatabaseError(f"invalid database URL {url!r}: {exc}") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            try:
                upgrade(self.engine, read_only=self.read_only_file is not None)
            except SQLAlchemyError as exc:
                raise DatabaseError(f"cannot open database {self.safe_url}: {exc.__class__.__name__}: "
                                    f"{str(exc).splitlines()[0]}") from exc

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
