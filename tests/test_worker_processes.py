"""SIGKILL of a crawl or a re-extraction leaves no process behind: analysis workers die with their parent.

They used to stay (~110 MB each, with multiprocessing's resource tracker) until the next reboot.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from crawler.demo.server import FixtureServer
from storage.models import Capture
from tests.conftest import ROOT
from tests.test_resume_schedule import make_site

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(p.name))
    return kids


def descendants(pid: int) -> set[int]:
    kids, out, todo = _children(), set(), [pid]
    while todo:
        found = kids.get(todo.pop(), [])
        out.update(found)
        todo.extend(found)
    return out


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie is its new parent's to reap, and holds no memory)."""
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False


def analysing(pid: int) -> bool:
    """Has loaded lxml: past its start-up, into the analysis code (a worker waiting for or doing work)."""
    try:
        return "etree" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def kill_and_check(proc: subprocess.Popen[bytes], ready: Callable[[set[int]], bool], what: str) -> None:
    """Once ``ready(descendants)``, SIGKILL ``proc``; none of its descendants may be running 5 s later."""
    deadline = time.time() + 120
    family: set[int] = set()
    while time.time() < deadline and proc.poll() is None and not ready(family):
        time.sleep(0.02)
        family = descendants(proc.pid)
    assert proc.poll() is None and ready(family), f"{what} ended or never got ready: {len(family)} descendants"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 5
    while time.time() < deadline and any(running(p) for p in family):
        time.sleep(0.05)
    left = {p: Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ")[:100] for p in family if running(p)}
    for p in left:
        os.kill(p, signal.SIGKILL)
    assert not left, f"still running 5 s after the {what} was killed: {left}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_leaves_no_worker_behind(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with FixtureServer(site=make_site(tmp_path / "site", 60), delay=0.1) as server:
        crawl = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--start", server.url("/"),
                                  "--data-dir", str(data), "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # mid-crawl, its extraction worker at work (with it: multiprocessing's resource tracker)
        kill_and_check(crawl, lambda family: len([r for r in server.requests if r.startswith("/p")]) >= 20
                       and any(analysing(p) for p in family), "crawl")
    engine = create_engine(f"sqlite:///{data / 'provenance.sqlite'}")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Capture)), "killed before a page was stored"
    engine.dispose()
    # reextract --workers 2 (the tracker, a forkserver, two workers), killed as its workers start: a
    # Pool worker ends by itself once idle (it sees its task pipe close), but not while it imports
    # the analysis code or analyses a page, each seconds on a loaded machine.
    reextract = subprocess.Popen([sys.executable, "-m", "crawler", "reextract", "--all", "--force", "--workers", "2",
                                  "--favor-precision", "--data-dir", str(data)],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_and_check(reextract, lambda family: len(family) >= 4, "reextract")


def test_crawls_side_by_side_share_one_extraction_pool_and_a_broken_one_is_replaced() -> None:
    """`crawl --all` and the demo run a crawler a source in one process: one pool for all of them
    (a worker each made a dozen processes import the analysis code), shut down by the last to close."""
    import asyncio
    from concurrent.futures.process import BrokenProcessPool
    from functools import partial

    from crawler.analysis.extraction import ExtractionSettings
    from crawler.capture.pipelines import ExtractionPipeline

    first, second = (ExtractionPipeline(None, ExtractionSettings(), 1024, workers=1) for _ in range(2))  # type: ignore[arg-type]

    async def run() -> None:
        first.open_spider()
        second.open_spider()
        pool = first.pool
        assert pool is not None and second.pool is pool
        # a worker dies (on another crawl's page): the pool is broken for every crawl sharing it
        with pytest.raises(BrokenProcessPool):
            await asyncio.wrap_future(pool.submit(os._exit, 3))
        assert await second._analyze(partial(os.getpid)) != os.getpid()  # in a new pool, not lost
        assert second.pool is not pool and second.pool is not None
        assert await first._analyze(partial(int, "7")) == 7 and first.pool is second.pool
        await first.close_spider()
        assert second.pool is not None and await second._analyze(partial(int, "8")) == 8  # still open
        await second.close_spider()

    asyncio.run(run())
    from crawler.capture.pipelines import SharedPool

    assert not SharedPool._pools  # the last crawl to close shut it down
