"""Paywall / access classification of one capture: a pure function of what the crawler stored.

:func:`classify` looks at the HTTP status, the response headers, the decoded HTML, the main text
trafilatura extracted, the URL and the redirect Location, and returns a :class:`Verdict`: one of
:data:`STATUSES`, a separate ``blocked`` reason for anti-bot / rate-limit / age-gate pages, and
the evidence the decision rests on, so a reader can check it against the WARC record.

It works on the raw HTML on purpose: trafilatura drops elements whose class says ``paid-content``
or ``overlay``, so a soft-paywalled body can vanish from the extract (see
shared/notes/sources-and-paywalls.md, section 1, item 5).

Decision order (the first rule that fires wins; every threshold is a module constant):

0. Blocked, never a paywall (status ``unknown``, ``blocked`` set): ``cf-mitigated: challenge``;
   HTTP 429; HTTP 451; and, only on pages with fewer than ``SHORT_PAGE_WORDS`` visible words,
   Cloudflare challenge markup (title "Just a moment...", ``_cf_chl_opt``, ``orchestrate/chl_page``;
   *not* the ``challenge-platform/.../jsd`` beacon Cloudflare injects into ordinary pages), F5/Shape
   TSPD (``window["bobcmn"]``, ``/TSPD/`` script, ``TSPD_101`` cookie), F5 ASM rejection, DDoS-Guard,
   a "Too Many Requests" page, generic "enable JavaScript and cookies", an age gate.
1. HTTP: 402 -> ``hard``; a 3xx, or any redirect Location, to a subscribe/pricing path -> ``hard``,
   to a login/register path -> ``registration``; any other 3xx, 4xx or 5xx -> ``unknown``.
2. Not HTML (Content-Type) or empty/unparsable HTML -> ``unknown``.
3. Registration wall: Ghost CTA "This post is for subscribers only", Substack
   ``"audience":"only_free"``, a ``hasPart`` selector naming a regwall, "register to continue
   reading"-style prompts in a short element -> ``registration`` (whether or not the body came too).
4. Server-side gate markup: Ghost ``aside.gh-post-upgrade-cta`` element (paid/tiers), Substack
   ``div.paywall[data-component-name=Paywall]`` or ``"audience":"only_paid"``, MemberPress, Leaky
   Paywall message, Restrict Content (Pro), Paid Memberships Pro, Patreon lock, a paid-subscriber
   call to action in a short element ("This post is for paying subscribers only"), or a
   ``hasPart`` (isAccessibleForFree=false) whose element is missing or shorter than
   ``PART_MIN_CHARS``: ``hard`` if the delivered body has fewer than ``TEASER_MAX_WORDS`` words,
   else ``preview`` (a real lead came before the cut). If JSON-LD ``articleBody`` carries the full
   text anyway, ``soft``.
5. ``hasPart`` element present with text -> ``soft`` (``preview`` if the length check says cut).
6. Client-side gating declared (``article:content_tier`` metered/locked, Piano ``setTags`` with a
   paid tag, Poool ``page-view premium``, AMP ``subscriptions-section=content``, Pigeon ``free:0``,
   or isAccessibleForFree=false on a page loading a client-side paywall script): ``hard`` if the
   body is under ``TEASER_MAX_WORDS``, ``preview`` if the length check says cut, else ``soft``.
7. isAccessibleForFree=false alone: ``hard`` if the body is a teaser, ``preview`` if cut, ``soft``
   if the declared word count or ``articleBody`` shows the full text was delivered, else
   ``unknown`` (a metered full body and a server-cut lead look the same).
8. Length check alone: delivered words < ``TRUNCATED_RATIO`` x declared ``wordCount``/``wordcount``
   -> ``preview`` (``unknown`` when almost nothing was delivered, e.g. a JS-rendered page).
9. Otherwise ``free`` only if the page looks like one article: a declared article type (og:type
   article, JSON-LD/microdata Article family) with at least ``DECLARED_ARTICLE_MIN_WORDS`` words,
   or an article container (``<article>``, ``[itemprop=articleBody]``, common body classes) holding
   at least ``ARTICLE_MIN_WORDS`` words (and not two such containers: that is a listing). Anything
   else (listings, 404 pages, home pages) is ``unknown``.

Vendor scripts (Piano, Poool, Zephr, Arc, Leaky Paywall cookie mode ...) alone never decide: sites
load them on free pages too. Newsletter boxes, "Subscribe" buttons, the Patreon donation line,
comment forms and Ghost's ``<style id="gh-members-styles">`` carry no signal at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import unescape as _unescape_html
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

CLASSIFIER = "provcrawl-paywall"
CLASSIFIER_VERSION = "1"  # bump when rules change
STATUSES = ("free", "hard", "soft", "preview", "registration", "unknown")
BLOCKED = ("cloudflare", "f5-tspd", "f5-asm", "ddos-guard", "js-challenge", "rate-limit", "age-gate",
           "http-451")

MAX_HTML_CHARS = 3_000_000      # parse and scan at most this much of a page
MAX_SCRIPT_CHARS = 2_000_000    # inline script text scanned for vendor/JSON markers
SNIPPET_CHARS = 200
SHORT_PAGE_WORDS = 150          # challenge markup only counts on pages shorter than this
TEASER_MAX_WORDS = 150          # gated page with fewer body words: hard, else preview
ARTICLE_MIN_WORDS = 150         # undeclared page needs an article container this long to be free
DECLARED_ARTICLE_MIN_WORDS = 50  # declared article type needs this many words to be free
TRUNCATED_RATIO = 0.5           # delivered / declared words below this: cut
FULL_RATIO = 0.8                # delivered / declared words at least this: full body delivered
PART_MIN_CHARS = 300            # hasPart element with less text is "short" (Google's gist uses 300)
CTA_MAX_WORDS = 40              # a call-to-action sentence must sit in an element this short


@dataclass(frozen=True)
class Evidence:
    """One observation the verdict rests on, small enough to store next to the capture."""

    signal: str   # e.g. "schema.isAccessibleForFree", "ghost.upgrade-cta", "http.402"
    matched: str  # what matched, e.g. "isAccessibleForFree=false"
    snippet: str  # short text, <= 200 chars
    where: str    # e.g. "json-ld", "body", "header:cf-mitigated", "css:aside.gh-post-upgrade-cta"

    def as_dict(self) -> dict[str, str]:
        return {"signal": self.signal, "matched": self.matched, "snippet": self.snippet, "where": self.where}


@dataclass(frozen=True)
class Verdict:
    status: str
    evidence: tuple[Evidence, ...]
    blocked: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "blocked": self.blocked,
                "evidence": [e.as_dict() for e in self.evidence],
                "classifier": CLASSIFIER, "version": CLASSIFIER_VERSION}


# --------------------------------------------------------------------------- small helpers

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _clip(value: Any, limit: int = SNIPPET_CHARS) -> str:
    text = _WS.sub(" ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ev(signal: str, matched: Any, snippet: Any, where: str) -> Evidence:
    return Evidence(signal, _clip(matched), _clip(snippet), _clip(where))


def _words(text: str | None) -> int:
    return len(_WORD.findall(text)) if text else 0


def _norm_headers(headers: Any) -> dict[str, str]:
    """Lower-cased names; bytes and list values (Scrapy's Headers) flattened to str."""
    out: dict[str, str] = {}
    if not headers:
        return out
    items: Iterable[Any] = headers.items() if hasattr(headers, "items") else headers
    for item in items:
        try:
            key, value = item
        except (TypeError, ValueError):
            continue
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        values = value if isinstance(value, (list, tuple)) else [value]
        text = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
        k = str(key).strip().lower()
        out[k] = f"{out[k]}, {text}" if k in out else text
    return out


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


def _class_xpath(tag: str, cls: str) -> str:
    return f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"


# text nodes that are visible prose: not code, not form furniture
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"
    " or ancestor::form or ancestor::button or ancestor::select or ancestor::textarea)]")
_BODY_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]")


def _el_text(el: Any) -> str:
    return " ".join(str(t) for t in _VISIBLE_TEXT(el))


def _el_words(el: Any) -> int:
    return sum(_words(str(t)) for t in _VISIBLE_TEXT(el))


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


@dataclass
class _Page:
    doc: Any
    raw: str                  # capped HTML source
    scripts: str              # inline script text + script src attributes
    title: str
    page_words: int           # visible words in <body>, counted up to SHORT_PAGE_WORDS
    schema: _Schema
    body_nodes: list = field(default_factory=list)  # _BODY_TEXT(doc), computed once


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
            flag = _as_bool(node.get("isAccessibleForFree"))
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
        if any(v.rsplit("/", 1)[-1].lower() in ARTICLE_TYPES for v in t):
            s.declared_article.append("microdata itemtype=" + " ".join(t))
            break
    for el in doc.xpath("//*[@itemprop='isAccessibleForFree']")[:50]:
        value = el.get("content") if el.get("content") is not None else _text_content(el)
        flag = _as_bool(value)
        if flag is None:
            continue
        scope = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
        in_part = scope is not None and "hasPart" in (scope.get("itemprop") or "").split()
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
    og = doc.xpath("//meta[@property='og:type']/@content")
    body_nodes = _BODY_TEXT(doc)
    page_words = 0
    for t in body_nodes:  # only compared with SHORT_PAGE_WORDS: stop counting there
        page_words += _words(str(t))
        if page_words >= SHORT_PAGE_WORDS:
            break
    return _Page(doc=doc, raw=raw, scripts="\n".join(pieces), title=title, page_words=page_words,
                 schema=_read_schema(doc, str(og[0]) if og else None), body_nodes=body_nodes)


# --------------------------------------------------------------------------- blocked pages

_CF_MARKERS = re.compile(
    r"_cf_chl_opt|cf_chl_|cf-chl-|/challenge-platform/h/[a-z]/orchestrate/|cf-browser-verification"
    r"|id=[\"']challenge-(?:form|running|error-text)[\"']|cf-error-details", re.I)
_CF_TITLES = re.compile(r"^(just a moment\.*|attention required! \| cloudflare"
                        r"|один момент\.*)$", re.I)
_TSPD_MARKERS = re.compile(r"window\[\"bobcmn\"\]|src=[\"']?/TSPD/|TSPD_101", re.I)
_F5_ASM = re.compile(r"the requested url was rejected\. please consult with your administrator", re.I)
_DDOS_GUARD = re.compile(r"ddos-guard", re.I)
_JS_CHALLENGE = re.compile(r"enable javascript and cookies|checking your browser before accessing"
                           r"|verify(?:ing)? (?:that )?you are (?:a )?human", re.I)
_RATE_LIMIT = re.compile(r"^\s*(?:429\b.*|too many requests\.?)\s*$", re.I)
_AGE_MARKUP = re.compile(r"(?:id|class)=[\"'][^\"']*\b(?:age[-_]?gate|age[-_]?verification|agegate|adult[-_]?"
                         r"warning|content[-_]warning)\b", re.I)
_AGE_TEXT = re.compile(r"(?:you must be (?:18|21)|are you (?:18|21|over 18|over 21)"
                       r"|confirm (?:that )?you are (?:18|21|of legal age)|verify your age"
                       r"|may contain content (?:only )?suitable for adults|content warning)", re.I)


def _blocked(status: int | None, headers: dict[str, str],
             page: _Page | None) -> tuple[str, list[Evidence]] | None:
    mitigated = headers.get("cf-mitigated", "")
    if "challenge" in mitigated.lower():
        return "cloudflare", [_ev("block.cloudflare", "cf-mitigated: challenge", mitigated,
                                  "header:cf-mitigated")]
    if status == 429:
        return "rate-limit", [_ev("http.429", "status 429", headers.get("retry-after", ""), "http:status")]
    if status == 451:
        return "http-451", [_ev("http.451", "status 451", "unavailable for legal reasons", "http:status")]
    cookies = headers.get("set-cookie", "")
    if page is None:
        if "TSPD_101" in cookies:
            return "f5-tspd", [_ev("block.f5-tspd", "TSPD_101 cookie", "empty body", "header:set-cookie")]
        return None
    if page.page_words >= SHORT_PAGE_WORDS:
        return None  # a real page: challenge scripts on it are beacons, not walls
    head = page.raw[:200_000]
    title = page.title
    if _CF_TITLES.match(title) or (m := _CF_MARKERS.search(head)):
        what = f"title {title!r}" if _CF_TITLES.match(title) else m.group(0)  # type: ignore[union-attr]
        return "cloudflare", [_ev("block.cloudflare", what, title or head[:200],
                                  "title" if title else "body")]
    if (m := _TSPD_MARKERS.search(head)) or "TSPD_101" in cookies:
        what = m.group(0) if m else "TSPD_101 cookie"
        start = max(0, m.start() - 40) if m else 0
        return "f5-tspd", [_ev("block.f5-tspd", what, head[start:start + 200],
                               "script" if m else "header:set-cookie")]
    if m := _F5_ASM.search(head):
        return "f5-asm", [_ev("block.f5-asm", "request rejected", m.group(0), "body")]
    server = headers.get("server", "")
    if _DDOS_GUARD.search(title) or _DDOS_GUARD.search(page.scripts) or _DDOS_GUARD.search(server):
        return "ddos-guard", [_ev("block.ddos-guard", "ddos-guard", title or server, "title")]
    if _RATE_LIMIT.match(title):
        return "rate-limit", [_ev("block.rate-limit", f"title {title!r}", title, "title")]
    body_text = " ".join(str(t) for t in page.body_nodes)
    noscript = " ".join(str(t) for t in page.doc.xpath("//noscript//text()")[:200])
    if m := _JS_CHALLENGE.search(body_text + " " + noscript):  # not script code: bundles quote anything
        return "js-challenge", [_ev("block.js-challenge", m.group(0), body_text, "body")]
    if (m := _AGE_MARKUP.search(head)) or (m := _AGE_TEXT.search(body_text + " " + title)):
        return "age-gate", [_ev("block.age-gate", m.group(0), body_text or title, "body")]
    return None


# --------------------------------------------------------------------------- gate signals

_SUBSCRIBE_PATH = re.compile(r"/(?:subscribe|subscription|subscriptions|paywall|checkout|pricing|plans"
                             r"|upgrade|premium|membership-options|join-now)(?:[/?#.]|$)", re.I)
_LOGIN_PATH = re.compile(r"/(?:login|log-in|signin|sign-in|sign_in|wp-login\.php|register|registration|signup"
                         r"|sign-up|account/login|user/login|portal/signin|portal/signup)(?:[/?#.]|$)", re.I)

_PAID_CTA = re.compile(
    r"\bthis (?:post|article|story|content|page|episode|newsletter) is (?:only )?(?:for|available (?:to|for)"
    r"|exclusive(?:ly)? (?:to|for)) (?:paying|paid|premium) (?:subscribers|members)"
    r"|\bthis (?:post|page) is for subscribers on the .{1,80}? tiers? only"
    r"|\b(?:subscribe|become a (?:paid |paying )?subscriber) (?:now )?to (?:continue|keep) reading"
    r"|\bkeep reading with a \d+-day free trial"
    r"|\bthis content is restricted to subscribers"
    r"|\bthis content is for .{1,60}? members only"
    r"|\byou are unauthorized to view this page"
    r"|\bthis content is available exclusively to patreon members"
    r"|\bto view this content, you must be a member of"
    r"|только для (?:платных )?подписчиков"
    r"|доступ(?:ен|но) только (?:по подписке|подписчикам)",
    re.I)
_REG_CTA = re.compile(
    r"\bthis (?:post|article|story|content|page) is (?:only )?(?:for|available (?:to|for))"
    r" (?:subscribers|members|registered (?:users|members|readers))(?: only)?\b"
    r"|\b(?:register|sign up|create an? (?:free )?account|log ?in|sign in)(?: for free| now| free)?"
    r" to (?:continue|keep) reading"
    r"|\bregister for free to (?:continue|read)"
    r"|\byou must be logged in to (?:view|read|see) this",
    re.I)
# every alternative of _PAID_CTA/_REG_CTA holds one of these words; with the same re.I folding
# (which matches ſ, ı, K...), so text without one cannot match either
_CTA_KEYS = re.compile(r"subscri|member|trial|unauthori|подпис|regist|sign|log|account", re.I)
_REG_PART = re.compile(r"reg(?:istration)?[-_]?wall|regwalled|registration", re.I)

_AUDIENCE = re.compile(r'\\*"audience\\*"\s*:\s*\\*"([a-z_]+)\\*"')
_WORDCOUNT = re.compile(r'\\*"wordcount\\*"\s*:\s*(\d+)')
_POST_KEY = re.compile(r'\\*"post\\*"\s*:\s*\{')

# (name, xpath, signal): server-side gate elements; the xpath matches elements, never CSS text
_GATE_MARKERS = {"ghost": ("gh-post-upgrade-cta",), "substack": ("Paywall", "paywall"),
                 "memberpress": ("mepr",), "leaky-paywall": ("leaky_paywall",), "pmpro": ("pmpro_content_message",),
                 "patreon": ("patreon-locked-content-message", "patreon-unlock-post"),
                 "restrict-content": ("rcp_restricted", "rc-restricted-content", "rcp-restricted-content")}
_GATE_ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("ghost", _class_xpath("*", "gh-post-upgrade-cta"), "css:aside.gh-post-upgrade-cta"),
    ("substack", "//*[@data-component-name='Paywall' or @data-testid='paywall']",
     "css:div.paywall[data-component-name=Paywall]"),
    ("memberpress", _class_xpath("*", "mepr-unauthorized-message") + " | "
     + _class_xpath("*", "mepr-unauthorized-excerpt") + " | //form[@id='mepr_loginform']",
     "css:div.mp_wrapper .mepr-unauthorized-*"),
    ("leaky-paywall", _class_xpath("*", "leaky_paywall_message_wrap") + " | //*[@id='leaky_paywall_message']",
     "css:div.leaky_paywall_message_wrap"),
    ("pmpro", _class_xpath("*", "pmpro_content_message"), "css:div.pmpro_content_message"),
    ("patreon", _class_xpath("*", "patreon-locked-content-message")
     + " | //a[contains(@href, 'patreon-unlock-post')]", "css:div.patreon-locked-content-message"),
    ("restrict-content", " | ".join(_class_xpath("*", c) for c in (
        "rcp_restricted", "rc-restricted-content", "rcp-restricted-content")), "css:.rcp_restricted"),
)

_VENDORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("piano", re.compile(r"tinypass\.com|tinypass\.min\.js|[\w.-]*\bpiano\.io\b"
                         r"|window\[[\"']tp[\"']\]", re.I)),
    ("poool", re.compile(r"poool\.fr|\bpoool\(\s*[\"']init", re.I)),
    ("zephr", re.compile(r"zephr-browser|zephrBrowser", re.I)),
    ("arc-subs", re.compile(r"/arc/subs/p(?:\.min)?\.js|\bsrc=[^\n]*/p\.js\b.*arc", re.I)),
    ("leaky-paywall", re.compile(r"leaky_paywall_cookie_ajax|/plugins/(?:issuem-)?leaky-paywall/", re.I)),
    ("pigeon", re.compile(r"\bPigeon\.paywall\b|pigeon\.min\.js", re.I)),
    ("amp-subscriptions", re.compile(r"amp-subscriptions|amp-access", re.I)),
    ("other", re.compile(r"cdn\.cxense\.com|evolok\.net|js\.pelcro\.com|qiota\.com|laterpay|plenigo"
                         r"|steadyhq\.com", re.I)),
)
_PIANO_TAGS = re.compile(r"tp\.push\(\s*\[\s*[\"']setTags[\"']\s*,\s*\[([^\]]{0,500})\]", re.I)
_PAID_TAG = re.compile(r"paid|premium|subscriber|locked|metered|exclusive", re.I)
_POOOL_PREMIUM = re.compile(r"poool\(\s*[\"']send[\"']\s*,\s*[\"']page-view[\"']\s*,"
                            r"\s*[\"']premium[\"']", re.I)
_PIGEON = re.compile(r"Pigeon\.paywall\(\s*\{[^}]{0,500}?\bfree\s*:\s*(0|1|false|true)", re.I)
_ZEPHR_COMMENT = re.compile(r"<!--\s*ZEPHR_FEATURE\b", re.I)


@dataclass
class _Signals:
    registration: list[Evidence] = field(default_factory=list)
    server_gate: list[Evidence] = field(default_factory=list)
    client_gate: list[Evidence] = field(default_factory=list)
    vendors: list[Evidence] = field(default_factory=list)
    declared_false: list[Evidence] = field(default_factory=list)
    declared_free: list[Evidence] = field(default_factory=list)
    part_present: list[Evidence] = field(default_factory=list)
    part_missing: list[Evidence] = field(default_factory=list)
    gate_elements: list[Any] = field(default_factory=list)   # excluded from body word counts


def _cta_matches(page: _Page, sig: _Signals) -> None:
    """Call-to-action sentences, but only in short elements: an article that quotes the phrase in a
    paragraph is not a paywall. Works on text nodes, so themes that rename Ghost's classes count."""
    seen: set[int] = set()
    alive: list[Any] = []  # lxml proxies must stay alive for their id() to mean anything
    for node in page.body_nodes:
        if len(alive) >= 200:
            break
        text = str(node)
        if len(text) > 600 or not text.strip():
            continue
        if not _CTA_KEYS.search(text):
            continue
        paid = _PAID_CTA.search(text)
        reg = None if paid else _REG_CTA.search(text)
        if not (paid or reg):
            continue
        parent = node.getparent()
        if parent is not None and getattr(node, "is_tail", False):
            parent = parent.getparent()
        if parent is None or id(parent) in seen:
            continue
        seen.add(id(parent))
        alive.append(parent)
        quoted = ("blockquote", "q")
        if parent.tag in quoted or any(a.tag in quoted for a in parent.iterancestors()):
            continue
        if not _at_most_words(parent, CTA_MAX_WORDS):
            continue
        phrase = (paid or reg).group(0)  # type: ignore[union-attr]
        ev = _ev("cta.paid" if paid else "cta.registration", phrase, _text_content(parent),
                 "text:" + _describe(parent))
        (sig.server_gate if paid else sig.registration).append(ev)
        sig.gate_elements.append(parent)


def _marker_source(raw: str) -> str:
    """The source as the parser reads attribute values: without NULs, character references decoded
    (html.unescape knows every reference libxml2 does), so a marker spelled pay&#119;all is found."""
    text = raw.replace("\x00", "")
    return _unescape_html(text) if "&" in text else text


def _collect(page: _Page) -> _Signals:
    sig = _Signals()
    doc = page.doc
    source = _marker_source(page.raw)
    for name, xpath, where in _GATE_ELEMENTS:
        if not any(m in source for m in _GATE_MARKERS[name]):
            continue  # the XPath matches attribute values: no marker in the source, no match
        els = [e for e in doc.xpath(xpath)[:20] if isinstance(e.tag, str)]
        if not els:
            continue
        # the message box is evidence; an "excerpt" box is the teaser itself and stays in the body count
        el = next((e for e in els if "excerpt" not in (e.get("class") or "")), els[0])
        sig.gate_elements.extend(e for e in els if "excerpt" not in (e.get("class") or ""))
        text = _text_content(el)
        if name == "ghost":
            low = text.lower()
            members = re.search(r"\bfor (?:subscribers|members) only\b", low)
            if members and not re.search(r"paying|paid|tier", low):
                sig.registration.append(_ev("ghost.members-cta", "aside.gh-post-upgrade-cta (members)",
                                            text, where))
                continue
            sig.server_gate.append(_ev("ghost.upgrade-cta", "aside.gh-post-upgrade-cta" if el.tag == "aside"
                                       else _describe(el), text, where))
        else:
            sig.server_gate.append(_ev(f"{name}.gate", _describe(el), text, where))
    _cta_matches(page, sig)

    # Substack's post JSON: the audience/wordcount of the page's own post (the first after "post":)
    scripts = page.scripts
    pm = _POST_KEY.search(scripts)
    am = _AUDIENCE.search(scripts, pm.start() if pm else 0) or _AUDIENCE.search(scripts)
    if am:
        audience = am.group(1)
        where = "script:_preloads"
        if audience in ("only_paid", "founding"):
            sig.server_gate.append(_ev("substack.audience", f'"audience":"{audience}"', am.group(0), where))
        elif audience == "only_free":
            sig.registration.append(_ev("substack.audience", f'"audience":"{audience}"', am.group(0), where))
        elif audience == "everyone":
            sig.declared_free.append(_ev("substack.audience", '"audience":"everyone"', am.group(0), where))

    # schema.org
    s = page.schema
    for flag, where, snippet in s.free_flags:
        target = sig.declared_free if flag else sig.declared_false
        target.append(_ev("schema.isAccessibleForFree", f"isAccessibleForFree={'true' if flag else 'false'}",
                          snippet, where))
    for selector, where in s.parts:
        _check_part(page, selector, where, sig)
    if not sig.part_present:  # one unused selector beside a delivered part is not a cut
        sig.server_gate.extend(sig.part_missing)

    # article:content_tier (Facebook news indexing)
    tiers = doc.xpath("//meta[@property='article:content_tier' or @name='article:content_tier']/@content")
    for tier in tiers[:1]:
        t = str(tier).strip().lower()
        ev = _ev("meta.content_tier", f"content_tier={t}", tier, "meta:article:content_tier")
        if t in ("metered", "locked"):
            sig.client_gate.append(ev)
        elif t == "free":
            sig.declared_free.append(ev)

    # client-side vendors and their gating configuration
    for name, pattern in _VENDORS:
        if m := pattern.search(scripts):
            around = scripts[max(0, m.start() - 40): m.end() + 80]
            sig.vendors.append(_ev(f"vendor.{name}", m.group(0), around, "script"))
    if m := _ZEPHR_COMMENT.search(page.raw):
        sig.vendors.append(_ev("vendor.zephr", "ZEPHR_FEATURE comment", m.group(0), "html-comment"))
    for m in _PIANO_TAGS.finditer(scripts):
        if _PAID_TAG.search(m.group(1)):
            sig.client_gate.append(_ev("piano.paid-tag", "tp.push setTags", m.group(0), "script"))
            break
    if m := _POOOL_PREMIUM.search(scripts):
        sig.client_gate.append(_ev("poool.premium", "page-view premium", m.group(0), "script"))
    if m := _PIGEON.search(scripts):
        target = sig.client_gate if m.group(1).lower() in ("0", "false") else sig.declared_free
        target.append(_ev("pigeon.paywall", f"free:{m.group(1)}", m.group(0), "script"))
    amp = doc.xpath("//*[@subscriptions-section='content']")
    if amp and any(v.signal == "vendor.amp-subscriptions" for v in sig.vendors):
        sig.client_gate.append(_ev("amp.subscriptions-section", "subscriptions-section=content",
                                   _el_text(amp[0]), "css:[subscriptions-section=content]"))
    return sig


def _check_part(page: _Page, selector: str, where: str, sig: _Signals) -> None:
    """Google's rule: a hasPart selector whose element is missing or short means the server cut the
    body; an element with text means the body was delivered and is hidden client-side."""
    if _REG_PART.search(selector):
        sig.registration.append(_ev("schema.hasPart", f"cssSelector={selector} (registration)",
                                    selector, where))
    try:
        from lxml.cssselect import CSSSelector

        els = CSSSelector(selector)(page.doc)[:50]
    except Exception:  # noqa: BLE001 - publisher-written selectors are often invalid
        sig.declared_false.append(_ev("schema.hasPart", f"cssSelector={selector} (invalid)", selector, where))
        return
    chars = sum(len(_WS.sub(" ", _el_text(e)).strip()) for e in els)
    if els and chars >= PART_MIN_CHARS:
        sig.part_present.append(_ev("schema.hasPart", f"cssSelector={selector} present, {chars} chars",
                                    _el_text(els[0]), f"css:{selector}"))
    else:
        state = f"present, only {chars} chars" if els else "missing"
        sig.part_missing.append(_ev("schema.hasPart", f"cssSelector={selector} {state}",
                                   _el_text(els[0]) if els else selector, f"css:{selector}"))


# --------------------------------------------------------------------------- lengths


@dataclass
class _Lengths:
    text_words: int | None
    html_words: int | None
    containers: int          # non-nested article containers with >= ARTICLE_MIN_WORDS words
    declared: int | None
    declared_where: str

    @property
    def body(self) -> int:
        """Words of the article body: the HTML container when there is one (trafilatura sometimes
        pads a short page with sidebar text), else the extracted text."""
        if self.html_words is not None:
            return self.html_words
        return self.text_words or 0

    @property
    def delivered(self) -> int:
        return max(self.text_words or 0, self.html_words or 0)

    @property
    def ratio(self) -> float | None:
        return self.delivered / self.declared if self.declared else None

    @property
    def truncated(self) -> bool:
        r = self.ratio
        return r is not None and self.declared is not None and self.declared >= ARTICLE_MIN_WORDS \
            and r < TRUNCATED_RATIO

    @property
    def full(self) -> bool:
        r = self.ratio
        return r is not None and r >= FULL_RATIO


_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "form", "button", "select", "textarea"})


def _container_words(doc: Any, containers: list[Any], gates: list[Any]) -> dict[int, int]:
    """Visible words under each container, in one pass over the tree (nested containers would make
    per-container XPath quadratic). Gate boxes (CTA, paywall, login form) are not body text."""
    elements = list(doc.iter())  # keeps every proxy alive, so id() is stable below
    wanted = {id(c) for c in containers}
    gate_ids = {id(g) for g in gates}
    counts = dict.fromkeys(wanted, 0)
    state: dict[int, tuple[bool, tuple[int, ...]]] = {}
    for el in elements:
        parent = el.getparent()
        p_skip, p_chain = state.get(id(parent), (False, ())) if parent is not None else (False, ())
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        skip = p_skip or not tag or tag in _SKIP_TAGS or id(el) in gate_ids
        chain = p_chain + (id(el),) if id(el) in wanted else p_chain
        state[id(el)] = (skip, chain)
        if el.text and not skip and chain:
            n = _words(el.text)
            for c in chain:
                counts[c] += n
        if el.tail and not p_skip and p_chain:
            n = _words(el.tail)
            for c in p_chain:
                counts[c] += n
    return counts


def _lengths(page: _Page | None, text: str | None, sig: _Signals | None) -> _Lengths:
    text_words = _words(text) if text else None
    if page is None:
        return _Lengths(text_words, None, 0, None, "")
    containers = _containers(page.doc)[:100]
    counts = _container_words(page.doc, containers, sig.gate_elements if sig else [])
    sizes = [(counts[id(el)], el) for el in containers]
    html_words = max((n for n, _ in sizes), default=None)
    long_ids = {id(el) for n, el in sizes if n >= ARTICLE_MIN_WORDS}
    # outermost long containers: an .entry-content inside a long <article> is the same article
    separate = [el for n, el in sizes if id(el) in long_ids
                and not any(id(a) in long_ids for a in el.iterancestors())]
    declared, where = page.schema.word_count, "json-ld:wordCount"
    sm = _POST_KEY.search(page.scripts)
    wm = _WORDCOUNT.search(page.scripts, sm.start() if sm else 0) or _WORDCOUNT.search(page.scripts)
    if wm and not declared:
        declared, where = int(wm.group(1)), "script:wordcount"
    return _Lengths(text_words, html_words, len(separate), declared or None, where)


# --------------------------------------------------------------------------- decision


def _length_evidence(lengths: _Lengths) -> Evidence:
    if lengths.declared:
        return _ev("length.wordcount", f"delivered={lengths.delivered} declared={lengths.declared} "
                   f"ratio={lengths.ratio:.2f}", f"text={lengths.text_words} html={lengths.html_words} words",
                   lengths.declared_where)
    return _ev("length.words", f"{lengths.body} body words",
               f"text={lengths.text_words} html={lengths.html_words} words", "text")


def _by_length(lengths: _Lengths, *, body_present: str) -> str:
    """hard / preview / ``body_present`` for a gated page, from how much body came with it."""
    if lengths.body < TEASER_MAX_WORDS:
        return "hard"
    if lengths.truncated:
        return "preview"
    return body_present


def _redirect(status: int | None, location: str | None, url: str | None) -> Verdict | None:
    if not location:
        if status is not None and 300 <= status < 400:
            return Verdict("unknown", (_ev("http.redirect", f"status {status}", "no Location",
                                           "http:status"),))
        return None
    try:
        target = urljoin(url or "", location)
        parts = urlsplit(target)
        tail = f"{parts.path}?{parts.query}#{parts.fragment}"
    except ValueError:  # e.g. "http://[::1" - still worth reading as a path
        target = tail = location
    if m := _SUBSCRIBE_PATH.search(tail):
        return Verdict("hard", (_ev("http.redirect-subscribe", m.group(0), target, "header:location"),))
    if m := _LOGIN_PATH.search(tail):
        return Verdict("registration", (_ev("http.redirect-login", m.group(0), target, "header:location"),))
    if status is not None and 300 <= status < 400:
        return Verdict("unknown", (_ev("http.redirect", f"status {status}", target, "header:location"),))
    return None


def _article_like(page: _Page, lengths: _Lengths) -> tuple[bool, Evidence | None]:
    s = page.schema
    if s.declared_article and lengths.delivered >= DECLARED_ARTICLE_MIN_WORDS:
        return True, _ev("article.declared", s.declared_article[0], page.title, "head")
    if lengths.containers == 1 and (lengths.html_words or 0) >= ARTICLE_MIN_WORDS:
        return True, _ev("article.container", f"article container with {lengths.html_words} words",
                         page.title, "body")
    return False, None


def _decide(status: int | None, headers: dict[str, str], html: str | None, text: str | None,
            url: str | None, location: str | None) -> Verdict:
    page = _build_page(html) if isinstance(html, str) and html.strip() else None
    if blocked := _blocked(status, headers, page):
        return Verdict("unknown", tuple(blocked[1]), blocked[0])
    if status == 402:
        return Verdict("hard", (_ev("http.402", "status 402", "payment required", "http:status"),))
    if redirect := _redirect(status, location, url):
        return redirect
    if status is not None and not 200 <= status < 300:
        return Verdict("unknown", (_ev(f"http.{status}", f"status {status}", "not a successful response",
                                       "http:status"),))
    ctype = headers.get("content-type", "")
    if ctype and not re.search(r"html|xml", ctype, re.I):
        return Verdict("unknown", (_ev("http.content-type", ctype, "not HTML", "header:content-type"),))
    if page is None:
        return Verdict("unknown", (_ev("html.empty", "no parsable HTML", "", "body"),))

    sig = _collect(page)
    lengths = _lengths(page, text, sig)
    length_ev = _length_evidence(lengths)
    info = [*sig.vendors, length_ev]

    # platform markup beats call-to-action prose; registration beats paid at the same level
    # (Substack shows its Paywall box on free-subscriber-only posts too)
    platform_reg = [e for e in sig.registration if not e.signal.startswith("cta.")]
    platform_gate = [e for e in sig.server_gate if not e.signal.startswith("cta.")]
    if platform_reg or (sig.registration and not platform_gate):
        return Verdict("registration", tuple([*sig.registration, *sig.server_gate, *info]))
    if sig.server_gate:
        leaked = page.schema.article_body_words
        if leaked >= ARTICLE_MIN_WORDS and leaked >= 2 * lengths.body:
            leak = _ev("schema.articleBody", f"articleBody {leaked} words", "", "json-ld")
            return Verdict("soft", tuple([*sig.server_gate, leak, *sig.declared_false, *info]))
        return Verdict(_by_length(lengths, body_present="preview"),
                       tuple([*sig.server_gate, *sig.declared_false, *info]))
    if sig.part_present:
        return Verdict("preview" if lengths.truncated else "soft",
                       tuple([*sig.part_present, *sig.part_missing, *sig.declared_false, *info]))
    client = list(sig.client_gate)
    if sig.declared_false and sig.vendors:
        client += sig.declared_false
    if client:
        return Verdict(_by_length(lengths, body_present="soft"), tuple([*client, *info]))
    if sig.declared_false:
        status_ = _by_length(lengths, body_present="unknown")
        if status_ == "unknown" and (lengths.full or page.schema.article_body_words >= max(lengths.body, 1)):
            status_ = "soft"
        return Verdict(status_, tuple([*sig.declared_false, *info]))
    if lengths.truncated:
        if lengths.delivered < DECLARED_ARTICLE_MIN_WORDS:
            return Verdict("unknown", tuple(info))
        return Verdict("preview", tuple(info))
    ok, why = _article_like(page, lengths)
    if ok and why is not None:
        return Verdict("free", tuple([why, *sig.declared_free, *info]))
    return Verdict("unknown", tuple([_ev("article.none", "no article found", page.title, "body"), *info]))


def classify(*, status: int | None, headers: Mapping[str, str] | None, html: str | None,
             text: str | None, url: str | None = None, redirect_location: str | None = None) -> Verdict:
    """Classify one capture's access. Never raises on any input: a classifier bug becomes an
    ``unknown`` verdict carrying the error as evidence, so one odd page cannot stop a crawl."""
    try:
        code = _as_int(status) if status is not None else None
        hdrs = _norm_headers(headers)
        if isinstance(html, (bytes, bytearray)):
            html = bytes(html).decode("utf-8", "replace")
        if text is not None and not isinstance(text, str):
            text = str(text)
        is_redirect = code is not None and 300 <= code < 400
        location = redirect_location or (hdrs.get("location") if is_redirect else None)
        verdict = _decide(code, hdrs, html if isinstance(html, str) else None, text,
                          url if isinstance(url, str) else None,
                          location if isinstance(location, str) else None)
        # keep evidence unique and in order
        seen: set[Evidence] = set()
        unique = tuple(e for e in verdict.evidence if not (e in seen or seen.add(e)))
        return Verdict(verdict.status, unique, verdict.blocked)
    except Exception as exc:  # noqa: BLE001 - must never raise on untrusted input
        return Verdict("unknown", (_ev("error", exc.__class__.__name__, str(exc), "classifier"),))
