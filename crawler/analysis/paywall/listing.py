"""What an undeclared page is by its shape, read only where no markup names an article (so a story's own
related-links box never counts): a list of links to other pages (a section front, a tag archive, search
results, an author page, a day's archive) is no article, however many words its teasers add up to; one
``<article>`` holding the page's headline is one, however short (a short blog post, a brief); of several
long body boxes, the one holding the page's headline is the article when the others beside it are far
shorter (a long comment, an author's bio, the previous post's excerpt). And page 1 of a story split over
pages is no cut, whatever word count the story declares."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from crawler.analysis.paywall.page import _BODY_TEXT, _VISIBLE_TEXT, _containers, _text_owner, _words
from crawler.analysis.paywall.signals import ARTICLE_MIN_WORDS

LISTING_MIN_ITEMS = 6      # at least this many items, each linking its own page from its title
LISTING_SHARE = 0.6        # ... holding this share of the page's main text
TEASER_MAX_WORDS = 80      # ... each (median) a title and summary this short (WordPress: 55 words)
_CHROME = frozenset({"nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _href(a: Any, host: str | None = None) -> str | None:
    """The link's target without its fragment; None for no page, or (given the page's host) for another
    site's page: a list of shop or source links is a listicle's or a round-up's, not a site's own listing."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    if host and href.startswith(("http://", "https://", "//")):
        other = urlsplit(href if not href.startswith("//") else "https:" + href).hostname or ""
        if other.removeprefix("www.") != host.removeprefix("www."):
            return None
    return href.split("#", 1)[0]


def _item(a: Any, href: str) -> Any | None:
    """The largest box around a link that links nowhere else (a card, a list item), if the link is its
    title: its first text, or in (or around) its heading. A link inside a paragraph is no title."""
    item = a
    for parent in a.iterancestors():
        if not isinstance(parent.tag, str) or parent.tag in _CHROME or parent.tag in ("main", "body"):
            break
        if any(_href(x) not in (None, href) for x in parent.iter("a")):
            break
        item = parent
    if item is a:
        return a if a.getparent() is not None and a.getparent().tag in ("li", "dd", "td") else None
    first = next((str(t) for t in _VISIBLE_TEXT(item) if str(t).strip()), "")
    titled = first.strip() and first.strip() in " ".join(_VISIBLE_TEXT(a))
    in_heading = any(x.tag in _HEADINGS for x in [*a.iterancestors()][:3]) or any(
        isinstance(x.tag, str) and x.tag in _HEADINGS for x in a.iter())
    return item if titled or in_heading else None


def link_listing(doc: Any, text_words: int | None, url: str | None = None) -> tuple[int, int] | None:
    """(items, their words) when at least LISTING_MIN_ITEMS title-linked items outside the site's chrome, each
    linking a page of the site itself and (the median) a teaser's length, hold LISTING_SHARE of the visible
    text outside that chrome, and what text lies outside them is too short to be an article
    (ARTICLE_MIN_WORDS); else None."""
    if not text_words:
        return None
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        host = None
    items: dict[int, Any] = {}
    for a in list(doc.iter("a"))[:2000]:
        href = _href(a, host)
        if href is None or _words(" ".join(_VISIBLE_TEXT(a))) < 2:
            continue
        if any(isinstance(x.tag, str) and x.tag in _CHROME for x in a.iterancestors()):
            continue
        if (item := _item(a, href)) is not None:
            items[id(item)] = item
    if len(items) < LISTING_MIN_ITEMS:
        return None
    inside = outside = 0
    for node in _BODY_TEXT(doc):
        if (owner := _text_owner(node)) is None:
            continue
        chain = [owner, *owner.iterancestors()]
        if any(isinstance(x.tag, str) and x.tag in _CHROME for x in chain):
            continue
        if any(id(x) in items for x in chain):
            inside += _words(str(node))
        else:
            outside += _words(str(node))
    outer = [el for el in items.values() if not any(id(x) in items for x in el.iterancestors())]
    if len(outer) < LISTING_MIN_ITEMS or outside >= ARTICLE_MIN_WORDS or inside < LISTING_SHARE * (inside + outside):
        return None
    sizes = sorted(_words(" ".join(_VISIBLE_TEXT(el))) for el in outer)
    if sizes[len(sizes) // 2] > TEASER_MAX_WORDS:
        return None  # a listicle's entries ("10 best kettles", each a heading link and a review), not teasers
    return len(outer), inside


SHORT_ARTICLE_MIN_WORDS = 50  # as DECLARED_ARTICLE_MIN_WORDS: one <article> with its headline is as good as declared


def one_short_article(doc: Any) -> int | None:
    """Words of the page's only ``<article>`` element when it holds the page's only ``<h1>`` and at least
    SHORT_ARTICLE_MIN_WORDS visible words (forms and buttons not counted); else None."""
    articles = doc.xpath("//body//article")
    headings = doc.xpath("//body//h1")
    if len(articles) != 1 or len(headings) != 1 or articles[0] not in headings[0].iterancestors():
        return None
    words = _words(" ".join(_VISIBLE_TEXT(articles[0])))
    return words if words >= SHORT_ARTICLE_MIN_WORDS else None


_NEXT_PAGE = re.compile(r"(?:[?&](?:page|pg|seite|pagina)=2\b|/(?:page|seite|pagina)/2/?$)", re.I)
_PAGE_OF = re.compile(r"^\s*(?:page|seite|página|pagina)\s+1\s*(?:of|von|de|di|sur|/)\s*\d+\s*$", re.I)


def paginated(doc: Any) -> bool:
    """Page 1 of a story split over pages: a ``rel=next`` link (in the head or the body) or a link to its
    second page ("?page=2", "/page/2/"), or a "Page 1 of 3" line. What comes on the next pages is no cut."""
    if doc.xpath("//link[@rel='next'][@href] | //a[@rel='next'][@href]"):
        return True
    if any(_NEXT_PAGE.search(a.get("href") or "") for a in doc.xpath("//body//a[@href]")[:3000]):
        return True
    return any(_PAGE_OF.match(str(t)) for t in doc.xpath("//body//text()[string-length(normalize-space()) < 20]")[:5000])


HEADLINE_BOX_RATIO = 2   # the headline's box at least this many times as long as any other long box beside it


def headline_box(doc: Any) -> int | None:
    """Words of the outermost body container holding the page's only ``<h1>``, when it has at least
    ARTICLE_MIN_WORDS and HEADLINE_BOX_RATIO times the words of every other long container outside it."""
    h1s = doc.xpath("//body//h1")
    if len(h1s) != 1:
        return None
    boxes = _containers(doc)[:100]
    words = {id(b): _words(" ".join(_VISIBLE_TEXT(b))) for b in boxes}
    around = {id(a) for a in h1s[0].iterancestors()}
    main = next((b for b in boxes if id(b) in around and words[id(b)] >= ARTICLE_MIN_WORDS), None)
    if main is None:
        return None
    for b in boxes:
        if b is main or words[id(b)] < ARTICLE_MIN_WORDS or main in b.iterancestors() or b in main.iterancestors():
            continue
        if words[id(main)] < HEADLINE_BOX_RATIO * words[id(b)]:
            return None
    return words[id(main)]
