"""The WARC snapshot extension: every network fetch, as received, into WARC and the provenance DB.

It listens to ``response_downloaded``, which Scrapy sends once per download-handler response:
raw body (before HttpCompressionMiddleware), every redirect hop and robots.txt fetch included,
HTTP-cache hits excluded. A downloader middleware would see decoded bodies and miss hops.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError

from crawler.analysis.analyze import analyze, header_map
from crawler.analysis.extraction import ExtractionSettings
from crawler.capture.provenance import get_recorder
from storage.warc import Exchange

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing import Self

logger = logging.getLogger(__name__)

META_KEY = "provcrawl"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def exchange_from(request: Request, response: Response, fetched_at: datetime) -> Exchange:
    """Scrapy's request/response pair as the storage layer's Exchange (no Scrapy types leak)."""
    req_headers = [(k, v) for k, vs in request.headers.items() for v in vs]
    resp_headers = [(k, v) for k, vs in response.headers.items() for v in vs]
    protocol = response.protocol or "HTTP/1.1"
    if protocol.upper() == "HTTP/2.0":
        protocol = "HTTP/2"
    return Exchange(
        url=response.url, method=request.method, request_headers=req_headers,
        status=response.status, reason=_reason(response.status), protocol=protocol,
        response_headers=resp_headers, body=response.body, fetched_at=fetched_at,
        ip_address=str(response.ip_address) if response.ip_address else None,
        request_body=request.body or b"",
    )


def _memento(response: Response, fallback: str | None) -> datetime | None:
    """When a web archive captured what it served: its Memento-Datetime header, else the URL's timestamp."""
    from email.utils import parsedate_to_datetime

    header = response.headers.get(b"Memento-Datetime")
    if header:
        try:
            return parsedate_to_datetime(header.decode("latin-1")).astimezone(UTC)
        except (TypeError, ValueError):
            pass
    if fallback and len(fallback) >= 14 and fallback[:14].isdigit():
        return datetime.strptime(fallback[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return None


class WarcSnapshot:
    """Writes each downloaded response (with its request) to WARC, then records a capture row.

    Settings: ``WARC_ENABLED``, ``WARC_PREFIX``, ``WARC_MAX_SIZE``, ``WARC_GZIP_LEVEL``,
    ``WARC_FSYNC``, ``WARC_OPERATOR``; ``PROVCRAWL_DATA_DIR`` and ``PROVCRAWL_DB`` say where.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.extraction_settings = ExtractionSettings()
        self.stopping = False
        self.log_timer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    def request_dropped(self, request: Request, spider: Spider) -> None:
        """A redirect whose target was already fetched (or queued) ends at that target."""
        chain = (request.meta.get(META_KEY) or {}).get("chain")
        if chain:
            get_recorder(self.crawler).resolve_chain(chain, request.url)

    def spider_opened(self, spider: Spider) -> None:
        rec = get_recorder(self.crawler)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("provcrawl/run_id", rec.run_id)
        logger.info("provcrawl run %s: WARCs in %s, provenance in %s", rec.run_id, rec.warc_dir, rec.db.safe_url)
        from twisted.internet.task import LoopingCall

        # a quiet crawl's last captures reach the log within PROVCRAWL_LOG_BATCH_SECONDS too
        self.log_timer = LoopingCall(rec.flush_log)
        self.log_timer.start(max(0.1, rec.log.batch_seconds), now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.log_timer is not None and self.log_timer.running:
            self.log_timer.stop()
        get_recorder(self.crawler).close(reason)

    def _stop(self, reason: str, message: str) -> None:
        if self.stopping:
            return
        self.stopping = True
        logger.critical(message)
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if self.stopping or "browser" in response.flags:
            return  # a browser capture's responses were written by its handler (crawler/capture/)
        rec = get_recorder(self.crawler)
        stats = self.crawler.stats
        assert stats is not None
        fetched_at = datetime.now(UTC)
        location = None
        if 300 <= response.status < 400 and b"Location" in response.headers:
            raw = response.headers[b"Location"].decode("latin-1")
            location = urljoin(response.url, raw)
        ctype = response.headers.get(b"Content-Type")
        exchange = exchange_from(request, response, fetched_at)
        pmeta = request.meta.get(META_KEY) or {}
        try:
            capture_id, revisit_of = rec.record_exchange(exchange, ctype.decode("latin-1") if ctype else None,
                                                         location, pmeta.get("confirms"), pmeta.get("archive_of"),
                                                         _memento(response, pmeta.get("memento")))
        except OSError as exc:
            # Disk full or similar: the record was cut back and no row written; stop cleanly.
            stats.inc_value("warc/write_error")
            self._stop("warc_write_error", f"WARC write failed for {response.url}: {exc}; stopping the crawl "
                       "(nothing was recorded for it)")
            return
        except SQLAlchemyError as exc:
            stats.inc_value("provenance/db_error")
            self._stop("database_error", f"the provenance database failed ({exc.__class__.__name__}: "
                       f"{str(exc).splitlines()[0]}); stopping the crawl. The WARC files are closed; "
                       "run `provcrawl crawl --resume RUN` when the database is back")
            return
        if location or request.callback is NO_CALLBACK or not 200 <= response.status < 300:
            # Redirect hops, error pages (retried or not) and robots.txt may never reach a spider
            # callback, and have no main text: classify them here. 2xx pages go to the pipeline.
            verdict = analyze(response.body, url=response.url, status=response.status,
                              headers=header_map(exchange.response_headers), redirect_location=location)
            rec.record_analysis(capture_id, verdict, self.extraction_settings)
        stats.inc_value("warc/response_written")
        stats.inc_value(f"warc/response_status_count/{response.status}")
        meta: dict[str, Any] = dict(request.meta.get(META_KEY) or {})
        chain = list(meta.get("chain") or [])
        if location:
            chain.append(capture_id)
        else:
            rec.resolve_chain(chain, response.url)
            chain = []
        meta.update(capture_id=capture_id, fetched_at=fetched_at.isoformat(), chain=chain, revisit_of=revisit_of)
        if revisit_of is not None:
            stats.inc_value("warc/revisit_written")
        request.meta[META_KEY] = meta
