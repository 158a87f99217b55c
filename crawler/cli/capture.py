"""Commands that capture: snapshot, crawl (and --resume, --due, --redis), worker, schedule, demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from crawler.cli.common import (EXIT_ERROR, EXIT_NOT_FOUND, CliError, DataDir, DbUrl, Debug, JsonOut, LogLevel,
                                Settings_, Verbose, check_url, db_url_for, emit_json, fail, log_settings, open_db,
                                parse_date, parse_settings, ROW_ID_MAX)
from crawler.cli.invocation import archive_options, command_prefix
from crawler.cli.notify import Notify, alert as _alert, command_line as _command_line, targets as _targets
from crawler.cli.timestamp import Tsa, stamp_after_crawl


Fetch = Annotated[Optional[str], typer.Option(
    "--fetch", help="http | browser (Chromium: JavaScript challenges, every subresource recorded) | auto (HTTP, "
    "then the browser for a challenged page). Default: the source's registry `fetch`; http for URLs.")]
Chromium = Annotated[Optional[str], typer.Option("--chromium", metavar="PATH", envvar="PROVCRAWL_CHROMIUM",
                                                 help="The Chromium to drive for --fetch browser/auto (default: PATH).")]


def fetch_settings(fetch: str | None, chromium: str | None, registry_modes: tuple[str, ...] = ()) -> dict[str, Any]:
    """Scrapy settings for --fetch/--chromium; a browser fetch without a Chromium fails here, before the crawl."""
    if fetch is not None and fetch not in ("http", "browser", "auto"):
        raise typer.BadParameter("choose one of http, browser, auto", param_hint="--fetch")
    out: dict[str, Any] = {}
    if fetch:
        out["PROVCRAWL_FETCH"] = fetch
    if chromium:
        out["BROWSER_CHROMIUM"] = chromium
    modes = (fetch,) if fetch else registry_modes
    if any(m in ("browser", "auto") for m in modes):
        from crawler.capture.chromium import ChromiumNotFound, find_chromium

        try:
            find_chromium(chromium)
        except ChromiumNotFound as exc:
            fail(str(exc))
    return out


def _run(spider: str, spider_args: dict[str, Any], *, data_dir: Path, db: str | None, overrides: dict[str, Any],
         user_named: list[str], allow_private: bool, json_out: bool, progress_total: int | None,
         notify: list[str] | None = None, stamp: bool = False, tsa: str | None = None) -> None:
    from crawler.orchestration.runner import project_settings, run_spider

    database = open_db(data_dir, db, create=True)  # fail early, with a clear message, on a bad DB
    database.dispose()
    interactive = sys.stderr.isatty() and not json_out
    settings = {
        "PROVCRAWL_DATA_DIR": str(data_dir), "PROVCRAWL_DB": db_url_for(data_dir, db),
        "PROVCRAWL_ALLOWED_HOSTS": user_named, "PROVCRAWL_ALLOW_PRIVATE": allow_private,
        "PROVCRAWL_COMMAND": _command_line(),
        "PROVCRAWL_PROGRESS": interactive, "PROVCRAWL_PROGRESS_TOTAL": progress_total or 0,
        "LOG_LEVEL": "WARNING", "LOGSTATS_INTERVAL": 15.0,
        "STATS_DUMP": False,
    }
    settings.update(overrides)
    summary = run_spider(spider, spider_args, project_settings(settings))
    if stamp and summary.run_id is not None:
        stamp_after_crawl(tsa, data_dir, db)
    _alert(data_dir, db, [(summary.run_id, list(notify or []))])
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
        resumable = bool((run.args or {}).get("spider"))
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
        typer.echo(f"next: {command_prefix()} captures --run {run_id} {archive_options(data_dir, db)}")
        if info["status"] == "interrupted" and resumable:  # what was stored stays; the rest is one command away
            typer.echo(f"resume: {command_prefix()} crawl --resume {run_id} {archive_options(data_dir, db)}",
                       err=True)
    if info["status"] == "failed" or info["finish_reason"] in ("database_error", "warc_write_error"):
        raise typer.Exit(EXIT_ERROR)
    return info


def snapshot(
    urls: Annotated[list[str], typer.Argument(help="URLs to capture now.", show_default=False)],
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow redirects to private addresses.")] = False,
    fetch: Fetch = None, chromium: Chromium = None, tsa: Tsa = None,
    set_: Settings_ = None, verbose: Verbose = False, log_level: LogLevel = None, debug: Debug = False,
) -> None:
    """Capture the given URLs now (redirects followed, no other links).

    \b
    Example:
        provcrawl snapshot https://www.mid.ru/en/foreign_policy/news/ https://tass.com/politics
    """
    from crawler.capture.address_policy import origin_of

    urls = [check_url(u) for u in urls]
    _run("snapshot", {"urls": urls}, data_dir=data_dir, db=db,
         overrides={**fetch_settings(fetch, chromium), **parse_settings(set_), **log_settings(verbose, log_level)},
         user_named=[str(origin_of(u)) for u in urls], allow_private=allow_private, json_out=json_out,
         progress_total=len(urls), stamp=True, tsa=tsa)


def crawl(
    sources: Annotated[Optional[list[str]], typer.Argument(help="Registry sources to crawl (see `provcrawl sources`).",
                                                           show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Crawl every registry source.")] = False,
    start: Annotated[Optional[list[str]], typer.Option("--start", help="Start URL (repeatable); links are followed within its origin (scheme, host, port).")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", min=0, help="Stop after this many pages (articles, for sources; 0: no limit).")] = 0,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Link depth from the start URLs (0: no limit).")] = 0,
    since: Annotated[Optional[str], typer.Option("--since", help="Sources: skip articles published before this date.")] = None,
    full: Annotated[bool, typer.Option("--full", help="Sources: fetch articles captured before, page through all listings.")] = False,
    due: Annotated[bool, typer.Option("--due", help="Crawl the sources whose interval has passed (one pass, for cron).")] = False,
    redis: Annotated[Optional[str], typer.Option("--redis", metavar="URL", help="Distributed: share the frontier in this "
                                                 "Redis (redis://HOST:6379/0); start `provcrawl worker` elsewhere.")] = None,
    job: Annotated[str, typer.Option("--job", help="Distributed: the job's name in Redis.")] = "site",
    idle_exit: Annotated[float, typer.Option("--idle-exit", help="Distributed: leave after this many quiet seconds.")] = 10.0,
    resume: Annotated[Optional[int], typer.Option("--resume", metavar="RUN", max=ROW_ID_MAX, help="Continue an interrupted run "
                                                  "without fetching again what it stored.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow links and redirects to private addresses.")] = False,
    fetch: Fetch = None, chromium: Chromium = None, notify: Notify = None, tsa: Tsa = None,
    set_: Settings_ = None, verbose: Verbose = False, log_level: LogLevel = None, debug: Debug = False,
) -> None:
    """Crawl registry sources (discovering articles through their feeds, sitemaps and listings), or
    any site from start URLs, following links within their origins (scheme, host and port).

    \b
    Example:
        provcrawl crawl --all --since 2024-01-01
        provcrawl crawl mid_ru_en tass --max-pages 50
        provcrawl crawl --start https://example.org/ --max-pages 500 --depth 3
        provcrawl crawl --due --notify 'mailto://user:pass@example.org' --notify json://127.0.0.1:9000/hook
        provcrawl crawl mid_ru_en --tsa https://freetsa.org/tsr   # the tree head at the end is timestamped
    """
    from crawler.capture.address_policy import origin_of

    if sum(bool(x) for x in (start, sources or all_ or due, resume is not None)) > 1:
        raise typer.BadParameter("give one of: sources / --all / --due, --start URLs, or --resume RUN")
    if since is not None:
        try:  # a bad date is a usage error whatever else is given
            parse_date(since)
        except typer.BadParameter as exc:
            raise typer.BadParameter(exc.message, param_hint="--since") from None
        if start or resume is not None:  # it was ignored there: a --start crawl fetched everything
            raise typer.BadParameter("--since applies to registry sources (their feeds and sitemaps date the "
                                     "articles), not to --start or --resume", param_hint="--since")
    if full and (start or resume is not None):  # ignored there too (a --start crawl is always whole)
        raise typer.BadParameter("--full applies to registry sources, not to --start or --resume", param_hint="--full")
    settings = parse_settings(set_) | log_settings(verbose, log_level)
    targets = _targets(notify)[""]
    if resume is not None:
        _resume(resume, data_dir=data_dir, db=db, overrides=settings, allow_private=allow_private,
                json_out=json_out, notify=targets, tsa=tsa)
        return
    if due:
        from crawler.orchestration.schedule import due as due_sources
        from crawler.sources import load

        database = open_db(data_dir, db, create=True)
        with database.session() as s:
            keys = due_sources(s, load())
        database.dispose()
        if not keys:
            _alert(data_dir, db, [], [t for ts in _targets(targets, list(load())).values() for t in ts])
            if json_out:
                emit_json([])
            else:
                typer.echo("nothing is due")
            return
        sources, all_ = keys, False
    if start:
        starts = [check_url(u) for u in start]
        overrides = {"DEPTH_LIMIT": depth, **fetch_settings(fetch, chromium), **settings}
        overrides["PROVCRAWL_RUN_ARGS"] = {"spider": "site", "start": starts, "max_pages": max_pages, "depth": depth}
        if redis:
            from crawler.orchestration.distributed import publish_job, redis_settings

            try:
                publish_job(redis, job, {"spider": "site", "start": starts, "max_pages": max_pages, "depth": depth,
                                         "allow_private": allow_private})
            except Exception as exc:  # noqa: BLE001 - redis raises its own connection errors
                raise CliError(f"cannot use Redis at {redis}: {exc}") from exc
            overrides.update(redis_settings(redis, job, idle_exit))
        _run("site", {"start": starts, "max_pages": max_pages}, data_dir=data_dir, db=db, overrides=overrides,
             user_named=[str(origin_of(u)) for u in starts], allow_private=allow_private, json_out=json_out,
             progress_total=max_pages or None, notify=targets, stamp=True, tsa=tsa)
        return
    keys = _source_keys(sources, all_)
    if since:
        parse_date(since)
    args = {"max_pages": max_pages, "since": since, "full": full}
    from crawler.sources import load as load_registry

    registry = load_registry()
    modes = tuple(registry[k].fetch for k in keys if k in registry)
    _run_sources(keys, args, data_dir=data_dir, db=db,
                 overrides={**fetch_settings(fetch, chromium, modes), **settings},
                 allow_private=allow_private, json_out=json_out, notify=targets, stamp=True, tsa=tsa)


def _resume(run_id: int, *, data_dir: Path, db: str | None, overrides: dict[str, Any], allow_private: bool,
            json_out: bool, notify: list[str], tsa: str | None = None) -> None:
    from storage.models import CrawlRun

    database = open_db(data_dir, db, write=True)
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
        from crawler.capture.address_policy import origin_of

        overrides["DEPTH_LIMIT"] = args.pop("depth", 0)
        _run("site", {**args, "resume_run": run_id}, data_dir=data_dir, db=db, overrides=overrides,
             user_named=[str(origin_of(u)) for u in args["start"]], allow_private=allow_private, json_out=json_out,
             progress_total=args.get("max_pages") or None, notify=notify, stamp=True, tsa=tsa)
    else:
        _run_sources([spider], args, data_dir=data_dir, db=db, overrides=overrides, allow_private=allow_private,
                     json_out=json_out, notify=notify, stamp=True, tsa=tsa)


def worker(
    redis: Annotated[str, typer.Option("--redis", metavar="URL", help="The Redis holding the shared frontier.")],
    job: Annotated[str, typer.Option("--job", help="The job to work on (as given to crawl --redis --job).")] = "site",
    wait: Annotated[float, typer.Option("--wait", help="Seconds to wait for a job to be published.")] = 300.0,
    idle_exit: Annotated[float, typer.Option("--idle-exit", help="Leave after this many seconds without work anywhere.")] = 10.0,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, set_: Settings_ = None,
    verbose: Verbose = False, log_level: LogLevel = None, debug: Debug = False,
) -> None:
    """A distributed worker: takes requests from the shared Redis frontier, writes its own WARC files
    (named with host and pid) and records captures in the shared database (use PostgreSQL).

    \b
    Example:
        provcrawl worker --redis redis://10.0.0.5:6379/0 --db postgresql+psycopg://crawl@10.0.0.5/provcrawl
    """
    from crawler.orchestration.distributed import read_job, redis_settings
    from crawler.capture.address_policy import origin_of

    try:
        spec = read_job(redis, job, wait)
    except Exception as exc:  # noqa: BLE001
        raise CliError(f"cannot use Redis at {redis}: {exc}") from exc
    if spec is None:
        fail(f"no job {job!r} was published in {redis} within {wait:.0f}s (start one with crawl --redis)")
    starts = spec["start"]
    overrides = {"DEPTH_LIMIT": spec.get("depth", 0), **redis_settings(redis, job, idle_exit), **parse_settings(set_),
                 **log_settings(verbose, log_level),
                 "PROVCRAWL_RUN_ARGS": {**spec, "worker": True}}
    _run("site", {"start": starts, "max_pages": spec.get("max_pages", 0)}, data_dir=data_dir, db=db,
         overrides=overrides, user_named=[str(origin_of(u)) for u in starts],
         allow_private=bool(spec.get("allow_private")), json_out=json_out, progress_total=None)


def schedule(
    every: Annotated[int, typer.Option("--every", min=10, help="Seconds between checks for due sources.")] = 300,
    once: Annotated[bool, typer.Option("--once", help="One check, then exit (like crawl --due).")] = False,
    notify: Notify = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, debug: Debug = False,
) -> None:
    """Run as a scheduler: every --every seconds, crawl the sources whose interval has passed.

    Each pass runs `provcrawl crawl --due` in a fresh process; a source still being crawled is
    skipped (one lock per source). Stop with Ctrl-C or SIGTERM.

    \b
    Example:
        provcrawl schedule --every 300 --data-dir /var/lib/provcrawl
    """
    import os
    import signal
    import subprocess
    import time

    targets = _targets(notify)[""]  # to each pass through the environment: no secrets in `ps`
    env = {**os.environ, "PROVCRAWL_NOTIFY": " ".join(targets)} if targets else None
    stop = False

    def _stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    cmd = [sys.executable, "-m", "crawler", "crawl", "--due", "--data-dir", str(data_dir)] + (["--db", db] if db else [])
    while not stop:
        typer.echo(f"schedule: checking for due sources ({time.strftime('%Y-%m-%d %H:%M:%S')})", err=True)
        subprocess.run(cmd, check=False, env=env)
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
                 allow_private: bool, json_out: bool, notify: list[str] | None = None, stamp: bool = False,
                 tsa: str | None = None) -> None:
    """Crawl registry sources side by side; ``notify``: --notify targets (the sources' own are
    added), None for no alerts at all (the demo)."""
    from contextlib import ExitStack

    from crawler.orchestration.runner import project_settings, run_spiders
    from crawler.orchestration.schedule import AlreadyRunning, source_lock

    targets = _targets(list(notify), keys) if notify is not None else {}
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
        "PROVCRAWL_ALLOW_PRIVATE": allow_private, "PROVCRAWL_COMMAND": _command_line(),
        "PROVCRAWL_PROGRESS": interactive, "LOG_LEVEL": "WARNING",
        "LOGSTATS_INTERVAL": 15.0, "STATS_DUMP": False, **overrides,
    }
    with locks:
        summaries = run_spiders(keys, args, project_settings(settings), run_args={
            k: {"spider": k, **args} for k in keys})
    if stamp and any(summary.run_id is not None for summary in summaries):
        stamp_after_crawl(tsa, data_dir, db)
    _alert(data_dir, db, [(summary.run_id, targets.get(key, [])) for key, summary in zip(keys, summaries)])
    runs = []
    for key, summary in zip(keys, summaries):
        runs.append(report_run(summary.run_id, data_dir, db, True, summary.finish_reason, quiet=True) | {"source": key})
    if json_out:
        emit_json(runs)
        return
    for r in runs:
        typer.echo(f"{r['source']:>14}: run {r['id']} {r['status']}: {r['captures']} captures, {r['errors']} failed, "
                   f"{r['extracted']} with text, {r['blocked']} blocked")
    typer.echo(f"next: {command_prefix()} captures {archive_options(data_dir, db)}")
    for r in runs:
        if r["status"] == "interrupted":
            typer.echo(f"resume: {command_prefix()} crawl --resume {r['id']} {archive_options(data_dir, db)}", err=True)


def demo(
    data_dir: Annotated[Path, typer.Option("--data-dir", help="The demo's own directory (never PROVCRAWL_DATA_DIR): "
                                           "new, empty, or made by an earlier demo.")] = Path("demo-data"),
    fresh: Annotated[bool, typer.Option("--fresh/--keep", help="Empty the demo's directory first, or crawl again "
                                        "into it.")] = True,
    json_out: JsonOut = False, verbose: Verbose = False, log_level: LogLevel = None, debug: Debug = False,
) -> None:
    """Offline tour: serve every source's fixtures on 127.0.0.1 and crawl them under their real URLs.

    Nothing leaves the machine: a demo-only download handler sends each request for, say,
    https://www.mid.ru/... to the local fixture server, while WARC records and the database
    carry the real URL. Run it again with --keep: only feeds, sitemaps and listings are fetched again.
    The demo writes only into its own directory and refuses one holding anything else.

    \b
    Example:
        provcrawl demo --data-dir demo-data
    """
    from crawler.demo import FixtureServer, browser_lines, browser_overrides, describe
    from crawler.demo.handler import DOWNLOAD_HANDLERS
    from crawler.demo.workspace import NotADemoDir, prepare
    from crawler.sources import load

    try:
        prepare(data_dir, fresh=fresh)
    except NotADemoDir as exc:
        fail(str(exc))
    # The fixtures include a bot-challenge page and a gone article on purpose: the summary counts
    # them, so their warnings are not shown unless asked for.
    overrides = {"DOWNLOAD_HANDLERS": DOWNLOAD_HANDLERS, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                 "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "RETRY_TIMES": 0, "LOG_LEVEL": "ERROR",
                 **log_settings(verbose, log_level)}
    with FixtureServer(sources=True) as server:
        overrides["PROVCRAWL_LOOPBACK_TARGET"] = server.base
        browser, why_not = browser_overrides(server.base)  # --fetch auto when Chromium is there, else http
        overrides.update(browser)
        if why_not and not json_out:
            typer.echo(f"demo: browser capture skipped: {why_not}")
        if not json_out:
            typer.echo(f"demo: fixtures of {len(load())} sources served on {server.base} (loopback only), "
                       f"crawled under their real URLs into {data_dir}/")
        _run_sources(list(load()), {"max_pages": 0, "since": None, "full": False}, data_dir=data_dir, db=None,
                     overrides=overrides, allow_private=False, json_out=json_out, notify=None)
    if not json_out:
        for line in [*browser_lines(data_dir), *describe(data_dir, command_prefix())]:
            typer.echo(line)
