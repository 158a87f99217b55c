"""Main-text extraction: a pure function of stored bytes, the only module that imports trafilatura.

Live crawls, re-extraction and import call :func:`extract` with the same inputs (payload as
stored in the WARC, its Content-Type and Content-Encoding, the URL, the settings and the source's
cleanup rules), so the same bytes always give the same record. trafilatura's deduplication is
off: its process-wide cache would make the output depend on which pages were processed before.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import trafilatura
from lxml.etree import XPath
from lxml.html import HtmlElement, HTMLParser, document_fromstring, tostring
from trafilatura.core import _forum_thread_page
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_comments
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH

from crawler.analysis.decoding import ContentDecodingError, decode_content, decode_html

EXTRACTOR = "trafilatura"
EXTRACTOR_VERSION = trafilatura.__version__
# How we drive trafilatura, in every extraction's settings (and so its settings hash): bump when
# the same bytes, settings and trafilatura version can give another text. 2: the main text from
# a comments-off run with comments in their own pass; pages over 2 MB measured without scripts.
METHOD = "2"
FORMATS = {"txt": "txt", "md": "markdown", "markdown": "markdown", "json": "json", "xml": "xml", "tei": "xmltei"}


@dataclass(frozen=True)
class ExtractionSettings:
    """The knobs that change extraction output; their hash identifies an extraction's settings.

    The main text always comes from a run with comments excluded, so a thread trafilatura does
    not recognise as comments cannot end up in it; ``include_comments`` says whether comments are
    also extracted, in their own pass over the same parsed page.
    """

    include_comments: bool = True
    include_tables: bool = True
    favor_precision: bool = False
    favor_recall: bool = False
    fast: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "method": METHOD}

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
        deduplicate=False, include_comments=False, include_tables=settings.include_tables,
        favor_precision=settings.favor_precision, favor_recall=settings.favor_recall, fast=settings.fast,
    )
    if rules.prune_xpath:
        kw["prune_xpath"] = list(rules.prune_xpath)
    return kw


# Pages up to MAX_HTML characters are parsed as they are. A larger page is parsed with lxml's
# huge_tree, its scripts (all but the metadata that trafilatura reads), styles and HTML comments
# are dropped, and what is left must be within MAX_HTML: inline JSON and scripts make real
# pages pass 2 MB, while trafilatura's cost grows with the markup and text it walks (~20 s and
# ~400 MB for 4 MB of links).
MAX_HTML = 2_000_000
METADATA_SCRIPTS = ("application/ld+json", "application/settings+json")
MAX_METADATA_SCRIPT = 500_000  # a larger JSON-LD block is data, not the page's metadata
_HUGE_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                          remove_pis=True, huge_tree=True)


class PageTooLarge(ValueError):
    """What is left of a page after removing scripts and styles is still too much to extract."""


def _strip_to_content(tree: HtmlElement) -> None:
    """Remove scripts (except metadata JSON) and styles, in place, keeping the text around them."""
    doomed = []
    for el in tree.iter("script", "style", "noscript", "template"):
        if (el.tag == "script" and (el.get("type") or "").strip().lower() in METADATA_SCRIPTS
                and len(el.text or "") <= MAX_METADATA_SCRIPT):
            continue
        doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def parse(html: str) -> HtmlElement | None:
    """The page as trafilatura parses it; a page over MAX_HTML is parsed with huge_tree and stripped.

    Raises PageTooLarge when the stripped page is still over MAX_HTML characters.
    """
    if len(html) <= MAX_HTML:
        return trafilatura.load_html(html)
    try:
        tree = document_fromstring(html.encode("utf-8"), parser=_HUGE_PARSER)
    except Exception:  # noqa: BLE001 - lxml refuses some inputs (e.g. nothing but whitespace)
        return None
    _strip_to_content(tree)
    left = len(tostring(tree, encoding="unicode"))
    if left > MAX_HTML:
        raise PageTooLarge(f"page too large to extract: {left} characters of HTML left after removing scripts "
                           f"and styles from {len(html)} (limit {MAX_HTML})")
    return tree


def extract_comments_apart(tree: HtmlElement, *, url: str | None, settings: ExtractionSettings,
                           rules: CleanupRules) -> str | None:
    """The comment thread, from trafilatura's comment extractor on the same parsed page.

    This is the comment step of trafilatura's own comments-on run (prune, clean, convert, find the
    comment section) without the main-text cascade, which the comments-off run does. On a forum
    thread (schema.org DiscussionForumPosting) the posts are the content, not comments.
    """
    if _forum_thread_page(tree):
        return None
    options = Extractor(comments=True, tables=settings.include_tables, precision=settings.favor_precision,
                        recall=settings.favor_recall, fast=settings.fast, url=url, dedup=False)
    work = copy.deepcopy(tree)
    if rules.prune_xpath:
        work = prune_unwanted_nodes(work, [XPath(x) for x in rules.prune_xpath])
    work = prune_unwanted_nodes(work, RAW_TREE_PRUNE_XPATH)
    work = convert_tags(tree_cleaning(work, options), options, url)
    body, _, _ = extract_comments(work, options)
    if not len(body):
        return None
    return xmltotxt(body, options.formatting).strip() or None


def extract_html(html: str, *, url: str | None = None, settings: ExtractionSettings | None = None,
                 rules: CleanupRules = NO_RULES, encoding: str | None = None) -> ExtractionResult:
    """Extract from already-decoded HTML (the pure core of :func:`extract`)."""
    settings = settings or ExtractionSettings()
    try:
        tree = parse(html)
    except PageTooLarge as exc:
        return ExtractionResult(status="error", encoding=encoding, rules_version=rules.version, error=str(exc))
    language = declared_language(html)
    canonical = canonical_link(html)
    if tree is None:
        return ExtractionResult(status="empty", encoding=encoding, language=language, canonical_url=canonical,
                                rules_version=rules.version)
    try:
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, as_dict=False,
                                          **_trafilatura_kwargs(settings, rules))
        comments = extract_comments_apart(tree, url=url, settings=settings, rules=rules) \
            if settings.include_comments and doc is not None else None
    except Exception as exc:  # noqa: BLE001 - trafilatura raises on some malformed trees
        return ExtractionResult(status="error", encoding=encoding, rules_version=rules.version,
                                error=f"{exc.__class__.__name__}: {exc}")
    text = rules.apply(doc.text) if doc is not None else None
    if doc is None or not (text or "").strip():
        return ExtractionResult(status="empty", encoding=encoding, language=language, canonical_url=canonical,
                                title=getattr(doc, "title", None) if doc else None, rules_version=rules.version)
    return ExtractionResult(
        status="ok", encoding=encoding, text=text, comments=comments, title=doc.title,
        author=doc.author, published=doc.date, language=doc.language or language, sitename=doc.sitename,
        canonical_url=canonical or (doc.url if doc.url and doc.url != url else None), rules_version=rules.version,
    )


def render(html: str, fmt: str, *, url: str | None = None, settings: ExtractionSettings | None = None,
           rules: CleanupRules = NO_RULES) -> str | None:
    """The main text in one of trafilatura's output formats (txt, md, json, xml, tei)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    settings = settings or ExtractionSettings()
    kw = _trafilatura_kwargs(settings, rules)  # the text alone, as stored: comments excluded
    try:
        out = trafilatura.extract(html, url=url, output_format=FORMATS[fmt], with_metadata=fmt in ("json", "xml", "tei"),
                                  **kw)
    except Exception:  # noqa: BLE001
        return None
    return rules.apply(out) if fmt in ("txt", "md", "markdown") else out
