"""The `provcrawl` command line. Exit status: 0 success, 1 nothing found, 2 usage or runtime error."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from crawler import __version__

EXIT_OK, EXIT_NOT_FOUND, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="provcrawl", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Crawl and snapshot web pages into WARC files, with a provenance record of every capture "
         "and the extracted main text.",
)

DataDir = Annotated[Path, typer.Option("--data-dir", envvar="PROVCRAWL_DATA_DIR",
                                       help="Data directory: WARCs in DIR/warc/, SQLite DB at DIR/provenance.sqlite.")]
DbUrl = Annotated[Optional[str], typer.Option("--db", envvar="PROVCRAWL_DB",
                                              help="SQLAlchemy database URL (default: SQLite in the data dir).")]
JsonOut = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON only.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]
Settings_ = Annotated[Optional[list[str]], typer.Option("-s", "--set", metavar="NAME=VALUE",
                                                       help="Override a Scrapy setting (repeatable).")]


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    typer.echo(f"provcrawl: {message}", err=True)
    raise typer.Exit(code)


def emit_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def db_url_for(data_dir: Path, db: str | None) -> str:
    return db or f"sqlite:///{(data_dir / 'provenance.sqlite').resolve()}"


def open_db(data_dir: Path, db: str | None, *, create: bool = False):  # type: ignore[no-untyped-def]
    from storage.db import Database, DatabaseError

    url = db_url_for(data_dir, db)
    if url.startswith("sqlite:///") and not create and not Path(url[len("sqlite:///"):]).exists():
        raise CliError(f"no provenance database at {url[len('sqlite:///'):]} (crawl or snapshot something first, "
                       "or pass --data-dir / --db)")
    if create:
        data_dir.mkdir(parents=True, exist_ok=True)
    try:
        return Database(url)
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc


def parse_settings(pairs: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="-s")
        out[name.strip()] = value
    return out


def check_url(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise typer.BadParameter(f"not a valid URL: {url!r} ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise typer.BadParameter(f"not an http(s) URL: {url!r}")
    return url.strip()


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False) -> None:
    if version:
        typer.echo(f"provcrawl {__version__}")
        raise typer.Exit()


# -- crawling ------------------------------------------------------------------------------
def _run(spider: str, spider_args: dict[str, Any], *, data_dir: Path, db: str | None, overrides: dict[str, Any],
         user_hosts: list[str], allow_private: bool, json_out: bool, progress_total: int | None) -> None:
    from crawler.runner import project_settings, run_spider

    database = open_db(data_dir, db, create=True)  # fail early, with a clear message, on a bad DB
    database.dispose()
    interactive = sys.stderr.isatty() and not json_out
    settings = {
        "PROVCRAWL_DATA_DIR": str(data_dir), "PROVCRAWL_DB": db_url_for(data_dir, db),
        "PROVCRAWL_ALLOWED_HOSTS": user_hosts, "PROVCRAWL_ALLOW_PRIVATE": allow_private,
        "PROVCRAWL_COMMAND": " ".join(["provcrawl", *sys.argv[1:]]),
        "PROVCRAWL_PROGRESS": interactive, "PROVCRAWL_PROGRESS_TOTAL": progress_total or 0,
        "LOG_LEVEL": "WARNING" if interactive else "INFO", "LOGSTATS_INTERVAL": 15.0,
        "STATS_DUMP": False,
    }
    settings.update(overrides)
    summary = run_spider(spider, spider_args, project_settings(settings))
    report_run(summary.run_id, data_dir, db, json_out, summary.finish_reason)


def report_run(run_id: int | None, data_dir: Path, db: str | None, json_out: bool, reason: str | None) -> None:
    from sqlalchemy import func, select

    from storage.models import Capture, CrawlRun, Extraction
    from storage.queries import run_dict

    if run_id is None:
        fail(f"the crawl did not start (finish reason: {reason}); see the log above")
    database = open_db(data_dir, db)
    with database.session() as s:
        run = s.get(CrawlRun, run_id)
        assert run is not None
        info = run_dict(run)
        info["warc_files"] = sorted(f for f in s.scalars(
            select(Capture.warc_file).where(Capture.run_id == run_id, Capture.warc_file.is_not(None)).distinct()) if f)
        info["extracted"] = s.scalar(select(func.count()).select_from(Extraction).join(Capture)
                                     .where(Capture.run_id == run_id, Extraction.status == "ok"))
    database.dispose()
    if json_out:
        emit_json(info)
    else:
        typer.echo(f"run {run_id} {info['status']} ({info['finish_reason']}): {info['captures']} captures, "
                   f"{info['errors']} failed fetches, {info['extracted']} pages with text, "
                   f"{info['bytes_written'] / 1024:.1f} KiB of WARC")
        for f in info["warc_files"]:
            typer.echo(f"  {data_dir / f}")
        typer.echo(f"next: provcrawl captures --run {run_id} --data-dir {data_dir}")
    if info["status"] == "failed":
        raise typer.Exit(EXIT_ERROR)


@app.command()
def snapshot(
    urls: Annotated[list[str], typer.Argument(help="URLs to capture now.", show_default=False)],
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow redirects to private addresses.")] = False,
    set_: Settings_ = None, debug: Debug = False,
) -> None:
    """Capture the given URLs now (redirects followed, no other links).

    \b
    Example:
        provcrawl snapshot https://www.mid.ru/en/foreign_policy/news/ https://tass.com/politics
    """
    from spiders.base import host_of

    urls = [check_url(u) for u in urls]
    _run("snapshot", {"urls": urls}, data_dir=data_dir, db=db, overrides=parse_settings(set_),
         user_hosts=[host_of(u) for u in urls], allow_private=allow_private, json_out=json_out,
         progress_total=len(urls))


@app.command()
def crawl(
    start: Annotated[list[str], typer.Option("--start", help="Start URL (repeatable); links are followed within its host.")],
    max_pages: Annotated[int, typer.Option("--max-pages", min=0, help="Stop after this many pages (0: no limit).")] = 0,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Link depth from the start URLs (0: no limit).")] = 0,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow links and redirects to private addresses.")] = False,
    set_: Settings_ = None, debug: Debug = False,
) -> None:
    """Crawl from start URLs, following links within the start host(s).

    \b
    Example:
        provcrawl crawl --start https://example.org/ --max-pages 500 --depth 3
    """
    from spiders.base import host_of

    starts = [check_url(u) for u in start]
    overrides = {"DEPTH_LIMIT": depth, **parse_settings(set_)}
    _run("site", {"start": starts, "max_pages": max_pages}, data_dir=data_dir, db=db, overrides=overrides,
         user_hosts=[host_of(u) for u in starts], allow_private=allow_private, json_out=json_out,
         progress_total=max_pages or None)


@app.command()
def demo(
    data_dir: Annotated[Path, typer.Option("--data-dir", envvar="PROVCRAWL_DATA_DIR",
                                           help="Where the demo's data goes.")] = Path("demo-data"),
    fresh: Annotated[bool, typer.Option("--fresh/--keep", help="Empty the data dir first.")] = True,
    json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Offline tour: serve the built-in demo site on 127.0.0.1, crawl it, show what was stored.

    \b
    Example:
        provcrawl demo --data-dir demo-data
    """
    import shutil

    from crawler.demo import FixtureServer, demo_start_url, describe

    if fresh and data_dir.exists():
        if not (data_dir / "provenance.sqlite").exists() and any(data_dir.iterdir()):
            fail(f"{data_dir} exists and is not a provcrawl data dir; not deleting it")
        shutil.rmtree(data_dir)
    with FixtureServer() as server:
        start = demo_start_url(server)
        if not json_out:
            typer.echo(f"demo site serving on {server.base} (loopback only); crawling it into {data_dir}/")
        _run("site", {"start": [start], "max_pages": 200}, data_dir=data_dir, db=None, overrides={},
             user_hosts=["127.0.0.1"], allow_private=False, json_out=json_out, progress_total=None)
        sample = server.url("/en/news/lavrov-blinken.html")
    if not json_out:
        for line in describe(data_dir, sample):
            typer.echo(line)


# -- reporting -----------------------------------------------------------------------------
@app.command()
def captures(
    url_prefix: Annotated[Optional[str], typer.Option("--url-prefix", help="Only URLs starting with this.")] = None,
    run: Annotated[Optional[int], typer.Option("--run", help="Only captures of this crawl run.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="At most this many.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """List captures, newest first.

    \b
    Example:
        provcrawl captures --url-prefix https://www.mid.ru/ --limit 20 --json
    """
    from storage.queries import capture_dict, list_captures

    database = open_db(data_dir, db)
    with database.session() as s:
        rows = [capture_dict(c) for c in list_captures(s, url_prefix=url_prefix, run_id=run, limit=limit)]
    if json_out:
        emit_json(rows)
        return
    if not rows:
        typer.echo("no captures", err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "run", "fetched at (UTC)", "status", "url", "sha256", "paywall", box=None)
    for r in rows:
        table.add_row(str(r["id"]), str(r["run_id"]), (r["fetched_at"] or "")[:19], str(r["status"] or r["error"] or ""),
                      r["url"], (r["sha256"] or "")[:12], r["paywall_status"])
    Console(width=200).print(table)


@app.command()
def provenance(
    url: Annotated[str, typer.Argument(help="The URL to report on.")],
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Every capture of a URL, oldest first, with its WARC location and extractions.

    \b
    Example:
        provcrawl provenance https://www.mid.ru/en/foreign_policy/news/1999999/ --json
    """
    from storage.queries import capture_dict, captures_of, extraction_dict

    database = open_db(data_dir, db)
    with database.session() as s:
        caps = []
        for c in captures_of(s, url):
            d = capture_dict(c)
            d["extractions"] = [extraction_dict(e) for e in c.extractions]
            caps.append(d)
    if json_out:
        emit_json({"url": url, "captures": caps})
    else:
        if caps:
            typer.echo(f"{url}: {len(caps)} capture(s)")
        for d in caps:
            where = f"{d['warc_file']}@{d['warc_offset']}+{d['warc_length']}" if d["warc_file"] else "no WARC record"
            typer.echo(f"- capture {d['id']} (run {d['run_id']}) {d['fetched_at']}  status {d['status'] or '-'}"
                       f"{'  error: ' + d['error'] if d['error'] else ''}")
            typer.echo(f"    final URL {d['final_url'] or '-'}  sha256 {d['sha256'] or '-'}  {where}")
            typer.echo(f"    paywall {d['paywall_status']}  extractions: "
                       + (", ".join(f"#{e['id']} {e['extractor']} {e['extractor_version']} {e['status']}"
                                    for e in d["extractions"]) or "none"))
    if not caps:
        if not json_out:
            typer.echo(f"provcrawl: no captures of {url}", err=True)
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command()
def text(
    url: Annotated[str, typer.Argument(help="The URL whose text to print.")],
    extraction: Annotated[Optional[int], typer.Option("--extraction", help="A specific extraction id.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Print the extracted main text of the URL's latest capture.

    \b
    Example:
        provcrawl text https://tass.com/politics/1234567
    """
    from storage.queries import latest_text

    database = open_db(data_dir, db)
    with database.session() as s:
        found = latest_text(s, url, extraction)
        if found is None:
            fail(f"no extracted text for {url}", EXIT_NOT_FOUND)
        cap, ext = found
        out = {"url": cap.url, "capture_id": cap.id, "extraction_id": ext.id, "title": ext.title,
               "author": ext.author, "published": ext.published, "language": ext.language, "text": ext.text}
    if json_out:
        emit_json(out)
    elif out["text"]:
        typer.echo(out["text"])
    else:
        fail(f"capture {out['capture_id']} of {url} has no main text (extraction {out['extraction_id']})",
             EXIT_NOT_FOUND)


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 2."""
    debug = "--debug" in sys.argv or os.environ.get("PROVCRAWL_DEBUG") == "1"
    try:
        app()
    except CliError as exc:
        if debug:
            raise
        typer.echo(f"provcrawl: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the CLI edge: one line unless --debug
        if debug:
            raise
        typer.echo(f"provcrawl: error: {exc.__class__.__name__}: {exc}", err=True)
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
