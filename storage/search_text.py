"""Text as search sees it: one normal form for stored texts and for the quotes people type.

A quote copied from a PDF, a tweet or a news site differs from the archived page in typography
only: case, curly or straight quotes, «ёлочки», dashes, runs of spaces, `ё` written as `е`, soft
hyphens and other invisible characters. :func:`normalise` erases those differences; :func:`words`
splits the result into the word tokens both search engines index (letters and digits; every other
character separates words), and :func:`passage_spans` finds a quote's words in an original text so
that it can be highlighted where it stands. Pure functions: no database, no Scrapy.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9\u0060\u00b4\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u2039\u203a\u301d\u301e\u301f\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u2e3a\u2e3b\ufe58\ufe63\uff0d\u00ad"


# the blocks that hold Unicode's format characters (a test checks no other block has one)
_FORMAT_BLOCKS = ((0x00A0, 0x0700), (0x0700, 0x0900), (0x1800, 0x1810), (0x2000, 0x2070), (0xFE00, 0x10000),
                  (0x110B0, 0x110D0), (0x13430, 0x13460), (0x1BCA0, 0x1BCA4), (0x1D170, 0x1D180), (0xE0000, 0xE0080))


def _invisible() -> list[int]:
    """Format characters (soft hyphen, zero-width spaces and joiners, BOM, direction marks...)."""
    return [cp for a, b in _FORMAT_BLOCKS for cp in range(a, b) if unicodedata.category(chr(cp)) == "Cf"]


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


def _token_class() -> str:
    """A regex class of the characters that can be part of a word in stored text: letters and
    digits, the invisible characters :func:`normalise` drops, combining marks, and characters that
    NFKC turns into letters or digits (ligatures, ™, №...)."""
    points = []
    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        if (ch.isalnum() or unicodedata.combining(ch) or _TABLE.get(cp, "") is None
                or any(c.isalnum() for c in unicodedata.normalize("NFKC", ch))):
            points.append(cp)
    ranges, run = [], [points[0], points[0]]
    for cp in points[1:]:
        if cp == run[1] + 1:
            run[1] = cp
        else:
            ranges.append(run)
            run = [cp, cp]
    ranges.append(run)
    return "[0-9A-Za-z" + "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges) + "]+"


@functools.cache
def _raw_token() -> re.Pattern[str]:
    return re.compile(_token_class())  # built on first use: ~0.1 s


def _located_words(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` (as :func:`words` gives them) with the original span each comes from."""
    matches = list(_raw_token().finditer(text))
    norm = _WORD.findall(normalise(text))
    if len(norm) == len(matches) and all(m.group().casefold().translate(_TABLE) == w for m, w in zip(matches, norm)):
        return [(w, m.start(), m.end()) for m, w in zip(matches, norm)]  # the usual case: one word a token
    out = []
    for m in matches:
        token = m.group()
        if token.isascii():
            out.append((token.lower(), m.start(), m.end()))
        else:
            out.extend((w, m.start(), m.end()) for w in _token_words(token))
    return out


@functools.lru_cache(maxsize=100_000)
def _token_words(token: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(normalise(token)))


def passage_spans(text: str, query: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of ``text`` (the original, as stored) where the query's words occur
    in a row, for highlighting; typography between and around the words does not matter."""
    wanted = words(query)
    if not wanted or not text:
        return []
    return _spans(_located_words(text), wanted)


def _spans(found: list[tuple[str, int, int]], wanted: list[str]) -> list[tuple[int, int]]:
    k = len(wanted)
    spans: list[tuple[int, int]] = []
    i = 0
    while i + k <= len(found):
        if found[i][0] == wanted[0] and [w for w, _, _ in found[i:i + k]] == wanted:
            spans.append((found[i][1], found[i + k - 1][2]))
            i += k
        else:
            i += 1
    return spans


def word_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Spans of ``text`` where any one of the query's words occurs (ranked word search)."""
    found = _located_words(text)
    return sorted(span for w in dict.fromkeys(words(query)) for span in _spans(found, [w]))


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

