"""Bundle verification time (`provcrawl verify --bundle`), for a capture in a log of 1,000,000 leaves.

A real capture is made and exported from a loopback fixture site (with a local RFC 3161 TSA, as
in the tests); then the bundle's proof is rebuilt as if that capture were leaf K of a log of N
leaves (the other N-1 leaves random): the audit path, tree head, archive-key signature, RFC 3161
token and signed datapackage are all real, so every check runs in full. Reported: the checks
in-process (median of --repeat runs) and the CLI's wall time, Python start-up included.

    python bench/bundle_verify.py --leaves 1000000
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "crawler", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"{args[0]} failed: {proc.stderr[-2000:]}")
    return proc


def big_log_bundle(src: Path, dst: Path, data_dir: Path, tsa_url: str, leaves: int, index: int) -> None:
    """``src``'s capture as leaf ``index`` of a log of ``leaves`` leaves, with a real signed, timestamped head."""
    from crawler.evidence.bundle_write import proof_files, write_wacz
    from crawler.evidence.keys import load_archive_key
    from crawler.evidence.timestamp import request_timestamp
    from crawler.evidence.tree_heads import head_bytes
    from storage.merkle_log import memory_tree

    with zipfile.ZipFile(src) as z:
        files = {n: z.read(n) for n in z.namelist()}
        package = json.loads(z.read("datapackage.json"))
    name = next(n for n in files if n.startswith("provenance/capture-"))
    proof = json.loads(files[name])
    for old in [n for n in files if n.startswith("provenance/tree-head-")] + ["datapackage.json",
                                                                             "datapackage-digest.json"]:
        del files[old]
    hashes = [os.urandom(32) for _ in range(leaves)]
    hashes[index] = bytes.fromhex(proof["leaf_hash"])
    t0 = time.perf_counter()
    tree = memory_tree(hashes)
    head = {"size": leaves, "root": tree.root(leaves).hex(),
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    path = tree.inclusion_proof(index, leaves)
    print(f"built a {leaves}-leaf tree and the proof in {time.perf_counter() - t0:.1f} s (not part of the figure)")
    key = load_archive_key(data_dir)
    assert key is not None
    data = head_bytes(head)
    stamp = request_timestamp(tsa_url, data)
    proof.update({"leaf_index": index, "tree_head": head, "audit_path": [h.hex() for h in path],
                  "signature": base64.b64encode(key.sign(data)).decode(),
                  "timestamp": {"tsa": tsa_url, "gen_time": stamp.gen_time.isoformat(),
                                "token": base64.b64encode(stamp.response_der).decode()}})
    files[name] = json.dumps(proof, ensure_ascii=False, indent=2).encode()
    files.update(proof_files(proof))
    meta = {k: v for k, v in package.items() if k not in ("profile", "wacz_version", "resources")}
    write_wacz(dst, files, meta, key.private)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--leaves", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    from crawler.evidence.bundle_check import check_bundle
    from tests.fixture_server import FixtureServer
    from tests.tsa_server import LocalTsa

    with tempfile.TemporaryDirectory() as tmp, FixtureServer() as site, LocalTsa() as tsa:
        data = Path(tmp) / "data"
        _cli(data, "keys", "init")
        url = site.url("/en/news/lavrov-blinken.html")
        _cli(data, "snapshot", url, "--tsa", tsa.url)
        small, big = Path(tmp) / "small.wacz", Path(tmp) / "big.wacz"
        _cli(data, "export", url, "--out", str(small))
        big_log_bundle(small, big, data, tsa.url, args.leaves, args.leaves * 2 // 3)
        ca = tsa.ca_pem.read_bytes()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        starts = []
        for _ in range(5):  # the CLI's start-up alone, for comparison
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "crawler", "--version"], capture_output=True, env=env, check=True)
            starts.append(time.perf_counter() - t0)
        print(f"`provcrawl --version` wall median {statistics.median(starts):.2f} s (Python and CLI start-up)")
        for label, bundle in (("log of the real crawl", small), (f"log of {args.leaves:,} leaves", big)):
            report = check_bundle(bundle, ca)
            assert report.ok, [c for c in report.checks if c.ok is not True]
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                check_bundle(bundle, ca)
                times.append(time.perf_counter() - t0)
            walls = []
            for _ in range(5):
                t0 = time.perf_counter()
                _cli(data, "verify", "--bundle", str(bundle), "--tsa-cert", str(tsa.ca_pem))
                walls.append(time.perf_counter() - t0)
            proof_len = len(json.loads(zipfile.ZipFile(bundle).read(
                next(n for n in zipfile.ZipFile(bundle).namelist() if n.startswith("provenance/capture-"))))["audit_path"])
            print(f"{label}: tree size {report.summary['tree_head']['size']:,}, audit path {proof_len} hashes, "
                  f"bundle {bundle.stat().st_size / 1024:.0f} KiB: checks in-process median "
                  f"{statistics.median(times) * 1000:.1f} ms (max {max(times) * 1000:.1f}); "
                  f"`provcrawl verify --bundle` wall median {statistics.median(walls):.2f} s (max {max(walls):.2f})")


if __name__ == "__main__":
    main()
