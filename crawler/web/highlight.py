"""Marking up captured text without trusting it: every piece is escaped first, and only the
``<mark>``/``<ins>``/``<del>`` tags written here are added around the escaped pieces.

Captured titles and texts are hostile input (a page may hold ``<script>`` or ``onerror=`` as
text); the templates autoescape everything else, and these helpers return :class:`Markup` that is
safe because it was built from escaped parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from crawler.analysis.textdiff import Piece


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clipped to the text, sorted, overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted((max(0, a), min(length, b)) for a, b in spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def highlight(text: str | None, spans: Sequence[tuple[int, int]]) -> Markup:
    """``text`` escaped, with each span (offsets into ``text``) wrapped in ``<mark>``."""
    if not text:
        return Markup("")
    parts: list[str] = []
    pos = 0
    for n, (start, end) in enumerate(merge_spans(spans, len(text))):
        parts.append(escape(text[pos:start]))
        parts.append(Markup('<mark id="hit-{}">{}</mark>').format(n + 1, text[start:end]))
        pos = end
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def diff_pieces(pieces: Sequence[Piece], tag: str) -> Markup:
    """One side of a side-by-side row: changed words in ``<del>`` (older) or ``<ins>`` (newer)."""
    return Markup("").join(Markup("<{0}>{1}</{0}>").format(tag, p.text) if p.changed else escape(p.text)
                           for p in pieces)
