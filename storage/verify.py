"""Integrity checks: do the stored bytes still match their provenance rows, and the rows their log
(the Merkle log, storage/log_check.py) and, for rows from before it, their old hash chain?"""

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
from storage.log_check import LogSummary, SignatureCheck, check_leaves, check_log
from storage.models import Capture, Ledger
from storage.warc import open_stored, payload_stream, target_uri


@dataclass
class Problem:
    capture_id: int | None
    url: str | None
    kind: str  # missing_file | truncated | corrupt | altered | mismatch | missing_row | chain_broken | ledger
    #          | the log's: unlogged | leaf_mismatch | log | node_cache | tree_head | signature | inconsistent
    detail: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Report:
    checked: int = 0
    records_ok: int = 0
    chain_ok: bool = True
    log: LogSummary | None = None  # with every capture checked (--all)
    log_ok: bool = True
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "checked": self.checked, "records_ok": self.records_ok, "chain_ok": self.chain_ok,
                "log_ok": self.log_ok, "log": self.log.as_dict() if self.log else None,
                "problems": [p.as_dict() for p in self.problems]}


class CorruptMember(ValueError):
    """The bytes are all there but do not inflate to the one gzip member the row points at."""


def _member(fh: io.BufferedReader, offset: int, length: int) -> bytes:
    """The record's bytes, inflated. EOFError: the file ends early (truncated); CorruptMember: a
    CRC or inflate error, or a member that does not end where the row says (corrupt)."""
    fh.seek(offset)
    data = fh.read(length)
    if len(data) < length:
        raise EOFError(f"file ends {length - len(data)} bytes before the record does")
    if data[:2] == b"\x1f\x8b":  # one complete gzip member, nothing more, nothing less
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            raw = d.decompress(data)
        except zlib.error as exc:
            raise CorruptMember(f"gzip data does not inflate: {exc}") from exc
        if not d.eof:
            raise CorruptMember(f"the gzip member does not end within its {length} bytes")
        if d.unused_data:
            raise CorruptMember("bytes after the record's gzip member")
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
            fh = handles[c.warc_file] = open_stored(path)  # closed by the caller
        raw = _member(fh, c.warc_offset, c.warc_length)
    except FileNotFoundError:
        return Problem(c.id, c.url, "missing_file", f"{c.warc_file} does not exist")
    except CorruptMember as exc:
        return Problem(c.id, c.url, "corrupt", f"{c.warc_file}@{c.warc_offset}: {exc}")
    except (EOFError, OSError) as exc:
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
    if record.format == "arc":  # no record id: the file, offset, URL and payload identify it
        if c.warc_record_id:
            return Problem(c.id, c.url, "mismatch", f"an ARC record (no record id) where the row names {c.warc_record_id}")
    elif (rid := record.rec_headers.get_header("WARC-Record-ID")) != c.warc_record_id:
        return Problem(c.id, c.url, "mismatch", f"record id {rid} != {c.warc_record_id}")
    elif c.block_digest and (bd := record.rec_headers.get_header("WARC-Block-Digest")) != c.block_digest:
        return Problem(c.id, c.url, "mismatch", f"record's block digest {bd} != the row's {c.block_digest}")
    uri = target_uri(record)
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


def verify(session: Session, data_dir: Path, ids: list[int] | None = None,
           check_signature: SignatureCheck | None = None) -> Report:
    """Check records (of ``ids``, or all), their leaves and old chain links; with ``ids`` None also
    the whole log: tree, stored tree heads (signatures through ``check_signature``), consistency."""
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
    if ids is None:
        report.log = check_log(session, check_signature)
        log_problems = report.log.problems
    else:
        log_problems = check_leaves(session, ids)[0]
    report.log_ok = not log_problems
    report.problems.extend(Problem(p.capture_id, p.url, p.kind, p.detail) for p in log_problems)
    return report


def check_chain(session: Session, ids: list[int] | None = None) -> list[Problem]:
    """Recompute the old chain over the rows that carry a chain hash (those from before the Merkle
    log; newer rows are leaves instead); with ``ids``, only those rows' links.

    A link that fails where ids skip a number names the missing rows: the row was deleted. (Ids
    may skip numbers without harm, e.g. a PostgreSQL sequence after a rollback: then the link holds.)
    """
    problems: list[Problem] = []
    if ids is not None:
        for c in session.scalars(select(Capture).where(Capture.id.in_(ids), Capture.chain_hash.is_not(None))
                                 .order_by(Capture.id)):
            prev = session.execute(select(Capture.id, Capture.chain_hash).where(Capture.id < c.id,
                                                                                Capture.chain_hash.is_not(None))
                                   .order_by(Capture.id.desc()).limit(1)).first()
            problems += _link(c, prev.chain_hash if prev else None, prev.id if prev else None)
        return problems
    prev: str | None = None
    prev_id: int | None = None
    last: Capture | None = None
    for c in session.scalars(select(Capture).where(Capture.chain_hash.is_not(None)).order_by(Capture.id)
                             .execution_options(yield_per=500)):
        problems += _link(c, prev, prev_id)
        prev, prev_id = c.chain_hash, c.id
        last = c
    head = session.get(Ledger, 1)
    if last is not None and (head is None or head.head_hash != last.chain_hash or head.head_capture_id != last.id):
        if head is not None and head.head_capture_id is not None and head.head_capture_id > last.id:
            problems.append(Problem(head.head_capture_id, None, "missing_row",
                                    f"{_ids(last.id + 1, head.head_capture_id)} missing: the ledger's head is "
                                    f"capture {head.head_capture_id}, the newest row is {last.id}: deleted"))
        else:
            problems.append(Problem(last.id, last.url, "ledger",
                                    "the ledger head does not match the newest capture: rows were deleted or added "
                                    "without the ledger"))
    return problems


def _ids(first: int, last: int) -> str:
    return f"capture {first}" if first == last else f"captures {first}-{last}"


def _link(c: Capture, prev: str | None, prev_id: int | None) -> list[Problem]:
    """``prev``/``prev_id``: the chain hash and id of the row before (None: this is the first row)."""
    if link_hash(prev or GENESIS, c) == c.chain_hash:
        return []
    expected_first = (prev_id or 0) + 1
    if c.id > expected_first:  # a gap, and the row does not link across it: rows were deleted
        missing = _ids(expected_first, c.id - 1)
        after = f"capture {prev_id}" if prev_id is not None else "the start of the chain"
        return [Problem(expected_first, None, "missing_row",
                        f"{missing} missing: deleted (capture {c.id} does not link to {after})"),
                Problem(c.id, c.url, "chain_broken",
                        f"row does not hash to its stored chain value: {missing} before it missing (deleted), "
                        "or this row was edited")]
    return [Problem(c.id, c.url, "chain_broken",
                    "row does not hash to its stored chain value: this row was edited, or a row before it "
                    "was edited, deleted or reordered")]
