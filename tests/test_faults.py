"""Faults: SIGTERM, the database going away, a failing disk — nothing lost, nothing half-written."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crawler.demo.server import FixtureServer
from storage.warc import WarcWriter
from tests.conftest import PG_URL, ROOT, Cli, _pg_fresh_url
from tests.test_resume_schedule import make_site
from tests.test_warc_writer import exchange

pytestmark = pytest.mark.e2e


def crawl_proc(cli: Cli, url: str, *, json_out: bool = True) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "crawler", "crawl", "--start", url, "--data-dir", str(cli.data_dir),
           "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"] + (["--json"] if json_out else []) + (
           ["--db", cli.db_url] if cli.db_url else [])
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(server: FixtureServer, n: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and len(server.requests) < n:
        time.sleep(0.05)


def test_sigterm_stops_gracefully(cli: Cli, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 80)
    with FixtureServer(site=site, delay=0.1) as server:
        proc = crawl_proc(cli, server.url("/"))
        wait_for(server, 10)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    assert not list((cli.data_dir / "warc").glob("*.open"))  # renamed on the way out
    run = json.loads(out)
    assert run["status"] == "interrupted" and run["finish_reason"] == "shutdown"
    assert cli.run("verify", "--all").returncode == 0
    resumed = json.loads(cli.run("crawl", "--resume", str(run["id"]), "--json").stdout)
    assert resumed["status"] == "finished"


def test_ctrl_c_says_how_to_resume_and_the_printed_command_works(cli: Cli, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 60)
    with FixtureServer(site=site, delay=0.1) as server:
        proc = crawl_proc(cli, server.url("/"), json_out=False)
        wait_for(server, 8)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        assert " interrupted (shutdown)" in out, out + err
        line = next(x for x in err.splitlines() if x.startswith("resume: "))
        resumed = subprocess.run(line.removeprefix("resume: "), shell=True, cwd=ROOT, text=True, capture_output=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert resumed.returncode == 0 and " finished (finished)" in resumed.stdout, resumed.stdout + resumed.stderr
    assert "resume: " not in resumed.stderr


@pytest.mark.postgres
def test_database_going_away_stops_the_crawl_and_a_later_run_resumes(tmp_path: Path,
                                                                      request: pytest.FixtureRequest) -> None:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("PROVCRAWL_TEST_PG_URL is not set in CI")
        pytest.skip("PROVCRAWL_TEST_PG_URL not set")
    name = "provcrawl_fault_" + str(abs(hash(request.node.nodeid)) % 10**6)
    url = _pg_fresh_url(name)
    cli = Cli(tmp_path / "data", url)
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    site = make_site(tmp_path / "site", 80)
    try:
        with FixtureServer(site=site, delay=0.1) as server:
            proc = crawl_proc(cli, server.url("/"))
            wait_for(server, 12)
            with admin.connect() as conn:  # the database goes away: connections cut and refused
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                             {"n": name})
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 2, err[-2000:]
            assert "database" in err and "Traceback" not in err.splitlines()[-1]
            assert not list((cli.data_dir / "warc").glob("*.open"))  # WARCs closed cleanly
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            runs = cli.json("captures")
            run_id = runs[0]["run_id"]
            resumed = json.loads(cli.run("crawl", "--resume", str(run_id), "--json").stdout)
            assert resumed["status"] == "finished"
        assert cli.run("verify", "--all").returncode == 0
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


class FullDisk(io.RawIOBase):
    """A file that accepts ``room`` bytes, then fails like a full disk."""

    def __init__(self, real: io.BufferedRandom, room: int) -> None:
        self.real, self.room = real, room

    def write(self, b: bytes) -> int:  # type: ignore[override]
        if self.real.tell() + len(b) > self.room:
            self.real.write(bytes(b)[: max(0, self.room - self.real.tell())])
            raise OSError(28, "No space left on device")
        return self.real.write(b)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.real, name)


def test_a_failed_write_leaves_no_partial_record(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path)
    ok = w.write_exchange(exchange("http://127.0.0.1/a", b"a" * 1000))
    size = w._fh.tell()
    w._fh = FullDisk(w._fh, size + 200)  # type: ignore[assignment]
    with pytest.raises(OSError):
        w.write_exchange(exchange("http://127.0.0.1/b", os.urandom(5000)))
    w._fh = w._fh.real
    assert w._fh.tell() == size  # cut back to the end of the last whole record
    w.close()
    from warcio.archiveiterator import ArchiveIterator

    with open(tmp_path / ok.warc_file, "rb") as fh:
        assert [r.rec_type for r in ArchiveIterator(fh)] == ["warcinfo", "response", "request"]
