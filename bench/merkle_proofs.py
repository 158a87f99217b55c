"""Proof generation on a large Merkle log (issue 17: prove < 50 ms on 1,000,000 leaves).

Builds the log directly in SQLite (capture rows inserted in bulk, then the real backlog append,
`append_unlogged`, which also fills the subtree cache), then times, each in a fresh session (no
memo): `capture_proof` (what `provcrawl prove --json` runs, minus process start), a tree head
over the whole log, and consistency proofs. Prints times; keep --db to re-run without rebuilding.

    python bench/merkle_proofs.py --leaves 1000000 [--db /tmp/merkle-1m.sqlite] [--samples 50]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import merkle  # noqa: E402
from storage.db import Database  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from storage.merkle_log import LEVELS, append_captures, log_size, rebuild_node_cache, stored_tree  # noqa: E402
from storage.models import Capture, MerkleNode  # noqa: E402


def build(path: Path, leaves: int) -> None:
    db = Database(f"sqlite:///{path}")  # the schema, by the migrations
    db.dispose()
    conn = sqlite3.connect(path)
    t0 = datetime(2026, 1, 1)
    conn.execute("INSERT INTO crawl_run (id, command, software_version, versions, started_at, status, captures_count, "
                 "errors_count, bytes_written) VALUES (1, 'bench', 'bench', '{}', ?, 'finished', 0, 0, 0)",
                 (t0.isoformat(" "),))
    start = time.perf_counter()
    batch = 50_000
    for lo in range(0, leaves, batch):
        rows = [(i + 1, 1, f"https://bench.example/page/{i}", (t0 + timedelta(seconds=i)).isoformat(" ") + ".000000",
                 200, f"{i:064x}", f"sha256:{i:064x}", f"<urn:uuid:{i:032x}>", "warc/bench.warc.gz", i * 1000, 999)
                for i in range(lo, min(leaves, lo + batch))]
        conn.executemany("INSERT INTO capture (id, run_id, url, fetched_at, status, sha256, block_digest, "
                         "warc_record_id, warc_file, warc_offset, warc_length, paywall_status) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'unknown')", rows)
    conn.commit()
    conn.close()
    print(f"inserted {leaves} capture rows in {time.perf_counter() - start:.1f} s")


def append_all(path: Path) -> None:
    """The real backlog append, committed every 100,000 leaves (so an interrupted build resumes)."""
    db = Database(f"sqlite:///{path}")
    start, cpu, n = time.perf_counter(), time.process_time(), 0
    while True:
        with db.session() as s:
            done = log_size(s)
            ids = list(s.scalars(select(Capture.id).where(Capture.id > done).order_by(Capture.id).limit(100_000)))
            if not ids:
                break
            n += append_captures(s, ids)
        print(f"  {done + len(ids)} leaves", flush=True)
    if n:
        print(f"appended {n} leaves (leaf hashes + subtree cache) in {time.perf_counter() - start:.1f} s wall, "
              f"{(time.process_time() - cpu) / n * 1e6:.1f} µs CPU a leaf")
    db.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--leaves", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=None, help="SQLite file (built if absent, reused if present)")
    ap.add_argument("--samples", type=int, default=50)
    args = ap.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="merkle-bench-")) / "provenance.sqlite"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build(path, args.leaves)
    append_all(path)
    from crawler.evidence.tree_heads import capture_proof, record_tree_head

    db = Database(f"sqlite:///{path}")
    with db.session() as s:
        lowest = select(func.count()).select_from(MerkleNode).where(MerkleNode.level == LEVELS[0])
        if s.scalar(lowest) != log_size(s) >> LEVELS[0]:
            start = time.perf_counter()  # a DB built before the cache's levels changed
            print(f"rebuilt the subtree cache: {rebuild_node_cache(s)} rows in {time.perf_counter() - start:.1f} s")
    data_dir = path.parent  # no keys/ here: heads unsigned (signing adds ~0.1 ms)
    with db.session() as s:
        size = log_size(s)
        start = time.perf_counter()
        head = record_tree_head(s, data_dir)
        assert head is not None
        print(f"log of {size} leaves; tree head (root over the whole log, from the cache) in "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")
    rng = random.Random(1)
    times, cpus, checked = [], [], 0
    for _ in range(args.samples):
        cid = rng.randint(1, size)
        with db.session() as s:
            start, cpu = time.perf_counter(), time.process_time()
            proof = capture_proof(s, data_dir, cid)
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        path_ = [bytes.fromhex(h) for h in proof["audit_path"]]
        checked += merkle.verify_inclusion(bytes.fromhex(proof["leaf_hash"]), proof["leaf_index"],
                                           proof["tree_head"]["size"], path_, bytes.fromhex(proof["tree_head"]["root"]))
    assert checked == args.samples, "a proof did not verify"
    ms = sorted(t * 1000 for t in times)
    print(f"prove (capture_proof, {args.samples} random captures, fresh session each): median {statistics.median(ms):.2f} ms, "
          f"p95 {ms[int(len(ms) * 0.95) - 1]:.2f} ms, max {ms[-1]:.2f} ms wall; CPU median "
          f"{statistics.median(cpus) * 1000:.2f} ms; all {checked} audit paths verify")
    ctimes = []
    for _ in range(10):
        size1 = rng.randint(1, size - 1)
        with db.session() as s:
            start = time.perf_counter()
            proof = stored_tree(s).consistency_proof(size1, size)
            ctimes.append((time.perf_counter() - start) * 1000)
    print(f"consistency proof (random old size -> {size}): median {statistics.median(ctimes):.2f} ms, "
          f"max {max(ctimes):.2f} ms")
    db.dispose()
    print(f"database: {path} ({path.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
