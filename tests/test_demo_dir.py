"""`provcrawl demo` writes only into a directory of its own and never deletes what it did not write."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.workspace import MARKER, NotADemoDir, prepare

ROOT = Path(__file__).resolve().parent.parent


def listing(path: Path) -> dict[str, str]:
    return {p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(path.rglob("*"))}


def an_archive(path: Path) -> Path:
    """A real data directory, as a user has it: a database, WARCs, notes."""
    (path / "warc").mkdir(parents=True)
    (path / "provenance.sqlite").write_bytes(b"SQLite format 3\x00 the real archive")
    (path / "warc" / "provcrawl-real-00001.warc.gz").write_bytes(b"real WARC bytes")
    (path / "notes.txt").write_text("mine")
    return path


def run_demo(*args: str, cwd: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "crawler", "demo", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("keep", [False, True], ids=["fresh", "keep"])
def test_a_directory_the_demo_did_not_make_is_refused_and_untouched(tmp_path: Path, keep: bool) -> None:
    archive = an_archive(tmp_path / "archive")
    before = listing(archive)
    proc = run_demo("--data-dir", str(archive), *(["--keep"] if keep else []), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not touching it" in proc.stderr, proc.stderr
    assert listing(archive) == before


def test_a_demo_directory_with_a_foreign_file_is_refused(tmp_path: Path) -> None:
    demo = tmp_path / "demo-data"
    prepare(demo, fresh=True)
    (demo / "warc").mkdir()
    (demo / "warc" / "someone-elses.warc.gz").write_bytes(b"x")
    before = listing(demo)
    for fresh in (True, False):
        with pytest.raises(NotADemoDir, match="someone-elses"):
            prepare(demo, fresh=fresh)
    assert listing(demo) == before


def test_a_previous_demo_is_emptied_or_kept(tmp_path: Path) -> None:
    demo = tmp_path / "demo-data"
    prepare(demo, fresh=True)
    assert (demo / MARKER).is_file()
    (demo / "warc").mkdir()
    (demo / "locks").mkdir()
    written = [demo / "provenance.sqlite", demo / "warc" / "provcrawl-tass-1.warc.gz", demo / "locks" / "tass.lock"]
    for path in written:
        path.write_bytes(b"demo")
    prepare(demo, fresh=False)
    assert all(p.exists() for p in written)
    prepare(demo, fresh=True)
    assert not any(p.exists() for p in written) and (demo / MARKER).is_file()


def test_the_demo_ignores_the_data_dir_environment(tmp_path: Path) -> None:
    # With PROVCRAWL_DATA_DIR naming a real archive, the demo used it and emptied it.
    archive = an_archive(tmp_path / "archive")
    before = listing(archive)
    user = tmp_path / "user"
    (user / "demo-data").mkdir(parents=True)
    (user / "demo-data" / "keep.me").write_text("not the demo's")  # so the demo stops before crawling
    proc = run_demo(cwd=user, env_extra={"PROVCRAWL_DATA_DIR": str(archive), "PROVCRAWL_DB": "sqlite:///" +
                                         str(archive / "provenance.sqlite")})
    assert proc.returncode == 2 and "demo-data" in proc.stderr, proc.stderr
    assert listing(archive) == before
