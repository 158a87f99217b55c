"""The recorder: one per crawl, it owns the WARC writer, the DB and the crawl-run row.

Components reach it through :func:`get_recorder`, so the WARC extension, the error middleware and
the extraction pipeline write into the same run, file set and database.
"""

from __future__ import annotations

import logging
import platform
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import update

from crawler import __version__
from crawler import analysis
from crawler.sources import source_for_url
from storage import ledger
from storage.db import Database
from storage.models import Capture, CrawlRun
from storage.warc import Exchange, RecordLocation, WarcWriter

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.extraction import ExtractionSettings

logger = logging.getLogger(__name__)


def software_versions() -> dict[str, str]:
    import scrapy
    import sqlalchemy
    import warcio

    import crawler.extraction as ex

    return {"provcrawl": __version__, "scrapy": scrapy.__version__, "warcio": _version("warcio", warcio),
            "trafilatura": ex.EXTRACTOR_VERSION, "sqlalchemy": sqlalchemy.__version__,
            "python": platform.python_version()}


def _version(dist: str, module: Any) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return getattr(module, "__version__", "unknown")


@dataclass
class RunCounts:
    captures: int = 0
    errors: int = 0
    bytes_written: int = 0


class Recorder:
    """Writes captures (WARC first, then the DB row) and extractions for one crawl run."""

    def __init__(self, data_dir: Path, db_url: str, *, spider: str | None, command: str,
                 run_id: int | None, writer_options: dict[str, Any]) -> None:
        self.data_dir = Path(data_dir)
        self.warc_dir = self.data_dir / "warc"
        self.db = Database(db_url)
        self.counts = RunCounts()
        now = datetime.now(UTC)
        with self.db.session() as s:
            if run_id is not None and s.get(CrawlRun, run_id) is not None:
                run = s.get(CrawlRun, run_id)
                assert run is not None
                run.status = "running"
            else:
                run = CrawlRun(command=command, spider=spider, software_version=f"provcrawl {__version__}",
                               versions=software_versions(), started_at=now, status="running")
                s.add(run)
                s.flush()
            self.run_id = run.id
        self.writer = WarcWriter(self.warc_dir, **writer_options)

    # -- captures --------------------------------------------------------------------------
    def record_exchange(self, ex: Exchange, content_type: str | None, redirect_location: str | None) -> int:
        """WARC first (flushed), then the capture row: a row never points at unwritten bytes."""
        loc: RecordLocation = self.writer.write_exchange(ex)
        # A hop's final URL is where it points until the chain's end is known (resolve_chain).
        final_url = redirect_location or ex.url
        with self.db.session() as s:
            cap = Capture(
                run_id=self.run_id, url=ex.url, final_url=final_url, fetched_at=ex.fetched_at,
                status=ex.status, content_type=content_type, sha256=loc.payload_sha256,
                length=loc.payload_length, payload_digest=loc.payload_digest,
                warc_file=str(Path("warc") / loc.warc_file), warc_offset=loc.offset,
                warc_length=loc.length, warc_record_id=loc.record_id,
                warc_request_record_id=loc.request_record_id, ip_address=ex.ip_address,
                redirect_location=redirect_location, source=_source_key(ex.url),
            )
            ledger.append(s, [cap])
            capture_id = cap.id
        self.counts.captures += 1
        self.counts.bytes_written += loc.length
        return capture_id

    def resolve_chain(self, capture_ids: list[int], final_url: str) -> None:
        """Name the URL a redirect chain ended at on each of its hops."""
        if not capture_ids:
            return
        with self.db.session() as s:
            s.execute(update(Capture).where(Capture.id.in_(capture_ids)).values(final_url=final_url))

    def record_failure(self, url: str, error: str, fetched_at: datetime | None = None) -> int:
        """A fetch that produced no response: a capture row with its error and no WARC record."""
        with self.db.session() as s:
            no_response = {"signal": "fetch.no-response", "matched": error[:200], "snippet": "", "where": "fetch"}
            cap = Capture(run_id=self.run_id, url=url, fetched_at=fetched_at or datetime.now(UTC),
                          status=None, error=error, source=_source_key(url), paywall_evidence=[no_response])
            ledger.append(s, [cap])
            capture_id = cap.id
        self.counts.errors += 1
        return capture_id

    # -- analysis ------------------------------------------------------------------------
    def record_analysis(self, capture_id: int, result: analysis.Analysis, settings: ExtractionSettings) -> int | None:
        with self.db.session() as s:
            return analysis.store(s, capture_id, result, settings)

    # -- life cycle ------------------------------------------------------------------------
    def close(self, reason: str) -> None:
        self.writer.close()
        status = "finished" if reason == "finished" else ("interrupted" if reason == "shutdown" else "failed")
        if reason in ("closespider_pagecount", "closespider_itemcount", "closespider_timeout"):
            status = "finished"
        with self.db.session() as s:
            run = s.get(CrawlRun, self.run_id)
            if run is not None:
                run.finished_at = datetime.now(UTC)
                run.status = status
                run.finish_reason = reason
                run.captures_count = self.counts.captures + self.counts.errors
                run.errors_count = self.counts.errors
                run.bytes_written = self.counts.bytes_written
        self.db.dispose()


def _source_key(url: str) -> str | None:
    src = source_for_url(url)
    return src.key if src else None


_KEY = "_provcrawl_recorder"


def get_recorder(crawler: Crawler) -> Recorder:
    """The crawl's one recorder, created on first use from the crawler's settings."""
    rec = getattr(crawler, _KEY, None)
    if rec is None:
        s = crawler.settings
        data_dir = Path(s.get("PROVCRAWL_DATA_DIR") or "data")
        db_url = s.get("PROVCRAWL_DB") or f"sqlite:///{data_dir / 'provenance.sqlite'}"
        data_dir.mkdir(parents=True, exist_ok=True)
        warcinfo = {"robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
                    "http-header-user-agent": s.get("USER_AGENT") or ""}
        if s.get("WARC_OPERATOR"):
            warcinfo["operator"] = s.get("WARC_OPERATOR")
        writer_options = {
            "prefix": s.get("WARC_PREFIX", "provcrawl"),
            "max_size": s.getint("WARC_MAX_SIZE", 1024**3),
            "gzip_level": s.getint("WARC_GZIP_LEVEL", 6),
            "fsync": s.getbool("WARC_FSYNC", False),
            "warcinfo": {**warcinfo, "software": f"provcrawl/{__version__}"},
        }
        run_id = s.getint("PROVCRAWL_RUN_ID") or None
        spider = getattr(crawler.spidercls, "name", None)
        rec = Recorder(data_dir, db_url, spider=spider, command=s.get("PROVCRAWL_COMMAND") or " ".join(sys.argv),
                       run_id=run_id, writer_options=writer_options)
        setattr(crawler, _KEY, rec)
    return rec
