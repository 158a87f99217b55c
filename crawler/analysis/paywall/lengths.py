"""How much body a page delivered: words in its article containers and in the extracted text,
against the word count it declares (JSON-LD ``wordCount``, Substack's post JSON)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from crawler.analysis.paywall.page import INLINE_HIDDEN, _containers, _meta_values, _Page, _words
from crawler.analysis.paywall.signals import (_POST_KEY, _WORDCOUNT, ARTICLE_MIN_WORDS, FULL_RATIO, TRUNCATED_RATIO,
                                              _search_key, _Signals)



CONTAINER_MISS_RATIO = 4  # extracted text this many times the container's words: the container is not the body


@dataclass
class _Lengths:
    text_words: int | None
    html_words: int | None
    containers: int          # non-nested article containers with >= ARTICLE_MIN_WORDS words
    declared: int | None
    declared_where: str
    page: _Page | None = field(default=None, repr=False)
    gates: list[Any] = field(default_factory=list, repr=False)

    @property
    def body(self) -> int:
        """Words of the article body: the HTML container when there is one (trafilatura sometimes
        pads a short page with sidebar text), else the extracted text."""
        if self.html_words is not None and not (self.text_words or 0) > CONTAINER_MISS_RATIO * self.html_words:
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

    @cached_property
    def lead(self) -> int:
        """Words of the story's own paragraphs in its containers: not the headline and byline (a
        header), the standfirst (a summary-named element, or the text the page's description repeats),
        a caption, a quote box, nor a wall's box. A short gated page with this many is a cut lead."""
        return lead_words(self.page, self.gates) if self.page is not None else 0


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
    sm = _search_key(_POST_KEY, '"post', page.scripts)
    wm = _search_key(_WORDCOUNT, '"wordcount', page.scripts, sm.start() if sm else 0) \
        or _search_key(_WORDCOUNT, '"wordcount', page.scripts)
    if wm and not declared:
        declared, where = int(wm.group(1)), "script:wordcount"
    return _Lengths(text_words, html_words, len(separate), declared or None, where, page,
                    sig.gate_elements if sig else [])


# a standfirst, teaser or summary above the story, by its (or an ancestor's) class or id
_STANDFIRST = re.compile(r"standfirst|teaser|summary|\bdek\b|\bdeck\b|sub-?title|subhead|\bintro|chap[oô]|sapo"
                         r"|kicker|abstract|strap|excerpt|description|\blead\b|[-_]lead\b|\blead[-_]|lede?[-_]?in",
                         re.I)
_NOT_PROSE = frozenset({"header", "figcaption", "figure", "aside", "nav", "footer", "blockquote", "form", "button"})


def lead_words(page: _Page, gates: list[Any]) -> int:
    """See :attr:`_Lengths.lead`; the largest count over the page's article containers."""
    described = {" ".join(str(v).split()) for key in ("description", "og:description")
                 for v in _meta_values(page.doc, key)} - {""}
    gate_ids = {id(g) for g in gates}
    best = 0
    for container in _containers(page.doc)[:20]:
        n = 0
        for p in container.iter("p"):
            chain = []
            for a in [p, *p.iterancestors()]:
                chain.append(a)
                if a is container:
                    break
            if any(id(a) in gate_ids or a.tag in _NOT_PROSE or INLINE_HIDDEN.search(a.get("style") or "")
                   or _STANDFIRST.search(f"{a.get('class') or ''} {a.get('id') or ''}") for a in chain[:-1]):
                continue
            text = " ".join(" ".join(p.itertext()).split())
            if text and not any(text in d or (len(d) >= 40 and d in text) for d in described):
                n += _words(text)
        best = max(best, n)
    return best
