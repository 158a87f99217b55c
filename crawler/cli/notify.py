"""The CLI side of alerts (crawler/orchestration/alerts.py): the --notify option, checking its
targets before a crawl, sending after it, and the command line stored with a run, redacted."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.common import db_url_for

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
