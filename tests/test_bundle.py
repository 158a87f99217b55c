"""Issue 17, end to end: crawl with a (local) TSA, export, and check the bundle as a third party would.

One crawl and one export for the module; the tampering cases rewrite copies of that bundle and are
checked in-process (the CLI runs once for a passing and once for a failing bundle).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from crawler.evidence.bundle_check import check_bundle
from crawler.evidence.timestamp import request_timestamp
from tests.conftest import ROOT, Cli
from tests.replay_tools import tool
from tests.tsa_server import OPENSSL

pytestmark = pytest.mark.e2e

ARTICLE = "/en/news/lavrov-blinken.html"


@pytest.fixture(scope="module")
def bundle(site_server, local_tsa, tmp_path_factory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("bundle")
    cli = Cli(tmp / "data", None)
    cli.run("keys", "init")
    crawl = cli.run("crawl", "--start", site_server.url(ARTICLE), "--max-pages", "1", "--tsa", local_tsa.url)
    assert "warning" not in crawl.stderr, crawl.stderr
    out = tmp / "x.wacz"
    result = json.loads(cli.run("export", site_server.url(ARTICLE), "--out", str(out), "--json").stdout)
    return cli, out, result, tmp


def _failed(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {c.name: c.detail for c in report.checks if c.ok is False}


def test_the_bundle_verifies_with_provcrawl_and_without(bundle, local_tsa) -> None:
    cli, out, result, tmp = bundle
    proc = cli.run("verify", "--bundle", str(out), "--tsa-cert", str(local_tsa.ca_pem))
    assert proc.stdout.startswith("OK: capture") and "timestamped" in proc.stdout, proc.stdout
    checks = {c["name"]: c for c in cli.json("verify", "--bundle", str(out), "--tsa-cert", str(local_tsa.ca_pem))["checks"]}
    assert all(c["ok"] is True for c in checks.values()), checks
    assert {"datapackage hashes", "datapackage digest", "datapackage signature", "WARC digests", "capture record",
            "leaf", "tree head", "audit path", "tree head signature", "timestamp"} <= set(checks)

    # the third party: unzip, openssl, the README's Python
    with zipfile.ZipFile(out) as z:
        z.extractall(tmp / "unzipped")
    prov = tmp / "unzipped" / "provenance"
    (head_json,) = prov.glob("tree-head-*.json")
    stem = head_json.with_suffix("")
    ts = subprocess.run([OPENSSL, "ts", "-verify", "-data", str(head_json), "-in", f"{stem}.tsr",
                         "-CAfile", str(local_tsa.ca_pem)], capture_output=True, text=True)
    assert ts.returncode == 0 and "Verification: OK" in ts.stdout, ts.stderr
    sig = subprocess.run([OPENSSL, "dgst", "-sha256", "-verify", str(prov / "public-key.pem"), "-signature",
                          f"{stem}.sig", str(head_json)], capture_output=True, text=True)
    assert sig.returncode == 0 and "Verified OK" in sig.stdout, sig.stderr
    readme = (ROOT / "README.md").read_text()
    snippet = re.search(r"```python\n(# check_leaf\.py.*?)```", readme, re.S)
    assert snippet, "the README's check_leaf.py snippet"
    (tmp / "check_leaf.py").write_text(snippet.group(1))
    (capture_json,) = prov.glob("capture-*.json")
    leaf = subprocess.run([sys.executable, str(tmp / "check_leaf.py"), str(capture_json), str(head_json)],
                          capture_output=True, text=True)
    assert leaf.returncode == 0 and f"capture {result['capture_id']} " in leaf.stdout, leaf.stderr


def test_the_wacz_stays_valid_and_its_signature_checks_in_webcrypto(bundle) -> None:
    _, out, result, tmp = bundle
    assert result["signed"]
    proc = subprocess.run([tool("PROVCRAWL_WACZ", "wacz"), "validate", "-f", str(out)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and "valid" in proc.stdout and "Has signature" in proc.stdout, proc.stdout
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node: the WebCrypto check of the WACZ signature needs it")
    with zipfile.ZipFile(out) as z:
        signed = json.loads(z.read("datapackage-digest.json"))["signedData"]
    script = ("const d = JSON.parse(process.argv[1]);"
              "const key = await crypto.subtle.importKey('spki', Buffer.from(d.publicKey, 'base64'),"
              " {name: 'ECDSA', namedCurve: 'P-384'}, true, ['verify']);"  # as ReplayWeb.page imports it
              "const ok = await crypto.subtle.verify({name: 'ECDSA', hash: 'SHA-256'}, key,"
              " Buffer.from(d.signature, 'base64'), new TextEncoder().encode(d.hash));"
              "console.log(ok); process.exit(ok ? 0 : 1);")
    run = subprocess.run([node, "--input-type=module", "-e", script, json.dumps(signed)], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "true", run.stdout + run.stderr


def _rewrite(src: Path, dst: Path, change: dict[str, bytes], repackage: bool = True) -> Path:
    """A copy of the bundle with files replaced; ``repackage``: as a forger would, datapackage.json
    recomputed over the new files (its signature then dropped: the forger has no key)."""
    with zipfile.ZipFile(src) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files.update(change)
    if repackage:
        package = json.loads(files["datapackage.json"])
        for r in package["resources"]:
            r["hash"] = "sha256:" + hashlib.sha256(files[r["path"]]).hexdigest()
            r["bytes"] = len(files[r["path"]])
        files["datapackage.json"] = json.dumps(package, indent=2).encode()
        files["datapackage-digest.json"] = json.dumps(
            {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(files["datapackage.json"]).hexdigest()}).encode()
    with zipfile.ZipFile(dst, "w") as z:
        for n, b in files.items():
            z.writestr(n, b)
    return dst


def _names(out: Path) -> tuple[str, str, str, str]:
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
    capture = next(n for n in names if n.startswith("provenance/capture-"))
    head = next(n for n in names if n.startswith("provenance/tree-head-") and n.endswith(".json"))
    return capture, head, head.removesuffix(".json") + ".tsr", head.removesuffix(".json") + ".sig"


def test_tampering_is_named(bundle, local_tsa, tmp_path: Path) -> None:
    cli, out, _, _ = bundle
    ca = local_tsa.ca_pem.read_bytes()
    capture_name, head_name, tsr_name, _ = _names(out)
    with zipfile.ZipFile(out) as z:
        warc, proof, head, tsr = (z.read(n) for n in ("archive/data.warc.gz", capture_name, head_name, tsr_name))
    assert not _failed(check_bundle(out, ca))

    # one byte of the WARC: left as is, and with the datapackage recomputed by the forger
    flipped = bytearray(warc)
    flipped[len(warc) // 2] ^= 0x01
    failed = _failed(check_bundle(_rewrite(out, tmp_path / "w1.wacz", {"archive/data.warc.gz": bytes(flipped)},
                                           repackage=False), ca))
    assert "archive/data.warc.gz does not match" in failed["datapackage hashes"]
    failed = _failed(check_bundle(_rewrite(out, tmp_path / "w2.wacz", {"archive/data.warc.gz": bytes(flipped)}), ca))
    assert "WARC digests" in failed or "capture record" in failed, failed
    assert "datapackage signature" not in failed  # dropped, not failed: reported as not checked

    # one byte of the proof: a hash on the audit path
    p = json.loads(proof)
    p["audit_path"][0] = ("0" if p["audit_path"][0][0] != "0" else "1") + p["audit_path"][0][1:]
    failed = _failed(check_bundle(_rewrite(out, tmp_path / "p.wacz", {capture_name: json.dumps(p).encode()}), ca))
    assert set(failed) == {"audit path"}, failed

    # one byte of the proof's leaf facts (the payload hash): the leaf and the WARC record disagree
    p = json.loads(proof)
    p["leaf_facts"]["payload_sha256"] = "0" * 64
    failed = _failed(check_bundle(_rewrite(out, tmp_path / "f.wacz", {capture_name: json.dumps(p).encode()}), ca))
    assert {"leaf", "capture record"} <= set(failed), failed

    # one byte of the tree head (its root): signature and token no longer cover it
    h = json.loads(head)
    h["root"] = ("0" if h["root"][0] != "0" else "1") + h["root"][1:]
    p = json.loads(proof)
    p["tree_head"] = h
    forged_head = json.dumps(h, sort_keys=True, separators=(",", ":")).encode()
    failed = _failed(check_bundle(_rewrite(out, tmp_path / "h.wacz", {head_name: forged_head,
                                                                      capture_name: json.dumps(p).encode()}), ca))
    assert {"audit path", "tree head signature", "timestamp"} <= set(failed), failed
    assert "message imprint" in failed["timestamp"]

    # a genuine token, for other data
    other = request_timestamp(local_tsa.url, head + b" ").response_der
    p = json.loads(proof)
    p["timestamp"]["token"] = base64.b64encode(other).decode()
    failed = _failed(check_bundle(_rewrite(out, tmp_path / "t.wacz", {tsr_name: other,
                                                                      capture_name: json.dumps(p).encode()}), ca))
    assert set(failed) == {"timestamp"} and "message imprint" in failed["timestamp"], failed

    # the CLI: exit 1, one line per failed check, naming it
    proc = cli.run("verify", "--bundle", str(tmp_path / "t.wacz"), "--tsa-cert", str(local_tsa.ca_pem), check=False)
    assert proc.returncode == 1 and "FAILED timestamp: message imprint" in proc.stdout, proc.stdout + proc.stderr


def test_a_token_from_a_tsa_we_do_not_trust_fails_and_no_ca_is_not_checked(bundle, tmp_path: Path) -> None:
    from tests.tsa_server import make_ca_and_tsa

    _, out, _, _ = bundle
    make_ca_and_tsa(tmp_path, "another")
    failed = _failed(check_bundle(out, (tmp_path / "ca.pem").read_bytes()))
    assert set(failed) == {"timestamp"} and "does not chain to the given CA" in failed["timestamp"]
    report = check_bundle(out, None)
    assert report.ok and [c.name for c in report.checks if c.ok is None] == ["timestamp"]


@pytest.mark.slow  # five CLI runs, a snapshot among them: ~20 s on a loaded machine
def test_timestamp_command_and_a_failing_tsa(bundle, local_tsa, site_server) -> None:
    cli, _, _, _ = bundle
    stamped = cli.json("timestamp", "--tsa", local_tsa.url)  # the head the crawl stamped: not sent again
    assert stamped["new_token"] is False and stamped["signed"] and stamped["tsa"] == local_tsa.url
    # a crawl with a failing TSA is stored, with a warning
    crawl = cli.run("snapshot", site_server.url("/old-link"), "--tsa", local_tsa.base + "/fail")
    assert "warning: the tree head was not timestamped" in crawl.stderr and "HTTP 503" in crawl.stderr
    # `timestamp` with a failing TSA: exit 2, one line
    proc = cli.run("timestamp", "--tsa", local_tsa.base + "/fail", check=False)
    assert proc.returncode == 2 and "HTTP 503" in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    # now the log grew: `timestamp` makes, signs and stamps a new head
    stamped = cli.json("timestamp", "--tsa", local_tsa.url)
    assert stamped["new_token"] is True and stamped["tree_head"]["size"] > 1
    proof = cli.json("prove", site_server.url("/old-link"))
    assert proof["timestamp"]["token"] and proof["tree_head"] == stamped["tree_head"]


def test_verify_bundle_usage_errors(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data", None)
    proc = cli.run("verify", "--tsa-cert", str(tmp_path / "ca.pem"), check=False)
    assert proc.returncode == 2 and "--bundle" in proc.stderr
    proc = cli.run("verify", "--bundle", str(tmp_path / "missing.wacz"), check=False)
    assert proc.returncode == 2 and proc.stderr.strip() == f"provcrawl: no bundle at {tmp_path / 'missing.wacz'}"
    (tmp_path / "not.wacz").write_bytes(b"not a zip")
    proc = cli.run("verify", "--bundle", str(tmp_path / "not.wacz"), check=False)
    assert proc.returncode == 1 and "FAILED bundle: not a readable WACZ" in proc.stdout, proc.stdout + proc.stderr
    assert not (tmp_path / "data").exists()  # no data dir, no database
    proc = cli.run("timestamp", "--tsa", "ftp://tsa.example/", check=False)
    assert proc.returncode == 2 and "not an http(s) URL" in proc.stderr


def test_an_ed25519_archive_key_and_the_readme_openssl_command(bundle, local_tsa, tmp_path: Path) -> None:
    """The same bundle as an Ed25519 archive would sign it: raw signatures (openssl pkeyutl -rawin),
    and no WACZ signature (the recommendation's anonymous form is ECDSA only)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    _, out, _, _ = bundle
    capture_name, head_name, _, sig_name = _names(out)
    with zipfile.ZipFile(out) as z:
        proof, head = json.loads(z.read(capture_name)), z.read(head_name)
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    sig = key.sign(head)
    proof.update(signature=base64.b64encode(sig).decode(), public_key=pem.decode())
    ed = _rewrite(out, tmp_path / "ed.wacz", {capture_name: json.dumps(proof).encode(), sig_name: sig,
                                               "provenance/public-key.pem": pem})
    report = check_bundle(ed, local_tsa.ca_pem.read_bytes())
    assert report.ok, _failed(report)
    assert [c.name for c in report.checks if c.ok is None] == ["datapackage signature"]
    (tmp_path / "head.json").write_bytes(head)
    (tmp_path / "head.sig").write_bytes(sig)
    (tmp_path / "key.pem").write_bytes(pem)
    proc = subprocess.run([OPENSSL, "pkeyutl", "-verify", "-pubin", "-inkey", str(tmp_path / "key.pem"), "-rawin",
                           "-in", str(tmp_path / "head.json"), "-sigfile", str(tmp_path / "head.sig")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Signature Verified Successfully" in proc.stdout, proc.stdout + proc.stderr
    # and an unsigned head (an archive without a key) is named as such
    proof.update(signature=None, public_key=None)
    with zipfile.ZipFile(ed) as z:
        files = {n: z.read(n) for n in z.namelist() if n not in (sig_name, "provenance/public-key.pem")}
    files[capture_name] = json.dumps(proof).encode()
    with zipfile.ZipFile(tmp_path / "unsigned.wacz", "w") as z:
        for n, b in files.items():
            z.writestr(n, b)
    package = json.loads(files["datapackage.json"])
    package["resources"] = [r for r in package["resources"] if r["path"] in files]
    failed = _failed(check_bundle(_rewrite(tmp_path / "unsigned.wacz", tmp_path / "unsigned2.wacz",
                                           {"datapackage.json": json.dumps(package).encode()}), None))
    assert "unsigned" in failed["tree head signature"], failed


def test_a_capture_logged_before_block_digests_were_kept_verifies(bundle, site_server, tmp_path: Path) -> None:
    # Migration 0008 made the existing rows the first leaves with block_digest null (it was not
    # stored before); `verify` accepts them, and their bundles must verify too.
    import sqlite3

    cli = bundle[0]
    old = Cli(tmp_path / "old", None)
    shutil.copytree(cli.data_dir, old.data_dir)
    with sqlite3.connect(old.data_dir / "provenance.sqlite") as db:  # the log as the migration builds it
        db.executescript("UPDATE capture SET block_digest = NULL; DELETE FROM merkle_node; DELETE FROM merkle_leaf;"
                         " DELETE FROM tree_head; UPDATE merkle_log SET size = 0;")
    out = tmp_path / "old.wacz"
    old.run("export", site_server.url(ARTICLE), "--out", str(out))
    with zipfile.ZipFile(out) as z:
        (name,) = [n for n in z.namelist() if n.startswith("provenance/capture-")]
        assert json.loads(z.read(name))["leaf_facts"]["block_digest"] is None
    assert not _failed(check_bundle(out, None))


def test_export_replaces_its_own_bundle_but_never_a_file_of_the_users(bundle, site_server) -> None:
    """Re-exporting after a timestamp overwrites the earlier bundle; any other file at --out is kept."""
    cli, _, _, tmp = bundle
    url = site_server.url(ARTICLE)
    again = tmp / "again.wacz"
    cli.run("export", url, "--out", str(again))
    cli.run("export", url, "--out", str(again))  # provcrawl's own bundle: replaced
    assert check_bundle(again).ok
    mine = tmp / "thesis.wacz"
    mine.write_bytes(b"a user's file that only happens to end in .wacz")
    proc = cli.run("export", url, "--out", str(mine), check=False)
    assert proc.returncode == 2 and "is not a bundle provcrawl wrote" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and mine.read_bytes().startswith(b"a user's file")
    other_zip = tmp / "other.wacz"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("datapackage.json", json.dumps({"software": "webrecorder/wacz 0.5"}))
    proc = cli.run("export", url, "--out", str(other_zip), check=False)
    assert proc.returncode == 2 and zipfile.ZipFile(other_zip).namelist() == ["datapackage.json"]
    folder = tmp / "folder.wacz"
    folder.mkdir()
    proc = cli.run("export", url, "--out", str(folder), check=False)
    assert proc.returncode == 2 and "is not a file" in proc.stderr
