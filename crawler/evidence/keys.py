"""The archive's signing key: it signs tree heads, so a copy of a head can be checked off-line.

ECDSA P-384 by default: ArchiveWeb.page signs WACZ files anonymously with P-384 keys and
ReplayWeb.page verifies anonymous signatures only on that curve, and ``openssl dgst -sha256 -verify``
checks its DER signatures. P-256 and Ed25519 on request (raw 64-byte signatures, ``openssl pkeyutl
-verify -rawin``). Files: <data-dir>/keys/archive-key.pem (PKCS#8, mode 0600) and
archive-key.pub.pem (SubjectPublicKeyInfo). Storage never sees the private key.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

ALGORITHMS = ("p384", "p256", "ed25519")
CURVES = {"p384": ec.SECP384R1, "p256": ec.SECP256R1}
PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


class ArchiveKeyError(Exception):
    """The archive key cannot be created or read (one-line message for the CLI)."""


def key_paths(data_dir: Path) -> tuple[Path, Path]:
    d = Path(data_dir) / "keys"
    return d / "archive-key.pem", d / "archive-key.pub.pem"


def _public_pem(key: PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(public_pem: bytes) -> str:
    """SHA-256 of the DER SubjectPublicKeyInfo, hex: names the key a tree head was signed with."""
    der = serialization.load_pem_public_key(public_pem).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def init_keys(data_dir: Path, algorithm: str = "p384") -> Path:
    """Create the archive key pair; refuses to replace one (old signatures would stop verifying)."""
    if algorithm not in ALGORITHMS:
        raise ArchiveKeyError(f"unknown key algorithm {algorithm!r} (choose from {', '.join(ALGORITHMS)})")
    private_path, public_path = key_paths(data_dir)
    if private_path.exists() or public_path.exists():
        raise ArchiveKeyError(f"{private_path} already exists; an archive keeps its key (remove it yourself to replace it)")
    key: PrivateKey = ec.generate_private_key(CURVES[algorithm]()) if algorithm in CURVES \
        else ed25519.Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    private_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_pem)
    public_path.write_bytes(_public_pem(key))
    return private_path


@dataclass(frozen=True)
class ArchiveKey:
    algorithm: str  # p384 | p256 | ed25519
    private: PrivateKey

    def sign(self, data: bytes) -> bytes:
        if isinstance(self.private, ed25519.Ed25519PrivateKey):
            return self.private.sign(data)
        return self.private.sign(data, ec.ECDSA(hashes.SHA256()))

    def public_pem(self) -> bytes:
        return _public_pem(self.private)

    @property
    def key_id(self) -> str:
        return key_id(self.public_pem())


def load_archive_key(data_dir: Path) -> ArchiveKey | None:
    """The archive key, or None when ``keys init`` was never run (tree heads then go unsigned)."""
    private_path, _ = key_paths(data_dir)
    try:
        pem = private_path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ArchiveKeyError(f"cannot read {private_path}: {exc.strerror}") from exc
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ArchiveKeyError(f"{private_path} is not an unencrypted PEM private key: {exc}") from exc
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return ArchiveKey("ed25519", key)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        for name, curve in CURVES.items():
            if isinstance(key.curve, curve):
                return ArchiveKey(name, key)
    raise ArchiveKeyError(f"{private_path} holds a {type(key).__name__}; an archive key is P-384, P-256 or Ed25519")


def verify_signature(public_pem: bytes, data: bytes, signature: bytes) -> bool:
    """Check a tree head's signature with only the public key (no data dir needed)."""
    try:
        public = serialization.load_pem_public_key(public_pem)
    except (ValueError, TypeError):
        return False
    try:
        if isinstance(public, ed25519.Ed25519PublicKey):
            public.verify(signature, data)
        elif isinstance(public, ec.EllipticCurvePublicKey) and isinstance(public.curve, tuple(CURVES.values())):
            public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True
