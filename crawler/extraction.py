"""Main-text extraction: a pure function of stored bytes, the only module that imports trafilatura.

Live crawls, re-extraction and import call :func:`extract` with the same inputs (payload as
stored in the WARC, its Content-Type and Content-Encoding, the URL, the settings and the source's
cleanup rules), so the same bytes always give the same record. trafilatura's deduplication is
off: its process-wide cache would make the output depend on which pages were processed before.
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
FORMATS = {"txt": "txt", "md": "markdown", "markdown": "markdown", "json": "json", "xml": "xml", "tei": "xmltei"}


@dataclass(frozen=True)
class ExtractionSettings:
    """The knobs that change extraction output; their hash identifies an extraction's settings.

    Comments are always extracted *separately* from the main text (``include_comments`` says
    whether to keep them at all); keeping them out of the tree also keeps them out of the text.
    """

    include_comments: bool = True
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
class CleanupRules:
    """Per-source residue rules (data, from the source registry), applied around trafilatura.

    ``prune_xpath`` removes elements before extraction; ``drop_lines`` removes text lines that
    match entirely; ``cut_from`` ends the text at the first line that matches (e.g. a donation
    appeal followed by a stream of other articles).
    """

    prune_xpath: tuple[str, ...] = ()
    drop_lines: tuple[str, ...] = ()
    cut_from: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> CleanupRules:
        d = d or {}
        return cls(tuple(d.get("prune_xpath", ())), tuple(d.get("drop_lines", ())), tuple(d.get("cut_from", ())))

    def __bool__(self) -> bool:
        return bool(self.prune_xpath or self.drop_lines or self.cut_from)

    @property
    def version(self) -> str | None:
        if not self:
            return None
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:16]

    def apply(self, text: str | None) -> str | None:
        if not text or not (self.drop_lines or self.cut_from):
            return text
        drops = [re.compile(p) for p in self.drop_lines]
        cuts = [re.compile(p) for p in self.cut_from]
        out = []
        for line in text.split("\n"):
            stripped = line.strip()
            if any(c.search(stripped) for c in cuts):
                break
            if any(d.fullmatch(stripped) for d in drops):
                continue
            out.append(line)
        return "\n".join(out).strip() or None


NO_RULES = CleanupRules()


@dataclass(frozen=True)
class ExtractionResult:
    status: str  # ok | empty | error | blocked (an access-problem page: no text kept)
    encoding: str | None = None
    text: str | None = None
    comments: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    sitename: str | None = None
    canonical_url: str | None = None
    rules_version: str | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text_sha256(self) -> str | None:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest() if self.text else None

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items() if k != "extra"}
        d["text_sha256"] = self.text_sha256
        return d


_LANG = r"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)"
_LANG_PATTERNS = [
    re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?" + _LANG, re.I),
    re.compile(r"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*?content\s*=\s*[\"']?" + _LANG, re.I),
    re.compile(r"<meta\b[^>]*?property\s*=\s*[\"']?og:locale[\"']?[^>]*?content\s*=\s*[\"']?" + _LANG, re.I),
]
_CANONICAL = re.compile(r"<link\b[^>]*?\brel\s*=\s*[\"']?canonical[\"']?[^>]*?>", re.I)
_HREF = re.compile(r"\bhref\s*=\s*[\"']?([^\"' >]+)", re.I)


def declared_language(html: str) -> str | None:
    """The page's declared language (html lang, Content-Language meta, og:locale), normalised."""
    head = html[:20000]
    for pattern in _LANG_PATTERNS:
        m = pattern.search(head)
        if m:
            return m.group(1).replace("_", "-").lower()
    return None


def canonical_link(html: str) -> str | None:
    m = _CANONICAL.search(html[:50000])
    if m:
        h = _HREF.search(m.group(0))
        if h:
            return h.group(1)
    return None


def decode(body: bytes, content_type: str | None, content_encoding: str | None,
           max_decoded: int = 50 * 1024 * 1024) -> tuple[str, str]:
    """Stored payload → (html, encoding). Raises ContentDecodingError on undecodable bodies."""
    raw = decode_content(body, content_encoding, max_decoded)
    try:
        return decode_html(raw, content_type)
    except Exception as exc:  # noqa: BLE001 - decoding untrusted bytes
        raise ContentDecodingError(f"cannot decode text: {exc}") from exc


def extract(
    body: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    content_encoding: str | None = None,
    settings: ExtractionSettings | None = None,
    rules: CleanupRules = NO_RULES,
    max_decoded: int = 50 * 1024 * 1024,
) -> ExtractionResult:
    """Extract main text and metadata from one HTML payload. Never raises on bad input."""
    try:
        html, encoding = decode(body, content_type, content_encoding, max_decoded)
    except ContentDecodingError as exc:
        return ExtractionResult(status="error", error=str(exc))
    return extract_html(html, url=url, settings=settings, rules=rules, encoding=encoding)


def _trafilatura_kwargs(settings: ExtractionSettings, rules: CleanupRules) -> dict[str, Any]:
    kw: dict[str, Any] = dict(
        deduplicate=False, include_comments=settings.include_comments, include_tables=settings.include_tables,
        favor_precision=settings.favor_precision, favor_recall=settings.favor_recall, fast=settings.fast,
    )
    if rules.prune_xpath:
        kw["prune_xpath"] = list(rules.prune_xpath)
    return kw


def extract_html(html: str, *, url: str | None = None, settings: ExtractionSettings | None = None,
                 rules: CleanupRules = NO_RULES, encoding: str | None = None) -> ExtractionResult:
    """Extract from already-decoded HTML (the pure core of :func:`extract`)."""
    settings = settings or ExtractionSettings()
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, as_dict=False,
                                          **_trafilatura_kwargs(settings, rules))
    except Exception as exc:  # noqa: BLE001 - trafilatura raises on some malformed trees
        return ExtractionResult(status="error", encoding=encoding, rules_version=rules.version,
                                error=f"{exc.__class__.__name__}: {exc}")
    language = declared_language(html)
    canonical = canonical_link(html)
    text = rules.apply(doc.text) if doc is not None else None
    if doc is None or not (text or "").strip():
        return ExtractionResult(status="empty", encoding=encoding, language=language, canonical_url=canonical,
                                title=getattr(doc, "title", None) if doc else None, rules_version=rules.version)
    return ExtractionResult(
        status="ok", encoding=encoding, text=text, comments=doc.comments or None, title=doc.title,
        author=doc.author, published=doc.date, language=doc.language or language, sitename=doc.sitename,
        canonical_url=canonical or (doc.url if doc.url and doc.url != url else None), rules_version=rules.version,
    )


def render(html: str, fmt: str, *, url: str | None = None, settings: ExtractionSettings | None = None,
           rules: CleanupRules = NO_RULES) -> str | None:
    """The main text in one of trafilatura's output formats (txt, md, json, xml, tei)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    settings = settings or ExtractionSettings()
    kw = _trafilatura_kwargs(settings, rules)
    # In trafilatura's own formats, comments come after the text; ours keeps the text alone.
    kw["include_comments"] = False
    try:
        out = trafilatura.extract(html, url=url, output_format=FORMATS[fmt], with_metadata=fmt in ("json", "xml", "tei"),
                                  **kw)
    except Exception:  # noqa: BLE001
        return None
    return rules.apply(out) if fmt in ("txt", "md", "markdown") else out
