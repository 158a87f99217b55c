"""The demo and crawls stay on loopback and quiet: no Public Suffix List download, no tracebacks."""

from __future__ import annotations

import asyncio
import re
import inspect
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.analysis.extraction import ExtractionSettings
from crawler.capture.pipelines import ExtractionPipeline


def test_closing_the_extraction_pool_does_not_block_the_event_loop() -> None:
    # A blocking shutdown stalled the reactor for seconds while ten crawlers closed side by side;
    # Scrapy's downloader close timer (1 s) then fired on an already-fired Deferred
    # (CRITICAL AlreadyCalledError in the demo).
    pipeline = ExtractionPipeline(None, ExtractionSettings(), 1024, workers=1)  # type: ignore[arg-type]
    pipeline.open_spider()
    assert pipeline.pool is not None
    pipeline.pool.submit(time.sleep, 2.0)

    async def close_while_ticking() -> float:
        gaps: list[float] = []

        async def tick() -> None:
            last = time.monotonic()
            while True:
                await asyncio.sleep(0.05)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0.2)
        closing = pipeline.close_spider()
        if inspect.isawaitable(closing):
            await closing
        await asyncio.sleep(0.2)
        ticker.cancel()
        return max(gaps)

    assert asyncio.run(close_while_ticking()) < 1.0


# -- the demo in a network namespace with loopback only -------------------------------------------
ROOT = Path(__file__).resolve().parent.parent
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}

# Loaded first by every Python process of the run (the extraction workers too): records each name
# looked up through the socket module, which Twisted's resolver and requests (tldextract) both use.
RECORDER = '''
import os, socket
_log = os.environ["PROVCRAWL_TEST_LOOKUP_LOG"]
def _recording(real):
    def lookup(host, *args, **kwargs):
        with open(_log, "a") as f:
            f.write(f"{host if isinstance(host, str) else host.decode()}\\n")
        return real(host, *args, **kwargs)
    return lookup
socket.getaddrinfo = _recording(socket.getaddrinfo)
socket.gethostbyname = _recording(socket.gethostbyname)
socket.gethostbyname_ex = _recording(socket.gethostbyname_ex)
'''


def loopback_only_prefix() -> list[str]:
    """`unshare --net` with lo up (root), so nothing but loopback is reachable; else run as is."""
    if shutil.which("unshare") and shutil.which("ip"):
        probe = ["unshare", "--net", "sh", "-c", "ip link set lo up"]
        if subprocess.run(probe, capture_output=True).returncode == 0:
            return ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]
    return []


@dataclass
class Run:
    cwd: Path
    env: dict[str, str]
    proc: subprocess.CompletedProcess[str]
    lookups: list[str]
    tld_cache: Path


@pytest.fixture(scope="module")
def offline_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """`provcrawl demo` run once, as the README says, with a fresh tldextract cache and stderr not a terminal."""
    base = tmp_path_factory.mktemp("offline")
    (base / "site").mkdir()
    (base / "site" / "sitecustomize.py").write_text(RECORDER)
    cwd = base / "user"
    cwd.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(base / "site"), str(ROOT)]),
           "PROVCRAWL_TEST_LOOKUP_LOG": str(base / "lookups.log"), "TLDEXTRACT_CACHE": str(base / "tldextract"),
           "PROVCRAWL_DATA_DIR": str(base / "real-archive")}
    for name in ("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "PROVCRAWL_DB", "PROVCRAWL_DEBUG"):
        env.pop(name, None)
    proc = subprocess.run([*loopback_only_prefix(), sys.executable, "-m", "crawler", "demo"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=540)
    log = base / "lookups.log"
    lookups = log.read_text().split() if log.exists() else []
    yield Run(cwd, env, proc, lookups, base / "tldextract")


def test_the_demo_looks_up_no_name_but_loopback_and_fetches_no_suffix_list(offline_demo: Run) -> None:
    run = offline_demo
    assert run.proc.returncode == 0, run.proc.stderr[-3000:]
    assert set(run.lookups) <= LOOPBACK_NAMES, sorted(set(run.lookups) - LOOPBACK_NAMES)
    assert "publicsuffix" not in run.proc.stderr.lower()
    # tldextract keeps what it downloads under "urls/"; the bundled list needs no download
    assert not (run.tld_cache / "urls").exists()


def test_the_demo_prints_no_traceback(offline_demo: Run) -> None:
    err = offline_demo.proc.stderr
    assert "Traceback" not in err and "CRITICAL" not in err and "AlreadyCalledError" not in err, err[-3000:]


def test_the_demo_keeps_stderr_quiet_when_it_is_not_a_terminal(offline_demo: Run) -> None:
    # ~800 lines of Scrapy INFO logs and a deprecation warning per crawler, before
    err = offline_demo.proc.stderr
    assert " INFO: " not in err and "warning" not in err.lower(), err[:3000]


def test_the_demo_writes_only_into_its_own_directory(offline_demo: Run) -> None:
    from crawler.demo.workspace import MARKER

    assert (offline_demo.cwd / "demo-data" / MARKER).is_file()
    assert not Path(offline_demo.env["PROVCRAWL_DATA_DIR"]).exists()  # the environment names the real archive


def suggested_commands(stdout: str) -> list[str]:
    """`next: CMD` lines, and the `  label:   CMD` lines under "What to look at next:"."""
    commands, listing = [], False
    for line in stdout.splitlines():
        if line.startswith("next: "):
            commands.append(line.removeprefix("next: "))
        elif line == "What to look at next:":
            listing = True
        elif listing and (m := re.match(r"^  [^:]+:\s{2,}(\S.*)$", line)):
            commands.append(m.group(1))
        elif listing and not line.strip():
            listing = False
    return commands


def test_every_command_the_demo_suggests_runs_as_printed(offline_demo: Run) -> None:
    commands = suggested_commands(offline_demo.proc.stdout)
    assert len(commands) >= 6 and any(" cite " in c for c in commands), offline_demo.proc.stdout
    for command in commands:
        proc = subprocess.run(command, shell=True, cwd=offline_demo.cwd, env=offline_demo.env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"{command}\n{proc.stdout[-1000:]}\n{proc.stderr[-1000:]}"


def test_suggested_commands_start_provcrawl_the_way_the_user_did(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler.cli.invocation import command_prefix

    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "provcrawl"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert command_prefix(str(script)) == ".venv/bin/provcrawl"  # the venv is not activated
    assert command_prefix(".venv/bin/provcrawl") == ".venv/bin/provcrawl"
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    assert command_prefix(str(script)) == "provcrawl"  # activated: on PATH
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert command_prefix(str(script)) == str(script)  # elsewhere: the full path
    assert command_prefix(str(ROOT / "crawler" / "__main__.py")).endswith(" -m crawler")
