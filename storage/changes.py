"""What one crawl run changed, URL by URL, against each URL's previous capture.

The facts an alert reports (crawler/orchestration/alerts.py): new articles, edited text with its
diff and the passages it lost, pages gone (404/410), pages newly blocked or newly paywalled. The
text diff is the one `provcrawl diff` prints. Only the capture and extraction rows are read: the
`change`/`text_change` columns the pipeline set when it stored them, and the previous rows.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, selectinload

from storage.models import Capture, Extraction

PAYWALLED = ("hard", "soft", "preview", "registration")
GONE = (404, 410)
KINDS = ("new", "changed", "gone", "blocked", "paywalled")
SIMILAR = 0.6  # a removed line this close to an added one was edited, not removed (difflib ratio)
MAX_PAIRS = 10_000  # line pairs compared for similarity in one replaced block (about half a second)


@dataclass
class UrlChange:
    kind: str  # one of KINDS
    url: str
    capture_id: int
    fetched_at: datetime
    source: str | None
    title: str | None = None
    previous_id: int | None = None
    detail: str | None = None  # gone: the status; blocked: the reason; paywalled: "free -> hard"
    diff: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # passages of the previous text gone from this one


@dataclass
class RunChanges:
    run_id: int
    through_capture_id: int | None  # the newest capture of the run that was looked at
    items: list[UrlChange] = field(default_factory=list)

    def of(self, kind: str) -> list[UrlChange]:
        return [i for i in self.items if i.kind == kind]

    def __bool__(self) -> bool:
        return bool(self.items)


def text_diff(a: Capture, ea: Extraction, b: Capture, eb: Extraction) -> list[str]:
    """The unified diff of two captures' extracted texts (one line a paragraph), headed by capture ids."""
    return list(difflib.unified_diff((ea.text or "").splitlines(), (eb.text or "").splitlines(),
                                     fromfile=f"capture {a.id} {a.fetched_at.isoformat()}",
                                     tofile=f"capture {b.id} {b.fetched_at.isoformat()}", lineterm=""))


def removed_passages(old: str, new: str) -> list[str]:
    """Paragraphs of ``old`` that ``new`` no longer holds, nor holds in an edited form.

    Edited means: in the same replaced block of the line diff, an added line at least SIMILAR to
    it (in a block too big to compare pair by pair, every line that is gone counts).
    """
    old_lines = [line.strip() for line in old.splitlines() if line.strip()]
    new_lines = [line.strip() for line in new.splitlines() if line.strip()]
    kept = set(new_lines)  # a paragraph that moved is not removed
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag not in ("delete", "replace"):
            continue
        added = new_lines[j1:j2]
        compare = (i2 - i1) * len(added) <= MAX_PAIRS
        for line in old_lines[i1:i2]:
            if line in kept or (compare and difflib.get_close_matches(line, added, n=1, cutoff=SIMILAR)):
                continue
            out.append(line)
    return list(dict.fromkeys(out))


def _latest_ok(c: Capture) -> Extraction | None:
    return next((e for e in reversed(c.extractions) if e.status == "ok"), None)


def _page(q: Any) -> Any:
    """Rows that stand for a page as fetched live: no redirect hop, subresource, archive copy or failed fetch."""
    return q.where(Capture.page_capture_id.is_(None), Capture.redirect_location.is_(None),
                   Capture.archive_of.is_(None), Capture.status.is_not(None))


def _previous(session: Session, run_id: int, caps: Iterable[Capture]) -> dict[int, Any]:
    """Per capture id: the newest earlier capture of its URL from another run (light rows), if any."""
    caps = list(caps)
    keys = list({c.url_key for c in caps if c.url_key})
    by_key: dict[str, list[Any]] = {}
    for i in range(0, len(keys), 500):
        q = _page(select(Capture.id, Capture.url_key, Capture.fetched_at, Capture.status, Capture.blocked,
                         Capture.paywall_status)
                  .where(Capture.url_key.in_(keys[i:i + 500]), Capture.run_id != run_id))
        for row in session.execute(q):
            by_key.setdefault(row.url_key, []).append(row)
    out: dict[int, Any] = {}
    for c in caps:
        earlier = [r for r in by_key.get(c.url_key or "", []) if (r.fetched_at, r.id) < (c.fetched_at, c.id)]
        out[c.id] = max(earlier, key=lambda r: (r.fetched_at, r.id)) if earlier else None
    return out


def _titles(session: Session, capture_ids: list[int]) -> dict[int, str | None]:
    """Per capture with text: the title of its newest 'ok' extraction (texts stay unread)."""
    out: dict[int, str | None] = {}
    for i in range(0, len(capture_ids), 500):
        q = (select(Extraction.capture_id, Extraction.title)
             .where(Extraction.capture_id.in_(capture_ids[i:i + 500]), Extraction.status == "ok")
             .order_by(Extraction.id))
        out.update({cid: title for cid, title in session.execute(q)})
    return out


def _text_of(session: Session, capture_id: int) -> Extraction | None:
    q = (select(Extraction).where(Extraction.capture_id == capture_id, Extraction.status == "ok")
         .order_by(Extraction.id.desc()).limit(1))
    return session.scalars(q).first()


def _previous_text(session: Session, c: Capture) -> tuple[Capture, Extraction] | None:
    """The newest earlier capture of the URL with text, as `text_change` was computed against."""
    q = (select(Capture).join(Extraction, Extraction.capture_id == Capture.id)
         .where(Capture.url_key == c.url_key, Capture.id != c.id, Extraction.status == "ok",
                tuple_(Capture.fetched_at, Capture.id) < tuple_(c.fetched_at, c.id))
         .options(selectinload(Capture.extractions))
         .order_by(Capture.fetched_at.desc(), Capture.id.desc()).limit(1))
    prev = session.scalars(q).first()
    e = _latest_ok(prev) if prev is not None else None
    return (prev, e) if prev is not None and e is not None else None


def run_changes(session: Session, run_id: int, *, after_capture_id: int = 0,
                reported: Callable[[str, str | None], bool] = lambda url, source: True) -> RunChanges:
    """What the run's captures (those after ``after_capture_id``) changed, oldest first.

    ``reported(url, source)`` says whether new or edited text of a page is news (a registry
    source's feeds and listings change every run; its articles are what people follow). A URL
    captured twice in the run counts once, as its newest capture.
    """
    q = _page(select(Capture).where(Capture.run_id == run_id, Capture.id > after_capture_id)) \
        .order_by(Capture.fetched_at, Capture.id)
    newest: dict[str, Capture] = {}
    for c in session.scalars(q):
        newest.pop(c.url_key or c.url, None)
        newest[c.url_key or c.url] = c
    caps = sorted(newest.values(), key=lambda c: (c.fetched_at, c.id))
    through = session.scalar(select(Capture.id).where(Capture.run_id == run_id)
                             .order_by(Capture.id.desc()).limit(1))
    out = RunChanges(run_id=run_id, through_capture_id=through)
    previous = _previous(session, run_id, caps)
    titles = _titles(session, [c.id for c in caps if c.text_change in ("new", "changed")])
    for c in caps:
        prev = previous[c.id]
        has_text = c.id in titles

        def item(kind: str, previous_id: int | None = prev.id if prev is not None else None,
                 **kw: Any) -> UrlChange:
            return UrlChange(kind=kind, url=c.url, capture_id=c.id, fetched_at=c.fetched_at, source=c.source,
                             title=titles.get(c.id), previous_id=previous_id, **kw)

        news = has_text and reported(c.url, c.source)
        if news and c.text_change == "new" and prev is None:
            paywalled = c.paywall_status in PAYWALLED
            out.items.append(item("new", detail=f"paywall: {c.paywall_status}" if paywalled else None))
        elif (news and c.text_change == "changed" and (e := _text_of(session, c.id)) is not None
              and (before := _previous_text(session, c)) is not None):
            pc, pe = before
            out.items.append(item("changed", previous_id=pc.id, diff=text_diff(pc, pe, c, e),
                                  removed=removed_passages(pe.text or "", e.text or "")))
        if c.status in GONE and prev is not None and prev.status not in GONE:
            out.items.append(item("gone", detail=str(c.status)))
        if c.blocked and (prev is None or not prev.blocked):
            out.items.append(item("blocked", detail=c.blocked))
        elif (not c.blocked and c.paywall_status in PAYWALLED and prev is not None and not prev.blocked
              and prev.paywall_status not in PAYWALLED):
            out.items.append(item("paywalled", detail=f"{prev.paywall_status} -> {c.paywall_status}"))
    return out
