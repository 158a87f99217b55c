"""The recorder: one per crawl, it owns the WARC writer, the DB and the crawl-run row.

Components reach it through :func:`get_recorder`, so the WARC extension, the error middleware and
the extraction pipeline write into the same run, file set and database.
"""

from __future__ import annotations

import logging
import platform
import sys
import hashlib
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scrapy.utils.misc import load_object
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from crawler import __version__
import crawler.analysis.analyze as analysis
from crawler.capture.log_batch import LogBatcher
from crawler.sources import capture_source
from storage.db import Database
from storage.repair import mark_dead_runs, repair_dir
from storage.models import Capture, CrawlRun, insert_capture
from storage.warc import SERVER_NOT_MODIFIED, Exchange, RecordLocation, RefersTo, WarcWriter, warc_date

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.analysis.extraction import ExtractionSettings

logger = logging.getLogger(__name__)


def software_versions() -> dict[str, str]:
    import scrapy
    import sqlalchemy
    import warcio

    import crawler.analysis.extraction as ex

    return {"provcrawl": __version__, "scrapy": scrapy.__version__, "warcio": _version("warcio", warcio),
            "trafilatura": ex.EXTRACTOR_VERSION, "sqlalchemy": sqlalchemy.__version__,
            "python": platform.python_version()}


def _version(dist: str, module: Any) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return getattr(module, "__version__", "unknown")


PREVIOUS = (Capture.id, Capture.url, Capture.fetched_at, Capture.status, Capture.sha256, Capture.length,
            Capture.payload_digest, Capture.warc_record_id, Capture.revisit_of_id)
# built once: constructing a statement costs more CPU than running it on an indexed column
PREVIOUS_OF_URL = (select(*PREVIOUS).where(Capture.url == bindparam("url"), Capture.record_type.is_not(None),
                                           Capture.redirect_location.is_(None))
                   .order_by(Capture.fetched_at.desc(), Capture.id.desc()).limit(1))
CAPTURE_BY_ID = select(*PREVIOUS).where(Capture.id == bindparam("id"))


class Recorder:
    """Writes captures (WARC first, then the DB row) and extractions for one crawl run."""

    def __init__(self, data_dir: Path, db_url: str, *, spider: str | None, command: str,
                 run_id: int | None, writer_options: dict[str, Any], dedup: bool = True,
                 args: dict[str, Any] | None = None, log_batch_size: int = 200,
                 log_batch_seconds: float = 2.0,
                 tree_head_recorder: Callable[[Session, Path], Any] | None = None) -> None:
        self.data_dir = Path(data_dir)
        # records (and signs) the Merkle log's tree head at the end of the run; given from the
        # settings so that capture does not import evidence (which imports capture)
        self.tree_head_recorder = tree_head_recorder
        self.warc_dir = self.data_dir / "warc"
        self.db = Database(db_url)
        self.log = LogBatcher(self.db, log_batch_size, log_batch_seconds)
        self.log.recover()
        self.dedup = dedup
        self.repaired = repair_dir(self.warc_dir)
        for r in self.repaired:
            logger.warning("repaired interrupted WARC %s: kept %d records (%d bytes), cut %d bytes of an "
                           "unfinished record", r.file, r.records, r.kept_bytes, r.cut_bytes)
        now = datetime.now(UTC)
        with self.db.session() as s:
            for dead in mark_dead_runs(s):
                logger.warning("run %s was interrupted (its process is gone)", dead)
            run = s.get(CrawlRun, run_id) if run_id is not None else None
            if run is not None:
                run.status, run.finished_at, run.finish_reason = "running", None, None
                run.pid, run.host = os.getpid(), socket.gethostname()
            else:
                run = CrawlRun(command=command, spider=spider, software_version=f"provcrawl {__version__}",
                               versions=software_versions(), started_at=now, status="running",
                               host=socket.gethostname(), pid=os.getpid(), args=args)
                s.add(run)
                s.flush()
            self.run_id = run.id
        self.writer = WarcWriter(self.warc_dir, **writer_options)

    # -- captures --------------------------------------------------------------------------
    def _previous(self, s: Any, url: str) -> Any:
        """The newest earlier capture of this exact URL that holds (or stands for) a payload.

        Only the columns a revisit needs (a row, not an entity: a capture's CPU budget is ~1 ms)."""
        return s.execute(PREVIOUS_OF_URL, {"url": url}).first()

    def record_exchange(self, ex: Exchange, content_type: str | None, redirect_location: str | None,
                        confirms: int | None = None, archive_of: str | None = None,
                        memento: datetime | None = None, *, fetched_with: str = "http",
                        page_capture_id: int | None = None) -> tuple[int, int | None]:
        """WARC first (flushed), then the capture row: a row never points at unwritten bytes.

        A 2xx payload identical to the URL's previous capture becomes a ``revisit`` record, and
        so does a 304 answering our conditional request (``confirms``: the capture it confirms).
        Returns (capture id, id of the capture holding the payload when this is a revisit).
        """
        sha = hashlib.sha256(ex.body).hexdigest()
        # A Core connection, not an ORM session: every statement here is Core (CPU budget ~1 ms a page)
        with self.db.engine.begin() as s:
            prev = self._previous(s, ex.url)
            original = None
            if prev is not None:
                original = s.execute(CAPTURE_BY_ID, {"id": prev.revisit_of_id}).first() if prev.revisit_of_id else prev
            revisit = None
            if ex.status == 304 and confirms is not None and original is not None:
                revisit = RefersTo(original.url, warc_date(original.fetched_at), original.warc_record_id or "",
                                   None, SERVER_NOT_MODIFIED)
            elif (self.dedup and ex.body and original is not None and original.status == ex.status
                  and original.sha256 == sha and original.warc_record_id):
                revisit = RefersTo(original.url, warc_date(original.fetched_at), original.warc_record_id,
                                   original.payload_digest)
            # One transaction for the look-up and the row; the WARC bytes are written and flushed
            # in between, before the row exists. No lock is taken: the leaf follows in a batch.
            loc: RecordLocation = self.writer.write_exchange(ex, revisit)
            # A hop's final URL is where it points until the chain's end is known (resolve_chain).
            final_url = redirect_location or ex.url
            if ex.status == 304 and revisit is not None:
                change, payload_sha, length = "unchanged", original.sha256, original.length  # type: ignore[union-attr]
            else:
                payload_sha, length = loc.payload_sha256, loc.payload_length
                change = "new" if prev is None else ("unchanged" if (prev.sha256, prev.status) == (sha, ex.status)
                                                     or (prev.status == 304 and original and original.sha256 == sha)
                                                     else "changed")
            headers = {k.lower(): v for k, v in ex.response_headers}
            values = dict(
                run_id=self.run_id, url=ex.url, final_url=final_url, fetched_at=ex.fetched_at,
                status=ex.status, content_type=content_type, sha256=payload_sha,
                length=length, payload_digest=loc.payload_digest or (original.payload_digest if original else None),
                warc_file=str(Path("warc") / loc.warc_file), warc_offset=loc.offset,
                warc_length=loc.length, warc_record_id=loc.record_id, block_digest=loc.block_digest,
                warc_request_record_id=loc.request_record_id, ip_address=ex.ip_address,
                redirect_location=redirect_location, source=_source_key(ex.url, archive_of), record_type=loc.record_type,
                revisit_of_id=original.id if revisit is not None and original is not None else None,
                change=change if redirect_location is None else None,
                etag=_header(headers.get(b"etag")), last_modified=_header(headers.get(b"last-modified")),
                archive_of=archive_of, memento_datetime=memento, fetched_with=fetched_with,
                page_capture_id=page_capture_id,
            )
            capture_id, revisit_of = insert_capture(s, values), values["revisit_of_id"]
        self.log.added(capture_id)
        return capture_id, revisit_of

    def stored_payload(self, capture_id: int) -> tuple[bytes | None, dict[str, str]]:
        """A capture's payload as it is decoded for reading (Content-Encoding undone), from its WARC."""
        from crawler.analysis.decoding import ContentDecodingError, decode_content
        from storage.warc import WarcReadError, read_record

        with self.db.session() as s:
            cap = s.get(Capture, capture_id)
            if cap is None or not cap.warc_file or cap.warc_offset is None:
                return None, {}
            path, offset = self.data_dir / cap.warc_file, cap.warc_offset
        try:
            rec = read_record(path, offset)
            headers = analysis.header_map(rec.http_headers)
            body = decode_content(rec.payload, headers.pop("content-encoding", None))
        except (WarcReadError, ContentDecodingError):
            return None, {}
        headers.pop("content-length", None)
        return body, headers

    def redirect_location(self, capture_id: int) -> str | None:
        with self.db.session() as s:
            cap = s.get(Capture, capture_id)
            return cap.redirect_location if cap is not None else None

    def record_dropped(self, capture_id: int, message: str) -> None:
        """A captured response Scrapy then dropped (e.g. a decompression bomb): an error extraction says why."""
        from crawler.analysis import paywall
        from crawler.analysis.extraction import ExtractionResult, ExtractionSettings

        why = paywall.Evidence("fetch.dropped", message[:200], "", "download")
        result = analysis.Analysis(ExtractionResult(status="error", error=message), paywall.Verdict("unknown", (why,)))
        self.record_analysis(capture_id, result, ExtractionSettings())

    def resolve_chain(self, capture_ids: list[int], final_url: str) -> None:
        """Name the URL a redirect chain ended at on each of its hops."""
        if not capture_ids:
            return
        with self.db.session() as s:
            s.execute(update(Capture).where(Capture.id.in_(capture_ids)).values(final_url=final_url))

    def record_failure(self, url: str, error: str, fetched_at: datetime | None = None, *,
                       fetched_with: str = "http", page_capture_id: int | None = None) -> int:
        """A fetch that produced no response: a capture row with its error and no WARC record."""
        with self.db.session() as s:
            no_response = {"signal": "fetch.no-response", "matched": error[:200], "snippet": "", "where": "fetch"}
            cap = Capture(run_id=self.run_id, url=url, fetched_at=fetched_at or datetime.now(UTC),
                          status=None, error=error, source=_source_key(url), paywall_evidence=[no_response],
                          fetched_with=fetched_with, page_capture_id=page_capture_id)
            s.add(cap)
            s.flush()
            capture_id = cap.id
        self.log.added(capture_id)
        return capture_id

    def record_resource(self, uri: str, content_type: str, payload: bytes, when: datetime,
                        concurrent_to: str | None = None) -> RecordLocation:
        """A WARC ``resource`` record (a screenshot, a rendered DOM); its id goes on the page's row."""
        return self.writer.write_resource(uri, content_type, payload, when, concurrent_to)

    def record_page(self, capture_id: int, *, page_resources: int, screenshot_record_id: str | None,
                    rendered_dom_record_id: str | None) -> None:
        """What a browser capture adds to its document's row (not chained: the records carry the bytes)."""
        with self.db.session() as s:
            s.execute(update(Capture).where(Capture.id == capture_id).values(
                page_resources=page_resources, screenshot_record_id=screenshot_record_id,
                rendered_dom_record_id=rendered_dom_record_id))

    # -- analysis ------------------------------------------------------------------------
    def record_analysis(self, capture_id: int, result: analysis.Analysis, settings: ExtractionSettings,
                        extracted_from: str | None = None) -> int | None:
        """``extracted_from``: for a browser capture, whether the text came from the document
        response or from the rendered DOM."""
        with self.db.session() as s:
            row_id = analysis.store(s, capture_id, result, settings)
            if row_id is not None and extracted_from:
                from storage.models import Extraction

                s.execute(update(Extraction).where(Extraction.id == row_id).values(extracted_from=extracted_from))
            return row_id

    def reuse_analysis(self, capture_id: int, original_id: int, settings: ExtractionSettings) -> bool:
        with self.db.session() as s:
            return analysis.reuse(s, capture_id, original_id, settings)

    # -- life cycle ------------------------------------------------------------------------
    def flush_log(self) -> None:
        """Append the pending leaves when their batch is due (called on a timer during the crawl)."""
        if self.log.due():
            self.log.flush()

    def close(self, reason: str) -> None:
        self.writer.close()  # first: the WARC files are closed whatever happens to the database
        self.log.flush()
        try:
            head = None
            if self.tree_head_recorder is not None:
                with self.db.session() as s:
                    head = self.tree_head_recorder(s, self.data_dir)
            if head is not None:
                logger.info("Merkle log: %d leaves, root %s (%s)", head.size, head.root,
                            "signed" if head.signature else "unsigned: no archive key, see `provcrawl keys init`")
        except Exception as exc:  # noqa: BLE001 - a head can be made later (`prove`); the run's rows stand
            logger.warning("could not record a tree head: %s: %s", exc.__class__.__name__, exc)
        status = "finished" if reason == "finished" else (
            "interrupted" if reason in ("shutdown", "database_error") else "failed")
        if reason in ("closespider_pagecount", "closespider_itemcount", "closespider_timeout"):
            status = "finished"
        with self.db.session() as s:
            run = s.get(CrawlRun, self.run_id)
            if run is not None:
                run.finished_at = datetime.now(UTC)
                run.status = status
                run.finish_reason = reason
                # From the rows themselves: right also for a run resumed after a crash.
                mine = Capture.run_id == self.run_id
                run.captures_count = s.scalar(select(func.count()).select_from(Capture).where(mine)) or 0
                run.errors_count = s.scalar(select(func.count()).select_from(Capture)
                                            .where(mine, Capture.status.is_(None))) or 0
                run.bytes_written = s.scalar(select(func.coalesce(func.sum(Capture.warc_length), 0)).where(mine)) or 0
                counts = dict(s.execute(select(Capture.change, func.count()).where(mine, Capture.change.is_not(None))
                                        .group_by(Capture.change)).all())
                counts["revisits"] = s.scalar(select(func.count()).select_from(Capture)
                                              .where(mine, Capture.record_type == "revisit")) or 0
                counts["failed"] = run.errors_count
                run.change_counts = counts
        self.db.dispose()


def _header(value: bytes | None) -> str | None:
    return value.decode("latin-1")[:500] if value else None


def _source_key(url: str, archive_of: str | None = None) -> str | None:
    src = capture_source(url, archive_of)
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
        from crawler.capture.browser_record import BODIES_NOTE

        warcinfo = {"robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
                    "http-header-user-agent": s.get("USER_AGENT") or "", "payload-bodies": BODIES_NOTE}
        if s.get("WARC_OPERATOR"):
            warcinfo["operator"] = s.get("WARC_OPERATOR")
        writer_options = {
            "prefix": s.get("WARC_PREFIX", "provcrawl"),
            "max_size": s.getint("WARC_MAX_SIZE", 1024**3),
            "gzip_level": s.getint("WARC_GZIP_LEVEL", 3),
            "fsync": s.getbool("WARC_FSYNC", False),
            "warcinfo": {**warcinfo, "software": f"provcrawl/{__version__}"},
        }
        run_id = s.getint("PROVCRAWL_RUN_ID") or None
        spider = getattr(crawler.spidercls, "name", None)
        rec = Recorder(data_dir, db_url, spider=spider, command=s.get("PROVCRAWL_COMMAND") or " ".join(sys.argv),
                       run_id=run_id, writer_options=writer_options, dedup=s.getbool("WARC_DEDUP", True),
                       args=s.getdict("PROVCRAWL_RUN_ARGS") or None,
                       log_batch_size=s.getint("PROVCRAWL_LOG_BATCH_SIZE", 200),
                       log_batch_seconds=s.getfloat("PROVCRAWL_LOG_BATCH_SECONDS", 2.0),
                       tree_head_recorder=load_object(s["PROVCRAWL_TREE_HEAD_RECORDER"])
                       if s.get("PROVCRAWL_TREE_HEAD_RECORDER") else None)
        setattr(crawler, _KEY, rec)
    return rec
