"""Extract, then classify: the pure analysis of one stored capture, and the rows it becomes.

Live crawls, `reextract` and `import` all go through :func:`analyze`, so the same bytes, settings
and rules always give the same extraction and paywall verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crawler.analysis import paywall, timelimit
from crawler.analysis.decoding import ContentDecodingError, is_html
from crawler.analysis.extraction import (
    EXTRACTOR,
    EXTRACTOR_VERSION,
    NO_RULES,
    CleanupRules,
    ExtractionResult,
    ExtractionSettings,
    decode,
    extract_html,
)
from storage.models import Capture, Extraction

DEFAULT_MAX_DECODED = 50 * 1024 * 1024
# Wall-time limit on one page's extraction (in worker processes; see crawler/analysis/timelimit.py): a
# 5 MB page takes ~1 s, a 2 MB page of links ~10 s; no article needs a minute.
EXTRACTION_TIME_LIMIT = 60.0


@dataclass(frozen=True)
class Analysis:
    """What the stored bytes say: main text (2xx HTML only) and the paywall/access verdict."""

    extraction: ExtractionResult | None
    verdict: paywall.Verdict


def header_map(headers: Iterable[tuple[bytes, bytes]] | Mapping[str, str] | None) -> dict[str, str]:
    """Lower-cased header names → last value (the classifier's view of the headers)."""
    if headers is None:
        return {}
    if isinstance(headers, Mapping):
        return {str(k).lower(): str(v) for k, v in headers.items()}
    out: dict[str, str] = {}
    for k, v in headers:
        out[k.decode("latin-1").lower()] = v.decode("latin-1")
    return out


def warm() -> None:
    """Nothing: a pool submits it at start-up so that a worker's slow imports (trafilatura, lxml)
    run while the crawl starts, not after the first page arrives."""


def analyze(payload: bytes, *, url: str | None, status: int | None, headers: Mapping[str, str],
            redirect_location: str | None = None, settings: ExtractionSettings | None = None,
            rules: CleanupRules = NO_RULES, max_decoded: int = DEFAULT_MAX_DECODED,
            time_limit: float | None = EXTRACTION_TIME_LIMIT) -> Analysis:
    """Text (2xx HTML only) and a verdict with its evidence for any response; never raises on bad bytes."""
    content_type = headers.get("content-type")
    if redirect_location:
        return Analysis(None, paywall.classify(status=status, headers=headers, html=None, text=None, url=url,
                                               redirect_location=redirect_location))
    if not is_html(content_type, payload[:512]):
        why = paywall.Evidence("content.not-html", content_type or "no Content-Type", "", "header:content-type")
        return Analysis(None, paywall.Verdict("unknown", (why,)))
    try:
        html, encoding = decode(payload, content_type, headers.get("content-encoding"), max_decoded)
    except ContentDecodingError as exc:
        result = ExtractionResult(status="error", error=str(exc))
        return Analysis(result, paywall.classify(status=status, headers=headers, html=None, text=None, url=url))
    result = None
    if status is not None and 200 <= status < 300:
        # a page too large even without its scripts, or too slow, gets an 'error' extraction saying why
        try:
            with timelimit.time_limit(time_limit):
                result = extract_html(html, url=url, settings=settings, rules=rules, encoding=encoding)
        except timelimit.TimeLimitExceeded as exc:
            result = ExtractionResult(status="error", encoding=encoding, rules_version=rules.version,
                                      error=f"extraction {exc}")
    verdict = paywall.classify(status=status, headers=headers, html=html,
                               text=result.text if result else None, url=url)
    if verdict.blocked and result is not None:
        # A challenge or rate-limit page is never stored as the article's text.
        result = ExtractionResult(status="blocked", encoding=result.encoding, title=result.title,
                                  rules_version=result.rules_version, error=f"access blocked: {verdict.blocked}")
    return Analysis(result, verdict)


def extraction_row(capture_id: int, analysis: Analysis, settings: ExtractionSettings) -> Extraction | None:
    r = analysis.extraction
    if r is None:
        return None
    v = analysis.verdict
    return Extraction(
        capture_id=capture_id, extractor=EXTRACTOR, extractor_version=EXTRACTOR_VERSION,
        settings_hash=settings.hash, settings=settings.as_dict(), extracted_at=datetime.now(UTC),
        status=r.status, encoding=r.encoding, title=r.title, author=r.author, published=r.published,
        language=r.language, text=r.text, text_sha256=r.text_sha256, comments=r.comments, sitename=r.sitename,
        canonical_url=r.canonical_url, rules_version=r.rules_version, error=r.error,
        paywall_status=v.status, paywall_blocked=v.blocked, paywall_evidence=[e.as_dict() for e in v.evidence],
        classifier_version=f"{paywall.CLASSIFIER} {paywall.CLASSIFIER_VERSION}",
    )


def verdict_values(verdict: paywall.Verdict) -> dict[str, Any]:
    return {"paywall_status": verdict.status, "blocked": verdict.blocked,
            "paywall_evidence": [e.as_dict() for e in verdict.evidence]}


def _text_change(session: Session, capture_id: int, text_sha256: str | None) -> str | None:
    """Text of this capture against the newest earlier capture of the same URL that has text."""
    if text_sha256 is None:
        return None
    return _text_changes(session, {capture_id: text_sha256})[capture_id]


def _text_changes(session: Session, new_texts: Mapping[int, str]) -> dict[int, str]:
    """:func:`_text_change` for many captures in two queries (a re-extraction batch).

    A capture is compared with the newest earlier capture of its URL (by fetch time, then id) and
    that capture's newest 'ok' text, counting the texts of this batch as the newest of all.
    """
    caps = session.execute(select(Capture.id, Capture.url_key, Capture.fetched_at)
                           .where(Capture.id.in_(list(new_texts)))).all()
    keys = {c.url_key for c in caps}
    # (fetched_at, capture id) -> (extraction order, sha) of the newest text per capture of these URLs
    newest: dict[str, dict[tuple[Any, int], tuple[float, str]]] = {k: {} for k in keys}
    q = (select(Capture.id, Capture.url_key, Capture.fetched_at, Extraction.id, Extraction.text_sha256)
         .join(Extraction, Extraction.capture_id == Capture.id)
         .where(Capture.url_key.in_(keys), Extraction.status == "ok"))
    for cid, key, at, eid, sha in session.execute(q):
        slot = newest[key]
        if (at, cid) not in slot or slot[(at, cid)][0] < eid:
            slot[(at, cid)] = (eid, sha)
    for c in caps:
        newest[c.url_key][(c.fetched_at, c.id)] = (float("inf"), new_texts[c.id])
    out: dict[int, str] = {}
    for c in caps:
        earlier = [k for k in newest[c.url_key] if k[1] != c.id and k[0] <= c.fetched_at]
        if not earlier:
            out[c.id] = "new"
        else:
            previous = newest[c.url_key][max(earlier)][1]
            out[c.id] = "unchanged" if previous == new_texts[c.id] else "changed"
    return out


def store(session: Session, capture_id: int, analysis: Analysis, settings: ExtractionSettings) -> int | None:
    """Add the extraction row (if any) and set the capture's current verdict; returns the row id."""
    return store_many(session, [(capture_id, analysis)], settings)[0]


def store_many(session: Session, analyses: Sequence[tuple[int, Analysis]],
               settings: ExtractionSettings) -> list[int | None]:
    """:func:`store` for a batch: one INSERT and one UPDATE statement, each executed for many rows.

    Returns the new extraction row ids (None where the analysis has no text, e.g. a redirect).
    """
    if not analyses:
        return []
    rows = [extraction_row(cid, a, settings) for cid, a in analyses]
    texts = {cid: r.text_sha256 for (cid, _), r in zip(analyses, rows)
             if r is not None and r.status == "ok" and r.text_sha256 is not None}
    changes = _text_changes(session, texts) if texts else {}
    session.add_all([r for r in rows if r is not None])
    values = []
    for (cid, a), r in zip(analyses, rows):
        v = {"id": cid, **verdict_values(a.verdict)}
        if r is not None and r.status == "ok":
            v["text_change"] = changes.get(cid)
        values.append(v)
    # rows with the same keys side by side: SQLAlchemy batches only neighbouring alike rows
    values.sort(key=lambda v: "text_change" in v)
    session.execute(update(Capture), values)
    session.flush()
    return [r.id if r is not None else None for r in rows]


_COPIED = ("extractor", "extractor_version", "settings_hash", "settings", "status", "encoding", "title", "author",
           "published", "language", "text", "text_sha256", "comments", "sitename", "canonical_url", "rules_version",
           "paywall_status", "paywall_blocked", "paywall_evidence", "classifier_version", "error")


def reuse(session: Session, capture_id: int, original_id: int, settings: ExtractionSettings) -> bool:
    """An unchanged payload's analysis is the original's: copy its newest row with these versions."""
    q = (select(Extraction).where(Extraction.capture_id == original_id, Extraction.settings_hash == settings.hash,
                                  Extraction.extractor_version == EXTRACTOR_VERSION,
                                  Extraction.classifier_version == f"{paywall.CLASSIFIER} {paywall.CLASSIFIER_VERSION}")
         .order_by(Extraction.id.desc()).limit(1))
    source = session.scalars(q).first()
    if source is None:
        return False
    row = Extraction(capture_id=capture_id, extracted_at=datetime.now(UTC), **{k: getattr(source, k) for k in _COPIED})
    session.add(row)
    values: dict[str, Any] = {"paywall_status": source.paywall_status or "unknown", "blocked": source.paywall_blocked,
                              "paywall_evidence": source.paywall_evidence}
    if row.status == "ok":
        values["text_change"] = _text_change(session, capture_id, row.text_sha256)
    session.execute(update(Capture).where(Capture.id == capture_id).values(**values))
    session.flush()
    return True
