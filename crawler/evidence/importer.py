"""Adopting WARC files written by other tools (wget, Heritrix, Browsertrix, pywb) as captures.

One capture per ``response`` or ``resource`` record of a web URL, with its SHA-256, location and
status; the file is referenced in place (absolute path) or copied into the data dir. Unreadable
and truncated records are reported with file and offset and the import goes on after them.

A file whose records cannot be addressed in place is unpacked into ``warc/imported/`` first: a
WACZ bundle (its WARCs, after its ``datapackage.json`` hashes are checked: see crawler/evidence/wacz.py)
and a WARC gzipped as one stream rather than one gzip member per record. ARC records have no
record id: their rows hold none, and they are found and checked by file, offset and payload.
Nothing is recorded (no run row) when nothing is imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import zlib
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from sqlalchemy import exists, select
from warcio.archiveiterator import ArchiveIterator

from crawler import __version__
from crawler.capture.provenance import software_versions
from crawler.sources import source_for_url
from crawler.evidence.gzip_streams import gunzipped_copy, one_gzip_stream
from crawler.evidence.wacz import NotImportable, is_zip, unpack_wacz
from storage.merkle_log import append_captures
from storage.db import Database
from storage.models import Capture, CrawlRun, Extraction
from storage.warc import http_content_length, payload_stream, target_uri

WEB_SCHEMES = ("http://", "https://", "ftp://")
# warcio gives a record that shares its gzip member with the next one no usable length
_SHARED_MEMBER = "a gzip member that runs on past its record, so the record has no offset of its own"
NO_BODY_STATUSES = frozenset({204, 304})  # may carry the Content-Length of a body they do not send


@dataclass
class ImportReport:
    command: str
    run_id: int | None = None  # created with the first capture: an import of nothing leaves no run
    files: int = 0
    captures: int = 0
    skipped_records: int = 0
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # whole files not imported (e.g. a WACZ failing its hashes)
    skipped: list[str] = field(default_factory=list)  # records that are not web captures, per file and URI scheme
    # records imported before whose capture has no extraction yet (an import stopped before its text)
    unextracted: list[int] = field(default_factory=list)


@dataclass
class _FileState:
    """What one file's records tell about each other: responses and their request records."""

    path: Path
    recorded: str
    arc: bool
    records: int = 0
    pending: list[Capture] = field(default_factory=list)
    by_record_id: dict[str, Capture] = field(default_factory=dict)  # pending captures, for a later request
    requests: OrderedDict[str, None] = field(default_factory=OrderedDict)  # recent request record ids
    not_web: Counter[str] = field(default_factory=Counter)
    not_web_example: dict[str, str] = field(default_factory=dict)


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


def _imported_dir(data_dir: Path) -> Path:
    dest_dir = data_dir / "warc" / "imported"
    dest_dir.mkdir(parents=True, exist_ok=True)
    return dest_dir


def _recorded(path: Path, data_dir: Path) -> str:
    """The path a row records: relative to the data dir when inside it, else absolute."""
    try:
        return str(path.relative_to(data_dir.resolve()))
    except ValueError:
        return str(path)


def _stored_path(src: Path, data_dir: Path, copy: bool) -> tuple[Path, bool]:
    """The file to read: in place, or its copy in the data dir; and whether this call made the copy."""
    src = src.resolve()
    made = False
    if copy:
        dest = _imported_dir(data_dir) / src.name
        if dest.exists() and dest.stat().st_size != src.stat().st_size:
            raise FileExistsError(f"{dest} exists and differs from {src}")
        if not dest.exists():
            shutil.copy2(src, dest)
            made = True
        src = dest
    return src, made


def import_warcs(db: Database, data_dir: Path, files: list[Path], *, copy: bool, command: str) -> ImportReport:
    report = ImportReport(command=command)
    try:
        _import_all(db, data_dir, files, copy, report)
    except BaseException:  # Ctrl-C, a dead database: the run keeps what it stored, and says it stopped
        if report.run_id is not None:
            _close_run(db, report, "interrupted")
        raise
    if report.run_id is not None:
        _close_run(db, report, "finished")
    return report


def _close_run(db: Database, report: ImportReport, status: str) -> None:
    with db.session() as s:
        run = s.get(CrawlRun, report.run_id)
        assert run is not None
        run.status, run.finished_at, run.finish_reason = status, datetime.now(UTC), status
        run.captures_count, run.errors_count = report.captures, len(report.problems)


def _import_all(db: Database, data_dir: Path, files: list[Path], copy: bool, report: ImportReport) -> None:
    for file in files:
        made = False
        try:
            if is_zip(Path(file)):
                paths = unpack_wacz(Path(file), _imported_dir(data_dir))
            elif one_gzip_stream(Path(file)):
                paths = [gunzipped_copy(Path(file), _imported_dir(data_dir), report.problems)]
            else:
                path, made = _stored_path(Path(file), data_dir, copy)
                paths = [path]
        except NotImportable as exc:
            report.refused.append(f"{file}: {exc}")
            report.problems.append(f"{file}: {exc}")
            continue
        except OSError as exc:
            report.problems.append(f"{file}: cannot read: {exc.strerror or exc}")
            continue
        report.files += 1
        for path in paths:
            before = report.captures
            _import_file(db, path, _recorded(path, data_dir), report)
            if made and report.captures == before:  # our copy, and no row points into it
                path.unlink(missing_ok=True)


def _flush(db: Database, state: _FileState, report: ImportReport) -> None:
    """Write a batch; records imported before (same WARC-Record-ID; for ARC, same file and offset)
    are reported, not duplicated."""
    pending = state.pending
    if not pending:
        return
    with db.session() as s:
        ids = [c.warc_record_id for c in pending if c.warc_record_id]
        known = set(s.scalars(select(Capture.warc_record_id).where(Capture.warc_record_id.in_(ids)))) if ids else set()
        at = [c.warc_offset for c in pending if not c.warc_record_id]
        known_at = set(s.scalars(select(Capture.warc_offset).where(
            Capture.warc_file == state.recorded, Capture.warc_record_id.is_(None),
            Capture.warc_offset.in_(at)))) if at else set()
        if known:
            report.unextracted += s.scalars(select(Capture.id).where(
                Capture.warc_record_id.in_(known), ~exists().where(Extraction.capture_id == Capture.id)))
        fresh = []
        for cap in pending:
            seen, key = (known, cap.warc_record_id) if cap.warc_record_id else (known_at, cap.warc_offset)
            if key in seen:
                report.duplicates += 1
                continue
            seen.add(key)
            fresh.append(cap)
        if fresh and report.run_id is None:
            run = CrawlRun(command=report.command, spider="import", software_version=f"provcrawl {__version__}",
                           versions=software_versions(), started_at=datetime.now(UTC), status="running")
            s.add(run)
            s.flush()
            report.run_id = run.id
        for cap in fresh:
            cap.run_id = report.run_id  # type: ignore[assignment]
        s.add_all(fresh)
        s.flush()
        append_captures(s, [c.id for c in fresh])  # one batch: the file's records, in one transaction
        report.captures += len(fresh)
    pending.clear()
    state.by_record_id.clear()


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
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        report.problems.append(f"{path}: cannot read: {exc.strerror or exc}")
        return
    problems_before = len(report.problems)
    with fh:
        size = path.stat().st_size
        head = fh.read(65536)
        if head.startswith(b"\x1f\x8b"):
            try:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
            except zlib.error:
                pass
        # ARC files are converted; elsewhere junk must not pass as ARC
        state = _FileState(path, recorded, arc=head.startswith(b"filedesc://"))
        warnings = io.StringIO()  # warcio prints "Record not followed by newline" to stderr: collect them
        with contextlib.redirect_stderr(warnings):
            _read_records(db, fh, size, state, report)
        if lines := [ln.strip() for ln in warnings.getvalue().splitlines() if ln.strip().startswith("Offset:")]:
            report.problems.append(f"{path}: {len(lines)} record(s) not followed by a blank line (their length "
                                   f"may be wrong), first at {lines[0].removeprefix('Offset:').strip()}")
    _flush(db, state, report)
    if state.records == 0 and len(report.problems) == problems_before:
        report.problems.append(f"{path}:0: no WARC or ARC records in it")
    for scheme, n in sorted(state.not_web.items()):
        report.skipped.append(f"{path}: {n} record(s) with a {scheme} URI skipped, not web captures "
                               f"(first: {state.not_web_example[scheme]})")


def _read_records(db: Database, fh, size: int, state: _FileState, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    path = state.path
    pos = 0
    while pos < size:
        fh.seek(pos)
        it = ArchiveIterator(fh, check_digests=True, arc2warc=state.arc)
        end = pos  # end of the last complete record read in this pass
        try:
            for record in it:
                if len(state.pending) >= 200 and record.rec_type != "request":
                    _flush(db, state, report)  # not between a response and its request record
                _take(record, it, state, report)
                start, length = it.get_record_offset(), it.get_record_length()  # absolute offsets
                if length <= 0 or start < end:
                    raise ValueError(_SHARED_MEMBER)
                end = start + length
                _report_junk(fh, path, start, length, report)
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


def _concurrent_to(record) -> list[str]:  # type: ignore[no-untyped-def]
    return [v for k, v in record.rec_headers.headers if k.lower() == "warc-concurrent-to"]


def _note_request(record, state: _FileState) -> None:  # type: ignore[no-untyped-def]
    """Pair request and response records either way round: wget writes the request first and
    names it in the response's WARC-Concurrent-To; Heritrix and pywb write it after, naming the response."""
    rid = record.rec_headers.get_header("WARC-Record-ID")
    if not rid:
        return
    for other in _concurrent_to(record):
        if (cap := state.by_record_id.get(other)) is not None and cap.warc_request_record_id is None:
            cap.warc_request_record_id = rid
    state.requests[rid] = None
    if len(state.requests) > 1000:
        state.requests.popitem(last=False)


def _truncation(record, state: _FileState, length: int, status: int | None) -> str | None:  # type: ignore[no-untyped-def]
    """Why the record holds less than what was received, if it does; None when it is whole."""
    reason = record.rec_headers.get_header("WARC-Truncated")
    if reason is not None:
        return f"marked WARC-Truncated: {reason or 'unspecified'} (the archiving tool kept only part of it)"
    http = record.http_headers
    chunked = http is not None and "chunked" in (http.get_header("Transfer-Encoding") or "").lower()
    if chunked:
        return None
    http_length = http_content_length(http) if record.rec_type == "response" else None
    no_body = status is not None and (status < 200 or status in NO_BODY_STATUSES)
    if http_length is not None and 0 < length < http_length and not no_body:
        return f"{length} of the {http_length} body bytes its HTTP Content-Length announces"
    declared = (record.length or 0) - (http.total_len if http is not None and getattr(http, "total_len", 0) else 0)
    if record.length is not None and length < declared:
        if state.arc and http_length is not None and length >= http_length:
            return None  # the HTTP message is whole; the ARC length counts header bytes the file lacks
        return f"{length} of {declared} payload bytes"
    return None


def _take(record, it, state: _FileState, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    # NB: warcio's get_record_offset()/get_record_length() read the record to its end,
    # so they may only be asked once its payload has been read.
    if record.format == "arc" and not state.arc:
        raise ValueError("not a WARC record (a line that only looks like an ARC header, in a file that is not ARC)")
    state.records += 1
    if record.rec_type == "request":
        _note_request(record, state)
        return
    if record.rec_type not in ("response", "resource"):
        report.skipped_records += record.rec_type == "revisit"
        return
    url = target_uri(record)
    if not url or not url.lower().startswith(WEB_SCHEMES):
        report.skipped_records += 1  # e.g. wget's own log: metadata://gnu.org/...; Heritrix's dns:
        scheme = (url or "").split(":", 1)[0].lower() + ":" if url and ":" in url else "missing"
        state.not_web[scheme] += 1
        state.not_web_example.setdefault(scheme, f"{url} at {it.get_record_offset()}")
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
    offset = it.get_record_offset()  # reads the record to its end: the digests are complete
    if it.get_record_length() <= 0:
        raise ValueError(_SHARED_MEMBER)
    if (why := _truncation(record, state, length, status)) is not None:
        report.problems.append(f"{state.path}:{offset}: truncated record for {url}: {why}; not imported")
        return
    if record.digest_checker is not None and record.digest_checker.passed is False:
        report.problems.append(f"{state.path}:{offset}: corrupt record for {url}: its bytes do not match its own "
                               f"WARC digests ({'; '.join(map(str, record.digest_checker.problems))}); not imported")
        return
    record_id = None if state.arc else record.rec_headers.get_header("WARC-Record-ID")  # ARC has none
    request_id = next((r for r in _concurrent_to(record) if r in state.requests), None)
    cap = Capture(
        url=url, final_url=location or url,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")), status=status,
        content_type=ctype, sha256=digest.hexdigest(), length=length,
        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"), warc_file=state.recorded,
        block_digest=record.rec_headers.get_header("WARC-Block-Digest"),
        warc_offset=offset, warc_length=it.get_record_length(),
        warc_record_id=record_id, warc_request_record_id=request_id,
        ip_address=record.rec_headers.get_header("WARC-IP-Address"), redirect_location=location,
        source=(src.key if (src := source_for_url(url)) else None), record_type="response",
    )
    state.pending.append(cap)
    if record_id:
        state.by_record_id[record_id] = cap
