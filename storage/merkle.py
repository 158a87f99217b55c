"""RFC 6962 (Certificate Transparency) Merkle tree hashing and proofs, as pure functions.

Hashes are raw 32-byte SHA-256 values (``bytes``); callers hex-encode them for JSON. A leaf is
``H(0x00 || data)``, a node ``H(0x01 || left || right)``, and the tree head of n leaves is the
MTH of RFC 6962 §2.1 (split at the largest power of two below n). Proof *generation* takes a
``subtree(lo, hi)`` callable returning MTH(leaves[lo:hi]) so that a store can answer it from cached
subtree hashes (see storage/merkle_log.py) instead of hashing a million leaves; the ``*_of_leaves``
helpers do it from a list. Proof *verification* follows RFC 9162 §2.1.3.2 and §2.1.4.2, which is
what any third-party verifier (e.g. transparency-dev/merkle) does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

Subtree = Callable[[int, int], bytes]

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_data(facts: dict[str, Any]) -> bytes:
    """The canonical bytes of a capture's leaf facts (SPEC17): sorted keys, no spaces, UTF-8."""
    return json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly below n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over leaf hashes (already ``leaf_hash``-ed), bottom-up: O(n) hashes, no recursion."""
    if not leaf_hashes:
        return EMPTY_ROOT
    # Fold perfect subtrees left to right on a stack (as a compact range), then merge right to left.
    stack: list[tuple[int, bytes]] = []  # (height, hash)
    for h in leaf_hashes:
        height, node = 0, h
        while stack and stack[-1][0] == height:
            _, left = stack.pop()
            node, height = node_hash(left, node), height + 1
        stack.append((height, node))
    node = stack.pop()[1]
    while stack:
        node = node_hash(stack.pop()[1], node)
    return node


def subtree_of(leaf_hashes: Sequence[bytes]) -> Subtree:
    return lambda lo, hi: root(leaf_hashes[lo:hi])


def inclusion_proof(subtree: Subtree, index: int, size: int) -> list[bytes]:
    """RFC 6962 §2.1.1 PATH(index, D[0:size]), leaf-side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of {size}")
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:  # walk down, collecting siblings (top first), then reverse
        k = split_point(hi - lo)
        if index < lo + k:
            path.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree(lo, lo + k))
            lo = lo + k
    path.reverse()
    return path


def consistency_proof(subtree: Subtree, size1: int, size2: int) -> list[bytes]:
    """RFC 6962 §2.1.2 PROOF(size1, D[0:size2]); empty when size1 is 0 or equals size2."""
    if not 0 <= size1 <= size2:
        raise ValueError(f"no consistency proof from size {size1} to {size2}")
    if size1 == 0 or size1 == size2:
        return []
    path: list[bytes] = []
    lo, hi, m, complete = 0, size2, size1, True
    while m != hi - lo:  # SUBPROOF(m, D[lo:hi], complete), iteratively; siblings top first
        n = hi - lo
        k = split_point(n)
        if m <= k:
            path.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree(lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        path.append(subtree(lo, hi))
    path.reverse()
    return path


def inclusion_proof_of_leaves(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    return inclusion_proof(subtree_of(leaf_hashes), index, len(leaf_hashes))


def consistency_proof_of_leaves(leaf_hashes: Sequence[bytes], size1: int) -> list[bytes]:
    return consistency_proof(subtree_of(leaf_hashes), size1, len(leaf_hashes))


def root_from_inclusion(leaf: bytes, index: int, size: int, path: Sequence[bytes]) -> bytes | None:
    """RFC 9162 §2.1.3.2: the root the audit path leads to, or None when the path cannot fit."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if len(p) != 32 or sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def verify_inclusion(leaf_hash: bytes, index: int, size: int, path: Sequence[bytes], root: bytes) -> bool:
    """Does ``path`` prove the leaf hash is leaf ``index`` of the tree of ``size`` with ``root``?"""
    got = root_from_inclusion(leaf_hash, index, size, path)
    return got is not None and got == root


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: is the tree (size2, root2) an append-only extension of (size1, root1)?"""
    if not 0 <= size1 <= size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if size1 == 0:
        return not proof
    if not proof or any(len(p) != 32 for p in proof):
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # an exact power of two: the old root is itself a node of the new tree
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == root1 and sr == root2
