"""storage/merkle.py: RFC 6962 known vectors (transparency-dev/merkle's) and properties against a naive tree."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage import merkle

# transparency-dev/merkle testonly/constants.go and proof/verify_test.go (RFC 6962 SHA-256 hasher)
LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                     "606162636465666768696a6b6c6d6e6f")]
ROOTS = [bytes.fromhex(h) for h in (
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
H = bytes.fromhex
INCLUSION = [  # (leaf index, tree size, path)
    (0, 8, [H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]),
    (5, 8, [H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
    (2, 3, [H("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (1, 5, [H("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]),
]
CONSISTENCY = [  # (size1, size2, proof)
    (1, 8, [H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]),
    (6, 8, [H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
    (2, 5, [H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]),
    (6, 7, [H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            H("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
]
HASHES = [merkle.leaf_hash(d) for d in LEAVES]


# -- the naive reference: RFC 6962 §2.1 written out recursively ---------------------------------
def mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = merkle.split_point(len(d))
    return merkle.node_hash(mth(d[:k]), mth(d[k:]))


def path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = merkle.split_point(len(d))
    return path(m, d[:k]) + [mth(d[k:])] if m < k else path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [mth(d)]
    k = merkle.split_point(len(d))
    return subproof(m, d[:k], b) + [mth(d[k:])] if m <= k else subproof(m - k, d[k:], False) + [mth(d[:k])]


def test_known_roots_and_empty_tree() -> None:
    assert merkle.root([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    for n in range(1, 9):
        assert merkle.root(HASHES[:n]) == ROOTS[n - 1]


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION)
def test_known_inclusion_proofs(index: int, size: int, expected: list[bytes]) -> None:
    assert merkle.inclusion_proof_of_leaves(HASHES[:size], index) == expected
    assert merkle.verify_inclusion(HASHES[index], index, size, expected, ROOTS[size - 1])
    # the probes transparency-dev rejects: wrong index, size, leaf, root, garbage, bit flips
    bad = [(index ^ 2, size, HASHES[index], expected, ROOTS[size - 1]),
           (index + 1, size, HASHES[index], expected, ROOTS[size - 1]),
           (index, size * 2, HASHES[index], expected, ROOTS[size - 1]),
           (index, size // 2, HASHES[index], expected, ROOTS[size - 1]),
           (index, size, b"WrongLeaf", expected, ROOTS[size - 1]),
           (index, size, HASHES[index], expected, merkle.EMPTY_ROOT),
           (index, size, HASHES[index], expected + [b""], ROOTS[size - 1]),
           (index, size, HASHES[index], expected + [ROOTS[size - 1]], ROOTS[size - 1]),
           (index, size, HASHES[index], [ROOTS[size - 1]] + expected, ROOTS[size - 1]),
           (index, size, HASHES[index], expected[:-1], ROOTS[size - 1])]
    for i in range(len(expected)):
        flipped = list(expected)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        bad.append((index, size, HASHES[index], flipped, ROOTS[size - 1]))
    for probe in bad:
        assert not merkle.verify_inclusion(probe[2], probe[0], probe[1], probe[3], probe[4]), probe[:2]


@pytest.mark.parametrize(("size1", "size2", "expected"), CONSISTENCY)
def test_known_consistency_proofs(size1: int, size2: int, expected: list[bytes]) -> None:
    assert merkle.consistency_proof_of_leaves(HASHES[:size2], size1) == expected
    r1, r2 = ROOTS[size1 - 1], ROOTS[size2 - 1]
    assert merkle.verify_consistency(size1, size2, r1, r2, expected)
    bad = [(size1 - 1, size2, r1, r2, expected), (size1 + 1, size2, r1, r2, expected),
           (size1 ^ 2, size2, r1, r2, expected), (size1, size2 * 2, r1, r2, expected),
           (size1, size2 // 2, r1, r2, expected), (size1, size2, b"WrongRoot", r2, expected),
           (size1, size2, r1, b"WrongRoot", expected), (size1, size2, r2, r1, expected),
           (size1, size2, r1, r2, []), (size1, size2, r1, r2, expected + [b""]),
           (size1, size2, r1, r2, expected + [r1]), (size1, size2, r1, r2, [r2] + expected),
           (size1, size2, r1, r2, [expected[0]] + expected), (size1, size2, r1, r2, expected[:-1])]
    for i in range(len(expected)):
        flipped = list(expected)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        bad.append((size1, size2, r1, r2, flipped))
    for probe in bad:
        assert not merkle.verify_consistency(*probe), probe[:2]


def test_trivial_consistency() -> None:
    assert merkle.verify_consistency(0, 5, merkle.EMPTY_ROOT, ROOTS[4], [])
    assert merkle.verify_consistency(3, 3, ROOTS[2], ROOTS[2], [])
    assert not merkle.verify_consistency(3, 3, ROOTS[2], ROOTS[3], [])
    assert not merkle.verify_consistency(4, 3, ROOTS[3], ROOTS[2], [])
    assert not merkle.verify_consistency(1, 1, ROOTS[0], ROOTS[0], [ROOTS[0]])


def test_leaf_data_is_canonical_json() -> None:
    facts = {"url": "https://ex.org/é", "capture_id": 3, "status": None}
    assert merkle.leaf_data(facts) == '{"capture_id":3,"status":null,"url":"https://ex.org/é"}'.encode()


sizes = st.integers(min_value=1, max_value=70)


@settings(max_examples=150, deadline=None)
@given(n=sizes, data=st.data())
def test_proofs_match_the_naive_tree(n: int, data: st.DataObject) -> None:
    d = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    assert merkle.root(d) == mth(d)
    m = data.draw(st.integers(0, n - 1))
    p = merkle.inclusion_proof_of_leaves(d, m)
    assert p == path(m, d)
    assert merkle.verify_inclusion(d[m], m, n, p, mth(d))
    if n > 1:
        assert not merkle.verify_inclusion(d[(m + 1) % n], m, n, p, mth(d))
    size1 = data.draw(st.integers(1, n))
    c = merkle.consistency_proof_of_leaves(d, size1)
    assert c == (subproof(size1, d, True) if size1 < n else [])
    assert merkle.verify_consistency(size1, n, mth(d[:size1]), mth(d), c)
    if size1 < n:  # a rewritten leaf inside the old tree breaks consistency with the old root
        forged = list(d)
        forged[data.draw(st.integers(0, size1 - 1))] = merkle.leaf_hash(b"forged")
        assert not merkle.verify_consistency(size1, n, mth(d[:size1]), mth(forged),
                                             merkle.consistency_proof_of_leaves(forged, size1))
