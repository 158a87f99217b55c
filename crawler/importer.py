"""Adopting WARC files written by other tools (wget, Heritrix, Browsertrix, pywb) as captures.

One capture per ``response`` or ``resource`` record, with its SHA-256, location and status; the
file is referenced in place (absolute path) or copied into the data dir. Unreadable records are
reported with file and offset and the import goes on with the next file.
"""

from __future__ import annotations

import hashlib
import zlib
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from crawler import __version__
from crawler.provenance import software_versions
from crawler.sources import source_for_url
from storage import ledger
from storage.db import Database
from storage.models import Capture, CrawlRun
from storage.warc import payload_stream


@dataclass
class ImportReport:
    run_id: int
    files: int = 0
    captures: int = 0
    skipped_records: int = 0
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)


def _warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    value = value.strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ", "%Y%m%d%H%M%S"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _stored_path(src: Path, data_dir: Path, copy: bool) -> tuple[Path, str]:
    """(file to read, path to record): relative to the data dir when inside it, else absolute."""
    src = src.resolve()
    if copy:
        dest_dir = data_dir / "warc" / "imported"
        dest_dir.mkdir(parents=True, exist_ok=True)
        dest = dest_dir / src.name
        if dest.exists() and dest.stat().st_size != src.stat().st_size:
            raise FileExistsError(f"{dest} exists and differs from {src}")
        if not dest.exists():
            shutil.copy2(src, dest)
        src = dest
    try:
        return src, str(src.relative_to(data_dir.resolve()))
    except ValueError:
        return src, str(src)


def import_warcs(db: Database, data_dir: Path, files: list[Path], *, copy: bool, command: str) -> ImportReport:
    with db.session() as s:
        run = CrawlRun(command=command, spider="import", software_version=f"provcrawl {__version__}",
                       versions=software_versions(), started_at=datetime.now(UTC), status="running")
        s.add(run)
        s.flush()
        report = ImportReport(run_id=run.id)
    for file in files:
        try:
            path, recorded = _stored_path(Path(file), data_dir, copy)
        except OSError as exc:
            report.problems.append(f"{file}: {exc}")
            continue
        report.files += 1
        _import_file(db, path, recorded, report)
    with db.session() as s:
        run = s.get(CrawlRun, report.run_id)
        assert run is not None
        run.status, run.finished_at, run.finish_reason = "finished", datetime.now(UTC), "finished"
        run.captures_count, run.errors_count = report.captures, len(report.problems)
    return report


def _flush(db: Database, pending: list[Capture], report: ImportReport) -> None:
    """Write a batch; records imported before (same WARC-Record-ID) are reported, not duplicated."""
    if not pending:
        return
    with db.session() as s:
        ids = [c.warc_record_id for c in pending if c.warc_record_id]
        known = set(s.scalars(select(Capture.warc_record_id).where(Capture.warc_record_id.in_(ids)))) if ids else set()
        fresh = []
        for cap in pending:
            if cap.warc_record_id in known:
                report.duplicates += 1
                continue
            known.add(cap.warc_record_id)
            fresh.append(cap)
        ledger.append(s, fresh)
        report.captures += len(fresh)
    pending.clear()


RESYNC = (b"\x1f\x8b\x08", b"WARC/1.", b"\nfiledesc://", b"filedesc://")


def _looks_like_record(fh, at: int) -> bool:  # type: ignore[no-untyped-def]
    fh.seek(at)
    head = fh.read(65536)
    if head.startswith(b"\x1f\x8b\x08"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith((b"WARC/1.", b"filedesc://"))


def _resync(fh, start: int) -> int | None:  # type: ignore[no-untyped-def]
    """The offset of the next real record start (a gzip member or header that parses as one)."""
    window = 1 << 20
    while True:
        fh.seek(start)
        chunk = fh.read(window + 16)
        if not chunk:
            return None
        candidates = sorted({i + (1 if m.startswith(b"\n") else 0) for m in RESYNC
                             for i in _find_all(chunk, m)})
        for i in candidates:
            if _looks_like_record(fh, start + i):
                return start + i
        if len(chunk) <= 16:
            return None
        start += window


def _find_all(data: bytes, needle: bytes) -> list[int]:
    out, i = [], data.find(needle)
    while i >= 0:
        out.append(i)
        i = data.find(needle, i + 1)
    return out


def _report_junk(fh, path: Path, start: int, length: int, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    """warcio counts bytes after a gzip member as part of its record; say where such junk starts."""
    here = fh.tell()
    try:
        fh.seek(start)
        data = fh.read(length)
        if not data.startswith(b"\x1f\x8b"):
            return
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while not d.eof and data:
                d.decompress(data[:65536])
                data = d.unconsumed_tail + data[65536:] if not d.eof else d.unused_data + data[65536:]
        except zlib.error:
            return
        junk = data if d.eof else b""
        if junk.strip():
            at = start + length - len(junk)
            report.problems.append(f"{path}:{at}: {len(junk)} bytes of garbage between records (skipped)")
    finally:
        fh.seek(here)


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"[:200].encode("ascii", "backslashreplace").decode()


def _import_file(db: Database, path: Path, recorded: str, report: ImportReport) -> None:
    """Every readable record becomes a capture; damage is reported with its offset, and reading
    resumes at the next record start after it."""
    pending: list[Capture] = []
    size = path.stat().st_size
    pos = 0
    with open(path, "rb") as fh:
        head = fh.read(65536)
        if head.startswith(b"\x1f\x8b"):
            try:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
            except zlib.error:
                pass
        arc = head.startswith(b"filedesc://")  # ARC files are converted; elsewhere junk must not pass as ARC
        while pos < size:
            fh.seek(pos)
            it = ArchiveIterator(fh, check_digests=False, arc2warc=arc)
            end = pos  # end of the last complete record read in this pass
            try:
                for record in it:
                    _take(record, it, path, recorded, report, pending)
                    start, length = it.get_record_offset(), it.get_record_length()  # absolute offsets
                    end = start + length
                    _report_junk(fh, path, start, length, report)
                    if len(pending) >= 200:
                        _flush(db, pending, report)
                pos = end
                fh.seek(pos)
                if pos >= size or not fh.read(4096).strip():  # record separators and padding are fine
                    break
                problem = f"{path}:{pos}: {size - pos} bytes after the last complete record could not be read"
            except Exception as exc:  # noqa: BLE001 - a damaged file: report where, go on after it
                problem = f"{path}:{end}: unreadable record: {_short(exc)}"
                pos = end
            nxt = _resync(fh, pos + 1)
            if nxt is not None and nxt < size:
                problem += f"; resumed at {nxt}"
            report.problems.append(problem)
            if nxt is None or nxt >= size:
                break
            pos = nxt
    _flush(db, pending, report)


def _take(record, it, path: Path, recorded: str, report: ImportReport,  # type: ignore[no-untyped-def]
          pending: list[Capture]) -> None:
    # NB: warcio's get_record_offset()/get_record_length() read the record to its end,
    # so they may only be asked once its payload has been read.
    if record.rec_type not in ("response", "resource"):
        report.skipped_records += record.rec_type == "revisit"
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url or not url.lower().startswith(("http://", "https://", "ftp://")):
        report.skipped_records += 1  # e.g. wget's own log: metadata://gnu.org/...
        return
    digest, length = hashlib.sha256(), 0
    stream = payload_stream(record)
    while chunk := stream.read(65536):
        digest.update(chunk)
        length += len(chunk)
    http = record.http_headers
    status = None
    ctype = record.rec_headers.get_header("Content-Type")
    location = None
    if http is not None and record.rec_type == "response":
        code = http.get_statuscode()
        status = int(code) if code and code.isdigit() else None
        ctype = http.get_header("Content-Type")
        if status and 300 <= status < 400 and http.get_header("Location"):
            location = urljoin(url, http.get_header("Location"))
    elif record.rec_type == "resource":
        status = 200
    offset = it.get_record_offset()
    declared = record.length - (http.total_len if http is not None and getattr(http, "total_len", 0) else 0)
    chunked = http is not None and "chunked" in (http.get_header("Transfer-Encoding") or "").lower()
    if record.length is not None and not chunked and length < declared:
        report.problems.append(f"{path}:{offset}: truncated record for {url} ({length} of {declared} "
                               "payload bytes); not imported")
        return
    pending.append(Capture(
        run_id=report.run_id, url=url, final_url=location or url,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")), status=status,
        content_type=ctype, sha256=digest.hexdigest(), length=length,
        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"), warc_file=recorded,
        warc_offset=offset, warc_length=it.get_record_length(),
        warc_record_id=record.rec_headers.get_header("WARC-Record-ID"),
        ip_address=record.rec_headers.get_header("WARC-IP-Address"), redirect_location=location,
        source=(src.key if (src := source_for_url(url)) else None), record_type="response",
    ))
