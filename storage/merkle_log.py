"""The append-only Merkle log of captures: leaves, batched appends, cached subtrees, tree heads.

Every capture row (responses, revisits, refusals alike) becomes one leaf: the RFC 6962 leaf hash
of :func:`leaf_facts` serialised by :func:`storage.merkle.leaf_data`. Leaves are appended in
batches under a lock on the one ``merkle_log`` row, so their indexes are dense and unique however
many processes append. Perfect aligned subtrees of 2**4, 2**8, 2**12 ... leaves are cached in
``merkle_node`` as they complete (1/15 as many rows as leaves), so each subtree hash a proof needs
is one indexed read of at most 8 rows, whatever the log's size. Tree heads are made here but signed by the caller (storage holds no keys): pass a signer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, delete, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage import merkle
from storage.models import Capture, MerkleLeaf, MerkleLog, MerkleNode, TreeHead

STEP = 4  # a cached level every 4 heights
LEVELS = tuple(range(STEP, 64, STEP))  # cached subtree heights; each built from 2**STEP nodes of the one below
FAN = 1 << STEP
FACT_COLUMNS = (Capture.id, Capture.run_id, Capture.url, Capture.fetched_at, Capture.status, Capture.sha256,
                Capture.block_digest, Capture.warc_record_id, Capture.warc_file, Capture.warc_offset,
                Capture.warc_length, Capture.error)
CHUNK = 5000  # captures per statement when appending a backlog


def leaf_facts(c: Any) -> dict[str, Any]:
    """A capture's immutable facts (SPEC17), from a Capture or a row of FACT_COLUMNS."""
    return {
        "capture_id": c.id, "run_id": c.run_id, "url": c.url, "fetched_at": c.fetched_at.isoformat(),
        "status": c.status, "payload_sha256": c.sha256, "block_digest": c.block_digest,
        "warc_record_id": c.warc_record_id, "warc_file": c.warc_file, "warc_offset": c.warc_offset,
        "warc_length": c.warc_length, "error": c.error,
    }


def capture_leaf_hash(c: Any) -> bytes:
    return merkle.leaf_hash(merkle.leaf_data(leaf_facts(c)))


def head_created(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tree_head_bytes(size: int, root_hex: str, created: datetime) -> bytes:
    """The exact bytes that are signed and timestamped (SPEC17)."""
    import json

    return json.dumps({"size": size, "root": root_hex, "created": head_created(created)},
                      sort_keys=True, separators=(",", ":")).encode()


# -- appending -----------------------------------------------------------------------------
def lock_log(session: Session) -> int:
    """The log's size, with its row locked until the transaction ends (one appender at a time)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # pysqlite starts a transaction at the first write and SQLite ignores FOR UPDATE: a no-op
        # write takes the database's write lock before we read the size.
        session.execute(update(MerkleLog).where(MerkleLog.id == 1).values(size=MerkleLog.size),
                        execution_options={"synchronize_session": False})
    locked = select(MerkleLog.size).where(MerkleLog.id == 1).with_for_update()
    size = session.execute(locked).scalar_one_or_none()
    if size is None:  # a DB made without the migration: writers may race to create the row
        stmt = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(MerkleLog).values(id=1, size=0)
        session.execute(stmt.on_conflict_do_nothing())
        size = session.execute(locked).scalar_one()
    return size


def append_captures(session: Session, capture_ids: Iterable[int]) -> int:
    """Append the leaves of these captures (those not in the log yet), in id order; returns how many.

    Runs in the caller's transaction and holds the log lock until it commits: commit soon."""
    ids = sorted(set(capture_ids))
    if not ids:
        return 0
    size = lock_log(session)
    start = size
    for i in range(0, len(ids), CHUNK):
        q = (select(*FACT_COLUMNS).where(Capture.id.in_(ids[i:i + CHUNK]), ~_has_leaf()).order_by(Capture.id))
        size = _append_rows(session, size, session.execute(q).all())
    return _finish(session, start, size)


def append_unlogged(session: Session) -> int:
    """Append every capture that has no leaf (a crashed batch, or rows from before a migration)."""
    size = lock_log(session)
    if session.scalar(select(func.count()).select_from(Capture)) == size:
        return 0  # every leaf names a distinct existing capture (foreign key, unique): all are logged
    start = size
    last_id = 0
    while True:
        q = (select(*FACT_COLUMNS).where(Capture.id > last_id, ~_has_leaf()).order_by(Capture.id).limit(CHUNK))
        rows = session.execute(q).all()
        if not rows:
            break
        size = _append_rows(session, size, rows)
        last_id = rows[-1].id
    return _finish(session, start, size)


def _has_leaf():  # type: ignore[no-untyped-def]
    return exists().where(MerkleLeaf.capture_id == Capture.id)


def _append_rows(session: Session, size: int, rows: Sequence[Any]) -> int:
    if rows:
        session.execute(insert(MerkleLeaf), [{"idx": size + n, "capture_id": r.id, "leaf_hash": capture_leaf_hash(r).hex()}
                                             for n, r in enumerate(rows)])
    return size + len(rows)


def _finish(session: Session, old: int, new: int) -> int:
    if new != old:
        _cache_nodes(session, old, new)
        session.execute(update(MerkleLog).where(MerkleLog.id == 1).values(size=new),
                        execution_options={"synchronize_session": False})
    return new - old


def _cache_nodes(session: Session, old: int, new: int) -> None:
    """Store the perfect subtrees completed by growing the log from ``old`` to ``new`` leaves."""
    for level in LEVELS:
        first, last = old >> level, new >> level  # blocks [first, last) complete now; those < first were before
        if first == last:
            return  # no block of this level completed, so none of the levels above did either
        rows = []
        for j in range(first, last):
            lo, hi = j << level, (j + 1) << level
            below = _leaves(session, lo, hi) if level == LEVELS[0] else \
                _nodes(session, level - STEP, lo >> (level - STEP), hi >> (level - STEP))
            rows.append({"level": level, "idx": j, "hash": merkle.root(below).hex()})
        session.execute(insert(MerkleNode), rows)


# built once (building a statement costs more CPU than running it): a proof runs ~40 of them
LEAVES = (select(MerkleLeaf.leaf_hash).where(MerkleLeaf.idx >= bindparam("lo"), MerkleLeaf.idx < bindparam("hi"))
          .order_by(MerkleLeaf.idx))
NODES = (select(MerkleNode.hash).where(MerkleNode.level == bindparam("level"), MerkleNode.idx >= bindparam("lo"),
                                       MerkleNode.idx < bindparam("hi")).order_by(MerkleNode.idx))


def _leaves(session: Session, lo: int, hi: int) -> list[bytes]:
    return [bytes.fromhex(h) for h in session.scalars(LEAVES, {"lo": lo, "hi": hi})]


def _nodes(session: Session, level: int, lo: int, hi: int) -> list[bytes]:
    return [bytes.fromhex(h) for h in session.scalars(NODES, {"level": level, "lo": lo, "hi": hi})]


def cached_levels(leaf_hashes: Sequence[bytes]) -> dict[int, list[bytes]]:
    """The node cache that the leaves imply (what ``merkle_node`` must hold), computed in memory."""
    levels: dict[int, list[bytes]] = {}
    below = list(leaf_hashes)
    for level in LEVELS:
        below = [merkle.root(below[j:j + FAN]) for j in range(0, len(below) - FAN + 1, FAN)]
        if not below:
            break
        levels[level] = below
    return levels


def rebuild_node_cache(session: Session) -> int:
    """Recompute ``merkle_node`` from the stored leaves (after `verify` reports ``node_cache``); returns rows."""
    lock_log(session)
    leaves = [bytes.fromhex(h) for h in session.scalars(select(MerkleLeaf.leaf_hash).order_by(MerkleLeaf.idx))]
    session.execute(delete(MerkleNode))
    rows = [{"level": lv, "idx": i, "hash": h.hex()} for lv, hs in cached_levels(leaves).items() for i, h in enumerate(hs)]
    for i in range(0, len(rows), CHUNK):
        session.execute(insert(MerkleNode), rows[i:i + CHUNK])
    return len(rows)


# -- reading the tree ----------------------------------------------------------------------
class Tree:
    """Subtree hashes of a log from its leaves and cached perfect subtrees (RFC 6962 MTH)."""

    def __init__(self, leaves: Callable[[int, int], list[bytes]],
                 nodes: Callable[[int, int, int], list[bytes]]) -> None:
        self._leaves, self._nodes = leaves, nodes
        self._memo: dict[tuple[int, int], bytes] = {}

    def subtree(self, lo: int, hi: int) -> bytes:
        got = self._memo.get((lo, hi))
        if got is not None:
            return got
        n = hi - lo
        if n & (n - 1) == 0 and lo % n == 0:  # a perfect aligned subtree: from the highest cached level in it
            height = n.bit_length() - 1
            level = max((lv for lv in LEVELS if lv <= height), default=0)
            parts = self._leaves(lo, hi) if level == 0 else self._nodes(level, lo >> level, hi >> level)
            if len(parts) != n >> level:
                raise LookupError(f"the log lacks {'leaves' if level == 0 else f'level-{level} nodes'} "
                                  f"for leaves {lo}..{hi - 1}")
            got = merkle.root(parts)
        else:
            k = merkle.split_point(n)
            got = merkle.node_hash(self.subtree(lo, lo + k), self.subtree(lo + k, hi))
        self._memo[(lo, hi)] = got
        return got

    def root(self, size: int) -> bytes:
        return self.subtree(0, size) if size else merkle.EMPTY_ROOT

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        return merkle.inclusion_proof(self.subtree, index, size)

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        return merkle.consistency_proof(self.subtree, size1, size2)


def stored_tree(session: Session) -> Tree:
    """The log as stored (leaves and node cache), read lazily: a proof reads a few hundred hashes."""
    return Tree(lambda lo, hi: _leaves(session, lo, hi), lambda lv, lo, hi: _nodes(session, lv, lo, hi))


def memory_tree(leaf_hashes: Sequence[bytes]) -> Tree:
    levels = cached_levels(leaf_hashes)
    return Tree(lambda lo, hi: list(leaf_hashes[lo:hi]), lambda lv, lo, hi: levels.get(lv, [])[lo:hi])


def log_size(session: Session) -> int:
    return session.scalar(select(MerkleLog.size).where(MerkleLog.id == 1)) or 0


def leaf_of(session: Session, capture_id: int) -> MerkleLeaf | None:
    return session.scalars(select(MerkleLeaf).where(MerkleLeaf.capture_id == capture_id)).first()


# -- tree heads ----------------------------------------------------------------------------
class Signer(Protocol):
    """What signs a tree head (crawler.evidence.keys.ArchiveKey is one); storage holds no keys."""

    algorithm: str

    @property
    def key_id(self) -> str: ...

    def sign(self, data: bytes) -> bytes: ...

    def public_pem(self) -> bytes: ...


def newest_head(session: Session, *, min_size: int = 0) -> TreeHead | None:
    q = select(TreeHead).where(TreeHead.size >= min_size).order_by(TreeHead.id.desc()).limit(1)
    return session.scalars(q).first()


def add_tree_head(session: Session, signer: Signer | None, now: datetime | None = None) -> TreeHead | None:
    """A tree head of the log as it stands, signed when ``signer`` is given (the caller commits).

    Made under the log lock, so stored heads grow in size with their ids. The newest head is
    returned instead of a new one when it already covers the log (and is signed if we can sign).
    None for an empty log."""
    size = lock_log(session)
    if size == 0:
        return None
    last = newest_head(session)
    if last is not None and last.size == size and (signer is None or last.key_id == signer.key_id):
        return last
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    root_hex = stored_tree(session).root(size).hex()
    head = TreeHead(size=size, root=root_hex, created=created)
    if signer is not None:
        head.signature = signer.sign(tree_head_bytes(size, root_hex, created))
        head.key_algorithm, head.key_id = signer.algorithm, signer.key_id
        head.public_key = signer.public_pem().decode("ascii")
    session.add(head)
    session.flush()
    return head
