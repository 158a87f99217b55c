"""What each reading-room page shows, as plain dicts (the JSON answers; the templates render them).

Nothing here knows about HTTP: each function takes a session and returns data, or raises
:class:`NotFound` / :class:`BadRequest` with a sentence for the reader.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from crawler.analysis.textdiff import DiffError, capture_text, side_by_side, unified
from crawler.sources import load as load_sources
from storage.models import Capture, CrawlRun
from storage.queries import (capture_dict, captures_of, extraction_dict, latest_ok, list_captures, run_dict,
                             with_changes)

PAYWALLED = ("hard", "soft", "preview", "registration")
RECENT = 25


class NotFound(LookupError):
    """Nothing at that address (an unknown capture, a URL never captured)."""


class BadRequest(ValueError):
    """The request's parameters cannot be used (not a number, a missing query)."""


def _counts(session: Session) -> dict[str | None, dict[str, int]]:
    """Per source: page captures, how many were blocked, how many were behind a paywall."""
    q = (select(Capture.source, func.count(),
                func.sum(case((Capture.blocked.is_not(None), 1), else_=0)),
                func.sum(case((Capture.paywall_status.in_(PAYWALLED), 1), else_=0)))
         .where(Capture.page_capture_id.is_(None)).group_by(Capture.source))
    return {src: {"captures": n, "blocked": int(b or 0), "paywalled": int(p or 0)}
            for src, n, b, p in session.execute(q)}


def _last_run(session: Session, key: str) -> CrawlRun | None:
    return session.scalar(select(CrawlRun).where(CrawlRun.spider == key)
                          .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1))


def sources_overview(session: Session, now: datetime | None = None) -> dict[str, Any]:
    """Every registry source with its last run, counts and next due time (as `crawl --due` reckons
    it: the newest finished or interrupted run's start plus the source's interval)."""
    from crawler.orchestration.schedule import last_started

    now = now or datetime.now(UTC)
    counts = _counts(session)
    rows = []
    for key, src in load_sources().items():
        run = _last_run(session, key)
        started = last_started(session, key)
        next_due = started + timedelta(seconds=src.interval_seconds) if started else None
        rows.append({
            "key": key, "name": src.name, "platform": src.platform, "interval": src.interval,
            "fetch": src.fetch,
            "last_run": run_dict(run) if run else None,
            **counts.get(key, {"captures": 0, "blocked": 0, "paywalled": 0}),
            "next_due": next_due.isoformat() if next_due else None,
            "due_now": next_due is None or next_due <= now,
        })
    other = counts.get(None)
    return {"sources": rows, "other": other, "now": now.isoformat(),
            "recent": [capture_dict(c) for c in list_captures(session, limit=RECENT)]}


def url_timeline(session: Session, url: str) -> dict[str, Any]:
    """Every capture of the URL (canonical match), oldest first, as `provenance --json` gives it."""
    if not url.strip():
        raise BadRequest("give a URL: /url?u=https://...")
    caps = with_changes([c for c in captures_of(session, url) if c.page_capture_id is None])
    if not caps:
        raise NotFound(f"no captures of {url}")
    titles = [e["title"] for c in caps for e in c["extractions"] if e["title"]]
    return {"url": url, "title": titles[-1] if titles else None, "captures": caps,
            "with_text": [c["id"] for c in caps if c["text_sha256"] is not None]}


def replay_links(base: str | None, c: Capture) -> dict[str, str] | None:
    """pywb addresses of the capture (`provcrawl serve` at ``base``): the replay, and the frame-less
    ``mp_`` view the capture page embeds in a sandboxed frame."""
    if not base or not c.warc_file:
        return None
    from crawler.evidence.replay import COLLECTION

    stamp = c.fetched_at.strftime("%Y%m%d%H%M%S")
    target = quote(c.url, safe=":/?&=%#;,+@~!$'()*[]")
    return {"replay": f"{base}/{COLLECTION}/{stamp}/{target}",
            "embed": f"{base}/{COLLECTION}/{stamp}mp_/{target}"}


def capture_detail(session: Session, capture_id: int, *, replay_base: str | None = None) -> dict[str, Any]:
    """A capture's provenance, paywall verdict and evidence, and its newest extracted text."""
    from crawler.evidence.export import exportable

    c = session.get(Capture, capture_id)
    if c is None:
        raise NotFound(f"no capture {capture_id}")
    e = latest_ok(c)
    carried = e is None and c.revisit_of is not None and latest_ok(c.revisit_of) is not None
    if carried:  # a revisit carries its original's text
        assert c.revisit_of is not None
        e = latest_ok(c.revisit_of)
    newest = c.extractions[-1] if c.extractions else None
    page = session.get(Capture, c.page_capture_id) if c.page_capture_id else None
    return {
        "capture": capture_dict(c),
        "run": run_dict(c.run),
        "extractions": [extraction_dict(x) for x in c.extractions],
        "text": {**extraction_dict(e, with_text=True), "comments": e.comments,
                 "carried_from_capture": c.revisit_of_id if carried else None} if e else None,
        "paywall": {"status": c.paywall_status, "blocked": c.blocked, "evidence": c.paywall_evidence or [],
                    "classifier_version": newest.classifier_version if newest else None},
        "page_capture": capture_dict(page) if page else None,
        "links": {
            "timeline": f"/url?u={quote(c.archive_of or c.url, safe='')}",
            "screenshot": f"/capture/{c.id}/screenshot.png" if c.screenshot_record_id else None,
            "bundle": f"/capture/{c.id}/evidence.wacz" if exportable(c) else None,
            "verify": f"/capture/{c.id}/verify" if c.warc_file else None,
            "replay": replay_links(replay_base, c),
        },
    }


def _summary(c: Capture) -> dict[str, Any]:
    return {"id": c.id, "url": c.url, "fetched_at": c.fetched_at.isoformat(), "status": c.status,
            "fetched_with": c.fetched_with, "sha256": c.sha256}


def text_diff(session: Session, from_id: int, to_id: int) -> dict[str, Any]:
    """Two captures' texts side by side (and the unified diff `provcrawl diff` prints)."""
    try:
        a, ea = capture_text(session, from_id)
        b, eb = capture_text(session, to_id)
    except DiffError as exc:
        raise NotFound(str(exc)) from exc
    rows = side_by_side(ea.text or "", eb.text or "")
    lines = unified(a, ea, b, eb)
    return {"from": {**_summary(a), "extraction_id": ea.id, "text_sha256": ea.text_sha256},
            "to": {**_summary(b), "extraction_id": eb.id, "text_sha256": eb.text_sha256},
            "same_url": (a.url_key == b.url_key), "changed": bool(lines), "unified": lines, "rows": rows}


def verify_capture(session: Session, data_dir: Any, capture_id: int) -> dict[str, Any]:
    """Re-read the capture's WARC record (and its original's, for a revisit), recompute the digests
    and the row's chain link, as `provcrawl verify` does."""
    from storage.verify import verify

    c = session.get(Capture, capture_id)
    if c is None:
        raise NotFound(f"no capture {capture_id}")
    if not c.warc_file:
        raise BadRequest(f"capture {capture_id} has no WARC record to verify (fetch error: {c.error})")
    report = verify(session, data_dir, [capture_id])
    return {"capture_id": c.id, "url": c.url, "warc_file": c.warc_file, "warc_offset": c.warc_offset,
            "checked_at": datetime.now(UTC).isoformat(), **report.as_dict()}


def storable_id(value: int) -> bool:
    """An id a database row can have (a signed 64-bit integer): a larger one made SQLite raise
    OverflowError (PostgreSQL: out of range), a 500 where the capture is simply not there."""
    return -(2**63) <= value < 2**63


def parse_id(value: str | None, name: str) -> int:
    if value is None or not value.strip():
        raise BadRequest(f"give {name}=CAPTURE_ID")
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be a capture id (a number), not {value!r}") from None
    if not storable_id(number):
        raise NotFound(f"no capture {number}")
    return number


def parse_when(value: str | None, name: str) -> date | datetime | None:
    """A day (YYYY-MM-DD: the whole UTC day, as `provcrawl search` takes it) or an ISO time."""
    if not value:
        return None
    try:
        if len(value) <= 10:
            return date.fromisoformat(value)
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} is not a date: {value!r} (use YYYY-MM-DD)") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
