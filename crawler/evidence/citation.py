"""Is a quoted passage in a text? Exact after normalisation, else the closest passage and a score.

Normalisation folds what quoting usually changes: Unicode compatibility forms, case, runs of
white space, typographic quotes, apostrophes, dashes and ellipses. Offsets into the normalised
text are mapped back, so the passage shown is the page's own wording.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    # Double quotes go: a quote's own quotation marks, or those inside it, must not decide a match.
    '"': "", "\u201c": "", "\u201d": "", "\u201e": "", "\u201f": "", "\u00ab": "", "\u00bb": "", "\u2033": "",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2026": "...", "\u00ad": "",
})
NEAR_MATCH = 0.85  # below this a "closest passage" is shown but the quote is not found


@dataclass(frozen=True)
class Match:
    found: bool
    exact: bool
    score: float  # 1.0 for an exact (normalised) match
    passage: str | None  # the page's wording of the matched or closest passage
    context: str | None  # the passage with some text around it
    start: int | None = None  # offset in the original text


def normalise(text: str) -> tuple[str, list[int]]:
    """Folded text, and for each of its characters the offset of the original character."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch).translate(FOLD).casefold()
        for f in folded:
            if f.isspace():
                if space or not out:
                    continue
                space = True
                out.append(" ")
            else:
                space = False
                out.append(f)
            index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def _span(text: str, index: list[int], start: int, end: int, pad: int = 160) -> tuple[str, str, int]:
    a, b = index[start], index[min(end, len(index)) - 1] + 1
    ca, cb = max(0, a - pad), min(len(text), b + pad)
    context = ("…" if ca > 0 else "") + text[ca:cb].strip() + ("…" if cb < len(text) else "")
    return text[a:b], re.sub(r"\s+", " ", context), a


def find_quote(text: str | None, quote: str) -> Match:
    if not text or not quote.strip():
        return Match(False, False, 0.0, None, None)
    hay, index = normalise(text)
    needle, _ = normalise(quote)
    if not needle or not hay:  # nothing left to look for (a quote of only quotation marks)
        return Match(False, False, 0.0, None, None)
    pos = hay.find(needle)
    if pos >= 0:
        passage, context, start = _span(text, index, pos, pos + len(needle))
        return Match(True, True, 1.0, passage, context, start)
    return _closest(text, hay, index, needle)


def _closest(text: str, hay: str, index: list[int], needle: str) -> Match:
    """Best window of about the quote's length in words; scored by words, reported by characters."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", hay)]
    qwords = needle.split(" ")
    if not words or not qwords:
        return Match(False, False, 0.0, None, None)
    tokens = [hay[a:b] for a, b in words]
    q = len(qwords)
    lengths = sorted({max(1, q - max(1, q // 10)), q, q + max(1, q // 10)})
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(qwords)
    best = (-1.0, 0, 1)
    for i in range(len(tokens)):
        for n in lengths:
            matcher.set_seq1(tokens[i:i + n])
            if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                continue
            r = matcher.ratio()
            if r > best[0]:
                best = (r, i, min(i + n, len(tokens)))
    _, i, j = best
    a, b = words[i][0], words[j - 1][1]
    score = SequenceMatcher(None, hay[a:b], needle, autojunk=False).ratio()
    passage, context, start = _span(text, index, a, b)
    return Match(score >= NEAR_MATCH, False, round(score, 3), passage, context, start)
