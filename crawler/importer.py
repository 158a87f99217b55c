"""Adopting WARC files written by other tools (wget, Heritrix, Browsertrix, pywb) as captures.

One capture per ``response`` or ``resource`` record, with its SHA-256, location and status; the
file is referenced in place (absolute path) or copied into the data dir. Unreadable records are
reported with file and offset and the import goes on with the next file.
"""

from __future__ import annotations

import hashlib
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


def _import_file(db: Database, path: Path, recorded: str, report: ImportReport) -> None:
    offset = 0
    pending: list[Capture] = []
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh, check_digests=False)
            for record in it:
                # NB: warcio's get_record_offset()/get_record_length() read the record to its end,
                # so they may only be asked once its payload has been read.
                if record.rec_type not in ("response", "resource"):
                    report.skipped_records += record.rec_type == "revisit"
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                if not url:
                    report.problems.append(f"{path}:{it.get_record_offset()}: {record.rec_type} record without "
                                           "WARC-Target-URI")
                    continue
                if not url.lower().startswith(("http://", "https://", "ftp://")):
                    report.skipped_records += 1  # e.g. wget's own log: metadata://gnu.org/...
                    continue
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
                pending.append(Capture(
                    run_id=report.run_id, url=url, final_url=location or url,
                    fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")), status=status,
                    content_type=ctype, sha256=digest.hexdigest(), length=length,
                    payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"), warc_file=recorded,
                    warc_offset=offset, warc_length=it.get_record_length(),
                    warc_record_id=record.rec_headers.get_header("WARC-Record-ID"),
                    ip_address=record.rec_headers.get_header("WARC-IP-Address"), redirect_location=location,
                    source=(src.key if (src := source_for_url(url)) else None),
                ))
                if len(pending) >= 200:
                    _flush(db, pending, report)
    except Exception as exc:  # noqa: BLE001 - a damaged file: report where, keep what was read
        report.problems.append(f"{path}:{offset}: unreadable from here on: {exc.__class__.__name__}: {exc}")
    _flush(db, pending, report)
