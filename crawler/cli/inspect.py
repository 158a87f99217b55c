"""Commands that read the archive: sources, captures, provenance, text, changes, diff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from crawler.cli.common import (EXIT_NOT_FOUND, CliError, DataDir, DbUrl, Debug, JsonOut, check_source, emit_json,
                                fail, open_db, parse_date, ROW_ID_MAX)


def sources(json_out: JsonOut = False, debug: Debug = False,
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


def captures(
    url_prefix: Annotated[Optional[str], typer.Option("--url-prefix", help="Only URLs starting with this.")] = None,
    run: Annotated[Optional[int], typer.Option("--run", max=ROW_ID_MAX, help="Only captures of this crawl run.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="At most this many.")] = None,
    paywall: Annotated[Optional[str], typer.Option("--paywall", help="Only this paywall status: free, hard, soft, "
                                                   "preview, registration, unknown.")] = None,
    blocked: Annotated[bool, typer.Option("--blocked", help="Only captures blocked by an anti-bot page or rate limit.")] = False,
    source: Annotated[Optional[str], typer.Option("--source", help="Only captures of this registry source.")] = None,
    all_resources: Annotated[bool, typer.Option("--all-resources", help="Also list the subresources (CSS, images, "
                                                "XHR...) browser captures recorded for their pages.")] = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """List captures, newest first.

    \b
    Example:
        provcrawl captures --url-prefix https://www.mid.ru/ --limit 20 --json
    """
    from crawler.analysis.paywall import STATUSES
    from storage.queries import capture_dict, list_captures

    if paywall and paywall not in STATUSES:
        raise typer.BadParameter(f"choose one of {', '.join(STATUSES)}", param_hint="--paywall")
    database = open_db(data_dir, db)
    check_source(database, source)
    with database.session() as s:
        rows = [capture_dict(c) for c in list_captures(s, url_prefix=url_prefix, run_id=run, limit=limit,
                                                       paywall=paywall, blocked=blocked, source=source,
                                                       resources=all_resources)]
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
            typer.echo(f"    WARC record {d['warc_record_id'] or '-'}  fetched with {d['fetched_with'] or '-'}"
                       + (f"  {d['page_resources']} subresources, screenshot {d['screenshot_record_id']}"
                          if d["fetched_with"] == "browser" and d["page_resources"] is not None else ""))
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


# what `changes` says of a capture, by its text_change (the payload changed unless the text did)
CHANGE_LABELS = {"changed": "text changed", "unchanged": "payload changed, text the same",
                 "new": "payload changed, first text"}


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
    check_source(database, source)
    with database.session() as s:
        rows = [capture_dict(c) for c in changed_captures(s, since=parse_date(since), source=source, limit=limit)]
    if json_out:
        emit_json(rows)
        return
    for r in rows:
        what = CHANGE_LABELS.get(r["text_change"], "payload changed, no text")
        typer.echo(f"{r['fetched_at'][:19]}  capture {r['id']}  {what}  {r['url']}")
    if not rows:
        typer.echo("no changes", err=True)


def diff(
    url: Annotated[str, typer.Argument(help="The URL whose captures to compare.")],
    from_: Annotated[Optional[int], typer.Option("--from", max=ROW_ID_MAX, help="Older capture id (default: the one before --to).")] = None,
    to: Annotated[Optional[int], typer.Option("--to", max=ROW_ID_MAX, help="Newer capture id (default: the latest with text).")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """A readable diff of the extracted text between two captures of a URL.

    \b
    Example:
        provcrawl diff https://tass.com/politics/1234567
        provcrawl diff https://tass.com/politics/1234567 --from 10 --to 42
    """
    from crawler.analysis.textdiff import DiffError, pick_pair, unified, with_text

    database = open_db(data_dir, db)
    with database.session() as s:
        try:
            (a, ea), (b, eb) = pick_pair(with_text(s, url), from_, to)
        except DiffError as exc:
            fail(f"{exc} of {url}" if str(exc).startswith("fewer") else str(exc), EXIT_NOT_FOUND)
        lines = unified(a, ea, b, eb)
        out = {"url": url, "from": a.id, "to": b.id, "changed": bool(lines), "diff": lines}
    if json_out:
        emit_json(out)
    else:
        typer.echo("\n".join(lines) if lines else f"no text difference between captures {a.id} and {b.id}")


def text(
    url: Annotated[str, typer.Argument(help="The URL whose text to print.")],
    extraction: Annotated[Optional[int], typer.Option("--extraction", max=ROW_ID_MAX, help="A specific extraction id.")] = None,
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


def render_capture(data_dir: Path, cap: Any, settings: dict[str, Any], fmt: str) -> str | None:
    """Re-render a capture's main text in another format, from its WARC bytes."""
    from crawler.analysis.analyze import header_map
    from crawler.analysis.extraction import FORMATS, ExtractionSettings, decode, render
    from crawler.sources import rules_for_capture
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
    return render(html, fmt, url=cap.url, settings=ExtractionSettings(**known), rules=rules_for_capture(cap.url, cap.archive_of))
