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


def report_run(run_id: int | None, data_dir: Path, db: str | None, json_out: bool, reason: str | None,
               *, quiet: bool = False) -> dict[str, Any]:
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
        info["blocked"] = s.scalar(select(func.count()).select_from(Capture)
                                   .where(Capture.run_id == run_id, Capture.blocked.is_not(None)))
    database.dispose()
    if quiet:
        return info
    if json_out:
        emit_json(info)
    else:
        typer.echo(f"run {run_id} {info['status']} ({info['finish_reason']}): {info['captures']} captures, "
                   f"{info['errors']} failed fetches, {info['extracted']} pages with text, "
                   f"{info['bytes_written'] / 1024:.1f} KiB of WARC")
        for f in info["warc_files"]:
            typer.echo(f"  {data_dir / f}")
        typer.echo(f"next: provcrawl captures --run {run_id} --data-dir {data_dir}")
    if info["status"] == "failed" or info["finish_reason"] in ("database_error", "warc_write_error"):
        raise typer.Exit(EXIT_ERROR)
    return info


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
    sources: Annotated[Optional[list[str]], typer.Argument(help="Registry sources to crawl (see `provcrawl sources`).",
                                                           show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Crawl every registry source.")] = False,
    start: Annotated[Optional[list[str]], typer.Option("--start", help="Start URL (repeatable); links are followed within its host.")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", min=0, help="Stop after this many pages (articles, for sources; 0: no limit).")] = 0,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Link depth from the start URLs (0: no limit).")] = 0,
    since: Annotated[Optional[str], typer.Option("--since", help="Sources: skip articles published before this date.")] = None,
    full: Annotated[bool, typer.Option("--full", help="Sources: fetch articles captured before, page through all listings.")] = False,
    due: Annotated[bool, typer.Option("--due", help="Crawl the sources whose interval has passed (one pass, for cron).")] = False,
    redis: Annotated[Optional[str], typer.Option("--redis", metavar="URL", help="Distributed: share the frontier in this "
                                                 "Redis (redis://HOST:6379/0); start `provcrawl worker` elsewhere.")] = None,
    job: Annotated[str, typer.Option("--job", help="Distributed: the job's name in Redis.")] = "site",
    idle_exit: Annotated[float, typer.Option("--idle-exit", help="Distributed: leave after this many quiet seconds.")] = 10.0,
    resume: Annotated[Optional[int], typer.Option("--resume", metavar="RUN", help="Continue an interrupted run "
                                                  "without fetching again what it stored.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow links and redirects to private addresses.")] = False,
    set_: Settings_ = None, debug: Debug = False,
) -> None:
    """Crawl registry sources (discovering articles through their feeds, sitemaps and listings), or
    any site from start URLs, following links within the start host(s).

    \b
    Example:
        provcrawl crawl --all --since 2024-01-01
        provcrawl crawl mid_ru_en tass --max-pages 50
        provcrawl crawl --start https://example.org/ --max-pages 500 --depth 3
    """
    from spiders.base import host_of

    if sum(bool(x) for x in (start, sources or all_ or due, resume is not None)) > 1:
        raise typer.BadParameter("give one of: sources / --all / --due, --start URLs, or --resume RUN")
    if resume is not None:
        _resume(resume, data_dir=data_dir, db=db, overrides=parse_settings(set_), allow_private=allow_private,
                json_out=json_out)
        return
    if due:
        from crawler.schedule import due as due_sources
        from crawler.sources import load

        database = open_db(data_dir, db, create=True)
        with database.session() as s:
            keys = due_sources(s, load())
        database.dispose()
        if not keys:
            if json_out:
                emit_json([])
            else:
                typer.echo("nothing is due")
            return
        sources, all_ = keys, False
    if start:
        starts = [check_url(u) for u in start]
        overrides = {"DEPTH_LIMIT": depth, **parse_settings(set_)}
        overrides["PROVCRAWL_RUN_ARGS"] = {"spider": "site", "start": starts, "max_pages": max_pages, "depth": depth}
        if redis:
            from crawler.distributed import publish_job, redis_settings

            try:
                publish_job(redis, job, {"spider": "site", "start": starts, "max_pages": max_pages, "depth": depth,
                                         "allow_private": allow_private})
            except Exception as exc:  # noqa: BLE001 - redis raises its own connection errors
                raise CliError(f"cannot use Redis at {redis}: {exc}") from exc
            overrides.update(redis_settings(redis, job, idle_exit))
        _run("site", {"start": starts, "max_pages": max_pages}, data_dir=data_dir, db=db, overrides=overrides,
             user_hosts=[host_of(u) for u in starts], allow_private=allow_private, json_out=json_out,
             progress_total=max_pages or None)
        return
    keys = _source_keys(sources, all_)
    if since:
        parse_date(since)
    args = {"max_pages": max_pages, "since": since, "full": full}
    _run_sources(keys, args, data_dir=data_dir, db=db, overrides=parse_settings(set_), allow_private=allow_private,
                 json_out=json_out)


def _resume(run_id: int, *, data_dir: Path, db: str | None, overrides: dict[str, Any], allow_private: bool,
            json_out: bool) -> None:
    from storage.models import CrawlRun

    database = open_db(data_dir, db)
    with database.session() as s:
        run = s.get(CrawlRun, run_id)
        if run is None:
            fail(f"no run {run_id}", EXIT_NOT_FOUND)
        args = dict(run.args or {})
        status = run.status
    database.dispose()
    if status == "finished":
        fail(f"run {run_id} finished; nothing to resume")
    spider = args.pop("spider", None)
    if not spider:
        fail(f"run {run_id} did not record how it was started; crawl again instead")
    overrides = {**overrides, "PROVCRAWL_RUN_ID": run_id}
    if spider == "site":
        from spiders.base import host_of

        overrides["DEPTH_LIMIT"] = args.pop("depth", 0)
        _run("site", {**args, "resume_run": run_id}, data_dir=data_dir, db=db, overrides=overrides,
             user_hosts=[host_of(u) for u in args["start"]], allow_private=allow_private, json_out=json_out,
             progress_total=args.get("max_pages") or None)
    else:
        _run_sources([spider], args, data_dir=data_dir, db=db, overrides=overrides, allow_private=allow_private,
                     json_out=json_out)


@app.command()
def worker(
    redis: Annotated[str, typer.Option("--redis", metavar="URL", help="The Redis holding the shared frontier.")],
    job: Annotated[str, typer.Option("--job", help="The job to work on (as given to crawl --redis --job).")] = "site",
    wait: Annotated[float, typer.Option("--wait", help="Seconds to wait for a job to be published.")] = 300.0,
    idle_exit: Annotated[float, typer.Option("--idle-exit", help="Leave after this many seconds without work anywhere.")] = 10.0,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, set_: Settings_ = None,
    debug: Debug = False,
) -> None:
    """A distributed worker: takes requests from the shared Redis frontier, writes its own WARC files
    (named with host and pid) and records captures in the shared database (use PostgreSQL).

    \b
    Example:
        provcrawl worker --redis redis://10.0.0.5:6379/0 --db postgresql+psycopg://crawl@10.0.0.5/provcrawl
    """
    from crawler.distributed import read_job, redis_settings
    from spiders.base import host_of

    try:
        spec = read_job(redis, job, wait)
    except Exception as exc:  # noqa: BLE001
        raise CliError(f"cannot use Redis at {redis}: {exc}") from exc
    if spec is None:
        fail(f"no job {job!r} was published in {redis} within {wait:.0f}s (start one with crawl --redis)")
    starts = spec["start"]
    overrides = {"DEPTH_LIMIT": spec.get("depth", 0), **redis_settings(redis, job, idle_exit), **parse_settings(set_),
                 "PROVCRAWL_RUN_ARGS": {**spec, "worker": True}}
    _run("site", {"start": starts, "max_pages": spec.get("max_pages", 0)}, data_dir=data_dir, db=db,
         overrides=overrides, user_hosts=[host_of(u) for u in starts],
         allow_private=bool(spec.get("allow_private")), json_out=json_out, progress_total=None)


@app.command()
def schedule(
    every: Annotated[int, typer.Option("--every", min=10, help="Seconds between checks for due sources.")] = 300,
    once: Annotated[bool, typer.Option("--once", help="One check, then exit (like crawl --due).")] = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, debug: Debug = False,
) -> None:
    """Run as a scheduler: every --every seconds, crawl the sources whose interval has passed.

    Each pass runs `provcrawl crawl --due` in a fresh process; a source still being crawled is
    skipped (one lock per source). Stop with Ctrl-C or SIGTERM.

    \b
    Example:
        provcrawl schedule --every 300 --data-dir /var/lib/provcrawl
    """
    import signal
    import subprocess
    import time

    stop = False

    def _stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    cmd = [sys.executable, "-m", "crawler", "crawl", "--due", "--data-dir", str(data_dir)] + (["--db", db] if db else [])
    while not stop:
        typer.echo(f"schedule: checking for due sources ({time.strftime('%Y-%m-%d %H:%M:%S')})", err=True)
        subprocess.run(cmd, check=False)
        if once:
            break
        for _ in range(every):
            if stop:
                break
            time.sleep(1)


def _source_keys(sources: list[str] | None, all_: bool) -> list[str]:
    from crawler.sources import load

    registry = load()
    if all_:
        return list(registry)
    if not sources:
        raise typer.BadParameter("name sources to crawl, or --all, or --start URL")
    unknown = [s for s in sources if s not in registry]
    if unknown:
        raise typer.BadParameter(f"unknown source(s): {', '.join(unknown)} (known: {', '.join(registry)})")
    return list(dict.fromkeys(sources))


def _run_sources(keys: list[str], args: dict[str, Any], *, data_dir: Path, db: str | None, overrides: dict[str, Any],
                 allow_private: bool, json_out: bool) -> None:
    from contextlib import ExitStack

    from crawler.runner import project_settings, run_spiders
    from crawler.schedule import AlreadyRunning, source_lock

    database = open_db(data_dir, db, create=True)
    database.dispose()
    locks = ExitStack()
    running = []
    for key in list(keys):
        try:
            locks.enter_context(source_lock(data_dir, key))
        except AlreadyRunning:
            running.append(key)
            keys.remove(key)
    for key in running:
        typer.echo(f"provcrawl: {key} is already being crawled by another process; skipping it", err=True)
    if not keys:
        locks.close()
        raise typer.Exit(EXIT_ERROR)
    interactive = sys.stderr.isatty() and not json_out
    settings = {
        "PROVCRAWL_DATA_DIR": str(data_dir), "PROVCRAWL_DB": db_url_for(data_dir, db),
        "PROVCRAWL_ALLOW_PRIVATE": allow_private, "PROVCRAWL_COMMAND": " ".join(["provcrawl", *sys.argv[1:]]),
        "PROVCRAWL_PROGRESS": interactive, "LOG_LEVEL": "WARNING" if interactive else "INFO",
        "LOGSTATS_INTERVAL": 15.0, "STATS_DUMP": False, **overrides,
    }
    with locks:
        summaries = run_spiders(keys, args, project_settings(settings), run_args={
            k: {"spider": k, **args} for k in keys})
    runs = []
    for key, summary in zip(keys, summaries):
        runs.append(report_run(summary.run_id, data_dir, db, True, summary.finish_reason, quiet=True) | {"source": key})
    if json_out:
        emit_json(runs)
        return
    for r in runs:
        typer.echo(f"{r['source']:>14}: run {r['id']} {r['status']}: {r['captures']} captures, {r['errors']} failed, "
                   f"{r['extracted']} with text, {r['blocked']} blocked")
    typer.echo(f"next: provcrawl captures --data-dir {data_dir}")


@app.command("sources")
def sources_(json_out: JsonOut = False, debug: Debug = False,
             data_dir: DataDir = Path("data"), db: DbUrl = None) -> None:
    """List the registry's sources: name, kind, platform, start URLs, feeds, interval.

    \b
    Example:
        provcrawl sources --json
    """
    from crawler.sources import load

    rows = [{"key": s.key, "name": s.name, "kind": s.kind, "platform": s.platform, "start_urls": list(s.start_urls),
             "feeds": list(s.feeds), "sitemaps": list(s.sitemaps), "interval": s.interval,
             "archive_fallback": s.archive_fallback} for s in load().values()]
    if json_out:
        emit_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("source", "name", "kind", "platform", "start URLs", "every", box=None)
    for r in rows:
        table.add_row(r["key"], r["name"], r["kind"], r["platform"], " ".join(r["start_urls"]), r["interval"])
    Console(width=200).print(table)


@app.command()
def demo(
    data_dir: Annotated[Path, typer.Option("--data-dir", envvar="PROVCRAWL_DATA_DIR",
                                           help="Where the demo's data goes.")] = Path("demo-data"),
    fresh: Annotated[bool, typer.Option("--fresh/--keep", help="Empty the data dir first, or crawl again into it.")] = True,
    json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Offline tour: serve every source's fixtures on 127.0.0.1 and crawl them under their real URLs.

    Nothing leaves the machine: a demo-only download handler sends each request for, say,
    https://www.mid.ru/... to the local fixture server, while WARC records and the database
    carry the real URL. Run it again with --keep: only feeds, sitemaps and listings are fetched again.

    \b
    Example:
        provcrawl demo --data-dir demo-data
    """
    import shutil

    from crawler.demo import FixtureServer, describe
    from crawler.demo.handler import DOWNLOAD_HANDLERS
    from crawler.sources import load

    if fresh and data_dir.exists():
        if not (data_dir / "provenance.sqlite").exists() and any(data_dir.iterdir()):
            fail(f"{data_dir} exists and is not a provcrawl data dir; not deleting it")
        shutil.rmtree(data_dir)
    overrides = {"DOWNLOAD_HANDLERS": DOWNLOAD_HANDLERS, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                 "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "RETRY_TIMES": 0}
    with FixtureServer(sources=True) as server:
        overrides["PROVCRAWL_LOOPBACK_TARGET"] = server.base
        if not json_out:
            typer.echo(f"demo: fixtures of {len(load())} sources served on {server.base} (loopback only), "
                       f"crawled under their real URLs into {data_dir}/")
        _run_sources(list(load()), {"max_pages": 0, "since": None, "full": False}, data_dir=data_dir, db=None,
                     overrides=overrides, allow_private=False, json_out=json_out)
    if not json_out:
        for line in describe(data_dir):
            typer.echo(line)


# -- reporting -----------------------------------------------------------------------------
@app.command()
def captures(
    url_prefix: Annotated[Optional[str], typer.Option("--url-prefix", help="Only URLs starting with this.")] = None,
    run: Annotated[Optional[int], typer.Option("--run", help="Only captures of this crawl run.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="At most this many.")] = None,
    paywall: Annotated[Optional[str], typer.Option("--paywall", help="Only this paywall status: free, hard, soft, "
                                                   "preview, registration, unknown.")] = None,
    blocked: Annotated[bool, typer.Option("--blocked", help="Only captures blocked by an anti-bot page or rate limit.")] = False,
    source: Annotated[Optional[str], typer.Option("--source", help="Only captures of this registry source.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """List captures, newest first.

    \b
    Example:
        provcrawl captures --url-prefix https://www.mid.ru/ --limit 20 --json
    """
    from crawler.paywall import STATUSES
    from storage.queries import capture_dict, list_captures

    if paywall and paywall not in STATUSES:
        raise typer.BadParameter(f"choose one of {', '.join(STATUSES)}", param_hint="--paywall")
    database = open_db(data_dir, db)
    with database.session() as s:
        rows = [capture_dict(c) for c in list_captures(s, url_prefix=url_prefix, run_id=run, limit=limit,
                                                       paywall=paywall, blocked=blocked, source=source)]
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
                      r["url"], (r["sha256"] or "")[:12],
                      r["paywall_status"] + (f" (blocked: {r['blocked']})" if r["blocked"] else ""))
    Console(width=200).print(table)


@app.command()
def provenance(
    url: Annotated[str, typer.Argument(help="The URL to report on.")],
    exact: Annotated[bool, typer.Option("--exact", help="Match the URL exactly, not canonically.")] = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Every capture of a URL, oldest first: time, status, hash, WARC location, paywall, text versions.

    URLs match canonically (scheme, www., trailing slash, fragment and utm_*-style tracking
    parameters ignored) unless --exact is given.

    \b
    Example:
        provcrawl provenance https://www.mid.ru/en/foreign_policy/news/1999999/ --json
    """
    from storage.queries import captures_of, with_changes

    database = open_db(data_dir, db)
    with database.session() as s:
        caps = with_changes(captures_of(s, url, exact=exact))
    if json_out:
        emit_json({"url": url, "captures": caps})
    else:
        if caps:
            typer.echo(f"{url}: {len(caps)} capture(s)")
        for d in caps:
            where = f"{d['warc_file']}@{d['warc_offset']}+{d['warc_length']}" if d["warc_file"] else "no WARC record"
            changed = {None: "", True: "  text CHANGED since previous capture", False: "  text unchanged"}[d["text_changed"]]
            typer.echo(f"- capture {d['id']} (run {d['run_id']}) {d['fetched_at']}  {d['url']}  status {d['status'] or '-'}"
                       f"{'  error: ' + d['error'] if d['error'] else ''}{changed}")
            typer.echo(f"    final URL {d['final_url'] or '-'}  sha256 {d['sha256'] or '-'}  {where}")
            typer.echo(f"    WARC record {d['warc_record_id'] or '-'}")
            blocked = f" (blocked: {d['blocked']})" if d["blocked"] else ""
            evidence = "; ".join(f"{e.get('signal')}: {e.get('matched')}" for e in d["paywall_evidence"][:3])
            typer.echo(f"    paywall {d['paywall_status']}{blocked}{'  [' + evidence + ']' if evidence else ''}")
            for e in d["extractions"]:
                typer.echo(f"    extraction #{e['id']} {e['extracted_at'][:19]} {e['extractor']} {e['extractor_version']} "
                           f"settings {e['settings_hash'][:12]} {e['status']} text {(e['text_sha256'] or '-')[:12]}")
    if not caps:
        if not json_out:
            typer.echo(f"provcrawl: no captures of {url}", err=True)
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command()
def changes(
    since: Annotated[Optional[str], typer.Option("--since", help="Only captures fetched on or after this date.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only this registry source.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="At most this many.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """What changed: captures whose payload or extracted text differs from the previous capture.

    \b
    Example:
        provcrawl changes --since 2026-01-01 --source mid_ru_en
    """
    from storage.queries import capture_dict, changed_captures

    database = open_db(data_dir, db)
    with database.session() as s:
        rows = [capture_dict(c) for c in changed_captures(s, since=parse_date(since), source=source, limit=limit)]
    if json_out:
        emit_json(rows)
        return
    for r in rows:
        what = "text changed" if r["text_change"] == "changed" else "payload changed, text the same"
        typer.echo(f"{r['fetched_at'][:19]}  capture {r['id']}  {what}  {r['url']}")
    if not rows:
        typer.echo("no changes", err=True)


@app.command()
def diff(
    url: Annotated[str, typer.Argument(help="The URL whose captures to compare.")],
    from_: Annotated[Optional[int], typer.Option("--from", help="Older capture id (default: the one before --to).")] = None,
    to: Annotated[Optional[int], typer.Option("--to", help="Newer capture id (default: the latest with text).")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """A readable diff of the extracted text between two captures of a URL.

    \b
    Example:
        provcrawl diff https://tass.com/politics/1234567
        provcrawl diff https://tass.com/politics/1234567 --from 10 --to 42
    """
    import difflib

    from storage.queries import captures_of, latest_ok

    database = open_db(data_dir, db)
    with database.session() as s:
        caps = [(c, e) for c in captures_of(s, url) if (e := latest_ok(c)) is not None]
        if len(caps) < 2 and (from_ is None or to is None):
            fail(f"fewer than two captures with text of {url}", EXIT_NOT_FOUND)
        ids = [c.id for c, _ in caps]
        try:
            j = ids.index(to) if to is not None else len(caps) - 1
            i = ids.index(from_) if from_ is not None else j - 1
        except ValueError:
            fail("--from/--to must be ids of captures of this URL that have text", EXIT_NOT_FOUND)
        if i < 0:
            fail("no earlier capture with text to compare with", EXIT_NOT_FOUND)
        (a, ea), (b, eb) = caps[i], caps[j]
        lines = list(difflib.unified_diff((ea.text or "").splitlines(), (eb.text or "").splitlines(),
                                          fromfile=f"capture {a.id} {a.fetched_at.isoformat()}",
                                          tofile=f"capture {b.id} {b.fetched_at.isoformat()}", lineterm=""))
        out = {"url": url, "from": a.id, "to": b.id, "changed": bool(lines), "diff": lines}
    if json_out:
        emit_json(out)
    else:
        typer.echo("\n".join(lines) if lines else f"no text difference between captures {a.id} and {b.id}")


@app.command()
def verify(
    urls: Annotated[Optional[list[str]], typer.Argument(help="Check the captures of these URLs.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Check every capture and the whole chain.")] = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Prove the stored bytes still match their records: re-read every WARC record, recompute digests.

    Reports missing files, truncated or altered records, and rows whose tamper-evident hash chain
    is broken (an edited, deleted or reordered row). Exit status 0 only when everything matches,
    1 when anything does not.

    \b
    Example:
        provcrawl verify --all
        provcrawl verify https://www.mid.ru/en/foreign_policy/news/1999999/ --json
    """
    from storage.queries import captures_of
    from storage.verify import verify as run_verify

    if not urls and not all_:
        raise typer.BadParameter("name URLs to verify, or --all")
    database = open_db(data_dir, db)
    with database.session() as s:
        ids = None
        if urls and not all_:
            ids = [c.id for u in urls for c in captures_of(s, u)]
            if not ids:
                fail(f"no captures of {', '.join(urls)}", EXIT_NOT_FOUND)
        report = run_verify(s, data_dir, ids)
    if json_out:
        emit_json(report.as_dict())
    else:
        typer.echo(f"checked {report.checked} captures: {report.records_ok} WARC records match; "
                   f"chain {'intact' if report.chain_ok else 'BROKEN'}")
        for p in report.problems:
            typer.echo(f"  PROBLEM capture {p.capture_id} ({p.url}): {p.kind}: {p.detail}")
        typer.echo("OK: everything matches" if report.ok else f"FAILED: {len(report.problems)} problem(s)")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def cite(
    url: Annotated[str, typer.Argument(help="The page the quote is attributed to.")],
    quote: Annotated[str, typer.Argument(help="The quoted passage.")],
    at: Annotated[Optional[str], typer.Option("--at", help="Only the capture in force at this date/time.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Was this passage on the page? Searches the captures' extracted text (tolerant of quotes,
    dashes, case and spacing), showing the passage in context, capture time, hash, WARC location
    and paywall status. Exit 0 found, 1 not found, 2 error.

    \b
    Example:
        provcrawl cite https://www.mid.ru/en/foreign_policy/news/1999999/ "the Arctic is our territory" --at 2021-05-21
    """
    from crawler.citation import find_quote
    from storage.queries import captures_of, latest_ok

    when = parse_date(at)
    database = open_db(data_dir, db)
    results = []
    with database.session() as s:
        caps = [c for c in captures_of(s, url) if latest_ok(c) is not None]
        if when is not None:
            before = [c for c in caps if c.fetched_at <= when]
            caps = before[-1:]
        for c in caps:
            e = latest_ok(c)
            assert e is not None
            m = find_quote(e.text, quote)
            in_comments = False
            if not m.found and e.comments:
                cm = find_quote(e.comments, quote)
                if cm.found:
                    m, in_comments = cm, True
            results.append({
                "capture_id": c.id, "url": c.url, "fetched_at": c.fetched_at.isoformat(), "status": c.status,
                "sha256": c.sha256, "warc_file": c.warc_file, "warc_offset": c.warc_offset,
                "warc_length": c.warc_length, "warc_record_id": c.warc_record_id,
                "paywall_status": c.paywall_status, "blocked": c.blocked, "extraction_id": e.id,
                "extractor": f"{e.extractor} {e.extractor_version}", "found": m.found, "exact": m.exact,
                "score": m.score, "in_comments": in_comments, "passage": m.passage, "context": m.context,
            })
    found = any(r["found"] for r in results)
    if json_out:
        emit_json({"url": url, "quote": quote, "at": when.isoformat() if when else None, "found": found,
                   "captures": results})
    else:
        if not results:
            typer.echo(f"no capture with text of {url}" + (f" at or before {at}" if at else ""), err=True)
        for r in results:
            verdict = ("FOUND" + ("" if r["exact"] else f" (close match, similarity {r['score']})")) if r["found"] \
                else f"NOT FOUND (closest passage, similarity {r['score']})"
            typer.echo(f"capture {r['capture_id']} {r['fetched_at']}  status {r['status']}  paywall {r['paywall_status']}"
                       f"  sha256 {r['sha256']}\n  {r['warc_file']}@{r['warc_offset']}+{r['warc_length']}  {r['warc_record_id']}")
            typer.echo(f"  {verdict}{' in the comments' if r['in_comments'] else ''}:")
            if r["context"]:
                typer.echo(f"    {r['context']}")
    raise typer.Exit(EXIT_OK if found else EXIT_NOT_FOUND)


@app.command()
def text(
    url: Annotated[str, typer.Argument(help="The URL whose text to print.")],
    extraction: Annotated[Optional[int], typer.Option("--extraction", help="A specific extraction id.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", help="txt, md, json, xml or tei: re-rendered from the "
                                               "WARC bytes with that extraction's settings.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Print the extracted main text of the URL's latest capture (or of one extraction).

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
               "author": ext.author, "published": ext.published, "language": ext.language, "text": ext.text,
               "comments": ext.comments, "extractor": ext.extractor, "extractor_version": ext.extractor_version,
               "settings_hash": ext.settings_hash, "paywall": {"status": ext.paywall_status,
                                                               "blocked": ext.paywall_blocked,
                                                               "evidence": ext.paywall_evidence or []}}
        if fmt and fmt != "txt":
            out["format"] = fmt
            out["text"] = render_capture(data_dir, cap, ext.settings, fmt)
    if json_out:
        emit_json(out)
    elif out["text"]:
        typer.echo(out["text"])
    else:
        fail(f"capture {out['capture_id']} of {url} has no main text (extraction {out['extraction_id']})",
             EXIT_NOT_FOUND)


@app.command()
def export(
    url: Annotated[str, typer.Argument(help="The URL whose capture to export.")],
    out: Annotated[Path, typer.Option("--out", help="The .wacz file to write.")],
    capture: Annotated[Optional[int], typer.Option("--capture", help="A specific capture id (default: the latest "
                                                   "successful capture of the URL, a 304 confirming "
                                                   "one included).")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Write an evidence bundle (WACZ) of one capture: its WARC records copied byte for byte, a CDXJ
    index, pages.jsonl, its provenance record, and a datapackage.json with every file's SHA-256.
    Opens in ReplayWeb.page and pywb.

    \b
    Example:
        provcrawl export https://www.mid.ru/en/foreign_policy/news/1999999/ --out lavrov-2021-05-20.wacz
    """
    from crawler.export import ExportError, export_capture, exportable
    from storage.models import Capture
    from storage.queries import captures_of

    if out.suffix != ".wacz":
        raise typer.BadParameter("the file name must end in .wacz", param_hint="--out")
    database = open_db(data_dir, db)
    with database.session() as s:
        if capture is not None:
            cap = s.get(Capture, capture)
            if cap is None or cap not in captures_of(s, url):
                fail(f"capture {capture} is not a capture of {url}", EXIT_NOT_FOUND)
        else:
            ok = [c for c in captures_of(s, url) if exportable(c)]
            if not ok:
                fail(f"no successful capture of {url}", EXIT_NOT_FOUND)
            cap = ok[-1]
        try:
            result = export_capture(s, data_dir, cap, out)
        except ExportError as exc:
            raise CliError(str(exc)) from exc
    if json_out:
        emit_json(result)
    else:
        typer.echo(f"wrote {out}: capture {result['capture_id']} of {result['url']}, {result['records']} WARC records "
                   f"(datapackage {result['datapackage_sha256']})")


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8080,
    bind: Annotated[str, typer.Option("--bind", help="Address to listen on (default loopback only).")] = "127.0.0.1",
    pywb: Annotated[Optional[str], typer.Option("--pywb", help="Path to pywb's `wayback` program "
                                                "(default: $PROVCRAWL_PYWB or `wayback` on PATH).")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, debug: Debug = False,
) -> None:
    """Replay captures in a browser, at their original URL and time, through pywb (read-only).

    Builds a pywb collection over the data dir's WARCs (DIR/replay) and runs pywb's `wayback` on
    127.0.0.1. pywb is installed separately: python3 -m venv ~/.pywb && ~/.pywb/bin/pip install pywb

    \b
    Example:
        provcrawl serve --port 8080   # then open http://127.0.0.1:8080/provcrawl/2021/https://www.mid.ru/...
    """
    from crawler.replay import COLLECTION, build_collection, find_wayback

    wayback = find_wayback(pywb)
    if wayback is None:
        raise CliError("pywb's `wayback` program was not found; install pywb in its own venv "
                       "(python3 -m venv ~/.pywb && ~/.pywb/bin/pip install pywb) and pass --pywb ~/.pywb/bin/wayback")
    database = open_db(data_dir, db)
    with database.session() as s:
        root = build_collection(s, data_dir)
    typer.echo(f"replaying {data_dir} at http://{bind}:{port}/{COLLECTION}/*/URL (Ctrl-C stops)", err=True)
    os.execv(wayback, [wayback, "--bind", bind, "--port", str(port), "--directory", str(root.resolve())])


def render_capture(data_dir: Path, cap: Any, settings: dict[str, Any], fmt: str) -> str | None:
    """Re-render a capture's main text in another format, from its WARC bytes."""
    from crawler.analysis import header_map
    from crawler.extraction import FORMATS, ExtractionSettings, decode, render
    from crawler.sources import rules_for_url
    from storage.warc import WarcReadError, read_record

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(sorted(FORMATS))}", param_hint="--format")
    holder = cap.revisit_of or cap  # a revisit's payload is in its original's record
    if not holder.warc_file:
        raise CliError(f"capture {cap.id} has no WARC record")
    try:
        rec = read_record(data_dir / holder.warc_file, holder.warc_offset)
    except WarcReadError as exc:
        raise CliError(str(exc)) from exc
    headers = header_map(rec.http_headers)
    html, _ = decode(rec.payload, headers.get("content-type"), headers.get("content-encoding"))
    known = {k: v for k, v in (settings or {}).items() if k in ExtractionSettings.__dataclass_fields__}
    return render(html, fmt, url=cap.url, settings=ExtractionSettings(**known), rules=rules_for_url(cap.url))


def parse_date(value: str | None) -> Any:
    from datetime import UTC, datetime

    if value is None:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not a date: {value!r} (use YYYY-MM-DD or ISO 8601)") from exc
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


# -- extraction ----------------------------------------------------------------------------
def _extraction_settings(favor_precision: bool, favor_recall: bool, no_comments: bool, no_tables: bool) -> Any:
    from crawler.extraction import ExtractionSettings

    if favor_precision and favor_recall:
        raise typer.BadParameter("--favor-precision and --favor-recall exclude each other")
    return ExtractionSettings(include_comments=not no_comments, include_tables=not no_tables,
                              favor_precision=favor_precision, favor_recall=favor_recall)


FavorPrecision = Annotated[bool, typer.Option("--favor-precision", help="trafilatura: less text, more surely main.")]
FavorRecall = Annotated[bool, typer.Option("--favor-recall", help="trafilatura: more text when unsure.")]
NoComments = Annotated[bool, typer.Option("--no-comments", help="Do not extract comments.")]
NoTables = Annotated[bool, typer.Option("--no-tables", help="Leave tables out of the text.")]


@app.command()
def reextract(
    all_: Annotated[bool, typer.Option("--all", help="Every capture.")] = False,
    source: Annotated[Optional[str], typer.Option("--source", help="Captures of this registry source.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Captures fetched on or after this date.")] = None,
    warc: Annotated[Optional[list[str]], typer.Option("--warc", help="Captures stored in this WARC file (repeatable).")] = None,
    run: Annotated[Optional[int], typer.Option("--run", help="Captures of this crawl run.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = max(1, min(4, os.cpu_count() or 1)),
    force: Annotated[bool, typer.Option("--force", help="Also captures already extracted with identical settings.")] = False,
    shard: Annotated[Optional[str], typer.Option("--shard", metavar="K/N", help="Take the K-th of N shares (for N machines).")] = None,
    favor_precision: FavorPrecision = False, favor_recall: FavorRecall = False,
    no_comments: NoComments = False, no_tables: NoTables = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Extract text and paywall status again from the stored WARC bytes, adding new versioned rows.

    \b
    Example:
        provcrawl reextract --all --favor-precision --workers 2
        provcrawl reextract --source theduran --since 2024-01-01
    """
    from crawler.extraction import EXTRACTOR_VERSION
    from crawler.reextract import Selection, reextract as run_reextract

    if not (all_ or source or since or warc or run is not None):
        raise typer.BadParameter("say what to re-extract: --all, --source, --since, --warc or --run")
    shard_t = None
    if shard:
        k, _, n = shard.partition("/")
        if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
            raise typer.BadParameter("use K/N with 1 <= K <= N", param_hint="--shard")
        shard_t = (int(k), int(n))
    settings = _extraction_settings(favor_precision, favor_recall, no_comments, no_tables)
    database = open_db(data_dir, db)
    warc_rel = tuple(_relative_warc(data_dir, w) for w in warc or [])
    sel = Selection(all=all_, source=source, since=parse_date(since), warc_files=warc_rel, run_id=run, shard=shard_t)
    with _progress("re-extracting", json_out) as advance:
        counts = run_reextract(database, data_dir, sel, settings=settings, workers=workers, force=force,
                               on_progress=advance)
    out = {"analysed": counts.analysed, "extractions_added": counts.extracted, "skipped_identical": counts.skipped,
           "verdict_only": counts.verdict_only, "errors": counts.errors, "extractor_version": EXTRACTOR_VERSION,
           "settings_hash": settings.hash}
    if json_out:
        emit_json(out)
    else:
        typer.echo(f"analysed {counts.analysed} captures: {counts.extracted} new extractions "
                   f"(trafilatura {EXTRACTOR_VERSION}, settings {settings.hash[:12]}), "
                   f"{counts.skipped} already done with these settings, {len(counts.errors)} errors")
        for e in counts.errors[:20]:
            typer.echo(f"  error: {e}", err=True)
    if counts.errors:
        raise typer.Exit(EXIT_ERROR)


def _relative_warc(data_dir: Path, name: str) -> str:
    p = Path(name)
    if p.is_absolute():
        try:
            return str(p.resolve().relative_to(data_dir.resolve()))
        except ValueError:
            return str(p.resolve())
    if (data_dir / p).exists():
        return str(p)
    if (data_dir / "warc" / p).exists():
        return str(Path("warc") / p)
    return str(p)


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="WARC files (.warc or .warc.gz) written by any tool.")],
    copy: Annotated[bool, typer.Option("--copy", help="Copy the files into the data dir (default: reference in place).")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes for extraction.")] = 1,
    favor_precision: FavorPrecision = False, favor_recall: FavorRecall = False,
    no_comments: NoComments = False, no_tables: NoTables = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Adopt WARC files from other tools (wget, Heritrix, Browsertrix, pywb): captures, then text.

    \b
    Example:
        wget --warc-file=mid https://www.mid.ru/en/ && provcrawl import mid.warc.gz --copy
    """
    from crawler.importer import import_warcs
    from crawler.reextract import Selection, reextract as run_reextract

    for f in files:
        if not f.is_file():
            raise typer.BadParameter(f"no such file: {f}")
    settings = _extraction_settings(favor_precision, favor_recall, no_comments, no_tables)
    database = open_db(data_dir, db, create=True)
    report = import_warcs(database, data_dir, files, copy=copy, command=" ".join(["provcrawl", *sys.argv[1:]]))
    with _progress("extracting", json_out) as advance:
        counts = run_reextract(database, data_dir, Selection(run_id=report.run_id), settings=settings,
                               workers=workers, on_progress=advance)
    out = {"run_id": report.run_id, "files": report.files, "captures": report.captures,
           "already_imported": report.duplicates, "extractions": counts.extracted,
           "problems": report.problems + counts.errors}
    if json_out:
        emit_json(out)
    else:
        typer.echo(f"imported {report.captures} captures from {report.files} file(s) as run {report.run_id}; "
                   f"{counts.extracted} pages with text; {report.duplicates} already imported")
        for p in out["problems"]:
            typer.echo(f"  problem: {p}", err=True)


@app.command()
def extract(
    files: Annotated[Optional[list[str]], typer.Argument(help="HTML files, or - for standard input.")] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="The page's URL (helps metadata and site rules).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="txt, md, json, xml or tei.")] = "txt",
    favor_precision: FavorPrecision = False, favor_recall: FavorRecall = False,
    no_comments: NoComments = False, no_tables: NoTables = False,
    json_out: JsonOut = False, debug: Debug = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None,
) -> None:
    """Extract main text (and paywall status) from HTML documents, without touching the database.

    Input is decoded like a crawled page with no HTTP charset (BOM, <meta>, detection). With
    several files and --json, prints JSON Lines, one object per file.

    \b
    Example:
        provcrawl extract page.html --json
        curl -s https://tass.com/politics/1 | provcrawl extract - --url https://tass.com/politics/1
    """
    from crawler.analysis import analyze
    from crawler.extraction import FORMATS, decode, render
    from crawler.sources import rules_for_url

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(sorted(FORMATS))}", param_hint="--format")
    settings = _extraction_settings(favor_precision, favor_recall, no_comments, no_tables)
    inputs = files or ["-"]
    rules = rules_for_url(url)
    many = len(inputs) > 1
    for name in inputs:
        try:
            body = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            raise CliError(f"cannot read {name}: {exc.strerror or exc}") from exc
        result = analyze(body, url=url, status=200, headers={"content-type": "text/html"}, settings=settings,
                         rules=rules)
        assert result is not None and result.extraction is not None
        ex = result.extraction
        text_out = ex.text
        if fmt != "txt" and ex.status == "ok":
            html, _ = decode(body, "text/html", None)
            text_out = render(html, fmt, url=url, settings=settings, rules=rules)
        if json_out:
            obj = {"text": text_out, "comments": ex.comments, "title": ex.title, "author": ex.author,
                   "published": ex.published, "language": ex.language, "sitename": ex.sitename,
                   "canonical_url": ex.canonical_url, "encoding": ex.encoding, "status": ex.status,
                   "text_sha256": ex.text_sha256, "paywall": result.verdict.as_dict()}
            if many:
                typer.echo(json.dumps({"file": name, **obj}, ensure_ascii=False))
            else:
                emit_json(obj)
        else:
            if many:
                typer.echo(f"==> {name} <==")
            typer.echo(text_out or "")


class _progress:
    """A rich progress counter on a terminal, nothing otherwise; yields an advance(n) callable."""

    def __init__(self, label: str, quiet: bool) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() and not quiet
        self._progress: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return lambda n=1: None
        from rich.console import Console
        from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn(self.label), MofNCompleteColumn(), TimeElapsedColumn(),
                                  console=Console(stderr=True))
        task = self._progress.add_task(self.label, total=None)
        self._progress.start()
        return lambda n=1: self._progress.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


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
