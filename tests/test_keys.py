"""crawler/evidence/keys.py: the archive key signs tree heads that openssl can check without provcrawl."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from crawler.evidence.keys import ArchiveKeyError, init_keys, key_paths, load_archive_key, verify_signature

HEAD = b'{"created":"2026-12-07T05:00:00Z","root":"' + b"ab" * 32 + b'","size":3}'


@pytest.mark.parametrize("algorithm", ["p384", "p256", "ed25519"])
def test_init_sign_verify(tmp_path: Path, algorithm: str) -> None:
    assert load_archive_key(tmp_path) is None
    private = init_keys(tmp_path, algorithm)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    key = load_archive_key(tmp_path)
    assert key is not None and key.algorithm == algorithm
    sig = key.sign(HEAD)
    if algorithm == "ed25519":
        assert len(sig) == 64
    assert verify_signature(key.public_pem(), HEAD, sig)
    assert key_paths(tmp_path)[1].read_bytes() == key.public_pem()
    assert not verify_signature(key.public_pem(), HEAD.replace(b'"size":3', b'"size":4'), sig)
    assert not verify_signature(key.public_pem(), HEAD, bytes([sig[0] ^ 1]) + sig[1:])
    other = tmp_path / "other"
    init_keys(other, algorithm)
    assert not verify_signature(load_archive_key(other).public_pem(), HEAD, sig)  # type: ignore[union-attr]
    assert not verify_signature(b"not a key", HEAD, sig)
    with pytest.raises(ArchiveKeyError, match="already exists"):
        init_keys(tmp_path, algorithm)
    assert load_archive_key(tmp_path).public_pem() == key.public_pem()  # type: ignore[union-attr]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl")
@pytest.mark.parametrize("algorithm", ["p384", "p256", "ed25519"])
def test_openssl_checks_the_signature(tmp_path: Path, algorithm: str) -> None:
    init_keys(tmp_path, algorithm)
    key = load_archive_key(tmp_path)
    assert key is not None
    (tmp_path / "head.json").write_bytes(HEAD)
    (tmp_path / "head.sig").write_bytes(key.sign(HEAD))
    pub = str(key_paths(tmp_path)[1])
    if algorithm != "ed25519":
        cmd = ["openssl", "dgst", "-sha256", "-verify", pub, "-signature", "head.sig", "head.json"]
    else:
        cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", "head.json",
               "-sigfile", "head.sig"]
    ok = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (tmp_path / "head.json").write_bytes(HEAD.replace(b"ab", b"ac", 1))
    assert subprocess.run(cmd, cwd=tmp_path, capture_output=True).returncode != 0


def test_bad_algorithm_and_bad_file(tmp_path: Path) -> None:
    with pytest.raises(ArchiveKeyError, match="unknown key algorithm"):
        init_keys(tmp_path, "rsa")
    private, _ = key_paths(tmp_path)
    private.parent.mkdir()
    private.write_bytes(b"garbage")
    with pytest.raises(ArchiveKeyError, match="not an unencrypted PEM"):
        load_archive_key(tmp_path)
