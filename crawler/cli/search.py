"""`provcrawl search`: where a quote was published, when it first and last appeared, when it went."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from crawler.cli.common import (EXIT_NOT_FOUND, CliError, DataDir, DbUrl, Debug, JsonOut, check_source, emit_json,
                                open_db)


def _day_or_time(value: str | None, option: str) -> date | datetime | None:
    """YYYY-MM-DD is a whole (UTC) day; anything longer an ISO 8601 time (UTC when it has no zone)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if len(value.strip()) == 10 else datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not a date: {value!r} (use YYYY-MM-DD or ISO 8601)", param_hint=option) from exc


def _when(capture: dict[str, Any]) -> str:
    return f"{capture['fetched_at'][:10]} (capture #{capture['capture_id']})"


def _human(result: dict[str, Any], query: str, mode: str, color: bool) -> str:
    from storage.search_text import passage_spans, word_spans

    seen = f"published {_when(result['first_seen'])}"
    if result["last_seen"]["capture_id"] != result["first_seen"]["capture_id"]:
        seen += f", last seen {_when(result['last_seen'])}"
    seen += f", edited out {_when(result['removed_at'])}" if result["removed_at"] else ", still there"
    snippet = result["snippet"]
    if color:  # bold the passage on a terminal (spans are found in the snippet as printed)
        spans = passage_spans(snippet, query) if mode == "phrase" else word_spans(snippet, query)
        for a, b in reversed(spans):
            snippet = snippet[:a] + typer.style(snippet[a:b], bold=True) + snippet[b:]
    source = f"  [{result['source']}]" if result["source"] else ""
    return f"{result['url']}{source}\n  {seen}\n  {snippet}"


def search(
    query: Annotated[Optional[str], typer.Argument(help="The quote (a phrase), or words with --words.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only captures of this registry source.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only captures fetched on or after this date.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only captures fetched on or before this date.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many URLs.")] = 50,
    words: Annotated[bool, typer.Option("--words", help="Ranked word search: all the words, anywhere, "
                                                         "any order (PostgreSQL also finds other forms).")] = False,
    reindex: Annotated[bool, typer.Option("--reindex", help="Rebuild the full-text index from every "
                                                             "extraction first.")] = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Find where a quote was published: every URL whose captured text holds it, when it first and
    last appeared and when a later capture no longer had it. Case, quotes, dashes, spaces, ё/е and
    soft hyphens do not matter. Exit status 1 when nothing matches.

    \b
    Example:
        provcrawl search "the Arctic is our territory"
        provcrawl search "Арктика — наша территория" --source mid_ru_ru --since 2021-01-01 --json
        provcrawl search --words "arctic territory sovereignty" --limit 10
        provcrawl search --reindex
    """
    import time

    from storage.search import SearchError
    from storage.search import search as run_search
    from storage.search_index import reindex as rebuild

    if query is None and not reindex:
        raise typer.BadParameter("give a quote to search for (or --reindex)", param_hint="QUERY")
    mode = "words" if words else "phrase"
    lo, hi = _day_or_time(since, "--since"), _day_or_time(until, "--until")
    database = open_db(data_dir, db, write=reindex)
    check_source(database, source)
    try:
        if reindex:
            started = time.monotonic()
            with database.engine.begin() as conn:
                count = rebuild(conn)
            typer.echo(f"reindexed {count} extraction texts in {time.monotonic() - started:.1f} s", err=True)
            if query is None:
                return
        assert query is not None
        with database.session() as s:
            results = run_search(s, query, source=source, since=lo, until=hi, limit=limit, mode=mode)
    except SearchError as exc:
        raise CliError(str(exc)) from exc
    finally:
        database.dispose()
    if json_out:
        emit_json(results)
    elif results:
        color = typer.get_text_stream("stdout").isatty()
        typer.echo("\n\n".join(_human(r, query, mode, color) for r in results))
    if not results:
        if not json_out:
            typer.echo(f"provcrawl: no captured text holds {query!r}", err=True)
        raise typer.Exit(EXIT_NOT_FOUND)
