"""Writing a WACZ evidence bundle: the provenance/ proof files and the signed datapackage.

The proof files are the ones a third party checks with `openssl` alone (see the README, "Proving a
capture to someone who does not trust you"): the tree head's exact signed bytes, its signature,
its RFC 3161 token, and the archive's public key. ``datapackage.json`` lists every file with its
SHA-256 (WACZ 1.1.1) and ``datapackage-digest.json`` signs it (crawler/evidence/wacz_signature.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from crawler.evidence.tree_heads import head_bytes
from crawler.evidence.wacz_signature import signed_data

WACZ_VERSION = "1.1.1"


def proof_files(proof: dict[str, Any]) -> dict[str, bytes]:
    """provenance/tree-head-SIZE.{json,sig,tsr} and public-key.pem from a `prove` JSON."""
    head = proof["tree_head"]
    stem = f"provenance/tree-head-{head['size']}"
    files = {f"{stem}.json": head_bytes(head)}
    if proof.get("signature"):
        files[f"{stem}.sig"] = base64.b64decode(proof["signature"])
    if proof.get("timestamp"):
        files[f"{stem}.tsr"] = base64.b64decode(proof["timestamp"]["token"])
    if proof.get("public_key"):
        files["provenance/public-key.pem"] = proof["public_key"].encode()
    return files


def replaceable(out: Path) -> str | None:
    """Why ``out`` must not be overwritten, or None: an export replaces only a missing file or a bundle
    provcrawl wrote (re-exporting after a timestamp), never a file of the user's."""
    if not out.exists() and not out.is_symlink():
        return None
    if not out.is_file():
        return f"{out} exists and is not a file"
    try:
        with zipfile.ZipFile(out) as z:
            package = json.loads(z.read("datapackage.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        package = {}
    if isinstance(package, dict) and str(package.get("software", "")).startswith("provcrawl "):
        return None
    return f"{out} exists and is not a bundle provcrawl wrote: choose another --out or move it away"


def write_wacz(out: Path, files: dict[str, bytes], meta: dict[str, Any], private_key: Any | None) -> dict[str, Any]:
    """Write ``files`` with datapackage.json (``meta`` + resources) and its digest, signed when the
    archive key is an ECDSA key; atomically (a .partial file renamed). The digest record."""
    package = {"profile": "data-package", "wacz_version": WACZ_VERSION, **meta,
               "resources": [{"name": Path(p).name, "path": p, "hash": "sha256:" + hashlib.sha256(b).hexdigest(),
                              "bytes": len(b)} for p, b in files.items()]}
    package_bytes = json.dumps(package, indent=2).encode()
    digest: dict[str, Any] = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
    if private_key is not None:  # the WACZ recommendation's anonymous signature
        signed = signed_data(digest["hash"], package["created"], package["software"], private_key)
        if signed is not None:
            digest["signedData"] = signed
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as z:
        for p, b in files.items():
            z.writestr(p, b)
        z.writestr("datapackage.json", package_bytes)
        z.writestr("datapackage-digest.json", json.dumps(digest, indent=2))
    partial.replace(out)
    return digest
