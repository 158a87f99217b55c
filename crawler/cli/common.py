"""What every command shares: the common options, exit statuses, one-line errors, opening the DB and
parsing URLs, dates and -s settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

EXIT_OK, EXIT_NOT_FOUND, EXIT_ERROR = 0, 1, 2
ROW_ID_MAX = 2**63 - 1  # a database row id (capture, run, extraction): larger is a usage error, not an overflow

DataDir = Annotated[Path, typer.Option("--data-dir", envvar="PROVCRAWL_DATA_DIR",
                                       help="Data directory: WARCs in DIR/warc/, SQLite DB at DIR/provenance.sqlite.")]
DbUrl = Annotated[Optional[str], typer.Option("--db", envvar="PROVCRAWL_DB",
                                              help="SQLAlchemy database URL (default: SQLite in the data dir).")]
JsonOut = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON only.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]
Settings_ = Annotated[Optional[list[str]], typer.Option("-s", "--set", metavar="NAME=VALUE",
                                                       help="Override a Scrapy setting (repeatable).")]
Verbose = Annotated[bool, typer.Option("-v", "--verbose", help="Log Scrapy's progress (INFO) to stderr.")]
LogLevel = Annotated[Optional[str], typer.Option("--log-level", metavar="LEVEL",
                                                 help="Log level on stderr: DEBUG, INFO, WARNING (default), ERROR.")]


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    typer.echo(f"provcrawl: {message}", err=True)
    raise typer.Exit(code)


def emit_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def db_url_for(data_dir: Path, db: str | None) -> str:
    return db or f"sqlite:///{(data_dir / 'provenance.sqlite').resolve()}"


def open_db(data_dir: Path, db: str | None, *, create: bool = False, write: bool = False):  # type: ignore[no-untyped-def]
    """The provenance database. ``create``: a command that makes it if need be (and writes); ``write``:
    one that writes. A SQLite file this process may not write is opened for reading only (see
    storage.db): a writing command is refused up front rather than failing half-way."""
    from storage.db import Database, DatabaseError

    url = db_url_for(data_dir, db)
    if url.startswith("sqlite:///") and not create and not Path(url[len("sqlite:///"):]).exists():
        raise CliError(f"no provenance database at {url[len('sqlite:///'):]} (crawl or snapshot something first, "
                       "or pass --data-dir / --db)")
    if create:
        data_dir.mkdir(parents=True, exist_ok=True)
    try:
        database = Database(url)
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc
    if (create or write) and database.read_only_file is not None:
        database.dispose()
        raise CliError(f"{database.read_only_file} is read-only here (this user may not write it or its directory): "
                       "reading commands work; to add to it, copy the data directory somewhere writable")
    return database


def check_source(database: Any, source: str | None) -> None:
    """A --source must be a name the registry or the archive knows: a typo (or a prefix such as
    `mid_ru`) would otherwise read as "nothing found", which for a quote means "never published"."""
    if source is None:
        return
    from crawler.sources import known_sources

    with database.session() as s:
        known = known_sources(s)
    if source not in known:
        raise typer.BadParameter(f"unknown source {source!r} (known: {', '.join(sorted(known))})",
                                 param_hint="--source")


def parse_settings(pairs: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="-s")
        out[name.strip()] = value
    if out:
        _check_setting_types(out)
    return out


def _check_setting_types(values: dict[str, str]) -> None:
    """A number or yes/no setting given as something else: Scrapy would fail while starting the crawl,
    with Twisted's tracebacks and a crawl that "did not start". Checked as Scrapy reads them."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for name, value in values.items():
        default = settings.get(name)
        if not isinstance(default, (bool, int, float)):
            continue
        settings.set(name, value, priority="cmdline")
        try:  # a whole-number default may still be read as a float (DOWNLOAD_TIMEOUT = 30)
            settings.getbool(name) if isinstance(default, bool) else settings.getfloat(name)
        except (TypeError, ValueError):
            wanted = "0/1 or true/false" if isinstance(default, bool) else "a number"
            raise typer.BadParameter(f"{name}={value!r}: {wanted} expected (default {default!r})",
                                     param_hint="-s") from None


def log_settings(verbose: bool, log_level: str | None) -> dict[str, Any]:
    """LOG_LEVEL as asked for on the command line; nothing when not asked (warnings only, or -s)."""
    if log_level is not None:
        if log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise typer.BadParameter(f"unknown level {log_level!r}", param_hint="--log-level")
        return {"LOG_LEVEL": log_level.upper()}
    return {"LOG_LEVEL": "INFO"} if verbose else {}


def check_url(url: str) -> str:
    """A URL the user gave: refused here (exit 2) when no fetch could use it, rather than as a failed
    run, a traceback, or (too long for URLLENGTH_LIMIT) a request Scrapy drops without a word."""
    import re
    from urllib.parse import urlsplit

    from crawler.settings import URLLENGTH_LIMIT

    url = url.strip()
    shown = url if len(url) <= 200 else url[:200] + "…"
    if len(url) > URLLENGTH_LIMIT:
        raise typer.BadParameter(f"URL longer than {URLLENGTH_LIMIT} characters (URLLENGTH_LIMIT): {shown!r}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise typer.BadParameter(f"not a valid URL: {shown!r} ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise typer.BadParameter(f"not an http(s) URL: {shown!r}")
    if re.search(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]", parts.hostname):
        raise typer.BadParameter(f"not a valid URL: {shown!r} (the host name holds a space or a character "
                                 "no host name has)")
    return url


def parse_date(value: str | None) -> Any:
    from datetime import UTC, datetime

    if value is None:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not a date: {value!r} (use YYYY-MM-DD or ISO 8601)") from exc
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
