"""Item pipeline: analyse each captured page (main text, paywall verdict) and record it."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from crawler.analysis import processes
from crawler.analysis.analyze import analyze, warm
from crawler.analysis.extraction import ExtractionSettings
from crawler.items import PageItem
from crawler.capture.provenance import get_recorder
from crawler.sources import rules_for_capture

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing import Self

logger = logging.getLogger(__name__)


def settings_from(s) -> ExtractionSettings:  # type: ignore[no-untyped-def]
    return ExtractionSettings(
        include_comments=s.getbool("EXTRACTION_INCLUDE_COMMENTS", True),
        include_tables=s.getbool("EXTRACTION_INCLUDE_TABLES", True),
        favor_precision=s.getbool("EXTRACTION_FAVOR_PRECISION", False),
        favor_recall=s.getbool("EXTRACTION_FAVOR_RECALL", False),
    )


ARTICLE_MIN_CHARS = 200


def holds_article(result) -> bool:  # type: ignore[no-untyped-def]
    """Text worth citing: extracted, not a block page, not a few words of a JavaScript shell."""
    ex = result.extraction
    return (ex is not None and ex.status == "ok" and not result.verdict.blocked
            and len(ex.text or "") >= ARTICLE_MIN_CHARS)


class SharedPool:
    """One extraction pool for all the crawls a process runs at once, handed out by reference count.

    ``crawl --all`` and the demo run a crawler a source side by side in one process: with a pool
    each, every source started its own worker, which imported the analysis code (a second or two
    of CPU) to analyse a handful of pages — a dozen processes fighting for the cores at start-up.
    The last crawl to close shuts the pool down; a pool broken by a dead worker is replaced.
    """

    _pools: dict[int, tuple[ProcessPoolExecutor, int]] = {}  # workers -> (pool, crawls using it)

    @classmethod
    def acquire(cls, workers: int) -> ProcessPoolExecutor:
        pool, users = cls._pools.get(workers, (None, 0))
        if pool is None:
            # spawn: a fork of a process running Twisted's reactor and threads is not safe
            pool = processes.executor(workers, "spawn")
            for _ in range(workers):
                pool.submit(warm)
        cls._pools[workers] = (pool, users + 1)
        return pool

    @classmethod
    def renew(cls, workers: int, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        """The pool to use after ``broken`` failed: a new one for every crawl that shared it."""
        pool, users = cls._pools[workers]
        if pool is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            pool = processes.executor(workers, "spawn")
            cls._pools[workers] = (pool, users)
        return pool

    @classmethod
    def release(cls, workers: int) -> ProcessPoolExecutor | None:
        """This crawl is done with the pool: the pool to shut down if it was the last one using it."""
        pool, users = cls._pools[workers]
        if users > 1:
            cls._pools[workers] = (pool, users - 1)
            return None
        del cls._pools[workers]
        return pool


class ExtractionPipeline:
    """Runs :func:`crawler.analysis.analyze.analyze` on each PageItem; non-HTML pages are skipped.

    Analysis runs in ``EXTRACTION_WORKERS`` processes (0: a thread), so fetching goes on meanwhile;
    crawls running side by side in one process share them (:class:`SharedPool`).
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
            self.pool = SharedPool.acquire(self.workers)

    async def close_spider(self) -> None:
        # Waiting for the workers to finish and exit takes seconds; off the reactor's thread, so the
        # other crawlers in this process (the demo runs ten) go on, and their timers fire on time.
        if self.pool is not None:
            self.pool = None
            last = SharedPool.release(self.workers)
            if last is not None:
                await asyncio.to_thread(last.shutdown, wait=True, cancel_futures=False)

    async def _analyze(self, call: partial[object]):  # type: ignore[no-untyped-def]
        """``call`` in the pool (a thread when there is none). A worker that died (on this page or on
        another crawl's) broke the pool: once more in a new one, then the page's analysis fails."""
        for attempt in (1, 2):
            pool = self.pool
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, call)
            except BrokenProcessPool:
                if pool is None or self.pool is not pool:
                    raise  # closed meanwhile
                self.pool = SharedPool.renew(self.workers, pool)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

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
        # the capture's source's rules (an archive copy's: its original's), as re-extraction finds them
        rules = rules_for_capture(item.url, item.archive_of)
        call = partial(analyze, item.body, url=item.url, status=item.status, headers=item.headers,
                       settings=self.settings, rules=rules, max_decoded=self.max_decoded)
        # Never on the reactor's thread: a slow page must not stall downloads (or their timeouts).
        result = await self._analyze(call)
        extracted_from = None
        dom = item.meta.get("rendered_dom")
        if isinstance(dom, str):  # a browser capture: the document if it holds the article, else the DOM
            extracted_from = "response"
            if not holds_article(result):
                dom_call = partial(analyze, dom.encode("utf-8"), url=item.url, status=item.status,
                                   headers={"content-type": "text/html; charset=utf-8"}, settings=self.settings,
                                   rules=rules, max_decoded=self.max_decoded)
                from_dom = await self._analyze(dom_call)
                if holds_article(from_dom) or (from_dom.verdict.blocked and not result.verdict.blocked):
                    result, extracted_from = from_dom, "rendered-dom"
        rec.record_analysis(item.capture_id, result, self.settings, extracted_from)
        stats.inc_value(f"paywall/{result.verdict.status}")
        if result.verdict.blocked:
            stats.inc_value(f"blocked/{result.verdict.blocked}")
            logger.warning("access blocked (%s) at %s", result.verdict.blocked, item.url)
        if result.extraction is not None:
            stats.inc_value(f"extraction/{result.extraction.status}")
            if result.extraction.status == "error":
                logger.warning("extraction failed for %s: %s", item.url, result.extraction.error)
        return item
