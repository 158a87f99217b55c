"""Read-side of the provenance DB: the look-ups the CLI and other tools make, as plain dicts.

The dict shapes are a contract (`provcrawl ... --json`): add keys, never rename or drop them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import Capture, CrawlRun, Extraction
from storage.urlkey import url_key


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


def capture_dict(c: Capture) -> dict[str, Any]:
    return {
        "id": c.id, "run_id": c.run_id, "url": c.url, "final_url": c.final_url,
        "fetched_at": _iso(c.fetched_at), "status": c.status, "content_type": c.content_type,
        "sha256": c.sha256, "length": c.length, "payload_digest": c.payload_digest, "block_digest": c.block_digest,
        "warc_file": c.warc_file, "warc_offset": c.warc_offset, "warc_length": c.warc_length,
        "warc_record_id": c.warc_record_id, "warc_request_record_id": c.warc_request_record_id,
        "ip_address": c.ip_address, "redirect_location": c.redirect_location,
        "paywall_status": c.paywall_status, "paywall_evidence": c.paywall_evidence or [], "blocked": c.blocked,
        "source": c.source, "error": c.error, "chain_hash": c.chain_hash, "record_type": c.record_type,
        "revisit_of_id": c.revisit_of_id, "change": c.change, "text_change": c.text_change,
        "archive_of": c.archive_of, "memento_datetime": _iso(c.memento_datetime),
        "fetched_with": c.fetched_with, "page_capture_id": c.page_capture_id, "page_resources": c.page_resources,
        "screenshot_record_id": c.screenshot_record_id, "rendered_dom_record_id": c.rendered_dom_record_id,
    }


def extraction_dict(e: Extraction, *, with_text: bool = False) -> dict[str, Any]:
    d = {
        "id": e.id, "capture_id": e.capture_id, "extractor": e.extractor,
        "extractor_version": e.extractor_version, "settings_hash": e.settings_hash,
        "extracted_at": _iso(e.extracted_at), "status": e.status, "encoding": e.encoding,
        "title": e.title, "author": e.author, "published": e.published, "language": e.language,
        "text_sha256": e.text_sha256, "rules_version": e.rules_version, "paywall_status": e.paywall_status,
        "classifier_version": e.classifier_version, "error": e.error, "extracted_from": e.extracted_from,
    }
    if with_text:
        d["text"] = e.text
    return d


def run_dict(r: CrawlRun) -> dict[str, Any]:
    return {
        "id": r.id, "command": r.command, "spider": r.spider, "software_version": r.software_version,
        "versions": r.versions, "started_at": _iso(r.started_at), "finished_at": _iso(r.finished_at),
        "status": r.status, "finish_reason": r.finish_reason, "captures": r.captures_count,
        "errors": r.errors_count, "bytes_written": r.bytes_written, "changes": r.change_counts or {},
    }


def url_variants(url: str) -> list[str]:
    """The spellings under which a user-typed URL may have been stored (exact look-up)."""
    from w3lib.url import safe_url_string

    out = [url]
    try:
        safe = safe_url_string(url.strip())
        parts = urlsplit(safe)
    except ValueError:
        return out
    out.append(safe)
    if not parts.path:
        out.append(urlunsplit(parts._replace(path="/")))
    return list(dict.fromkeys(out))


def list_captures(session: Session, *, url_prefix: str | None = None, run_id: int | None = None,
                  limit: int | None = None, paywall: str | None = None, blocked: bool = False,
                  source: str | None = None, resources: bool = False) -> list[Capture]:
    """Captures, newest first; a browser page's subresources only with ``resources``."""
    q = select(Capture).order_by(Capture.fetched_at.desc(), Capture.id.desc())
    if not resources:
        q = q.where(Capture.page_capture_id.is_(None))
    if paywall:
        q = q.where(Capture.paywall_status == paywall)
    if blocked:
        q = q.where(Capture.blocked.is_not(None))
    if source:
        q = q.where(Capture.source == source)
    if url_prefix:
        q = q.where(Capture.url.startswith(url_prefix, autoescape=True))
    if run_id is not None:
        q = q.where(Capture.run_id == run_id)
    if limit:
        q = q.limit(limit)
    return list(session.scalars(q))


def captures_of(session: Session, url: str, *, exact: bool = False) -> list[Capture]:
    """Every capture of a URL, oldest first, with extractions loaded.

    By default the URL is matched canonically (scheme, ``www.``, trailing slash, fragment and
    tracking parameters ignored: storage/urlkey.py); ``exact`` matches the URL as stored.
    """
    cond = Capture.url.in_(url_variants(url)) if exact else Capture.url_key == url_key(url)
    q = (select(Capture).where(cond).options(selectinload(Capture.extractions))
         .order_by(Capture.fetched_at, Capture.id))
    return list(session.scalars(q))


def latest_ok(c: Capture) -> Extraction | None:
    """The capture's newest extraction that produced text."""
    for e in reversed(c.extractions):
        if e.status == "ok":
            return e
    return None


def with_changes(caps: list[Capture]) -> list[dict[str, Any]]:
    """Capture dicts (oldest first), each saying whether its text differs from the previous text."""
    out = []
    previous: str | None = None
    for c in caps:
        d = capture_dict(c)
        d["extractions"] = [extraction_dict(e) for e in c.extractions]
        e = latest_ok(c)
        d["text_sha256"] = e.text_sha256 if e else None
        d["text_changed"] = None if (e is None or previous is None) else e.text_sha256 != previous
        if e is not None:
            previous = e.text_sha256
        out.append(d)
    return out


def latest_text(session: Session, url: str, extraction_id: int | None = None) -> tuple[Capture, Extraction] | None:
    """The newest extraction of the URL's newest capture that has one (following redirects)."""
    urls = url_variants(url)
    if extraction_id is not None:
        e = session.get(Extraction, extraction_id)
        if e is None:
            return None
        c = session.get(Capture, e.capture_id)
        assert c is not None
        final = {c.url, c.final_url}
        return (c, e) if final & set(urls) or _redirected_to(session, urls, c.url) else None
    for candidates in (None, urls, _redirect_targets(session, urls)):
        if candidates is not None and not candidates:
            continue
        cond = Capture.url_key == url_key(url) if candidates is None else Capture.url.in_(candidates)
        q = (select(Capture, Extraction).join(Extraction, Extraction.capture_id == Capture.id)
             .where(cond)
             .order_by(Capture.fetched_at.desc(), Capture.id.desc(), Extraction.id.desc()).limit(1))
        row = session.execute(q).first()
        if row is not None:
            return row[0], row[1]
    return None


def _redirect_targets(session: Session, urls: list[str]) -> list[str]:
    q = select(Capture.final_url).where(Capture.url.in_(urls), Capture.final_url.is_not(None),
                                        Capture.final_url.not_in(urls)).distinct()
    return [u for u in session.scalars(q) if u]


def _redirected_to(session: Session, urls: list[str], target: str) -> bool:
    return target in _redirect_targets(session, urls)


def changed_captures(session: Session, *, since: datetime | None = None, source: str | None = None,
                     limit: int | None = None) -> list[Capture]:
    """Captures whose payload or text changed against the previous capture, newest first."""
    q = (select(Capture).where((Capture.change == "changed") | (Capture.text_change == "changed"))
         .order_by(Capture.fetched_at.desc(), Capture.id.desc()))
    if since:
        q = q.where(Capture.fetched_at >= since)
    if source:
        q = q.where(Capture.source == source)
    if limit:
        q = q.limit(limit)
    return list(session.scalars(q))
