"""Integrity checks: do the stored bytes still match their provenance rows, and the rows their chain?"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from storage.ledger import GENESIS, link_hash
from storage.models import Capture, Ledger
from storage.warc import payload_stream


@dataclass
class Problem:
    capture_id: int | None
    url: str | None
    kind: str  # missing_file | truncated | altered | mismatch | chain_broken | unchained | ledger
    detail: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Report:
    checked: int = 0
    records_ok: int = 0
    chain_ok: bool = True
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "checked": self.checked, "records_ok": self.records_ok, "chain_ok": self.chain_ok,
                "problems": [p.as_dict() for p in self.problems]}


def _member(fh: io.BufferedReader, offset: int, length: int) -> bytes:
    fh.seek(offset)
    data = fh.read(length)
    if len(data) < length:
        raise EOFError(f"file ends {length - len(data)} bytes before the record does")
    if data[:2] == b"\x1f\x8b":  # one complete gzip member, nothing more, nothing less
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        raw = d.decompress(data)
        if not d.eof:
            raise EOFError("gzip member is cut short")
        if d.unused_data:
            raise ValueError("bytes after the record's gzip member")
        return raw
    return data


def _check_revisit(data_dir: Path, c: Capture, record, original: Capture | None,  # type: ignore[no-untyped-def]
                   handles: dict[str, io.BufferedReader]) -> Problem | None:
    """A revisit stands for an earlier record: it must name it, and that record must hold our payload."""
    if original is None:
        return Problem(c.id, c.url, "mismatch", "revisit record, but the row names no original capture")
    refers = record.rec_headers.get_header("WARC-Refers-To")
    if original.warc_record_id and refers != original.warc_record_id:
        return Problem(c.id, c.url, "mismatch", f"revisit refers to {refers}, the row to {original.warc_record_id}")
    if c.sha256 != original.sha256:
        return Problem(c.id, c.url, "mismatch", "revisit row's sha256 differs from its original's")
    problem = check_record(data_dir, original, handles)
    if problem is not None:
        return Problem(c.id, c.url, problem.kind, f"its original, capture {original.id}: {problem.detail}")
    return None


def check_record(data_dir: Path, c: Capture, handles: dict[str, io.BufferedReader],
                 original: Capture | None = None) -> Problem | None:
    """Re-read the row's record and compare; a revisit row is checked through ``original``."""
    if c.revisit_of_id is not None and original is None:
        original = c.revisit_of
    assert c.warc_file is not None and c.warc_offset is not None and c.warc_length is not None
    path = data_dir / c.warc_file
    try:
        fh = handles.get(c.warc_file)
        if fh is None:
            fh = handles[c.warc_file] = open(path, "rb")  # noqa: SIM115 - closed by the caller
        raw = _member(fh, c.warc_offset, c.warc_length)
    except FileNotFoundError:
        return Problem(c.id, c.url, "missing_file", f"{c.warc_file} does not exist")
    except (EOFError, zlib.error, ValueError, OSError) as exc:
        return Problem(c.id, c.url, "truncated", f"{c.warc_file}@{c.warc_offset}: {exc}")
    try:
        it = ArchiveIterator(io.BytesIO(raw), check_digests=True)
        record = next(iter(it))
        sha, n = hashlib.sha256(), 0
        stream = payload_stream(record)
        while chunk := stream.read(65536):
            sha.update(chunk)
            n += len(chunk)
        record.content_stream().read()
        checker = record.digest_checker
    except Exception as exc:  # noqa: BLE001 - any parse failure means the bytes are not what was written
        return Problem(c.id, c.url, "altered", f"{c.warc_file}@{c.warc_offset}: unreadable record: {exc}")
    if checker is not None and checker.passed is False:
        return Problem(c.id, c.url, "altered", f"{c.warc_file}@{c.warc_offset}: WARC digest mismatch: "
                       + "; ".join(str(p) for p in checker.problems))
    rid = record.rec_headers.get_header("WARC-Record-ID")
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if c.warc_record_id and rid != c.warc_record_id:
        return Problem(c.id, c.url, "mismatch", f"record id {rid} != {c.warc_record_id}")
    if uri != c.url:
        return Problem(c.id, c.url, "mismatch", f"record is for {uri}")
    if record.rec_type == "revisit":
        return _check_revisit(data_dir, c, record, original, handles)
    if sha.hexdigest() != c.sha256 or n != c.length:
        return Problem(c.id, c.url, "altered", f"payload sha256 {sha.hexdigest()} ({n} bytes) != stored {c.sha256} "
                       f"({c.length} bytes)")
    return None


def _captures(session: Session, ids: list[int] | None) -> Iterator[Capture]:
    q = select(Capture).order_by(Capture.id).execution_options(yield_per=500)
    if ids is not None:
        q = q.where(Capture.id.in_(ids))
    yield from session.scalars(q)


def verify(session: Session, data_dir: Path, ids: list[int] | None = None) -> Report:
    """Check records (of ``ids``, or all) and the chain (all rows when ``ids`` is None)."""
    report = Report()
    handles: dict[str, io.BufferedReader] = {}
    try:
        for c in _captures(session, ids):
            report.checked += 1
            if c.warc_file:
                problem = check_record(data_dir, c, handles)
                if problem:
                    report.problems.append(problem)
                else:
                    report.records_ok += 1
    finally:
        for fh in handles.values():
            fh.close()
    chain_problems = check_chain(session, ids)
    report.chain_ok = not chain_problems
    report.problems.extend(chain_problems)
    return report


def check_chain(session: Session, ids: list[int] | None = None) -> list[Problem]:
    """Recompute the chain; with ``ids``, only those rows' links (each against its predecessor)."""
    problems: list[Problem] = []
    if ids is not None:
        for c in session.scalars(select(Capture).where(Capture.id.in_(ids)).order_by(Capture.id)):
            prev = session.scalar(select(Capture.chain_hash).where(Capture.id < c.id).order_by(Capture.id.desc()).limit(1))
            problems += _link(c, prev or GENESIS)
        return problems
    prev = GENESIS
    last: Capture | None = None
    for c in _captures(session, None):
        problems += _link(c, prev)
        prev = c.chain_hash or prev
        last = c
    head = session.get(Ledger, 1)
    if last is not None and (head is None or head.head_hash != last.chain_hash or head.head_capture_id != last.id):
        problems.append(Problem(last.id, last.url, "ledger",
                                "the ledger head does not match the newest capture: rows were deleted or added "
                                "without the ledger"))
    return problems


def _link(c: Capture, prev: str) -> list[Problem]:
    if c.chain_hash is None:
        return [Problem(c.id, c.url, "unchained", "row has no chain hash")]
    if link_hash(prev, c) != c.chain_hash:
        return [Problem(c.id, c.url, "chain_broken",
                        "row does not hash to its stored chain value: this row was edited, or a row before it "
                        "was edited, deleted or reordered")]
    return []
