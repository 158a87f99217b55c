"""Checking the Merkle log: leaves against their rows, the tree against its stored heads.

Each capture's leaf is recomputed from its row; the tree is rebuilt from the stored leaves; every
stored tree head must match the tree's first ``size`` leaves, carry a valid signature (when signed),
and be consistent (RFC 6962 consistency proof) with the head stored after it. An edit to a row
that also fixes its leaf and signs a fresh head still breaks consistency with every older head:
that is what a head held elsewhere (a bundle, a TSA token) pins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import merkle
from storage.merkle_log import FACT_COLUMNS, cached_levels, capture_leaf_hash, head_created, memory_tree
from storage.models import Capture, MerkleLeaf, MerkleLog, MerkleNode, TreeHead

SignatureCheck = Callable[[bytes, bytes, bytes], bool]  # (public PEM, data, signature) -> ok


@dataclass
class LogProblem:
    capture_id: int | None
    url: str | None
    kind: str  # unlogged | leaf_mismatch | log | node_cache | tree_head | signature | inconsistent
    detail: str


@dataclass
class LogSummary:
    size: int = 0
    root: str = merkle.EMPTY_ROOT.hex()
    tree_heads: int = 0
    signed: int = 0
    timestamped: int = 0
    problems: list[LogProblem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"size": self.size, "root": self.root, "tree_heads": self.tree_heads, "signed": self.signed,
                "timestamped": self.timestamped, "ok": not self.problems}


def _head_name(h: TreeHead) -> str:
    extra = ", signed" if h.signature is not None else ", unsigned"
    if h.tsa_gen_time is not None:
        extra += f", timestamped {h.tsa_gen_time.isoformat()} by {h.tsa_url}"
    return f"tree head #{h.id} (size {h.size}, created {head_created(h.created)}{extra})"


def check_leaves(session: Session, ids: list[int] | None) -> tuple[list[LogProblem], dict[int, int]]:
    """Each capture's leaf recomputed from its row; returns problems and {leaf index: capture id}."""
    problems: list[LogProblem] = []
    q = select(MerkleLeaf.capture_id, MerkleLeaf.idx, MerkleLeaf.leaf_hash)
    if ids is not None:
        q = q.where(MerkleLeaf.capture_id.in_(ids))
    stored = {cid: (idx, h) for cid, idx, h in session.execute(q)}
    rows = select(*FACT_COLUMNS).order_by(Capture.id).execution_options(yield_per=2000)
    if ids is not None:
        rows = rows.where(Capture.id.in_(ids))
    seen: set[int] = set()
    for r in session.execute(rows):
        seen.add(r.id)
        leaf = stored.get(r.id)
        if leaf is None:
            problems.append(LogProblem(r.id, r.url, "unlogged", "not in the Merkle log (a running crawl appends it "
                                       "within its batch; an interrupted one's next run does, or `provcrawl prove`)"))
        elif capture_leaf_hash(r).hex() != leaf[1]:
            problems.append(LogProblem(r.id, r.url, "leaf_mismatch",
                                       f"the row's facts no longer hash to its leaf {leaf[0]}: the row was edited "
                                       "after it was logged"))
    if ids is None:
        for cid, (idx, _) in sorted(stored.items()):
            if cid not in seen:
                problems.append(LogProblem(cid, None, "missing_row", f"capture {cid} missing: its leaf {idx} is in "
                                           "the log, its row is gone (deleted)"))
    return problems, {idx: cid for cid, (idx, _) in stored.items()}


def check_log(session: Session, check_signature: SignatureCheck | None = None) -> LogSummary:
    """The whole log: leaves, tree, node cache, stored heads, signatures, consistency between heads."""
    summary = LogSummary()
    problems, by_index = check_leaves(session, None)
    summary.problems += problems
    leaves: list[bytes] = []
    for n, (idx, h) in enumerate(session.execute(select(MerkleLeaf.idx, MerkleLeaf.leaf_hash).order_by(MerkleLeaf.idx))):
        if idx != n:
            summary.problems.append(LogProblem(by_index.get(idx), None, "log",
                                               f"leaf index {idx} where {n} was due: leaves were deleted or renumbered"))
            break
        leaves.append(bytes.fromhex(h))
    summary.size = len(leaves)
    recorded = session.scalar(select(MerkleLog.size).where(MerkleLog.id == 1))
    if recorded is not None and recorded != len(leaves):
        summary.problems.append(LogProblem(None, None, "log", f"the log records {recorded} leaves, it holds {len(leaves)}"))
    tree = memory_tree(leaves)
    summary.root = tree.root(len(leaves)).hex()
    cached = {(lv, i): h for lv, i, h in session.execute(select(MerkleNode.level, MerkleNode.idx, MerkleNode.hash))}
    expected = {(lv, i): h.hex() for lv, hs in cached_levels(leaves).items() for i, h in enumerate(hs)}
    if cached != expected:
        summary.problems.append(LogProblem(None, None, "node_cache", "cached subtree hashes differ from the leaves' "
                                           "(proofs made from them would not verify)"))
    previous: TreeHead | None = None
    for head in session.scalars(select(TreeHead).order_by(TreeHead.id)):
        summary.tree_heads += 1
        summary.timestamped += head.tsa_response is not None
        _check_head(head, tree, len(leaves), check_signature, summary)
        if previous is not None:
            _check_consistency(previous, head, tree, len(leaves), summary)
        previous = head
    return summary


def _check_head(head: TreeHead, tree: Any, size: int, check_signature: SignatureCheck | None,
                summary: LogSummary) -> None:
    if head.size > size:
        summary.problems.append(LogProblem(None, None, "tree_head", f"{_head_name(head)} counts more leaves than "
                                           f"the log's {size}: leaves were deleted"))
    elif tree.root(head.size).hex() != head.root:
        summary.problems.append(LogProblem(None, None, "tree_head", f"{_head_name(head)} does not match the log's "
                                           f"first {head.size} leaves: they were changed after it was made"))
    if head.signature is not None:
        summary.signed += 1
        ok = check_signature is not None and head.public_key is not None and \
            check_signature(head.public_key.encode("ascii"), head.signed_bytes(), head.signature)
        if not ok:
            summary.problems.append(LogProblem(None, None, "signature", f"{_head_name(head)}: the signature does not "
                                               "verify with its public key"))


def _check_consistency(old: TreeHead, new: TreeHead, tree: Any, size: int, summary: LogSummary) -> None:
    """RFC 6962: is ``new`` an append-only extension of ``old``? The proof comes from today's leaves."""
    if new.size < old.size:
        ok = False
    elif new.size > size:
        return  # reported by _check_head: no proof can be made from the leaves at hand
    else:
        proof = tree.consistency_proof(old.size, new.size)
        ok = merkle.verify_consistency(old.size, new.size, bytes.fromhex(old.root), bytes.fromhex(new.root), proof)
    if not ok:
        summary.problems.append(LogProblem(None, None, "inconsistent",
                                           f"{_head_name(new)} is not consistent with the older {_head_name(old)}: "
                                           "history before it was rewritten"))
