"""Scholarly publishers' landing pages: an access box ("Access this article", "Log in via an
institution", "Purchase PDF") in front of a paper whose page carries Highwire ``citation_*`` meta.

The abstract is the paper's summary, not a lead of its body (bench/paywall_set/README.md, "How
scholarly landing pages were labelled"): a page that delivers only the abstract behind the box is
``hard``, one that also delivers sections of the body is ``preview``. So the body length of such a
page leaves out the abstract.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from crawler.analysis.paywall.page import _text_owner, _at_most_words, _el_text, _Page

ACCESS_MAX_WORDS = 25   # an access box's sentence sits in an element this short
# Highwire (Google Scholar) citation_* tags, or Dublin Core with a DOI (Atypon's sites)
_CITATION_META = etree.XPath("//meta[starts-with(@name, 'citation_')]")
_DC_DOI = etree.XPath("//meta[translate(@name, 'DCIDENTFR', 'dcidentfr') = 'dc.identifier' "
                      "and contains(@content, '10.')]")
_ACCESS = re.compile(
    r"^\s*(?:access this (?:article|chapter|content)|get access(?: to (?:this|the full) (?:article|text))?"
    r"|purchase (?:this )?(?:content|article|pdf|access)|buy (?:this )?article(?: pdf)?|article purchase"
    r"|rent this article|log in via (?:an|your) institution|access through your institution"
    r"|sign in with your institutional credentials|full access may be available with your subscription"
    r")\s*[.:!]?\s*$"
    r"|\bthis is a preview of subscription content"
    r"|\bwe need you to provide your credentials before accessing this content", re.I)
_ACCESS_KEYS = ("access", "purchase", "buy", "rent", "institution", "credentials", "preview")
_HEADINGS = etree.XPath("//h1|//h2|//h3|//h4|//h5|//h6")
# an open licence declared for the paper (link rel=license, or a licence/rights meta): open access
_OPEN_LICENCE = etree.XPath("//a[@rel='license']/@href | //link[@rel='license']/@href"
                            " | //meta[contains(translate(@name, 'LICENSRGHT', 'licensrght'), 'licen')"
                            " or contains(translate(@name, 'LICENSRGHT', 'licensrght'), 'rights')]/@content")
_CHROME = frozenset({"header", "nav", "footer"})
_SECTION = re.compile(r"^\s*(?:(?:[ivxlc]+\.|\d+(?:\.\d+)*\.?)\s*\|?\s*)?(?:introduction|background|materials and methods|methods"
                      r"|results|discussion|conclusions?|einleitung|introducci[oó]n|introdu[cç][aã]o)\s*$", re.I)


def is_scholarly(page: _Page) -> bool:
    raw = page.raw
    if "citation_" not in raw and not any(n in raw for n in ("dc.identifier", "DC.identifier", "dc.Identifier",
                                                               "DC.Identifier", "DC.IDENTIFIER")):
        return False
    return len(_CITATION_META(page.doc)[:3]) >= 2 or bool(_DC_DOI(page.doc))


def access_box(page: _Page) -> tuple[str, Any] | None:
    """The first access-box sentence in a short element of a scholarly page, and its element."""
    if not is_scholarly(page):
        return None
    for node in page.body_nodes:
        text = " ".join(str(node).split())
        if not text or len(text) > 200 or not any(k in text.lower() for k in _ACCESS_KEYS):
            continue
        if (m := _ACCESS.search(text)) is None:
            continue
        parent = _text_owner(node)
        if parent is None or not _at_most_words(parent, ACCESS_MAX_WORDS):
            continue
        # a site-wide login link in the header or navigation is not this paper's access box
        if any(a.tag in _CHROME or a.get("role") in ("banner", "navigation") for a in [parent, *parent.iterancestors()]):
            continue
        return m.group(0).strip(), parent
    return None


def open_licence(page: _Page) -> str | None:
    """A Creative Commons (or other open) licence the page declares for the paper."""
    for value in _OPEN_LICENCE(page.doc)[:20]:
        if "creativecommons.org" in str(value).lower() or str(value).strip().upper().startswith("CC BY"):
            return str(value)
    return None


def body_section(page: _Page) -> str | None:
    """A visible heading of the paper's body (Introduction, Methods, Results...): the page delivers
    more than the abstract. Headings in navigation or a table of contents without text under them
    count too, which errs toward ``preview``."""
    for el in _HEADINGS(page.doc)[:200]:
        text = " ".join(_el_text(el).split())
        if text and _SECTION.match(text):
            return text
    return None
