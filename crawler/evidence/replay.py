"""Replay through pywb: a collection over the data dir's WARCs, served on 127.0.0.1.

pywb is a separate install (its pins clash with ours: an old redis client among them), so
`provcrawl serve` runs its `wayback` program; the collection it builds is plain pywb layout
(`DIR/replay/collections/provcrawl/{archive,indexes}`), usable by any pywb install.

A recrawl answered ``304 Not Modified`` is stored as it was received: a ``revisit`` record with
the WARC 1.1 server-not-modified profile, the 304 status line and headers, and
``WARC-Refers-To*`` naming the response it confirms. Both pywb and ReplayWeb.page serve such a
record's own status line, so a 304 replays as an empty page. The records stay as they are (they
are the evidence); the *replay indexes* we build resolve the 304 instead: pywb's index line for
it points at the confirmed response record (its date stays the 304's), and a WACZ's index lists
only the confirmed response, which ReplayWeb.page then finds as the nearest capture (it refuses
an index line whose date differs from its record's). Old archives replay the same way, unchanged.

A browser that clears a bot challenge fetches the same URL twice, often within one second: the
challenge page, then the page. Index timestamps have whole seconds, so pywb cannot tell them apart
and may replay the challenge (which reloads itself for ever). Its index leaves out a blocked
capture's line when a capture of the same URL in the same second was not blocked; the challenge
stays in the WARC and in the provenance record.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from storage.models import Capture

COLLECTION = "provcrawl"

RecordKey = tuple[str, int]  # (WARC file name as the index names it, offset of the record)


def is_not_modified(c: Capture) -> bool:
    """A 304 answer stored as a revisit of the capture holding the payload."""
    return c.record_type == "revisit" and c.status == 304 and c.revisit_of_id is not None


def _line(line: str) -> tuple[str, dict[str, str]]:
    """A CDXJ line's "urlkey timestamp" prefix and its JSON fields."""
    head, _, fields = line.partition(" {")
    return head, json.loads("{" + fields)


def _key(fields: dict[str, str]) -> RecordKey:
    return fields.get("filename", ""), int(fields.get("offset", -1))


def resolve_not_modified(lines: Iterable[str], confirms: dict[RecordKey, RecordKey]) -> list[str]:
    """pywb: a 304 revisit's line (``confirms``: its record → the response it confirms) now points
    at that response record, keeping the 304's URL and date; ``revisit.*`` fields say where the
    304 record itself is. Lines whose confirmed record is not in the index stay as they are."""
    lines = [ln.rstrip("\n") for ln in lines if ln.strip()]
    by_record: dict[RecordKey, dict[str, str]] = {}
    for ln in lines:
        _, fields = _line(ln)
        by_record[_key(fields)] = fields
    out = []
    for ln in lines:
        head, fields = _line(ln)
        original = by_record.get(confirms.get(_key(fields), ("", -1)))
        if original is not None and fields.get("mime") == "warc/revisit":
            resolved = {"url": fields["url"]}
            resolved.update({k: original[k] for k in ("mime", "status", "digest", "length", "offset", "filename")
                             if k in original})
            resolved.update({f"revisit.{k}": fields[k] for k in ("status", "length", "offset", "filename")
                             if k in fields})
            ln = f"{head} {json.dumps(resolved)}"
        out.append(ln + "\n")
    return out


def without_not_modified(lines: Iterable[str], not_modified: set[RecordKey]) -> list[str]:
    """ReplayWeb.page: the index without the lines of 304 revisits (their records stay in the WARC)."""
    return [ln for ln in lines if ln.strip() and _key(_line(ln)[1]) not in not_modified]


def without_shadowed_challenges(lines: Iterable[str], blocked: set[RecordKey]) -> list[str]:
    """pywb: no line of a ``blocked`` record (a bot challenge) where a line of the same URL and
    second points at a record that was not blocked; a challenge with no such twin stays."""
    lines = [ln for ln in lines if ln.strip()]
    unblocked_at = {_line(ln)[0] for ln in lines if _key(_line(ln)[1]) not in blocked}
    return [ln for ln in lines if _key(_line(ln)[1]) not in blocked or _line(ln)[0] not in unblocked_at]


def _blocked_records(session: Session) -> set[RecordKey]:
    q = select(Capture.warc_file, Capture.warc_offset).where(Capture.blocked.is_not(None),
                                                             Capture.warc_file.is_not(None))
    return {(Path(f).name, off) for f, off in session.execute(q) if off is not None}


def _confirmed_records(session: Session) -> dict[RecordKey, RecordKey]:
    """Every 304 revisit's record → the response record it confirms, by file name and offset."""
    original = aliased(Capture)
    q = (select(Capture.warc_file, Capture.warc_offset, original.warc_file, original.warc_offset)
         .join(original, Capture.revisit_of_id == original.id)
         .where(Capture.record_type == "revisit", Capture.status == 304,
                Capture.warc_file.is_not(None), original.warc_file.is_not(None)))
    return {(Path(f).name, off): (Path(of).name, ooff) for f, off, of, ooff in session.execute(q)
            if off is not None and ooff is not None}


def build_collection(session: Session, data_dir: Path) -> Path:
    """(Re)build DIR/replay: links to every WARC the DB references, and a fresh CDXJ index."""
    from cdxj_indexer.main import write_cdx_index

    root = data_dir / "replay"
    coll = root / "collections" / COLLECTION
    archive, indexes = coll / "archive", coll / "indexes"
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    indexes.mkdir(parents=True, exist_ok=True)
    files = sorted({f for f in session.scalars(select(Capture.warc_file).where(Capture.warc_file.is_not(None)).distinct())
                    if f})
    linked = []
    for f in files:
        src = (data_dir / f).resolve()
        if not src.is_file():
            continue
        link = archive / src.name
        if not link.exists():
            os.symlink(src, link)
            linked.append(str(link))
    index = indexes / "index.cdxj"
    write_cdx_index(str(index), linked, {"sort": True})
    lines = resolve_not_modified(index.read_text(encoding="utf-8").splitlines(), _confirmed_records(session))
    lines = without_shadowed_challenges(lines, _blocked_records(session))
    index.write_text("".join(lines), encoding="utf-8")
    (root / "config.yaml").write_text(
        "# written by provcrawl serve: read-only replay of the data dir's WARCs\n"
        "collections:\n"
        f"  {COLLECTION}:\n"
        "    index_paths: ./collections/provcrawl/indexes/\n"
        "    archive_paths: ./collections/provcrawl/archive/\n"
        "framed_replay: false\n"
        "enable_memento: true\n"
    )
    return root


def find_wayback(explicit: str | None = None) -> str | None:
    for candidate in (explicit, os.environ.get("PROVCRAWL_PYWB"), shutil.which("wayback")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
