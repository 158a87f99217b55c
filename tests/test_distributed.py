"""Distributed mode on real Redis and PostgreSQL: two workers, one frontier, one database."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from crawler.demo.server import FixtureServer
from tests.conftest import PG_URL, ROOT, Cli, _pg_fresh_url
from tests.test_resume_schedule import make_site

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def redis_url(tmp_path: Path):
    server = shutil.which("redis-server")
    if not server:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed: .ci/run must install it")
        pytest.skip("redis-server not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("PROVCRAWL_TEST_PG_URL is not set in CI")
        pytest.skip("PROVCRAWL_TEST_PG_URL not set")
    return _pg_fresh_url("provcrawl_dist_" + str(abs(hash(request.node.nodeid)) % 10**6))


def start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "crawler", *args], cwd=ROOT, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def page_paths(n: int) -> set[str]:
    return {"/"} | {f"/p{i}.html" for i in range(1, n)}


def check_archive(tmp_path: Path, pg_url: str, server: FixtureServer, n: int) -> list[dict]:
    caps = Cli(tmp_path / "a", pg_url).json("captures")
    pages = [c for c in caps if not c["url"].endswith("/robots.txt")]
    counts = Counter(c["url"] for c in pages)
    assert set(counts) == {server.url(p) for p in page_paths(n)}
    assert max(counts.values()) == 1  # every page captured exactly once
    fetched = Counter(r for r in server.requests if r in page_paths(n))
    assert max(fetched.values()) == 1 and len(fetched) == n  # and fetched exactly once
    # every row resolves to its record, whichever worker's WARC holds it; the chain is intact
    for d in ("a", "b"):
        out = Cli(tmp_path / d, pg_url).run("verify", "--all", "--json", check=False)
        report = json.loads(out.stdout)
        assert report["chain_ok"]
        # rows written by the other worker point into the other data dir: only missing_file there
        assert {p["kind"] for p in report["problems"]} <= {"missing_file"}
    return caps


def test_two_workers_share_one_frontier(tmp_path: Path, redis_url: str, pg_url: str) -> None:
    n = 500
    site = make_site(tmp_path / "site", n)
    with FixtureServer(site=site, delay=0.05) as server:  # 50 ms a page: a server, not a memory copy
        # The worker first: it waits for the job; each takes 2 requests at a time, so the job
        # lasts long enough for both to share it even on a loaded machine.
        b = start(["worker", "--redis", redis_url, "--db", pg_url, "--data-dir", str(tmp_path / "b"),
                   "--idle-exit", "4", "--json", "-s", "CONCURRENT_REQUESTS=2"])
        a = start(["crawl", "--start", server.url("/"), "--redis", redis_url, "--db", pg_url,
                   "--data-dir", str(tmp_path / "a"), "--idle-exit", "4", "--json", "-s", "CONCURRENT_REQUESTS=2"])
        out_a, err_a = a.communicate(timeout=300)
        out_b, err_b = b.communicate(timeout=300)
        assert a.returncode == 0 and b.returncode == 0, err_a[-2000:] + err_b[-2000:]
        caps = check_archive(tmp_path, pg_url, server, n)
    runs = Counter(c["run_id"] for c in caps)
    assert len(runs) == 2 and min(runs.values()) > 20  # both workers did real work
    assert {json.loads(out_a)["id"], json.loads(out_b)["id"]} == set(runs)
    files = [f.name for d in ("a", "b") for f in (tmp_path / d / "warc").glob("*.warc.gz")]
    assert len({f.rsplit("-", 2)[-1] for f in files}) == 2  # each worker its own files (pid in the name)


def test_a_killed_workers_requests_are_taken_over(tmp_path: Path, redis_url: str, pg_url: str) -> None:
    """A request the killed worker took is fetched by the survivor, whatever the machine's load.

    This failed about 1 run in 10 under load (a page never fetched, the survivor exiting 0): a
    request left the Redis queue when the worker took it, but was recorded in flight only when it
    reached the downloader, after robots.txt and the conditional-request DB look-up; a link was
    marked seen, then queued, in two Redis calls. A worker killed in either gap lost the request
    for good (seen, queued nowhere). Taking and recording, and marking and queueing, are now one
    Lua step each (crawler/orchestration/frontier.py); the survivor also waits while any worker holds requests,
    so its short --idle-exit below cannot end the job before the take-over.

    The killed worker's heartbeat lives 10 s (-s PROVCRAWL_HEARTBEAT_TTL; 15 by default): its
    requests come back 8-10 s after the kill, still well after a survivor that ignored them would
    have left (3 s of quiet, looked at every second while idle).
    """
    n = 120
    site = make_site(tmp_path / "site", n)
    with FixtureServer(site=site, delay=0.05) as server:
        b = start(["worker", "--redis", redis_url, "--db", pg_url, "--data-dir", str(tmp_path / "b"),
                   "--idle-exit", "20", "-s", "CONCURRENT_REQUESTS=8", "-s", "PROVCRAWL_HEARTBEAT_TTL=10"])
        a = start(["crawl", "--start", server.url("/"), "--redis", redis_url, "--db", pg_url,
                   "--data-dir", str(tmp_path / "a"), "--idle-exit", "3", "-s", "CONCURRENT_REQUESTS=2"])
        deadline = time.time() + 60
        while time.time() < deadline and len(server.requests) < 30:
            time.sleep(0.05)
        b.send_signal(signal.SIGKILL)
        b.wait()
        out_a, err_a = a.communicate(timeout=300)
        assert a.returncode == 0, err_a[-3000:]
        pages = {r for r in server.requests if r in page_paths(n)}
        assert pages == page_paths(n)  # the survivor finished the job, the dead worker's requests included
        caps = Cli(tmp_path / "a", pg_url).json("captures")
        assert {server.url(p) for p in page_paths(n)} <= {c["url"] for c in caps}
