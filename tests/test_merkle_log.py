"""The Merkle log in the database: batches, cached subtrees, migration of old rows, rewrites caught."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import func, select, update

from crawler.evidence.keys import init_keys, load_archive_key, verify_signature
from crawler.evidence.tree_heads import capture_proof, head_bytes, record_tree_head
from storage import merkle
from storage.db import Database
from storage.log_check import check_log
from storage.merkle_log import (append_captures, append_unlogged, cached_levels, capture_leaf_hash, leaf_facts,
                                stored_tree)
from storage.models import Capture, CrawlRun, MerkleLeaf, MerkleNode, TreeHead
from storage.verify import verify

T0 = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


def add_captures(db: Database, n: int, run_id: int | None = None) -> list[int]:
    with db.session() as s:
        if run_id is None:
            run = CrawlRun(command="test", software_version="t", started_at=T0)
            s.add(run)
            s.flush()
            run_id = run.id
        caps = [Capture(run_id=run_id, url=f"https://example.org/{i}", fetched_at=T0 + timedelta(seconds=i, microseconds=i),
                        status=200 if i % 5 else None, error=None if i % 5 else "timeout",
                        sha256=f"{i:064x}", block_digest=f"sha256:{i:064x}") for i in range(n)]
        s.add_all(caps)
        s.flush()
        return [c.id for c in caps]


def test_batches_fill_the_node_cache_and_proofs_match_the_plain_tree(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite'}")
    ids = add_captures(db, 700)
    rng = random.Random(17)
    at = 0
    while at < len(ids):  # batches of odd sizes, crossing 256-leaf blocks
        n = rng.choice([1, 3, 200, 255, 90])
        with db.session() as s:
            assert append_captures(s, ids[at:at + n]) == len(ids[at:at + n])
        at += n
    with db.session() as s:
        assert append_captures(s, ids[:10]) == 0  # already in: not appended twice
        leaves = [bytes.fromhex(h) for h in s.scalars(select(MerkleLeaf.leaf_hash).order_by(MerkleLeaf.idx))]
        assert leaves[5] == merkle.leaf_hash(merkle.leaf_data(leaf_facts(s.get(Capture, ids[5]))))
        nodes = {(lv, i): h for lv, i, h in s.execute(select(MerkleNode.level, MerkleNode.idx, MerkleNode.hash))}
        expected = {(lv, i): h.hex() for lv, hs in cached_levels(leaves).items() for i, h in enumerate(hs)}
        assert nodes == expected and len(nodes) == 700 // 16 + 700 // 256  # levels 4 and 8
        tree = stored_tree(s)
        for size in (1, 255, 256, 257, 511, 512, 513, 700):
            assert tree.root(size) == merkle.root(leaves[:size])
            for index in {0, size // 2, size - 1}:
                assert tree.inclusion_proof(index, size) == merkle.inclusion_proof_of_leaves(leaves[:size], index)
            for size1 in (1, 200, 256, size):
                if size1 <= size:
                    assert tree.consistency_proof(size1, size) == merkle.consistency_proof_of_leaves(leaves[:size], size1)
        assert check_log(s).problems == []
    db.dispose()


def test_migration_makes_old_rows_the_first_leaves_and_the_old_chain_is_still_checked(tmp_path: Path) -> None:
    from alembic import command

    from storage.db import _alembic_config
    from storage.ledger import GENESIS, link_hash

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = sa.create_engine(url)
    command.upgrade(_alembic_config(engine), "0007")
    old = [dict(id=i, run_id=1, url=f"https://old.example/{i}", fetched_at=T0 + timedelta(minutes=i), status=200,
                sha256=f"{i:064x}", length=i, warc_file=None, warc_offset=None, warc_length=None, warc_record_id=None,
                error=None) for i in range(1, 21)]  # 20: the migration fills a level of the cache too
    head = GENESIS
    with engine.begin() as conn:  # what provcrawl before 0008 wrote: chained rows and the ledger head
        conn.execute(sa.text("INSERT INTO crawl_run (id, command, software_version, versions, started_at, status, "
                             "captures_count, errors_count, bytes_written) VALUES (1, 'old', 'v', '{}', :t, "
                             "'finished', 20, 0, 0)"), {"t": T0.replace(tzinfo=None)})
        for row in old:
            head = link_hash(head, Capture(**row))
            conn.execute(sa.text("INSERT INTO capture (id, run_id, url, fetched_at, status, sha256, length, "
                                 "paywall_status, chain_hash) VALUES (:id, :run_id, :url, :t, :status, :sha256, "
                                 ":length, 'unknown', :h)"),
                         {**row, "t": row["fetched_at"].replace(tzinfo=None), "h": head})
        conn.execute(sa.text("INSERT INTO ledger (id, head_hash, head_capture_id) VALUES (1, :h, 20)"), {"h": head})
    engine.dispose()
    db = Database(url)  # upgrades to 0008
    new = add_captures(db, 2, run_id=1)
    with db.session() as s:
        leaves = list(s.execute(select(MerkleLeaf.idx, MerkleLeaf.capture_id).order_by(MerkleLeaf.idx)))
        assert leaves == [(i - 1, i) for i in range(1, 21)]  # the old rows, in id order
        assert s.scalar(select(func.count()).select_from(MerkleNode)) == 1
        assert append_unlogged(s) == 2
        assert s.scalar(select(MerkleLeaf.capture_id).where(MerkleLeaf.idx == 21)) == new[1]
        assert record_tree_head(s, tmp_path) is not None
    with db.session() as s:
        report = verify(s, tmp_path)
        assert report.ok and report.chain_ok and report.log is not None and report.log.size == 22
    with db.session() as s:  # editing an old row now breaks both its chain link and its leaf
        s.execute(update(Capture).where(Capture.id == 2).values(status=404))
    with db.session() as s:
        kinds = {(p.capture_id, p.kind) for p in verify(s, tmp_path).problems}
    assert kinds == {(2, "chain_broken"), (2, "leaf_mismatch")}
    db.dispose()


def rewrite_and_resign(db: Database, data_dir: Path, capture_id: int, **values: object) -> None:
    """What someone with write access to the DB and the key does: edit a row, fix its leaf, sign anew."""
    with db.session() as s:
        s.execute(update(Capture).where(Capture.id == capture_id).values(**values))
        leaf = capture_leaf_hash(s.get(Capture, capture_id)).hex()
        s.execute(update(MerkleLeaf).where(MerkleLeaf.capture_id == capture_id).values(leaf_hash=leaf))
        s.execute(sa.delete(MerkleNode))
        hashes = [bytes.fromhex(h) for h in s.scalars(select(MerkleLeaf.leaf_hash).order_by(MerkleLeaf.idx))]
        s.add_all(MerkleNode(level=lv, idx=i, hash=h.hex()) for lv, hs in cached_levels(hashes).items()
                  for i, h in enumerate(hs))
    add_captures(db, 1)
    with db.session() as s:
        append_unlogged(s)
        record_tree_head(s, data_dir, T0 + timedelta(days=1))


def test_rewriting_a_row_and_resigning_breaks_consistency_with_the_older_head(tmp_path: Path) -> None:
    init_keys(tmp_path, "ed25519")
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite'}")
    ids = add_captures(db, 300)
    with db.session() as s:
        append_unlogged(s)
        first = record_tree_head(s, tmp_path, T0)
        assert first is not None and first.signature is not None and first.key_algorithm == "ed25519"
        proof = capture_proof(s, tmp_path, ids[7])
    key = load_archive_key(tmp_path)
    assert key is not None and verify_signature(key.public_pem(), head_bytes(proof["tree_head"]),
                                                __import__("base64").b64decode(proof["signature"]))
    assert merkle.verify_inclusion(bytes.fromhex(proof["leaf_hash"]), 7, 300,
                                   [bytes.fromhex(h) for h in proof["audit_path"]], bytes.fromhex(first.root))
    with db.session() as s:
        assert verify(s, tmp_path, check_signature=verify_signature).ok
    rewrite_and_resign(db, tmp_path, ids[7], url="https://example.org/never-published")
    with db.session() as s:
        report = verify(s, tmp_path, check_signature=verify_signature)
        heads = list(s.scalars(select(TreeHead).order_by(TreeHead.id)))
    assert len(heads) == 2 and all(h.signature for h in heads)
    kinds = {p.kind for p in report.problems}
    assert kinds == {"inconsistent", "tree_head"}, report.problems  # the new head and the leaves agree
    (inconsistent,) = [p for p in report.problems if p.kind == "inconsistent"]
    assert f"tree head #{heads[1].id}" in inconsistent.detail and f"older tree head #{heads[0].id}" in inconsistent.detail
    with db.session() as s:  # a forged signature is named too
        s.execute(update(TreeHead).where(TreeHead.id == heads[1].id).values(signature=b"\x00" * 64))
    with db.session() as s:
        assert "signature" in {p.kind for p in verify(s, tmp_path, check_signature=verify_signature).problems}
    db.dispose()


def test_prove_without_a_key_makes_an_unsigned_head_once(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite'}")
    ids = add_captures(db, 5)
    with db.session() as s:  # the capture is not logged yet (a batch still pending): prove logs it
        proof = capture_proof(s, tmp_path, ids[2])
        again = capture_proof(s, tmp_path, ids[2])
        assert s.scalar(select(func.count()).select_from(TreeHead)) == 1
    assert proof == again and proof["signature"] is None and proof["public_key"] is None
    assert proof["timestamp"] is None and proof["leaf_index"] == 0 and proof["tree_head"]["size"] == 1
    db.dispose()


def test_a_proof_uses_the_earliest_timestamped_head_not_a_newer_unstamped_one(tmp_path: Path) -> None:
    """A later run whose TSA was down must not strip the token from an earlier capture's proof."""
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite'}")
    init_keys(tmp_path)
    ids = add_captures(db, 3)
    with db.session() as s:
        append_unlogged(s)
        first = record_tree_head(s, tmp_path)
        assert first is not None
        first.tsa_response, first.tsa_url = b"token-1", "http://127.0.0.1:9/tsa"
        first_id = first.id
    ids += add_captures(db, 2)
    with db.session() as s:
        append_unlogged(s)
        assert record_tree_head(s, tmp_path) is not None  # newer, covers every capture, no token
    with db.session() as s:
        old = capture_proof(s, tmp_path, ids[1])
        new = capture_proof(s, tmp_path, ids[4])
        head = s.get(TreeHead, first_id)
        assert head is not None
    assert old["tree_head"]["size"] == 3 and old["timestamp"]["token"] == "dG9rZW4tMQ=="
    assert old["tree_head"] == head_dict_of(head)
    assert new["tree_head"]["size"] == 5 and new["timestamp"] is None  # only the newer head covers it
    db.dispose()


def head_dict_of(head: TreeHead) -> dict:
    from crawler.evidence.tree_heads import head_dict

    return head_dict(head)


def test_without_a_key_the_earliest_timestamped_head_is_used_too(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite'}")
    ids = add_captures(db, 2)
    with db.session() as s:
        append_unlogged(s)
        first = record_tree_head(s, tmp_path)  # no key: unsigned
        assert first is not None and first.signature is None
        first.tsa_response = b"token-1"
    ids += add_captures(db, 1)
    with db.session() as s:
        append_unlogged(s)
        record_tree_head(s, tmp_path)
    with db.session() as s:
        proof = capture_proof(s, tmp_path, ids[0])
    assert proof["tree_head"]["size"] == 2 and proof["timestamp"]["token"] == "dG9rZW4tMQ=="
    db.dispose()
