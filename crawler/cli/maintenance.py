"""Commands that (re)build text from bytes: extract (HTML files), reextract (stored captures), import
(other tools' WARCs)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from crawler.cli.common import (EXIT_ERROR, EXIT_NOT_FOUND, CliError, DataDir, DbUrl, Debug, JsonOut, check_source,
                                emit_json, fail, open_db, parse_date, ROW_ID_MAX)


def _extraction_settings(favor_precision: bool, favor_recall: bool, no_comments: bool, no_tables: bool) -> Any:
    from crawler.analysis.extraction import ExtractionSettings

    if favor_precision and favor_recall:
        raise typer.BadParameter("--favor-precision and --favor-recall exclude each other")
    return ExtractionSettings(include_comments=not no_comments, include_tables=not no_tables,
                              favor_precision=favor_precision, favor_recall=favor_recall)


FavorPrecision = Annotated[bool, typer.Option("--favor-precision", help="trafilatura: less text, more surely main.")]
FavorRecall = Annotated[bool, typer.Option("--favor-recall", help="trafilatura: more text when unsure.")]
NoComments = Annotated[bool, typer.Option("--no-comments", help="Do not extract comments.")]
NoTables = Annotated[bool, typer.Option("--no-tables", help="Leave tables out of the text.")]


def reextract(
    all_: Annotated[bool, typer.Option("--all", help="Every capture.")] = False,
    source: Annotated[Optional[str], typer.Option("--source", help="Captures of this registry source.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Captures fetched on or after this date.")] = None,
    warc: Annotated[Optional[list[str]], typer.Option("--warc", help="Captures stored in this WARC file (repeatable).")] = None,
    run: Annotated[Optional[int], typer.Option("--run", max=ROW_ID_MAX, help="Captures of this crawl run.")] = None,
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
    from crawler.analysis.extraction import EXTRACTOR_VERSION
    from crawler.orchestration.reextract import Selection, UnknownWarcError, stored_warc_files
    from crawler.orchestration.reextract import reextract as run_reextract

    if not (all_ or source or since or warc or run is not None):
        raise typer.BadParameter("say what to re-extract: --all, --source, --since, --warc or --run")
    shard_t = None
    if shard:
        k, _, n = shard.partition("/")
        if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
            raise typer.BadParameter("use K/N with 1 <= K <= N", param_hint="--shard")
        shard_t = (int(k), int(n))
    settings = _extraction_settings(favor_precision, favor_recall, no_comments, no_tables)
    database = open_db(data_dir, db, write=True)
    check_source(database, source)
    try:
        warc_rel = stored_warc_files(database, data_dir, warc) if warc else ()
    except UnknownWarcError as exc:
        raise CliError(str(exc)) from exc
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


def import_(
    files: Annotated[list[Path], typer.Argument(
        help="WARC (.warc, .warc.gz) or ARC files written by any tool, or WACZ bundles.")],
    copy: Annotated[bool, typer.Option("--copy", help="Copy the files into the data dir (default: reference in place).")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes for extraction.")] = 1,
    favor_precision: FavorPrecision = False, favor_recall: FavorRecall = False,
    no_comments: NoComments = False, no_tables: NoTables = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Adopt WARC files from other tools (wget, Heritrix, Browsertrix, pywb): captures, then text.

    A WACZ bundle is checked against its datapackage.json hashes and its WARCs unpacked into
    DATA/warc/imported/. Exit status 1 when nothing was imported, or a file was refused.

    \b
    Example:
        wget --warc-file=mid https://www.mid.ru/en/ && provcrawl import mid.warc.gz --copy
    """
    from crawler.evidence.importer import import_warcs
    from crawler.orchestration.reextract import Counts, Selection, reextract as run_reextract

    for f in files:
        if f.is_dir():
            raise typer.BadParameter(f"{f} is a directory: name the files in it, e.g. {f / '*.warc.gz'}")
        if not f.is_file():
            raise typer.BadParameter(f"no such file: {f}")
    settings = _extraction_settings(favor_precision, favor_recall, no_comments, no_tables)
    database = open_db(data_dir, db, create=True)
    try:
        report = import_warcs(database, data_dir, files, copy=copy, command=" ".join(["provcrawl", *sys.argv[1:]]))
        counts = None
        # this run's captures, and those an earlier, interrupted import stored without their text
        ids = report.unextracted  # in bounded chunks: a query holds at most so many ids
        selections = ([Selection(run_id=report.run_id)] if report.run_id is not None else []) + [
            Selection(capture_ids=tuple(ids[i:i + 5000])) for i in range(0, len(ids), 5000)]
        for selection in selections:
            with _progress("extracting", json_out) as advance:
                more = run_reextract(database, data_dir, selection, settings=settings, workers=workers,
                                     on_progress=advance)
            counts = more if counts is None else Counts(counts.analysed + more.analysed,
                                                        counts.extracted + more.extracted, counts.skipped + more.skipped,
                                                        counts.verdict_only + more.verdict_only,
                                                        counts.errors + more.errors)
    except KeyboardInterrupt:
        fail("import interrupted: what it stored is kept; run the same import again for the rest and their text", 130)
    out = {"run_id": report.run_id, "files": report.files, "captures": report.captures,
           "already_imported": report.duplicates, "extractions": counts.extracted if counts else 0,
           "problems": report.problems + (counts.errors if counts else []), "refused": report.refused,
           "skipped": report.skipped}
    nothing = report.run_id is None and not (report.duplicates and not report.refused)
    if json_out:
        emit_json(out)
    elif nothing:
        if len(out["problems"]) == 1:
            fail(f"nothing imported: {out['problems'][0]}", EXIT_NOT_FOUND)
        for p in out["problems"]:
            typer.echo(f"  problem: {p}", err=True)
        fail("nothing imported", EXIT_NOT_FOUND)
    else:
        typer.echo(f"imported {report.captures} captures from {report.files} file(s)"
                   + (f" as run {report.run_id}" if report.run_id is not None else "")
                   + f"; {out['extractions']} pages with text; {report.duplicates} already imported")
        for p in out["problems"]:
            typer.echo(f"  problem: {p}", err=True)
        for p in report.skipped:
            typer.echo(f"  skipped: {p}", err=True)
    if nothing or report.refused:
        raise typer.Exit(EXIT_NOT_FOUND)


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
    from crawler.analysis.analyze import analyze
    from crawler.analysis.extraction import FORMATS, decode, render
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
                   "error": ex.error,
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
