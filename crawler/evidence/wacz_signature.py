"""Signing ``datapackage-digest.json`` per the WACZ "Signing and Verification" recommendation 0.1.0.

The recommendation's anonymous form: ``signedData = {hash, created, software, version, signature,
publicKey}`` where ``signature`` signs the UTF-8 string ``hash`` ("sha256:<hex>") with ECDSA and
SHA-256, and ``publicKey`` is the base64 DER SubjectPublicKeyInfo. The signature is the raw r||s
form (IEEE P1363) that WebCrypto produces and checks — as ArchiveWeb.page writes it and as
ReplayWeb.page's verifier reads it; `created` equals datapackage.json's, which py-wacz's
`wacz validate` requires. The domain-certificate form (authsign) needs a CA-issued TLS certificate
and is not made here: the tree head's RFC 3161 token carries the time instead.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

SPEC_VERSION = "0.1.0"


def signed_data(digest_hash: str, created: str, software: str, private_key: Any) -> dict[str, str] | None:
    """The anonymous ``signedData`` for ``digest_hash``, or None for a key WACZ signing cannot use (Ed25519)."""
    if not isinstance(private_key, ec.EllipticCurvePrivateKey):
        return None
    der = private_key.sign(digest_hash.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    size = (private_key.curve.key_size + 7) // 8
    spki = private_key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"hash": digest_hash, "created": created, "software": software, "version": SPEC_VERSION,
            "signature": base64.b64encode(r.to_bytes(size, "big") + s.to_bytes(size, "big")).decode("ascii"),
            "publicKey": base64.b64encode(spki).decode("ascii")}


def check_signed_data(signed: Any, digest_hash: str, created: str | None) -> str | None:
    """None when ``signed`` is a valid anonymous signature of ``digest_hash``; else what is wrong."""
    if not isinstance(signed, dict):
        return "signedData is not an object"
    if "domainCert" in signed and "publicKey" not in signed:
        return "a domain-certificate signature (authsign): check it with `wacz validate --verify-auth`"
    if signed.get("hash") != digest_hash:
        return f"signedData.hash {signed.get('hash')!r} is not datapackage.json's hash {digest_hash}"
    if created is not None and signed.get("created") != created:
        return f"signedData.created {signed.get('created')!r} differs from datapackage.json's {created!r}"
    try:
        public = serialization.load_der_public_key(base64.b64decode(signed["publicKey"], validate=True))
        raw = base64.b64decode(signed["signature"], validate=True)
    except (KeyError, ValueError, TypeError) as exc:
        return f"signedData's publicKey or signature is unreadable ({exc.__class__.__name__})"
    if not isinstance(public, ec.EllipticCurvePublicKey):
        return "signedData.publicKey is not an ECDSA key"
    size = (public.curve.key_size + 7) // 8
    if len(raw) != 2 * size:
        return f"signedData.signature is {len(raw)} bytes, not the {2 * size} of a raw ECDSA signature"
    der = encode_dss_signature(int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big"))
    try:
        public.verify(der, digest_hash.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return "signedData.signature does not verify with signedData.publicKey"
    return None


def public_key_pem(signed: dict[str, str]) -> bytes:
    """signedData.publicKey as PEM, to compare with the bundle's provenance/public-key.pem."""
    public = serialization.load_der_public_key(base64.b64decode(signed["publicKey"]))
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
