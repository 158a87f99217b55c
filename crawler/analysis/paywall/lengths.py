"""How much body a page delivered: words in its article containers and in the extracted text,
against the word count it declares (JSON-LD ``wordCount``, Substack's post JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.analysis.paywall.page import _containers, _Page, _words
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
    return _Lengths(text_words, html_words, len(separate), declared or None, where)
