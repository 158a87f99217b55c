"""Tamper evidence: each capture row carries a hash chained over its facts and its predecessor's.

``chain_hash(n) = sha256(chain_hash(n-1) || canonical JSON of capture n's immutable facts)``;
the newest hash is also kept in the one-row ``ledger`` table. Editing, deleting or reordering a
capture row then breaks the chain at that row (or, for the last row, disagrees with the ledger).

What it proves: the rows were not changed after they were written, *unless* whoever changed
them recomputed every later hash and the ledger too, which anyone with write access can do.
Publish or copy the ledger head elsewhere (e.g. in an exported evidence bundle or a signed
note) to pin history up to that point. It does not prove the fetch itself was honest; the WARC
record and its digests speak for the bytes, and `verify` checks that the two agree.

Covered: id, run, requested URL, fetch time, status, payload SHA-256 and length, WARC file,
offset, length and record id, and the error. Not covered (recomputable, so they may change):
the final URL of a redirect chain, the paywall verdict, source and URL key.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from storage.models import Capture, Ledger

GENESIS = "0" * 64


def capture_facts(c: Capture) -> dict[str, Any]:
    return {
        "id": c.id, "run_id": c.run_id, "url": c.url,
        "fetched_at": c.fetched_at.isoformat() if c.fetched_at else None, "status": c.status,
        "sha256": c.sha256, "length": c.length, "warc_file": c.warc_file, "warc_offset": c.warc_offset,
        "warc_length": c.warc_length, "warc_record_id": c.warc_record_id, "error": c.error,
    }


def link_hash(previous: str, c: Capture) -> str:
    facts = json.dumps(capture_facts(c), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((previous + facts).encode("utf-8")).hexdigest()


def _head(session: Session) -> str:
    """The chain head's hash, with the ledger row locked until the transaction ends."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # pysqlite begins a transaction only at the first write, and SQLite ignores FOR UPDATE:
        # take SQLite's write lock with a no-op write first, so that no other process appends
        # between our read of the head and our commit (which would fork the chain).
        session.execute(update(Ledger).where(Ledger.id == 1).values(head_hash=Ledger.head_hash),
                        execution_options={"synchronize_session": False})
    locked = select(Ledger.head_hash).where(Ledger.id == 1).with_for_update()
    head = session.execute(locked).scalar_one_or_none()
    if head is None:
        # The first capture of a fresh DB: writers may race to create the row; the loser's insert
        # waits for the winner's commit, does nothing, and then reads (and locks) the winner's head.
        values = {"id": 1, "head_hash": GENESIS, "head_capture_id": None}
        if dialect in ("postgresql", "sqlite"):
            dialect_insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
            session.execute(dialect_insert(Ledger).values(**values).on_conflict_do_nothing())
        else:
            session.add(Ledger(**values))
            session.flush()
        head = session.execute(locked).scalar_one()
    return head


def append(session: Session, captures: list[Capture]) -> None:
    """Insert captures and chain them, under the ledger row's lock (one chain, in id order).

    The hash covers the id, known only after the INSERT; the hash and the ledger head are then
    set with plain UPDATEs (a second ORM flush per capture cost more than the statements).
    """
    head = _head(session)
    last_id = None
    for c in captures:
        session.add(c)
        session.flush()  # assigns the id, which the hash covers
        head = link_hash(head, c)
        session.execute(update(Capture).where(Capture.id == c.id).values(chain_hash=head),
                        execution_options={"synchronize_session": False})
        set_committed_value(c, "chain_hash", head)
        last_id = c.id
    if last_id is not None:
        session.execute(update(Ledger).where(Ledger.id == 1).values(head_hash=head, head_capture_id=last_id),
                        execution_options={"synchronize_session": False})
