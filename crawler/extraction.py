"""Main-text extraction: a pure function of stored bytes, the only module that imports trafilatura.

Live crawls and re-extraction call :func:`extract` with the same inputs (payload as stored in
the WARC, its Content-Type and Content-Encoding, the URL), so the same bytes always give the same
record. trafilatura's deduplication is off: its process-wide cache would make the output depend
on which pages were processed before.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import trafilatura

from crawler.decoding import ContentDecodingError, decode_content, decode_html

EXTRACTOR = "trafilatura"
EXTRACTOR_VERSION = trafilatura.__version__


@dataclass(frozen=True)
class ExtractionSettings:
    """The knobs that change extraction output; their hash identifies an extraction's settings."""

    include_comments: bool = False
    include_tables: bool = True
    favor_precision: bool = False
    favor_recall: bool = False
    fast: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def hash(self) -> str:
        return hashlib.sha256(json.dumps(self.as_dict(), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class ExtractionResult:
    status: str  # ok | empty | error
    encoding: str | None = None
    text: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    sitename: str | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text_sha256(self) -> str | None:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest() if self.text else None


_LANG_PATTERNS = [
    re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)", re.I),
    re.compile(r"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)", re.I),
    re.compile(r"<meta\b[^>]*?property\s*=\s*[\"']?og:locale[\"']?[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)", re.I),
]


def declared_language(html: str) -> str | None:
    """The page's declared language (html lang, Content-Language meta, og:locale), normalised."""
    head = html[:20000]
    for pattern in _LANG_PATTERNS:
        m = pattern.search(head)
        if m:
            return m.group(1).replace("_", "-").lower()
    return None


def extract(
    body: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    content_encoding: str | None = None,
    settings: ExtractionSettings | None = None,
    max_decoded: int = 50 * 1024 * 1024,
) -> ExtractionResult:
    """Extract main text and metadata from one HTML payload. Never raises on bad input."""
    settings = settings or ExtractionSettings()
    try:
        raw = decode_content(body, content_encoding, max_decoded)
    except ContentDecodingError as exc:
        return ExtractionResult(status="error", error=str(exc))
    try:
        html, encoding = decode_html(raw, content_type)
    except Exception as exc:  # noqa: BLE001 - decoding untrusted bytes
        return ExtractionResult(status="error", error=f"cannot decode text: {exc}")
    return extract_html(html, url=url, settings=settings, encoding=encoding)


def extract_html(html: str, *, url: str | None = None, settings: ExtractionSettings | None = None,
                 encoding: str | None = None) -> ExtractionResult:
    """Extract from already-decoded HTML (the pure core of :func:`extract`)."""
    settings = settings or ExtractionSettings()
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, deduplicate=False,
            include_comments=settings.include_comments, include_tables=settings.include_tables,
            favor_precision=settings.favor_precision, favor_recall=settings.favor_recall,
            fast=settings.fast, as_dict=False,
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura raises on some malformed trees
        return ExtractionResult(status="error", encoding=encoding, error=f"{exc.__class__.__name__}: {exc}")
    language = declared_language(html)
    if doc is None or not (doc.text or "").strip():
        return ExtractionResult(status="empty", encoding=encoding, language=language,
                                title=getattr(doc, "title", None) if doc else None)
    return ExtractionResult(
        status="ok", encoding=encoding, text=doc.text, title=doc.title, author=doc.author,
        published=doc.date, language=doc.language or language, sitename=doc.sitename,
    )
