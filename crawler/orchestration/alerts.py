"""Alerts: after a crawl run, tell each --notify target (and each of a source's registry `notify`
targets) what the run changed (storage/changes.py), through apprise.

A message is stored in the `notification` table before it is sent, and stays there until a send
succeeds: the next run sends a target's pending messages first, oldest first. A failed send is a
warning, never the crawl's failure. Apprise URLs carry passwords and tokens, so only a redacted
form of a target is logged or stored (with its SHA-256, to know it when it is given again).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote

from sqlalchemy import func, select

from storage.changes import RunChanges, UrlChange, run_changes
from storage.db import Database
from storage.models import CrawlRun, Notification

log = logging.getLogger("provcrawl.alerts")

MAX_ITEMS = 50  # per kind of change in one message
MAX_DIFF_LINES = 60  # per page
MAX_DIFF_CHARS = 4000
MAX_PASSAGE_CHARS = 500
MAX_BODY_CHARS = 30000
HEADINGS = {"new": "New articles", "changed": "Changed text", "gone": "Gone (404/410)",
            "blocked": "Newly blocked", "paywalled": "Newly paywalled"}


class BadTarget(ValueError):
    """A notification URL apprise cannot use."""


def _plugin(url: str):  # type: ignore[no-untyped-def]
    import apprise

    return apprise.Apprise.instantiate(url, suppress_exceptions=True)


def redacted(url: str) -> str:
    """The target as apprise shows it with privacy on (passwords, tokens masked), without its options."""
    plugin = _plugin(url)
    if plugin is None:
        return url.split("://", 1)[0] + "://…"
    return plugin.url(privacy=True).split("?", 1)[0]


def check_targets(urls: Iterable[str]) -> list[str]:
    """The targets, each one apprise knows; a bad one raises BadTarget (naming its scheme only)."""
    out = []
    for url in urls:
        url = url.strip()
        if _plugin(url) is None:
            raise BadTarget(f"not a notification URL apprise can use: {url.split('://', 1)[0]}://… "
                            "(see https://github.com/caronc/apprise/wiki)")
        out.append(url)
    return list(dict.fromkeys(out))


def scrub(text: str, url: str) -> str:
    """``text`` with every part of ``url`` its redacted form hides replaced by ****."""
    shown = redacted(url)
    secrets = {p for p in re.split(r"[/:@?&=#,]+", url.split("://", 1)[-1]) if len(p) >= 3}
    secrets |= {unquote(p) for p in secrets}
    for secret in sorted(secrets, key=len, reverse=True):
        if secret not in shown:
            text = text.replace(secret, "****")
    return text


def redact_argv(argv: Sequence[str]) -> list[str]:
    """A command line with its --notify values redacted (it is stored with each run)."""
    out, hide = [], False
    for arg in argv:
        if hide:
            out.append(redacted(arg))
        elif arg.startswith("--notify="):
            out.append("--notify=" + redacted(arg[len("--notify="):]))
        else:
            out.append(arg)
        hide = arg == "--notify"
    return out


def target_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


# -- the message ---------------------------------------------------------------------------------
def _trim(lines: list[str], max_lines: int, max_chars: int) -> list[str]:
    out, size = [], 0
    for n, line in enumerate(lines):
        if n >= max_lines or size + len(line) > max_chars:
            out.append(f"[... {len(lines) - n} more diff lines: see provcrawl diff]")
            break
        out.append(line)
        size += len(line) + 1
    return out


def _item_lines(i: UrlChange) -> list[str]:
    title = f"  \"{i.title}\"" if i.title else ""
    if i.kind == "new":
        return [f"- {i.url}{title}  (capture {i.capture_id}{', ' + i.detail if i.detail else ''})"]
    if i.kind == "changed":
        out = [f"- {i.url}{title}  (capture {i.previous_id} -> {i.capture_id})",
               f"  provcrawl diff '{i.url}' --from {i.previous_id} --to {i.capture_id}"]
        if i.removed:
            out.append("  Removed passages:")
            out += [f"  > {p if len(p) <= MAX_PASSAGE_CHARS else p[:MAX_PASSAGE_CHARS] + '…'}"
                    for p in i.removed[:10]]
        out += ["  " + line for line in _trim(i.diff, MAX_DIFF_LINES, MAX_DIFF_CHARS)]
        return out
    was = f", previous capture {i.previous_id}" if i.previous_id else ""
    return [f"- {i.url}: {i.detail}  (capture {i.capture_id}{was})"]


def message(changes: RunChanges, run: CrawlRun) -> tuple[str, str]:
    """The title and plain-text body telling what a run changed."""
    counts = {k: len(changes.of(k)) for k in HEADINGS}
    summary = ", ".join(f"{n} {HEADINGS[k].lower()}" for k, n in counts.items() if n)
    who = f" ({run.spider})" if run.spider else ""
    title = f"provcrawl run {run.id}{who}: {summary}"
    lines = [f"provcrawl run {run.id}{who}, started {run.started_at.isoformat(timespec='seconds')}, "
             f"{run.status}: {summary}."]
    for kind, heading in HEADINGS.items():
        items = changes.of(kind)
        if not items:
            continue
        lines += ["", f"{heading} ({len(items)}):"]
        for i in items[:MAX_ITEMS]:
            lines += _item_lines(i)
        if len(items) > MAX_ITEMS:
            lines.append(f"[... and {len(items) - MAX_ITEMS} more: provcrawl captures --run {run.id}]")
    body = "\n".join(lines)
    if len(body) > MAX_BODY_CHARS:
        body = body[:MAX_BODY_CHARS] + f"\n[... cut at {MAX_BODY_CHARS} characters: provcrawl changes]"
    return title, body


def _reported(url: str, source: str | None) -> bool:
    """New or edited text is news for an article; a source's feeds and listings change every run."""
    from crawler.sources import load

    src = load().get(source) if source else None
    return src is None or not src.article_patterns or src.is_article(url)


# -- sending -------------------------------------------------------------------------------------
def send(url: str, title: str, body: str) -> str | None:
    """Send one message; None on success, else why not (redacted)."""
    import apprise

    quiet = logging.getLogger("apprise")  # its log lines may name hosts and paths: ours say it, redacted
    propagate, quiet.propagate = quiet.propagate, False
    try:
        sender = apprise.Apprise()
        if not sender.add(url):
            return "apprise cannot use this URL"
        result = sender.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT)
        if result:
            return None
        logs = getattr(result, "logs", None)  # apprise >= 2: the failing service's own words
        reasons = [e.message for e in (logs() if logs else ()) if e.level in ("WARNING", "ERROR", "CRITICAL")]
        return scrub("; ".join(reasons) or "apprise reported a failure", url)[:500]
    except Exception as exc:  # noqa: BLE001 - a sender's failure must never end the crawl
        return scrub(f"{exc.__class__.__name__}: {exc}", url)[:500]
    finally:
        quiet.propagate = propagate


@dataclass
class Outcome:
    sent: int = 0
    pending: int = 0


def _deliver(db: Database, note_id: int, url: str) -> bool:
    with db.session() as s:
        note = s.get(Notification, note_id)
        assert note is not None
        title, body, run_id = note.title, note.body, note.run_id
    error = send(url, title, body)
    with db.session() as s:
        note = s.get(Notification, note_id)
        assert note is not None
        note.attempts += 1
        note.last_attempt_at = datetime.now(UTC)
        note.last_error = error
        if error is None:
            note.delivered_at = note.last_attempt_at
        attempts = note.attempts
    if error is not None:
        log.warning("notification about run %s to %s failed (attempt %d: %s); kept, it is sent again next run",
                    run_id, redacted(url), attempts, error)
    return error is None


def notify_runs(db: Database, runs: Sequence[tuple[int, Sequence[str]]], retry: Sequence[str] = ()) -> Outcome:
    """For each (run id, targets): store what the run changed as one message per target, then send.

    Each target's undelivered messages from earlier runs go first (``retry``: more targets whose
    pending messages to send); after a target fails once, its other messages wait for the next
    run (one timeout per run for a dead target, order kept).
    """
    targets = list(dict.fromkeys([*(t for _, ts in runs for t in ts), *retry]))
    if not targets:
        return Outcome()
    now = datetime.now(UTC)
    with db.session() as s:
        for run_id, ts in runs:
            run = s.get(CrawlRun, run_id)
            if run is None:
                continue
            found: dict[int, RunChanges] = {}
            for url in dict.fromkeys(ts):
                after = s.scalar(select(func.max(Notification.through_capture_id))
                                 .where(Notification.run_id == run_id,
                                        Notification.target_hash == target_hash(url))) or 0
                if after not in found:
                    found[after] = run_changes(s, run_id, after_capture_id=after, reported=_reported)
                changes = found[after]
                if changes:
                    title, body = message(changes, run)
                    s.add(Notification(run_id=run_id, target_hash=target_hash(url), target=redacted(url),
                                       title=title, body=body, through_capture_id=changes.through_capture_id,
                                       created_at=now, attempts=0))
    out = Outcome()
    for url in targets:
        with db.session() as s:
            pending = list(s.scalars(select(Notification.id).where(Notification.target_hash == target_hash(url),
                                                                   Notification.delivered_at.is_(None))
                                     .order_by(Notification.id)))
        for n, note_id in enumerate(pending):
            if not _deliver(db, note_id, url):
                out.pending += len(pending) - n
                break
            out.sent += 1
    return out


def stored(db: Database, *, pending_only: bool = False, limit: int = 100) -> list[dict[str, object]]:
    """The stored messages, newest first (targets redacted, as stored): what was told, to whom, and
    what still waits for a next run with its last error."""
    query = select(Notification).order_by(Notification.id.desc()).limit(limit)
    if pending_only:
        query = query.where(Notification.delivered_at.is_(None))
    with db.session() as s:
        return [{"id": n.id, "run_id": n.run_id, "target": n.target, "title": n.title,
                 "created_at": n.created_at.isoformat(), "attempts": n.attempts,
                 "last_attempt_at": n.last_attempt_at.isoformat() if n.last_attempt_at else None,
                 "last_error": n.last_error,
                 "delivered_at": n.delivered_at.isoformat() if n.delivered_at else None,
                 "body": n.body} for n in s.scalars(query)]


def notify_after(db_url: str, runs: Sequence[tuple[int | None, Sequence[str]]],
                 retry: Sequence[str] = ()) -> Outcome:
    """:func:`notify_runs` at the end of a crawl command: whatever goes wrong is a warning."""
    todo = [(r, ts) for r, ts in runs if r is not None and ts]
    if not todo and not retry:
        return Outcome()
    try:
        db = Database(db_url)
        try:
            return notify_runs(db, todo, retry)  # type: ignore[arg-type]
        finally:
            db.dispose()
    except Exception as exc:  # noqa: BLE001 - alerts never fail the crawl
        log.warning("alerts not sent: %s: %s", exc.__class__.__name__, exc)
        return Outcome()


def targets_for(keys: Sequence[str], given: Sequence[str]) -> dict[str, list[str]]:
    """Per registry source: the targets given on the command line, then the source's own."""
    from crawler.sources import load

    registry = load()
    return {k: check_targets([*given, *(registry[k].notify if k in registry else ())]) for k in keys}
