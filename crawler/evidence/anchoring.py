"""Anchoring the log in time: the current tree head, timestamped by an RFC 3161 authority and stored.

Which TSA: ``--tsa URL``, else ``PROVCRAWL_TSA_URL``, else the registry's ``[settings] tsa``;
none is fine (then nothing proves *when* a tree head existed, only that the archive key signed it).
The head is made and committed before the TSA is asked, so appenders never wait on the network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.evidence.keys import load_archive_key
from crawler.evidence.timestamp import Timestamp, request_timestamp

ENV = "PROVCRAWL_TSA_URL"


def tsa_url(option: str | None) -> str | None:
    """The TSA to use: the command line's, the environment's, or the registry's; None for none."""
    if option:
        return option
    if os.environ.get(ENV):
        return os.environ[ENV]
    from crawler.sources import registry_settings

    value = registry_settings().get("tsa")
    return str(value) if value else None


@dataclass(frozen=True)
class StampedHead:
    head_id: int
    size: int
    root: str
    created: str
    signed: bool
    tsa: str
    gen_time: datetime
    new: bool  # False: the head already carried a token from an earlier run

    def as_dict(self) -> dict[str, object]:
        return {"tree_head": {"size": self.size, "root": self.root, "created": self.created},
                "tree_head_id": self.head_id, "signed": self.signed, "tsa": self.tsa,
                "gen_time": self.gen_time.isoformat(), "new_token": self.new}


def stamp_current_head(database, data_dir: Path, tsa: str, timeout: float = 30.0) -> StampedHead | None:  # type: ignore[no-untyped-def]
    """Timestamp the tree head of the log as it stands (made and signed now if needed); None when
    the log is empty. Raises TimestampError when the TSA fails (the head stays, without a token).
    Each ``database.session()`` block is one committed transaction."""
    from storage.merkle_log import add_tree_head, head_created
    from storage.models import TreeHead

    key = load_archive_key(data_dir)
    with database.session() as s:
        head = add_tree_head(s, key)
        if head is None:
            return None
        head_id, data = head.id, head.signed_bytes()
        done = head.tsa_response is not None
        if done:
            assert head.tsa_url is not None and head.tsa_gen_time is not None
            stamp = Timestamp(head.tsa_url, head.tsa_gen_time, head.tsa_response)
    if not done:
        stamp = request_timestamp(tsa, data, timeout=timeout)
        with database.session() as s:
            row = s.get(TreeHead, head_id)
            assert row is not None
            row.tsa_url, row.tsa_gen_time, row.tsa_response = stamp.tsa, stamp.gen_time, stamp.response_der
    with database.session() as s:
        row = s.get(TreeHead, head_id)
        assert row is not None
        return StampedHead(head_id, row.size, row.root, head_created(row.created), row.signature is not None,
                           stamp.tsa, stamp.gen_time, not done)
