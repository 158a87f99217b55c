"""Commands that prove and hand over what was captured: verify, cite, export, serve."""

from __future__ import annotations

import os
import shlex
import socket
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from crawler.cli.common import (EXIT_NOT_FOUND, EXIT_OK, CliError, DataDir, DbUrl, Debug, JsonOut, emit_json,
                                fail, open_db, parse_date, ROW_ID_MAX)
from crawler.cli.invocation import command_prefix


def verify(
    urls: Annotated[Optional[list[str]], typer.Argument(help="Check the captures of these URLs.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Check every capture and the whole Merkle log (tree heads, "
                                       "signatures, consistency) and old chain.")] = False,
    bundle: Annotated[Optional[Path], typer.Option("--bundle", metavar="F.wacz", help="Check an exported bundle "
                                                   "alone (no database, no data dir).")] = None,
    tsa_cert: Annotated[Optional[Path], typer.Option("--tsa-cert", metavar="CA.pem", help="With --bundle: the TSA's "
                                                     "root CA, to check the RFC 3161 token's signature.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Prove the stored bytes still match their records: re-read every WARC record, recompute digests.

    Reports missing files, truncated or altered records, rows whose Merkle log leaf (or, for rows
    from before the log, old hash chain) no longer matches; with --all also stored tree heads that
    do not match the log, bad signatures, and heads not consistent with the older ones (history
    rewritten). With --bundle, checks an exported WACZ with nothing else: its files, WARC digests,
    the capture's leaf and audit path to the signed tree head, and the RFC 3161 token (against
    --tsa-cert). Exit status 0 only when everything matches, 1 when anything does not.

    \b
    Example:
        provcrawl verify --all
        provcrawl verify https://www.mid.ru/en/foreign_policy/news/1999999/ --json
        provcrawl verify --bundle lavrov-2021-05-20.wacz --tsa-cert freetsa-cacert.pem
    """
    if bundle is not None or tsa_cert is not None:
        from crawler.cli.bundle import verify_bundle

        return verify_bundle(bundle, tsa_cert, urls=urls, all_=all_, json_out=json_out)
    from crawler.evidence.keys import verify_signature
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
        report = run_verify(s, data_dir, ids, verify_signature)
    if json_out:
        emit_json(report.as_dict())
    else:
        typer.echo(f"checked {report.checked} captures: {report.records_ok} WARC records match; "
                   f"old chain {'intact' if report.chain_ok else 'BROKEN'}; "
                   f"log leaves {'match' if report.log_ok else 'DO NOT match'}")
        if report.log is not None:
            lg = report.log
            typer.echo(f"Merkle log: {lg.size} leaves, root {lg.root}; {lg.tree_heads} tree heads "
                       f"({lg.signed} signed, {lg.timestamped} timestamped)"
                       + ("" if lg.signed else "; nothing signed: `provcrawl keys init`"))
        for p in report.problems:
            typer.echo(f"  PROBLEM capture {p.capture_id} ({p.url}): {p.kind}: {p.detail}")
        typer.echo("OK: everything matches" if report.ok else f"FAILED: {len(report.problems)} problem(s)")
    if not report.ok:
        raise typer.Exit(1)


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
    from crawler.evidence.citation import find_quote
    from storage.queries import captures_of, latest_ok
    from storage.verify import check_record

    when = parse_date(at)
    database = open_db(data_dir, db)
    results = []
    handles: dict[str, Any] = {}  # WARC files opened by check_record
    with database.session() as s, ExitStack() as opened:
        opened.callback(lambda: [fh.close() for fh in handles.values()])
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
            # a quote found in stored text is only as good as the bytes it came from: re-read them
            problem = check_record(data_dir, c, handles) if m.found and c.warc_file else None
            results.append({
                "capture_id": c.id, "url": c.url, "fetched_at": c.fetched_at.isoformat(), "status": c.status,
                "sha256": c.sha256, "warc_file": c.warc_file, "warc_offset": c.warc_offset,
                "warc_length": c.warc_length, "warc_record_id": c.warc_record_id,
                "paywall_status": c.paywall_status, "blocked": c.blocked, "extraction_id": e.id,
                "extractor": f"{e.extractor} {e.extractor_version}", "found": m.found, "exact": m.exact,
                "score": m.score, "in_comments": in_comments, "passage": m.passage, "context": m.context,
                "record_ok": (problem is None) if m.found and c.warc_file else None,
                "record_problem": f"{problem.kind}: {problem.detail}" if problem else None,
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
            if r["record_problem"]:
                typer.echo(f"  WARNING: its WARC record no longer matches this record ({r['record_problem']}); "
                           f"`{command_prefix()} verify --all` says more")
    raise typer.Exit(EXIT_OK if found else EXIT_NOT_FOUND)


def export(
    url: Annotated[str, typer.Argument(help="The URL whose capture to export.")],
    out: Annotated[Path, typer.Option("--out", help="The .wacz file to write.")],
    capture: Annotated[Optional[int], typer.Option("--capture", max=ROW_ID_MAX, help="A specific capture id (default: the latest "
                                                   "successful capture of the URL, a 304 confirming "
                                                   "one included).")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Write an evidence bundle (WACZ) of one capture: its WARC records copied byte for byte, a CDXJ
    index, pages.jsonl, its provenance record with its Merkle log proof, the signed (and, with a
    TSA, timestamped) tree head and the archive's public key under provenance/, and a
    datapackage.json with every file's SHA-256, signed with the archive key. Opens in
    ReplayWeb.page and pywb; `provcrawl verify --bundle` (or openssl, see the README) checks it.

    \b
    Example:
        provcrawl export https://www.mid.ru/en/foreign_policy/news/1999999/ --out lavrov-2021-05-20.wacz
    """
    from crawler.evidence.bundle_write import replaceable
    from crawler.evidence.export import ExportError, export_capture, exportable
    from storage.models import Capture
    from storage.queries import captures_of

    if out.suffix != ".wacz":
        raise typer.BadParameter("the file name must end in .wacz", param_hint="--out")
    if why := replaceable(out):
        fail(why)
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
        head, stamp = result["tree_head"], result["timestamp"]
        me = command_prefix()  # as the user started provcrawl, so that the commands run when pasted
        typer.echo(f"proof: leaf of the tree head of size {head['size']} (root {head['root']}), "
                   + ("signed" if result["tree_head_signed"] else f"UNSIGNED (no archive key: `{me} keys init`)")
                   + (f", timestamped {stamp['gen_time']} by {stamp['tsa']}" if stamp else
                      f", not timestamped (`{me} timestamp --tsa URL`, then export again)"))
        typer.echo(f"check it: {me} verify --bundle {shlex.quote(str(out))}"
                   + (" --tsa-cert TSA-CA.pem  (the time-stamping authority's root CA)" if stamp else ""))


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
    from crawler.evidence.replay import COLLECTION, build_collection, find_wayback

    wayback = find_wayback(pywb)
    if wayback is None:
        raise CliError("pywb's `wayback` program was not found; install pywb in its own venv "
                       "(python3 -m venv ~/.pywb && ~/.pywb/bin/pip install pywb) and pass --pywb ~/.pywb/bin/wayback")
    try:  # pywb would start anyway and fail with gevent's traceback: a port in use is one line here
        with socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gevent binds it
            probe.bind((bind, port))
    except (OSError, OverflowError) as exc:
        raise CliError(f"cannot listen on {bind}:{port}: {getattr(exc, 'strerror', None) or exc}") from exc
    database = open_db(data_dir, db)
    with database.session() as s:
        root = build_collection(s, data_dir)
    typer.echo(f"replaying {data_dir} at http://{bind}:{port}/{COLLECTION}/*/URL (Ctrl-C stops)", err=True)
    os.execv(wayback, [wayback, "--bind", bind, "--port", str(port), "--directory", str(root.resolve())])
