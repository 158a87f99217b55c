"""Replay through pywb: a collection over the data dir's WARCs, served on 127.0.0.1.

pywb is a separate install (its pins clash with ours: an old redis client among them), so
`provcrawl serve` runs its `wayback` program; the collection it builds is plain pywb layout
(`DIR/replay/collections/provcrawl/{archive,indexes}`), usable by any pywb install.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Capture

COLLECTION = "provcrawl"


def build_collection(session: Session, data_dir: Path) -> Path:
    """(Re)build DIR/replay: links to every WARC the DB references, and a fresh CDXJ index."""
    from cdxj_indexer.main import write_cdx_index

    root = data_dir / "replay"
    coll = root / "collections" / COLLECTION
    archive, indexes = coll / "archive", coll / "indexes"
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    indexes.mkdir(parents=True, exist_ok=True)
    files = sorted({f for f in session.scalars(select(Capture.warc_file).where(Capture.warc_file.is_not(None)).distinct())
                    if f})
    linked = []
    for f in files:
        src = (data_dir / f).resolve()
        if not src.is_file():
            continue
        link = archive / src.name
        if not link.exists():
            os.symlink(src, link)
            linked.append(str(link))
    write_cdx_index(str(indexes / "index.cdxj"), linked, {"sort": True})
    (root / "config.yaml").write_text(
        "# written by provcrawl serve: read-only replay of the data dir's WARCs\n"
        "collections:\n"
        f"  {COLLECTION}:\n"
        "    index_paths: ./collections/provcrawl/indexes/\n"
        "    archive_paths: ./collections/provcrawl/archive/\n"
        "framed_replay: false\n"
        "enable_memento: true\n"
    )
    return root


def find_wayback(explicit: str | None = None) -> str | None:
    for candidate in (explicit, os.environ.get("PROVCRAWL_PYWB"), shutil.which("wayback")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
