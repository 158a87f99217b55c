"""The Merkle log end to end: keys init, prove, verify --all; two appending processes; a crash mid-batch."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from crawler.demo.server import FixtureServer
from storage import merkle
from storage.db import Database
from tests.conftest import PG_URL, ROOT, Cli, _pg_fresh_url
from tests.test_merkle_log import rewrite_and_resign
from tests.test_resume_schedule import make_site

pytestmark = pytest.mark.e2e
ARTICLE = "/en/news/lavrov-blinken.html"


def test_keys_prove_verify_and_a_rewrite_caught(tmp_path: Path, site_server) -> None:
    cli = Cli(tmp_path / "data", None)
    out = cli.run("keys", "init").stdout
    assert "archive-key.pem" in out
    again = cli.run("keys", "init", "--algorithm", "ed25519", check=False)
    assert again.returncode == 2 and "already exists" in again.stderr
    cli.run("snapshot", site_server.url(ARTICLE), site_server.url("/irna/83317115.html"))

    proof = cli.json("prove", site_server.url(ARTICLE))
    assert set(proof) == {"capture_id", "leaf_hash", "leaf_index", "tree_head", "signature", "public_key",
                          "audit_path", "timestamp"}
    head = proof["tree_head"]
    assert proof["timestamp"] is None and head["size"] >= 3 and head["created"].endswith("Z")
    assert merkle.verify_inclusion(bytes.fromhex(proof["leaf_hash"]), proof["leaf_index"], head["size"],
                                   [bytes.fromhex(h) for h in proof["audit_path"]], bytes.fromhex(head["root"]))
    # what a third party runs: openssl over the exact signed bytes
    signed = json.dumps(head, sort_keys=True, separators=(",", ":")).encode()
    (tmp_path / "head.json").write_bytes(signed)
    (tmp_path / "head.sig").write_bytes(base64.b64decode(proof["signature"]))
    (tmp_path / "pub.pem").write_text(proof["public_key"])
    assert (cli.data_dir / "keys" / "archive-key.pub.pem").read_text() == proof["public_key"]
    ok = subprocess.run(["openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "head.sig", "head.json"],
                        cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0 and "Verified OK" in ok.stdout

    text = cli.run("prove", "--capture", str(proof["capture_id"])).stdout
    assert "leads to the root" in text and "signature: valid" in text
    assert cli.run("prove", site_server.url("/never-captured.html"), check=False).returncode == 1
    assert cli.run("prove", check=False).returncode == 2

    verified = cli.run("verify", "--all").stdout
    assert "Merkle log:" in verified and "1 signed" in verified and "OK: everything matches" in verified

    db = Database(cli.database_url)
    rewrite_and_resign(db, cli.data_dir, proof["capture_id"], url="https://www.mid.ru/never-said-it")
    db.dispose()
    broken = cli.run("verify", "--all", "--json", check=False)
    assert broken.returncode == 1
    problems = json.loads(broken.stdout)["problems"]
    (inconsistent,) = [p for p in problems if p["kind"] == "inconsistent"]
    assert "is not consistent with the older tree head" in inconsistent["detail"]


APPENDER = """
import sys
from datetime import UTC, datetime
from crawler.capture.log_batch import LogBatcher
from storage.db import Database
from storage.models import Capture, CrawlRun
db = Database(sys.argv[1])
with db.session() as s:
    run = CrawlRun(command="append", software_version="t", started_at=datetime.now(UTC))
    s.add(run)
    s.flush()
    run_id = run.id
log = LogBatcher(db, batch_size=7, batch_seconds=60)
for i in range(int(sys.argv[2])):
    with db.session() as s:
        cap = Capture(run_id=run_id, url=f"https://p{run_id}.example/{i}", fetched_at=datetime.now(UTC), status=200)
        s.add(cap)
        s.flush()
        cid = cap.id
    log.added(cid)
log.flush()
"""


@pytest.mark.postgres
def test_two_processes_appending_on_postgresql_keep_one_log(request: pytest.FixtureRequest) -> None:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("PROVCRAWL_TEST_PG_URL is not set in CI")
        pytest.skip("PROVCRAWL_TEST_PG_URL not set")
    url = _pg_fresh_url("provcrawl_test_merkle_two")
    Database(url).dispose()  # migrate once, as the first process would
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", APPENDER, url, "120"], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
    from storage.log_check import check_log
    from storage.models import MerkleLeaf

    db = Database(url)
    with db.session() as s:
        summary = check_log(s)
        idx = list(s.scalars(sa.select(MerkleLeaf.idx).order_by(MerkleLeaf.idx)))
        runs = {cid: run for cid, run in s.execute(sa.text("SELECT id, run_id FROM capture"))}
        order = [runs[c] for c in s.scalars(sa.select(MerkleLeaf.capture_id).order_by(MerkleLeaf.idx))]
    db.dispose()
    assert summary.problems == [] and summary.size == 240 and idx == list(range(240))
    switches = sum(a != b for a, b in zip(order, order[1:]))
    assert switches >= 1  # both appended: batches of the two processes (interleaved when they overlapped)


@pytest.mark.slow
def test_a_crash_mid_batch_loses_no_record_and_the_next_run_logs_the_rest(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data", None)
    site = make_site(tmp_path / "site", 60)
    db_file = cli.data_dir / "provenance.sqlite"

    def count(table: str) -> int:
        if not db_file.exists():
            return 0
        engine = sa.create_engine(f"sqlite:///{db_file}")
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
        except sa.exc.OperationalError:
            return 0
        finally:
            engine.dispose()

    with FixtureServer(site=site, delay=0.05) as server:
        cmd = [sys.executable, "-m", "crawler", "crawl", "--start", server.url("/"), "--data-dir", str(cli.data_dir),
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "PROVCRAWL_LOG_BATCH_SIZE=25",
               "-s", "PROVCRAWL_LOG_BATCH_SECONDS=3600"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None and not (count("merkle_leaf") >= 25 and
                                                                        count("capture") % 25 >= 5):
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        rows, leaves = count("capture"), count("merkle_leaf")
        assert leaves % 25 == 0 and 0 < rows - leaves < 25 + 3  # only the open batch's leaves are missing
        problems = json.loads(cli.run("verify", "--all", "--json", check=False).stdout)["problems"]
        # (the killed run's WARC is still named .open: the next run repairs and renames it)
        assert {p["kind"] for p in problems} <= {"unlogged", "missing_file"}
        assert len([p for p in problems if p["kind"] == "unlogged"]) == rows - leaves
        cli.run("snapshot", server.url("/p59.html"))  # the next run appends them first
    total = count("capture")
    assert total > rows and count("merkle_leaf") == total
    report = cli.json("verify", "--all")
    assert report["ok"] and report["checked"] == total  # every row's WARC record is there, intact
    assert report["log"]["size"] == total and report["log"]["tree_heads"] == 1
