"""The reading room's application: routes, templates (autoescaped), static CSS, the guard, and a
database connection that cannot write."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from crawler import __version__
from crawler.web import routes
from crawler.web.highlight import diff_pieces
from crawler.web.security import Guard
from storage.db import Database

HERE = Path(__file__).parent


def read_only(database: Database) -> Database:
    """Every connection of the engine refuses writes: SQLite's ``query_only``, PostgreSQL's
    read-only transactions. Connections opened before (the schema check) are dropped."""
    from sqlalchemy import event

    dialect = database.engine.dialect.name

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        if dialect == "sqlite":
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA query_only=ON")
            cur.close()
        elif dialect == "postgresql":
            autocommit = dbapi_conn.autocommit
            dbapi_conn.autocommit = True
            cur = dbapi_conn.cursor()
            cur.execute("SET default_transaction_read_only = on")
            cur.close()
            dbapi_conn.autocommit = autocommit

    event.listen(database.engine, "connect", on_connect)
    database.engine.dispose()
    return database


def _when(value: str | None) -> str:
    """An ISO time as the reader wants it: '2021-05-20 10:00:03 UTC'."""
    if not value:
        return "–"
    return value[:19].replace("T", " ") + (" UTC" if value.endswith("+00:00") else "")


def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = _when
    env.filters["unquoted"] = lambda q: (q or "").strip().strip("\"'\u201c\u201d\u201e\u00ab\u00bb").strip()
    env.globals["diff_side"] = diff_pieces
    return Jinja2Templates(env=env)


def create_app(database: Database, data_dir: Path, *, token: str | None = None,
               replay: str | None = None) -> Starlette:
    """``replay``: the base address of a running `provcrawl serve` (pywb), e.g. http://127.0.0.1:8080."""
    replay = replay.rstrip("/") if replay else None
    frame_origin = None
    if replay:
        parts = urlsplit(replay)
        frame_origin = f"{parts.scheme}://{parts.netloc}"
    pages = [
        ("/", routes.sources, ["GET"]), ("/search", routes.search, ["GET"]),
        ("/url", routes.timeline, ["GET"]),
        ("/capture/{id:int}", routes.capture, ["GET"]), ("/diff", routes.diff, ["GET"]),
        ("/capture/{id:int}/verify", routes.verify, ["POST"]),
    ]
    table = [Route(path, fn, methods=methods) for path, fn, methods in pages]
    table += [Route("/api/sources" if path == "/" else "/api" + path, fn, methods=methods,
                    name=f"api-{fn.__name__}") for path, fn, methods in pages]
    table += [
        Route("/capture/{id:int}/screenshot.png", routes.screenshot, methods=["GET"]),
        Route("/capture/{id:int}/evidence.wacz", routes.bundle, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Route("/favicon.ico", lambda _request: Response(status_code=204), methods=["GET"]),
    ]
    app = Starlette(routes=table, middleware=[Middleware(Guard, token=token, frame_origin=frame_origin)])
    app.state.database = database
    app.state.data_dir = data_dir
    app.state.templates = templates()
    app.state.room = {"version": __version__, "replay": replay, "token": token is not None}
    return app
