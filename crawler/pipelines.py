"""Item pipeline: analyse each captured page (main text, paywall verdict) and record it."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from crawler import processes
from crawler.analysis import analyze
from crawler.extraction import ExtractionSettings
from crawler.items import PageItem
from crawler.provenance import get_recorder
from crawler.sources import load as load_sources
from crawler.sources import rules_for_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)


def settings_from(s) -> ExtractionSettings:  # type: ignore[no-untyped-def]
    return ExtractionSettings(
        include_comments=s.getbool("EXTRACTION_INCLUDE_COMMENTS", True),
        include_tables=s.getbool("EXTRACTION_INCLUDE_TABLES", True),
        favor_precision=s.getbool("EXTRACTION_FAVOR_PRECISION", False),
        favor_recall=s.getbool("EXTRACTION_FAVOR_RECALL", False),
    )


class ExtractionPipeline:
    """Runs :func:`crawler.analysis.analyze` on each PageItem; non-HTML pages are skipped.

    Analysis runs in ``EXTRACTION_WORKERS`` processes (0: a thread), so fetching goes on meanwhile.
    Settings: ``EXTRACTION_ENABLED``, ``EXTRACTION_INCLUDE_COMMENTS``, ``EXTRACTION_INCLUDE_TABLES``,
    ``EXTRACTION_FAVOR_PRECISION``, ``EXTRACTION_FAVOR_RECALL``, ``DOWNLOAD_MAXSIZE`` (bounds
    the decoded size).
    """

    def __init__(self, crawler: Crawler, settings: ExtractionSettings, max_decoded: int, workers: int) -> None:
        self.crawler = crawler
        self.settings = settings
        self.max_decoded = max_decoded
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def open_spider(self) -> None:
        if self.workers > 0:
            # spawn: a fork of a process running Twisted's reactor and threads is not safe
            self.pool = processes.executor(self.workers, "spawn")

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=False)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        if not s.getbool("EXTRACTION_ENABLED", True):
            raise NotConfigured("EXTRACTION_ENABLED is off")
        return cls(crawler, settings_from(s), s.getint("DOWNLOAD_MAXSIZE") or 50 * 1024 * 1024,
                   s.getint("EXTRACTION_WORKERS", 1))

    async def process_item(self, item: object) -> object:
        if not isinstance(item, PageItem):
            return item
        stats = self.crawler.stats
        assert stats is not None
        rec = get_recorder(self.crawler)
        if item.revisit_of is not None and rec.reuse_analysis(item.capture_id, item.revisit_of, self.settings):
            stats.inc_value("extraction/reused")  # unchanged payload (or a 304): same bytes, same result
            return item
        if not 200 <= item.status < 300:
            return item  # non-2xx responses were classified when they were captured
        # an archive copy is cleaned with its source's rules, not the archive's
        rules = load_sources()[item.source].cleanup if item.source in load_sources() else rules_for_url(item.url)
        call = partial(analyze, item.body, url=item.url, status=item.status, headers=item.headers,
                       settings=self.settings, rules=rules, max_decoded=self.max_decoded)
        # Never on the reactor's thread: a slow page must not stall downloads (or their timeouts).
        result = await asyncio.get_running_loop().run_in_executor(self.pool, call)
        rec.record_analysis(item.capture_id, result, self.settings)
        stats.inc_value(f"paywall/{result.verdict.status}")
        if result.verdict.blocked:
            stats.inc_value(f"blocked/{result.verdict.blocked}")
            logger.warning("access blocked (%s) at %s", result.verdict.blocked, item.url)
        if result.extraction is not None:
            stats.inc_value(f"extraction/{result.extraction.status}")
            if result.extraction.status == "error":
                logger.warning("extraction failed for %s: %s", item.url, result.extraction.error)
        return item
