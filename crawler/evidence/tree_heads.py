"""Signed tree heads and inclusion proofs: the crawler-side half of the Merkle log (it holds the key).

``record_tree_head`` is called at the end of a crawl run and by ``prove``; ``capture_proof`` builds
the JSON of ``provcrawl prove`` (SPEC17), which an export bundle carries too.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.evidence.keys import load_archive_key
from storage.merkle_log import add_tree_head, append_captures, head_created, leaf_of, stored_tree
from storage.models import TreeHead


class ProofError(Exception):
    """No proof can be made (one line for the CLI)."""


def record_tree_head(session: Session, data_dir: Path, now: datetime | None = None) -> TreeHead | None:
    """Store (and sign, if the archive has a key) a head of the log as it stands; None for an empty log.

    Reuses the newest head when it already covers the whole log. The caller commits."""
    return add_tree_head(session, load_archive_key(data_dir), now)


def head_dict(head: TreeHead) -> dict[str, Any]:
    """The signed fields (the signed bytes are ``head.signed_bytes()``)."""
    return {"size": head.size, "root": head.root, "created": head_created(head.created)}


def head_bytes(head: dict[str, Any]) -> bytes:
    """The signed bytes of a tree head given as its dict (as in a proof): canonical JSON."""
    return json.dumps({"size": head["size"], "root": head["root"], "created": head["created"]},
                      sort_keys=True, separators=(",", ":")).encode()


def head_for_leaf(session: Session, data_dir: Path, leaf_index: int) -> TreeHead:
    """The earliest head that includes the leaf and carries an RFC 3161 token, signed if one is (the tightest
    "existed by" a stranger can check), else the newest signed head that includes it, else a new
    one (signed when there is a key). A later head without a token never hides an earlier token."""
    covering = select(TreeHead).where(TreeHead.size > leaf_index).order_by(TreeHead.id.desc())
    stamped = select(TreeHead).where(TreeHead.size > leaf_index, TreeHead.tsa_response.is_not(None)).order_by(TreeHead.id)
    # a signed one first; on an archive without a key, an unsigned head's token still binds its bytes
    head = session.scalars(stamped.where(TreeHead.signature.is_not(None)).limit(1)).first() \
        or session.scalars(stamped.limit(1)).first()
    if head is not None:
        return head
    signed = session.scalars(covering.where(TreeHead.signature.is_not(None)).limit(1)).first()
    if signed is not None:
        return signed
    key = load_archive_key(data_dir)
    if key is None:
        unsigned = session.scalars(covering.limit(1)).first()
        if unsigned is not None:
            return unsigned
    head = add_tree_head(session, key)
    assert head is not None and head.size > leaf_index
    return head


def capture_proof(session: Session, data_dir: Path, capture_id: int) -> dict[str, Any]:
    """The inclusion proof of a capture's leaf in a stored tree head (``provcrawl prove --json``)."""
    leaf = leaf_of(session, capture_id)
    if leaf is None:  # a capture still in a running crawl's batch, or left by a crash: log it now
        append_captures(session, [capture_id])
        leaf = leaf_of(session, capture_id)
        if leaf is None:
            raise ProofError(f"capture {capture_id} does not exist")
    head = head_for_leaf(session, data_dir, leaf.idx)
    path = stored_tree(session).inclusion_proof(leaf.idx, head.size)
    timestamp = None
    if head.tsa_response is not None:
        timestamp = {"tsa": head.tsa_url, "gen_time": head.tsa_gen_time.isoformat() if head.tsa_gen_time else None,
                     "token": base64.b64encode(head.tsa_response).decode("ascii")}
    return {
        "capture_id": capture_id, "leaf_hash": leaf.leaf_hash, "leaf_index": leaf.idx,
        "tree_head": head_dict(head),
        "signature": base64.b64encode(head.signature).decode("ascii") if head.signature is not None else None,
        "public_key": head.public_key, "audit_path": [h.hex() for h in path], "timestamp": timestamp,
    }
