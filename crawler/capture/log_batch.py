"""Appending a crawl's captures to the Merkle log in batches: one lock and one commit per batch.

Each capture row is committed on its own right after its WARC record is flushed (later steps need
its id); its leaf follows within ``PROVCRAWL_LOG_BATCH_SIZE`` captures or
``PROVCRAWL_LOG_BATCH_SECONDS`` seconds, and at close. A crash loses at most the pending leaves,
never a row or a record: the next run appends every capture without a leaf when it opens.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy.exc import SQLAlchemyError

from storage.db import Database
from storage.merkle_log import append_captures, append_unlogged

logger = logging.getLogger(__name__)


class LogBatcher:
    def __init__(self, db: Database, batch_size: int = 200, batch_seconds: float = 2.0) -> None:
        self.db = db
        self.batch_size = max(1, batch_size)
        self.batch_seconds = batch_seconds
        self.pending: list[int] = []
        self._since: float | None = None

    def recover(self) -> int:
        """Append captures an interrupted process left without a leaf (any process's: all are due)."""
        with self.db.session() as s:
            n = append_unlogged(s)
        if n:
            logger.warning("appended %d captures that an interrupted run left out of the Merkle log", n)
        return n

    def added(self, capture_id: int) -> None:
        if not self.pending:
            self._since = time.monotonic()
        self.pending.append(capture_id)
        if len(self.pending) >= self.batch_size or self.due():
            self.flush()

    def due(self) -> bool:
        return bool(self.pending) and self._since is not None and time.monotonic() - self._since >= self.batch_seconds

    def flush(self) -> int:
        """Append the pending captures' leaves now; on a database error they stay pending (and a
        later flush, or the next run's recovery, appends them)."""
        if not self.pending:
            return 0
        try:
            with self.db.session() as s:
                n = append_captures(s, self.pending)
        except SQLAlchemyError as exc:
            logger.warning("could not append %d captures to the Merkle log yet: %s", len(self.pending),
                           str(exc).splitlines()[0])
            return 0
        self.pending.clear()
        self._since = None
        return n
