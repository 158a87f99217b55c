"""A browser capture's screenshot, read from its WARC ``resource`` record (``urn:screenshot:URL``).

The row names the record only by id; the record was written after the page's responses, in the
file of the last of them (or the next file, when that one rotated): the search reads those files,
the page's own from its first record on, and the place found is remembered for the server's lifetime.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storage.models import Capture
from storage.warc import open_stored, stored_file_exists

_found: dict[str, tuple[str, int]] = {}  # record id -> (WARC file, offset)


def _scan(path: Path, start: int, record_id: str) -> tuple[int, bytes] | None:
    """(offset, payload) of the record with that id, reading from ``start`` (a record's start) on."""
    try:
        with open_stored(path) as fh:
            fh.seek(start)
            it = ArchiveIterator(fh)
            for record in it:
                if record.rec_headers.get_header("WARC-Record-ID") == record_id:
                    payload = record.content_stream().read()  # before the offset: asking it skips the record
                    return it.get_record_offset(), payload  # the file's offset: warcio asks the file
                record.content_stream().read()
    except (OSError, ArchiveLoadFailed):
        return None
    return None


def read_screenshot(session: Session, data_dir: Path, c: Capture) -> bytes | None:
    """The PNG bytes of the capture's screenshot, or None when it has none (or it cannot be found)."""
    rid = c.screenshot_record_id
    if not rid or not c.warc_file or c.warc_offset is None:
        return None
    if rid in _found:
        name, offset = _found[rid]
        hit = _scan(data_dir / name, offset, rid)
        if hit:
            return hit[1]
    subs = list(session.scalars(select(Capture.warc_file).where(Capture.page_capture_id == c.id,
                                                                Capture.warc_file.is_not(None))
                                .order_by(Capture.id)))
    files = list(dict.fromkeys([c.warc_file, *subs]))
    later = session.scalar(select(Capture.warc_file).where(  # the writer may have rotated to a new file
        Capture.run_id == c.run_id, Capture.id > c.id, Capture.warc_file.is_not(None),
        Capture.warc_file.not_in(files)).order_by(Capture.id).limit(1))
    if later:
        files.append(later)
    for name in reversed(files):
        start = c.warc_offset if name == c.warc_file else 0
        if not stored_file_exists(data_dir / name):
            continue
        hit = _scan(data_dir / name, start, rid)
        if hit:
            _found[rid] = (name, hit[0])
            return hit[1]
    return None
