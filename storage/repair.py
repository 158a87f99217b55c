"""After a crash: close WARC files left `.open` by dead processes, and mark their runs interrupted.

A file is repaired by keeping every complete record (each a whole gzip member that parses as a
WARC record) and cutting what follows the last one: the record that was being written when the
process died. Database rows only ever point at flushed records, so none points at the cut bytes;
`provcrawl verify` confirms it.
"""

from __future__ import annotations

import os
import socket
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import CrawlRun
from storage.warc import OPEN_SUFFIX


@dataclass(frozen=True)
class Repaired:
    file: str  # final name
    kept_bytes: int
    cut_bytes: int
    records: int


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner(name: str) -> tuple[str, int] | None:
    """(host, pid) from an IIPC name: prefix-timestamp-serial-host-pid.warc.gz.open."""
    stem = name[: -len(".warc.gz" + OPEN_SUFFIX)] if name.endswith(".warc.gz" + OPEN_SUFFIX) else None
    if not stem:
        return None
    parts = stem.rsplit("-", 2)
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    return parts[1], int(parts[2])


def is_stale(path: Path) -> bool:
    """An .open file whose writer, on this host, is no longer running."""
    who = owner(path.name)
    if who is None:
        return False
    host, pid = who
    return host == (socket.gethostname().split(".")[0] or "localhost") and not _pid_alive(pid)


def complete_prefix(data: bytes) -> tuple[int, int]:
    """(bytes of whole, well-formed records at the start, how many records)."""
    pos = records = 0
    while pos < len(data):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            raw = d.decompress(data[pos:])
        except zlib.error:
            break
        if not d.eof or not raw.startswith(b"WARC/"):
            break
        head, sep, _ = raw.partition(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), None)
        if not sep or length is None or len(raw) < len(head) + 4 + length:
            break
        pos = len(data) - len(d.unused_data)
        records += 1
    return pos, records


def repair_file(path: Path) -> Repaired:
    data = path.read_bytes()
    keep, records = complete_prefix(data)
    with open(path, "r+b") as fh:
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
    final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    os.replace(path, final)
    return Repaired(final.name, keep, len(data) - keep, records)


def repair_dir(warc_dir: Path) -> list[Repaired]:
    if not warc_dir.is_dir():
        return []
    return [repair_file(p) for p in sorted(warc_dir.glob("*" + OPEN_SUFFIX)) if is_stale(p)]


def mark_dead_runs(session: Session) -> list[int]:
    """Runs still 'running' whose process on this host is gone: they were interrupted."""
    host = socket.gethostname()
    dead = []
    for run in session.scalars(select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.host == host)):
        if run.pid is not None and run.pid != os.getpid() and not _pid_alive(run.pid):
            run.status, run.finish_reason = "interrupted", "process died"
            run.finished_at = run.finished_at or datetime.now(UTC)
            dead.append(run.id)
    return dead


