"""The old tamper evidence, kept to check rows written before the Merkle log (migration 0008).

Captures are now leaves of the Merkle log (storage/merkle_log.py); new rows carry no chain hash.
What follows describes the rows that do, which ``verify`` still checks:

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

from storage.models import Capture

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
