"""Text as search sees it: one normal form for stored texts and for the quotes people type.

A quote copied from a PDF, a tweet or a news site differs from the archived page in typography
only: case, curly or straight quotes, «ёлочки», dashes, runs of spaces, `ё` written as `е`, soft
hyphens and other invisible characters. :func:`normalise` erases those differences; :func:`words`
splits the result into the word tokens both search engines index (letters and digits; every other
character separates words), and :func:`passage_spans` finds a quote's words in an original text so
that it can be highlighted where it stands. Pure functions: no database, no Scrapy.
"""

from __future__ import annotations

import re
import unicodedata

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9\u0060\u00b4\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u2039\u203a\u301d\u301e\u301f\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u2e3a\u2e3b\ufe58\ufe63\uff0d\u00ad"


def _invisible() -> list[int]:
    """Format characters (soft hyphen, zero-width spaces and joiners, BOM, direction marks...)."""
    planes = list(range(0x10000)) + list(range(0xE0000, 0xE0080))
    return [cp for cp in planes if unicodedata.category(chr(cp)) == "Cf"]


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {cp: None for cp in _invisible()}
    table[0x034F] = None  # combining grapheme joiner: invisible too, though not Cf
    table.update({ord(c): "'" for c in _SINGLE_QUOTES})
    table.update({ord(c): '"' for c in _DOUBLE_QUOTES})
    table.update({ord(c): "-" for c in _DASHES if c != "\u00ad"})
    table[ord("ё")] = "е"
    table[ord("Ё")] = "е"
    return table


_TABLE = _table()
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what SQLite FTS5 unicode61 calls a token


def normalise(text: str) -> str:
    """Case-folded NFKC text with one kind of quote and dash, `ё` as `е`, invisible characters
    removed and every whitespace run one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # also joins a decomposed е + U+0308 into ё
    return _SPACES.sub(" ", text.casefold().translate(_TABLE)).strip()


def words(text: str) -> list[str]:
    """The word tokens of ``text`` after :func:`normalise` (punctuation never matters to search)."""
    return _WORD.findall(normalise(text))


def word_string(text: str) -> str:
    """The words joined by single spaces: what the indexes store and phrase matching compares."""
    return " ".join(words(text))


def holds_phrase(text_words: str, phrase_words: str) -> bool:
    """Whether a :func:`word_string` contains another as a run of whole words."""
    if not phrase_words:
        return False
    return f" {phrase_words} " in f" {text_words} "


def _normalised_with_origins(text: str) -> tuple[str, list[int]]:
    """:func:`normalise` without the final strip and space collapse, one character cluster (a base
    character and its combining marks) at a time, with the original index of every output character."""
    out: list[str] = []
    origins: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = text[i:j]
        if not piece.isascii():
            piece = unicodedata.normalize("NFKC", piece)
        piece = piece.casefold().translate(_TABLE)
        out.append(piece)
        origins.extend([i] * len(piece))
        i = j
    return "".join(out), origins


def passage_spans(text: str, query: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of ``text`` (the original, as stored) where the query's words occur
    in a row, for highlighting; typography between and around the words does not matter."""
    wanted = words(query)
    if not wanted or not text:
        return []
    norm, origins = _normalised_with_origins(text)
    found = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(norm)]
    tokens = [t for t, _, _ in found]
    k = len(wanted)
    spans: list[tuple[int, int]] = []
    i = 0
    while i + k <= len(tokens):
        if tokens[i:i + k] == wanted:
            start = origins[found[i][1]]
            last = origins[found[i + k - 1][2] - 1]
            end = last + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # keep a word's trailing combining marks inside the highlight
            spans.append((start, end))
            i += k
        else:
            i += 1
    return spans


def word_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Spans of ``text`` where any one of the query's words occurs (ranked word search)."""
    spans: list[tuple[int, int]] = []
    for w in dict.fromkeys(words(query)):
        spans.extend(passage_spans(text, w))
    return sorted(spans)


def snippet(text: str, spans: list[tuple[int, int]], *, width: int = 240) -> str:
    """About ``width`` characters of ``text`` around its first span, cut at spaces, with … where cut."""
    if not text:
        return ""
    start, end = spans[0] if spans else (0, 0)
    room = max(width - (end - start), 0)
    lo = max(start - room // 2, 0)
    hi = min(max(end + room // 2, lo + width), len(text))
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    body = _SPACES.sub(" ", text[lo:hi]).strip()
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")

