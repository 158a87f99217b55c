"""Text differences between two captures: the unified diff `provcrawl diff` prints and the
side-by-side rows the reading room shows, from one place so that both say the same thing."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from storage.models import Capture, Extraction
from storage.changes import text_diff
from storage.queries import captures_of, latest_ok

Tag = Literal["equal", "delete", "insert", "replace"]


class DiffError(LookupError):
    """The captures asked for cannot be compared (not found, or without text)."""


def with_text(session: Session, url: str) -> list[tuple[Capture, Extraction]]:
    """The URL's captures that have extracted text, oldest first, each with its newest text."""
    return [(c, e) for c in captures_of(session, url) if (e := latest_ok(c)) is not None]


def pick_pair(caps: list[tuple[Capture, Extraction]], from_id: int | None, to_id: int | None
              ) -> tuple[tuple[Capture, Extraction], tuple[Capture, Extraction]]:
    """Two of ``caps`` by id; by default the newest and the one before it (`provcrawl diff URL`)."""
    if len(caps) < 2 and (from_id is None or to_id is None):
        raise DiffError("fewer than two captures with text")
    ids = [c.id for c, _ in caps]
    try:
        j = ids.index(to_id) if to_id is not None else len(caps) - 1
        i = ids.index(from_id) if from_id is not None else j - 1
    except ValueError:
        raise DiffError("--from/--to must be ids of captures of this URL that have text") from None
    if i < 0:
        raise DiffError("no earlier capture with text to compare with")
    return caps[i], caps[j]


def capture_text(session: Session, capture_id: int) -> tuple[Capture, Extraction]:
    """One capture and its newest text; a revisit's text is its original's (carried over)."""
    c = session.get(Capture, capture_id)
    if c is None:
        raise DiffError(f"no capture {capture_id}")
    e = latest_ok(c) or (latest_ok(c.revisit_of) if c.revisit_of is not None else None)
    if e is None:
        raise DiffError(f"capture {capture_id} has no extracted text")
    return c, e


def unified(a: Capture, ea: Extraction, b: Capture, eb: Extraction) -> list[str]:
    """The unified diff of two captures' texts, as `provcrawl diff` prints it and alerts send it
    (empty: same text)."""
    return text_diff(a, ea, b, eb)


@dataclass(frozen=True)
class Piece:
    """A run of words in a changed line: ``changed`` when it is not on the other side."""

    text: str
    changed: bool


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view: left (older) and right (newer), either may be absent."""

    tag: Tag
    left_no: int | None
    left: list[Piece]
    right_no: int | None
    right: list[Piece]

    def as_dict(self) -> dict[str, object]:
        left = "".join(p.text for p in self.left) if self.left_no else None
        right = "".join(p.text for p in self.right) if self.right_no else None
        return {"tag": self.tag, "left_line": self.left_no, "left": left,
                "right_line": self.right_no, "right": right}


def _words(left: str, right: str) -> tuple[list[Piece], list[Piece]]:
    """Word-level marks inside a changed line (extracted text has one paragraph a line)."""
    import re

    a, b = re.findall(r"\S+|\s+", left), re.findall(r"\S+|\s+", right)
    lp: list[Piece] = []
    rp: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            lp.append(Piece("".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            rp.append(Piece("".join(b[j1:j2]), tag != "equal"))
    return lp, rp


def side_by_side(old: str, new: str) -> list[Row]:
    """Rows pairing the two texts' lines; changed line pairs carry word-level marks."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                rows.append(Row("equal", i1 + k + 1, [Piece(a[i1 + k], False)],
                                j1 + k + 1, [Piece(b[j1 + k], False)]))
            continue
        n = max(i2 - i1, j2 - j1)
        for k in range(n):
            li, rj = i1 + k, j1 + k
            left_line = a[li] if li < i2 else None
            right_line = b[rj] if rj < j2 else None
            if left_line is not None and right_line is not None:
                lp, rp = _words(left_line, right_line)
                rows.append(Row("replace", li + 1, lp, rj + 1, rp))
            elif left_line is not None:
                rows.append(Row("delete", li + 1, [Piece(left_line, True)], None, []))
            else:
                assert right_line is not None
                rows.append(Row("insert", None, [], rj + 1, [Piece(right_line, True)]))
    return rows
