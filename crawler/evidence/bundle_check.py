"""Checking an evidence bundle (WACZ) with nothing but the bundle: no database, no data directory.

What a bundle proves is a chain of checks, each named in the result so that a failure says which
link broke: the files are those datapackage.json lists (and it is the one the archive signed); the
WARC records are intact (their digests); the capture's provenance record describes the record in
the WARC; its leaf hash is the hash of those facts; the audit path leads from the leaf to the tree
head's root; the archive key signed the tree head; and an RFC 3161 token from a TSA the checker
trusts covers the tree head's exact bytes, no later than its time.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from crawler.evidence.keys import verify_signature
from crawler.evidence.timestamp import TimestampError, token_info, verify_timestamp
from crawler.evidence.wacz import member_sha256
from crawler.evidence.wacz_signature import check_signed_data, public_key_pem
from storage import merkle
from storage.warc import payload_stream, target_uri

_CAPTURE = re.compile(r"^provenance/capture-(\d+)\.json$")


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not checked (nothing to check, or no trust anchor given)
    detail: str


@dataclass
class BundleReport:
    path: str
    checks: list[Check] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok is not False for c in self.checks)

    def add(self, name: str, ok: bool | None, detail: str) -> bool | None:
        self.checks.append(Check(name, ok, detail))
        return ok

    def as_dict(self) -> dict[str, Any]:
        return {"bundle": self.path, "ok": self.ok, "checks": [asdict(c) for c in self.checks],
                **self.summary}


class _Stop(Exception):
    """A check failed that the later ones depend on."""


def check_bundle(path: Path, tsa_ca_pem: bytes | None = None) -> BundleReport:
    report = BundleReport(str(path))
    try:
        with zipfile.ZipFile(path) as z:
            _check(z, report, tsa_ca_pem)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        report.add("bundle", False, f"not a readable WACZ (zip): {exc}")
    except _Stop:
        pass
    return report


def _json(z: zipfile.ZipFile, name: str, report: BundleReport, check: str) -> Any:
    try:
        return json.loads(z.read(name))
    except KeyError:
        report.add(check, False, f"{name} is missing from the bundle")
    except ValueError as exc:
        report.add(check, False, f"{name} is not JSON: {exc}")
    raise _Stop


def _check(z: zipfile.ZipFile, report: BundleReport, ca_pem: bytes | None) -> None:
    names = set(z.namelist())
    _check_package(z, names, report)
    capture_files = sorted(n for n in names if _CAPTURE.match(n))
    if len(capture_files) != 1:
        report.add("provenance", False, f"expected one provenance/capture-<ID>.json, found {len(capture_files)}")
        raise _Stop
    proof = _json(z, capture_files[0], report, "provenance")
    facts = proof.get("leaf_facts")
    if not isinstance(facts, dict) or "leaf_hash" not in proof or "tree_head" not in proof:
        report.add("provenance", False, f"{capture_files[0]} carries no Merkle proof (leaf_facts, leaf_hash, "
                   "tree_head): exported before the log existed, or by an older provcrawl")
        raise _Stop
    report.summary.update({"capture_id": proof.get("capture_id"), "url": facts.get("url"),
                           "fetched_at": facts.get("fetched_at")})
    _check_warc(z, names, facts, report)
    _check_leaf(proof, facts, report)
    head_bytes = _check_tree_head(z, names, proof, report)
    _check_path(proof, head_bytes, report)
    _check_head_signature(z, names, proof, head_bytes, report)
    _check_token(z, names, proof, head_bytes, ca_pem, report)


def _check_package(z: zipfile.ZipFile, names: set[str], report: BundleReport) -> dict[str, Any]:
    package = _json(z, "datapackage.json", report, "datapackage")
    bad, count = [], 0
    for entry in package.get("resources", []):
        p, want = entry.get("path"), str(entry.get("hash", "")).removeprefix("sha256:")
        count += 1
        if p not in names:
            bad.append(f"{p} is listed but missing")
        elif member_sha256(z, p) != want:
            bad.append(f"{p} does not match its sha256 in datapackage.json")
    listed = {e.get("path") for e in package.get("resources", [])}
    bad += [f"{n} is in the bundle but not listed in datapackage.json" for n in sorted(names)
            if n not in listed and n not in ("datapackage.json", "datapackage-digest.json") and not n.endswith("/")]
    report.add("datapackage hashes", not bad, "; ".join(bad) or f"{count} files match datapackage.json")
    digest = _json(z, "datapackage-digest.json", report, "datapackage digest")
    got = "sha256:" + member_sha256(z, "datapackage.json")
    if not report.add("datapackage digest", digest.get("hash") == got,
                      f"datapackage.json is {got}" + ("" if digest.get("hash") == got else
                                                       f", datapackage-digest.json says {digest.get('hash')}")):
        return package
    signed = digest.get("signedData")
    if signed is None:
        report.add("datapackage signature", None, "datapackage-digest.json is not signed")
        return package
    problem = check_signed_data(signed, got, package.get("created"))
    report.add("datapackage signature", problem is None,
               problem or "signedData (WACZ anonymous signature) verifies with its publicKey")
    return package


def _records(data: bytes) -> dict[str, dict[str, Any]]:
    """Every record of a WARC, by WARC-Record-ID (digests checked as it is read)."""
    out: dict[str, dict[str, Any]] = {}
    it = ArchiveIterator(io.BytesIO(data), check_digests=True)
    for record in it:
        sha = hashlib.sha256()
        stream = payload_stream(record)
        while chunk := stream.read(65536):
            sha.update(chunk)
        record.content_stream().read()
        checker = record.digest_checker
        rid = record.rec_headers.get_header("WARC-Record-ID") or f"(no id at {it.get_record_offset()})"
        out[rid] = {"type": record.rec_type, "uri": target_uri(record), "payload_sha256": sha.hexdigest(),
                    "block_digest": record.rec_headers.get_header("WARC-Block-Digest"),
                    "status": int(record.http_headers.get_statuscode()) if record.http_headers and
                    (record.http_headers.get_statuscode() or "").isdigit() else None,
                    "lengths": _lengths(data, it.get_record_offset(), it.get_record_length()),
                    "problems": [str(p) for p in checker.problems] if checker and checker.passed is False else []}
    return out


def _lengths(data: bytes, offset: int, length: int) -> set[int]:
    """The record's length in the bundle, and, for a gzip member, the length of the record it holds:
    a record exported from an uncompressed WARC is gzipped there (the leaf has its plain length)."""
    member = data[offset:offset + length]
    if member[:2] != b"\x1f\x8b":
        return {length}
    try:
        plain = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(member)
    except zlib.error:
        return {length}
    return {length, len(plain) - 4 if plain.endswith(b"\r\n\r\n") else len(plain)}


def _check_warc(z: zipfile.ZipFile, names: set[str], facts: dict[str, Any], report: BundleReport) -> None:
    warcs = sorted(n for n in names if n.startswith("archive/") and not n.endswith("/"))
    records: dict[str, dict[str, Any]] = {}
    try:
        for name in warcs:
            records.update(_records(z.read(name)))
    except Exception as exc:  # noqa: BLE001 - any parse failure means the bytes are not what was written
        report.add("WARC digests", False, f"the bundle's WARC is unreadable: {exc}")
        return
    bad = [f"{rid}: {'; '.join(r['problems'])}" for rid, r in records.items() if r["problems"]]
    report.add("WARC digests", bool(records) and not bad,
               "; ".join(bad) or (f"{len(records)} records, block and payload digests match" if records
                                  else "no WARC records in the bundle"))
    rec = records.get(facts.get("warc_record_id") or "")
    if rec is None:
        report.add("capture record", False, f"no record {facts.get('warc_record_id')} in the bundle's WARC")
        return
    diffs = []
    if rec["uri"] != facts.get("url"):
        diffs.append(f"the record is for {rec['uri']}, the provenance for {facts.get('url')}")
    # a leaf from before the log (migration 0008) has no block digest: the payload SHA-256 and the
    # record's id, URL, status and length then tie it to the record, as `verify` does
    if facts.get("block_digest") is not None and rec["block_digest"] != facts.get("block_digest"):
        diffs.append(f"WARC-Block-Digest {rec['block_digest']} != {facts.get('block_digest')}")
    if rec["type"] in ("response", "resource") and rec["payload_sha256"] != facts.get("payload_sha256"):
        diffs.append(f"payload sha256 {rec['payload_sha256']} != {facts.get('payload_sha256')}")
    if facts.get("status") is not None and rec["status"] not in (None, facts.get("status")):
        diffs.append(f"HTTP status {rec['status']} != {facts.get('status')}")
    if facts.get("warc_length") is not None and facts.get("warc_length") not in rec["lengths"]:
        diffs.append(f"record length {min(rec['lengths'])} != {facts.get('warc_length')}")
    report.add("capture record", not diffs, "; ".join(diffs) or
               f"the {rec['type']} record {facts.get('warc_record_id')} is the one the provenance describes")


def _check_leaf(proof: dict[str, Any], facts: dict[str, Any], report: BundleReport) -> None:
    leaf = merkle.leaf_hash(merkle.leaf_data(facts)).hex()
    same_id = facts.get("capture_id") == proof.get("capture_id")
    report.add("leaf", leaf == proof.get("leaf_hash") and same_id,
               f"sha256(0x00 || leaf_facts) = {leaf}" + ("" if leaf == proof.get("leaf_hash") else
                                                          f", the proof says {proof.get('leaf_hash')}")
               + ("" if same_id else "; leaf_facts are for another capture"))


def _check_tree_head(z: zipfile.ZipFile, names: set[str], proof: dict[str, Any], report: BundleReport) -> bytes:
    head = proof.get("tree_head") or {}
    name = f"provenance/tree-head-{head.get('size')}.json"
    if name not in names:
        report.add("tree head", False, f"{name} is missing from the bundle")
        raise _Stop
    data = z.read(name)
    try:
        stored = json.loads(data)
    except ValueError as exc:
        report.add("tree head", False, f"{name} is not JSON: {exc}")
        raise _Stop from exc
    canonical = json.dumps(stored, sort_keys=True, separators=(",", ":")).encode()
    ok = stored == head and canonical == data
    report.add("tree head", ok, f"{name}: size {stored.get('size')}, root {stored.get('root')}, created "
               f"{stored.get('created')}" + ("" if stored == head else "; differs from the proof's tree_head")
               + ("" if canonical == data else "; not in canonical form"))
    report.summary["tree_head"] = stored
    return data


def _check_path(proof: dict[str, Any], head_bytes: bytes, report: BundleReport) -> None:
    head = json.loads(head_bytes)
    try:
        ok = merkle.verify_inclusion(bytes.fromhex(proof["leaf_hash"]), int(proof["leaf_index"]), int(head["size"]),
                                     [bytes.fromhex(h) for h in proof["audit_path"]], bytes.fromhex(head["root"]))
    except (KeyError, TypeError, ValueError) as exc:
        report.add("audit path", False, f"unreadable proof ({exc.__class__.__name__}: {exc})")
        return
    report.add("audit path", ok, f"leaf {proof.get('leaf_index')} of {head.get('size')}: "
               + ("the path leads to the tree head's root" if ok else "the path does not lead to the tree head's root"))


def _check_head_signature(z: zipfile.ZipFile, names: set[str], proof: dict[str, Any], head_bytes: bytes,
                          report: BundleReport) -> None:
    size = json.loads(head_bytes).get("size")
    sig_name, key_name = f"provenance/tree-head-{size}.sig", "provenance/public-key.pem"
    if sig_name not in names or key_name not in names:
        unsigned = not proof.get("signature")
        report.add("tree head signature", False, "the tree head is unsigned (the archive had no key: `provcrawl keys "
                   "init`): nothing ties it to the archive" if unsigned else
                   f"{sig_name if sig_name not in names else key_name} is missing")
        return
    sig, pem = z.read(sig_name), z.read(key_name)
    problems = []
    if proof.get("signature") and base64.b64decode(proof["signature"]) != sig:
        problems.append(f"{sig_name} differs from the proof's signature")
    if proof.get("public_key") and proof["public_key"].encode().strip() != pem.strip():
        problems.append(f"{key_name} differs from the proof's public_key")
    if not verify_signature(pem, head_bytes, sig):
        problems.append(f"{sig_name} is not a signature of the tree head by {key_name}")
    try:
        digest = json.loads(z.read("datapackage-digest.json")).get("signedData")
        if isinstance(digest, dict) and "publicKey" in digest and public_key_pem(digest).strip() != pem.strip():
            problems.append("the datapackage was signed with another key than the tree head")
    except (KeyError, ValueError):
        pass
    report.summary["key_sha256"] = _key_id(pem)
    report.add("tree head signature", not problems, "; ".join(problems) or
               f"signed by the archive key (SPKI sha256 {report.summary['key_sha256']})")


def _key_id(pem: bytes) -> str | None:
    from cryptography.hazmat.primitives import serialization

    try:
        der = serialization.load_pem_public_key(pem).public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    except ValueError:
        return None
    return hashlib.sha256(der).hexdigest()


def _check_token(z: zipfile.ZipFile, names: set[str], proof: dict[str, Any], head_bytes: bytes,
                 ca_pem: bytes | None, report: BundleReport) -> None:
    size = json.loads(head_bytes).get("size")
    name = f"provenance/tree-head-{size}.tsr"
    if name not in names:
        report.add("timestamp", False if ca_pem else None,
                   f"no RFC 3161 token ({name}): the capture time rests on the archive's word"
                   + (" (--tsa-cert was given)" if ca_pem else ""))
        return
    token = z.read(name)
    stamp = proof.get("timestamp") or {}
    if stamp.get("token") and base64.b64decode(stamp["token"]) != token:
        report.add("timestamp", False, f"{name} differs from the proof's timestamp token")
        return
    if ca_pem is None:  # without a trust anchor: the imprint can still be checked, the signature cannot
        try:
            info = token_info(token)
        except TimestampError as exc:
            report.add("timestamp", False, str(exc))
            return
        if info["imprint_sha256"] != hashlib.sha256(head_bytes).hexdigest():
            report.add("timestamp", False, "message imprint: the token timestamps other data, not this tree head")
            return
        report.summary["timestamp"] = {"gen_time": info["gen_time"], "tsa": stamp.get("tsa"), "verified": False}
        report.add("timestamp", None, f"token for this tree head, gen time {info['gen_time']}; its signature is "
                   "NOT checked: give the TSA's root CA with --tsa-cert")
        return
    try:
        gen_time = verify_timestamp(token, head_bytes, ca_pem)
    except TimestampError as exc:
        report.add("timestamp", False, str(exc))
        return
    report.summary["timestamp"] = {"gen_time": gen_time.isoformat(), "tsa": stamp.get("tsa"), "verified": True}
    report.add("timestamp", True, f"RFC 3161 token over the tree head's bytes, signed by a TSA under the given CA, "
               f"gen time {gen_time.isoformat()}")
