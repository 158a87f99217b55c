"""The CLI side of alerts (crawler/orchestration/alerts.py): the --notify option, checking its
targets before a crawl, sending after it, and the command line stored with a run, redacted."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.common import EXIT_NOT_FOUND, DataDir, DbUrl, Debug, JsonOut, db_url_for, emit_json, open_db

Notify = Annotated[Optional[list[str]], typer.Option(
    "--notify", metavar="URL", envvar="PROVCRAWL_NOTIFY", help="After each run, send what changed (new articles, "
    "text diffs, pages gone, newly blocked or paywalled) to this apprise URL (repeatable): mailto://..., "
    "slack://..., tgram://..., json://HOST/PATH... Undelivered messages are sent again by the next run.")]


def command_line() -> str:
    from crawler.orchestration.alerts import redact_argv

    return " ".join(["provcrawl", *redact_argv(sys.argv[1:])])  # stored with the run: no notify secrets


def alert(data_dir: Path, db: str | None, runs: list[tuple[int | None, list[str]]],
          retry: list[str] | None = None) -> None:
    from crawler.orchestration.alerts import notify_after

    done = notify_after(db_url_for(data_dir, db), runs, retry or [])
    if done.sent or done.pending:
        typer.echo(f"provcrawl: alerts: {done.sent} sent, {done.pending} kept for the next run", err=True)


def targets(given: list[str] | None, keys: list[str] | None = None) -> dict[str, list[str]]:
    """--notify targets (and, per registry source in ``keys``, its own), checked before the crawl."""
    from crawler.orchestration.alerts import BadTarget, check_targets, targets_for

    try:
        return targets_for(keys, given or []) if keys is not None else {"": check_targets(given or [])}
    except BadTarget as exc:
        raise typer.BadParameter(str(exc), param_hint="--notify") from exc


def notifications(
    pending: Annotated[bool, typer.Option("--pending", help="Only messages not delivered yet.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many, newest first.")] = 50,
    body: Annotated[bool, typer.Option("--body", help="Print each message's text too.")] = False,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """List the alerts stored by `crawl --notify`, newest first: target (redacted), run, attempts,
    whether it was delivered, and the last error of one still waiting for the next run. Exit
    status 1 when there is none to list.

    \b
    Example:
        provcrawl notifications --pending
        provcrawl notifications --limit 5 --body --json
    """
    from crawler.orchestration.alerts import stored

    database = open_db(data_dir, db)
    try:
        notes = stored(database, pending_only=pending, limit=limit)
    finally:
        database.dispose()
    if not body:
        for n in notes:
            n.pop("body")
    if json_out:
        emit_json(notes)
    for n in notes if not json_out else ():
        state = (f"delivered {n['delivered_at'][:19]}" if n["delivered_at"]
                 else f"PENDING after {n['attempts']} attempt(s): {n['last_error'] or 'not tried yet'}")
        typer.echo(f"#{n['id']}  run {n['run_id']}  {n['created_at'][:19]}  {n['target']}\n  {n['title']}\n  {state}")
        if body:
            typer.echo("  " + str(n["body"]).replace("\n", "\n  "))
    if not notes:
        if not json_out:
            typer.echo("provcrawl: no " + ("pending " if pending else "") + "notifications stored", err=True)
        raise typer.Exit(EXIT_NOT_FOUND)
