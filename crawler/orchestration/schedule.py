"""When to crawl: per-source intervals from the registry, one run per source at a time.

`provcrawl crawl --due` does one pass (for cron or a systemd timer); `provcrawl schedule` is a
long-lived loop that runs that pass every so often, each pass in a fresh process (Twisted's
reactor runs once per process). A plain loop does what APScheduler would here, without a
dependency: the schedule is "every N minutes, start what is due".
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.sources import Source
from storage.models import CrawlRun


class AlreadyRunning(Exception):
    """Another process holds this source's lock."""


@contextmanager
def source_lock(data_dir: Path, key: str) -> Iterator[None]:
    """An exclusive, non-blocking lock per source (released when the process ends, even by SIGKILL)."""
    locks = data_dir / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    fd = os.open(locks / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise AlreadyRunning(key) from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def last_started(session: Session, key: str) -> datetime | None:
    """When the source's newest run that got anywhere (finished or interrupted) started."""
    return session.scalar(select(func.max(CrawlRun.started_at))
                          .where(CrawlRun.spider == key, CrawlRun.status.in_(("finished", "interrupted"))))


def due(session: Session, sources: dict[str, Source], now: datetime | None = None) -> list[str]:
    now = now or datetime.now(UTC)
    out = []
    for key, src in sources.items():
        last = last_started(session, key)
        if last is None or last + timedelta(seconds=src.interval_seconds) <= now:
            out.append(key)
    return out
