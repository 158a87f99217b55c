"""The demo's own data directory: the demo empties or adds to a directory only if a demo made it.

A marker file says "a demo wrote this". A directory without it, or holding anything a demo does
not write, is refused: the demo never deletes or mixes into data it did not create (a real
archive given by mistake, say).
"""

from __future__ import annotations

import shutil
from pathlib import Path

MARKER = ".provcrawl-demo"
_MARKER_TEXT = "Written by `provcrawl demo`: this directory holds demo data only and a new demo run may empty it.\n"
# What a demo run writes at the top of its directory: the SQLite database (with its journal and
# migration lock), the WARC files and the per-source crawl locks.
_DB_FILES = ("provenance.sqlite", "provenance.sqlite-wal", "provenance.sqlite-shm", "provenance.sqlite-journal",
             "provenance.sqlite.migrate-lock")
_DIRS = {"warc": lambda name: name.startswith("provcrawl-"), "locks": lambda name: name.endswith(".lock")}


class NotADemoDir(Exception):
    """The directory holds something a demo did not write; nothing was changed."""


def _foreign(data_dir: Path) -> list[Path]:
    out = []
    for entry in data_dir.iterdir():
        if (entry.name == MARKER or entry.name in _DB_FILES) and entry.is_file() and not entry.is_symlink():
            continue
        if entry.name in _DIRS and entry.is_dir() and not entry.is_symlink():
            demo_writes = _DIRS[entry.name]
            out += [p for p in entry.iterdir() if p.is_symlink() or not p.is_file() or not demo_writes(p.name)]
            continue
        out.append(entry)
    return out


def prepare(data_dir: Path, *, fresh: bool) -> None:
    """Make ``data_dir`` ready for a demo run (emptied first if ``fresh``), or raise NotADemoDir."""
    if data_dir.exists() and not data_dir.is_dir():
        raise NotADemoDir(f"{data_dir} is not a directory")
    if data_dir.is_dir() and any(data_dir.iterdir()):
        if not (data_dir / MARKER).is_file():
            raise NotADemoDir(f"{data_dir} is not empty and was not made by the demo; not touching it "
                              "(give the demo a new directory with --data-dir)")
        foreign = _foreign(data_dir)
        if foreign:
            raise NotADemoDir(f"{data_dir} holds files the demo did not write ({foreign[0]}); not touching it "
                              "(give the demo a new directory with --data-dir)")
        if fresh:
            for name in _DB_FILES:
                (data_dir / name).unlink(missing_ok=True)
            for name in _DIRS:
                shutil.rmtree(data_dir / name, ignore_errors=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / MARKER).write_text(_MARKER_TEXT)
