"""The page model the paywall signals read: the HTML parsed once (plain lxml), its visible text, the
candidate article-body containers, and what schema.org (JSON-LD, microdata) declares about it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree

MAX_HTML_CHARS = 3_000_000      # parse and scan at most this much of a page
MAX_SCRIPT_CHARS = 2_000_000    # inline script text scanned for vendor/JSON markers
SHORT_PAGE_WORDS = 150          # challenge markup only counts on pages shorter than this

# --------------------------------------------------------------------------- text and elements

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


# Chinese and Japanese write no spaces: one \w+ run is a whole sentence. Two such characters count as
# one word (a usual average), so word thresholds mean about the same text length in every language.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _words(text: str | None) -> int:
    if not text:
        return 0
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower().rsplit("/", 1)[-1]  # also "https://schema.org/False"
        if v in ("false", "no", "0"):
            return False
        if v in ("true", "yes", "1"):
            return True
    return None


# text nodes that are visible prose: not code, not form furniture
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"
    " or ancestor::form or ancestor::button or ancestor::select or ancestor::textarea)]")
_BODY_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]")


def _el_text(el: Any) -> str:
    return " ".join(str(t) for t in _VISIBLE_TEXT(el))


# an inline style that hides an element (stylesheets are not read)
INLINE_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)", re.I)


def _text_owner(node: Any) -> Any | None:
    """The element whose own text a text node is: its parent, or for a tail its parent's parent."""
    parent = node.getparent()
    if parent is not None and getattr(node, "is_tail", False):
        parent = parent.getparent()
    return parent


def _at_most_words(el: Any, limit: int) -> bool:
    """Whether an element holds at most ``limit`` words; stops early, so asking about <body> is cheap."""
    n = 0
    for chunk in el.itertext():
        n += _words(chunk)
        if n > limit:
            return False
    return True


def _describe(el: Any) -> str:
    """A short CSS-like name for an element, for the evidence's ``where``."""
    try:
        name = str(el.tag)
        if el.get("id"):
            name += "#" + el.get("id")
        classes = (el.get("class") or "").split()
        if classes:
            name += "." + ".".join(classes[:3])
        return name
    except Exception:  # noqa: BLE001 - comments/PIs have odd tags
        return "?"


# --------------------------------------------------------------------------- page model

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "report", "scholarlyarticle", "techarticle",
    "analysisnewsarticle", "opinionnewsarticle", "reportagenews", "backgroundnewsarticle",
    "reviewnewsarticle", "asknewsarticle", "askpublicnewsarticle", "satiricalarticle",
    "liveblogposting", "advertisercontentarticle",
})

# elements that usually hold one article's body; the largest one is "the body in the HTML":
# <article> (not a comment), itemprop=articleBody, or one of these class tokens
_CONTAINER_CLASSES = frozenset((
    "available-content", "gh-content", "post-content", "entry-content", "post-body", "article-content",
    "article-body", "article__body", "article__text", "story-body", "text-block", "item-body",
    "news-text", "meteredContent"))


def _containers(doc: Any) -> list[Any]:
    """The candidate body containers in document order: one pass over the tree (a 17-way XPath
    union of class tests cost a third of the classifier's time)."""
    out = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        cls = el.get("class")
        if el.tag == "article" and "comment" not in (cls or ""):
            out.append(el)
        elif "articleBody" in _tokens(el.get("itemprop")):
            out.append(el)
        elif cls and not _CONTAINER_CLASSES.isdisjoint(_tokens(cls)):
            out.append(el)
    return out


def _meta_values(doc: Any, key: str) -> list[str]:
    """Values of ``<meta property|name=key>``: ``content``, else ``value`` (some DOM serialisers and
    templates write ``<meta name="og:type" value="article">``; a reader takes it the same way)."""
    out = []
    for el in doc.xpath("//meta[@property=$k or @name=$k]", k=key):
        v = el.get("content")
        if v is None:
            v = el.get("value")
        if v is not None:
            out.append(v)
    return out


def _tokens(value: str | None) -> list[str]:
    """Split like XPath's normalize-space: on space, tab, CR and LF only (not NBSP and the like)."""
    if not value:
        return []
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ").split(" ")


@dataclass
class _Schema:
    declared_article: list[str] = field(default_factory=list)   # how the article type was declared
    free_flags: list[tuple[bool, str, str]] = field(default_factory=list)  # (value, where, snippet)
    parts: list[tuple[str, str]] = field(default_factory=list)   # (cssSelector, where) of non-free parts
    word_count: int | None = None
    article_body_words: int = 0
    recipe_words: int = 0   # words of a Recipe's recipeInstructions: a recipe's body
    recipes: int = 0        # Recipe nodes (more than one: a roundup or a listing)


@dataclass
class _Page:
    doc: Any
    raw: str                  # capped HTML source
    scripts: str              # inline script text + script src attributes
    title: str
    page_words: int           # visible words in <body>, counted up to SHORT_PAGE_WORDS
    schema: _Schema
    body_nodes: list = field(default_factory=list)  # _BODY_TEXT(doc), computed once
    og_type: str = ""         # og:type, lower-cased

    @cached_property
    def scripts_folded(self) -> str:
        """The scripts folded as ``re.IGNORECASE`` compares letters, for a cheap ``in`` test before a
        case-insensitive regex runs over megabytes of bundles (see signals._may_match)."""
        return fold(self.scripts)


def fold(text: str) -> str:
    """Case-fold so that every text a case-insensitive regex with an ASCII needle matches still holds
    that needle: casefold() maps ſ to s and the Kelvin sign to k as re.I does; İ and ı, which re.I
    also lets match i, are mapped to i first (casefold leaves ı alone and splits İ in two)."""
    return text.replace("\u0130", "i").replace("\u0131", "i").casefold()


def _parse(html: str) -> Any | None:
    """Plain lxml elements, not lxml.html's: those cost a Python class lookup for every element
    touched, and only text_content() was used from them (:func:`_text_content`)."""
    raw = html[:MAX_HTML_CHARS].replace("\x00", "")
    if not raw.strip():
        return None
    try:
        # a parser per call: lxml parsers must not be shared between threads
        parser = etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=True)
        return etree.fromstring(raw.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


_STRING = etree.XPath("string()")  # what lxml.html's text_content() is


def _card_scope(scope: Any) -> bool:
    """A microdata item that is a card for a story: in an aside, nav, footer or list item, or one of two
    or more items of the same type side by side (a section front's teasers declare no article)."""
    if scope is None:
        return False
    if any(a.tag in ("aside", "nav", "footer", "li") for a in [scope, *scope.iterancestors()]):
        return True
    parent, kind = scope.getparent(), scope.get("itemtype")
    return parent is not None and sum(c.get("itemtype") == kind for c in parent) >= 2


def _text_content(el: Any) -> str:
    return str(_STRING(el))


def _load_json(text: str) -> Any:
    text = text.strip()
    for junk in ("<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"):
        text = text.replace(junk, "")
    text = text.strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _types(node: Mapping[str, Any]) -> list[str]:
    t = node.get("@type")
    values = t if isinstance(t, list) else [t]
    return [str(v).rsplit("/", 1)[-1] for v in values if isinstance(v, str)]


def _top_nodes(data: Any) -> list[Mapping[str, Any]]:
    """The page-level JSON-LD nodes: roots, @graph members and their mainEntity; not nested lists
    (a listing's ItemList of NewsArticles must not make the listing an article)."""
    stack = data if isinstance(data, list) else [data]
    out: list[Mapping[str, Any]] = []
    for item in stack[:200]:
        if not isinstance(item, Mapping):
            continue
        graph = item.get("@graph")
        if isinstance(graph, list):
            out.extend(g for g in graph[:200] if isinstance(g, Mapping))
        if "@type" in item:
            out.append(item)
    for node in list(out):
        main = node.get("mainEntity")
        for m in (main if isinstance(main, list) else [main])[:20]:
            if isinstance(m, Mapping):
                out.append(m)
    return out


def _step_texts(value: Any, depth: int = 0) -> list[str]:
    """The text of recipeInstructions: a string, a list of strings, HowToStep ``text``/``name``, or
    HowToSection ``itemListElement`` lists."""
    if depth > 4:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for v in value[:200] for t in _step_texts(v, depth + 1)]
    if isinstance(value, Mapping):
        if "itemListElement" in value:
            return _step_texts(value.get("itemListElement"), depth + 1)
        text = value.get("text") or value.get("name")
        return [text] if isinstance(text, str) else []
    return []


# JSON-LD node types that describe the site or its publisher, never the page in front of the reader
_NOT_THE_PAGE = frozenset({"website", "organization", "newsmediaorganization", "corporation", "person",
                           "breadcrumblist", "sitenavigationelement", "wpheader", "wpfooter", "searchaction"})


def _read_schema(doc: Any, og_type: str | None) -> _Schema:
    s = _Schema()
    if og_type and og_type.strip().lower() == "article":
        s.declared_article.append("og:type=article")
    for script in doc.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]")[:50]:
        text = script.text or ""
        data = _load_json(text)
        if data is None:
            m = re.search(r'"isAccessibleForFree"\s*:\s*"?(true|false)"?', text, re.I)
            if m:  # unparsable JSON-LD still says what it says
                s.free_flags.append((m.group(1).lower() == "true", "json-ld (unparsed)", m.group(0)))
            continue
        for node in _top_nodes(data):
            types = _types(node)
            is_article = any(t.lower() in ARTICLE_TYPES for t in types)
            if is_article:
                s.declared_article.append("json-ld @type=" + ",".join(types))
                if s.word_count is None:
                    s.word_count = _as_int(node.get("wordCount"))
                body = node.get("articleBody")
                if isinstance(body, str):
                    s.article_body_words = max(s.article_body_words, _words(body))
            if "recipe" in (t.lower() for t in types):
                s.recipes += 1
                s.recipe_words = max(s.recipe_words, _words(" ".join(_step_texts(node.get("recipeInstructions")))))
            flag = _as_bool(node.get("isAccessibleForFree"))
            if flag is not None and types and all(t.lower() in _NOT_THE_PAGE for t in types):
                flag = None  # the site, its publisher or its breadcrumbs: what they say is not this page's access
            if flag is not None:
                s.free_flags.append((flag, "json-ld", f'{"/".join(types) or "node"} isAccessibleForFree='
                                     f'{node.get("isAccessibleForFree")}'))
            parts = node.get("hasPart")
            for part in (parts if isinstance(parts, list) else [parts])[:50]:
                if not isinstance(part, Mapping):
                    continue
                pflag = _as_bool(part.get("isAccessibleForFree"))
                sel = part.get("cssSelector")
                if pflag is False:
                    s.free_flags.append((False, "json-ld hasPart",
                                         f"hasPart isAccessibleForFree=false cssSelector={sel}"))
                    if isinstance(sel, str) and sel.strip():
                        s.parts.append((sel.strip(), "json-ld hasPart"))
    # microdata
    for el in doc.xpath("//*[@itemtype]")[:200]:
        t = (el.get("itemtype") or "").split()
        if any(v.rsplit("/", 1)[-1].lower() in ARTICLE_TYPES for v in t) and not _card_scope(el):
            s.declared_article.append("microdata itemtype=" + " ".join(t))
            break
    for el in doc.xpath("//*[@itemprop='isAccessibleForFree']")[:50]:
        value = el.get("content") if el.get("content") is not None else _text_content(el)
        flag = _as_bool(value)
        if flag is None:
            continue
        scope = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
        in_part = scope is not None and "hasPart" in (scope.get("itemprop") or "").split()
        if not in_part and _card_scope(scope):
            continue  # another story's card (in a list, an aside, or one of several alike): not this page's
        s.free_flags.append((flag, "microdata hasPart" if in_part else "microdata",
                             f"itemprop isAccessibleForFree={value}"))
        if in_part and flag is False:
            for sel_el in scope.xpath(".//*[@itemprop='cssSelector']")[:5]:
                sel = sel_el.get("content") or _text_content(sel_el)
                if sel and sel.strip():
                    s.parts.append((sel.strip(), "microdata hasPart"))
    if s.word_count is None:
        for el in doc.xpath("//*[@itemprop='wordCount']")[:1]:
            s.word_count = _as_int(el.get("content") or _text_content(el))
    return s


def _build_page(html: str) -> _Page | None:
    doc = _parse(html)
    if doc is None:
        return None
    raw = html[:MAX_HTML_CHARS]
    pieces: list[str] = []
    total = 0
    for script in doc.iter("script"):
        src = script.get("src")
        if src:
            pieces.append(f"src={src}")
        if script.text and total < MAX_SCRIPT_CHARS:
            pieces.append(script.text[: MAX_SCRIPT_CHARS - total])
            total += len(pieces[-1])
    title_el = doc.find(".//title")
    title = _WS.sub(" ", _text_content(title_el)).strip() if title_el is not None else ""
    og = _meta_values(doc, "og:type")
    body_nodes = _BODY_TEXT(doc)
    page_words = 0
    for t in body_nodes:  # only compared with SHORT_PAGE_WORDS: stop counting there
        page_words += _words(str(t))
        if page_words >= SHORT_PAGE_WORDS:
            break
    return _Page(doc=doc, raw=raw, scripts="\n".join(pieces), title=title, page_words=page_words,
                 schema=_read_schema(doc, str(og[0]) if og else None), body_nodes=body_nodes,
                 og_type=str(og[0]).strip().lower() if og else "")
