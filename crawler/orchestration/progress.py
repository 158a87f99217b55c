"""Progress display: one rich live table on a terminal, a row per crawler; plain log lines otherwise.

Several crawlers can share a process (the demo runs ten): they share one display, so their bars do
not draw over each other. While it is shown, log records go through it (printed above the table),
not into the middle of a bar.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing import Self


class _SharedDisplay:
    """The process's one live display: started by the first crawler to open, stopped by the last to close."""

    def __init__(self) -> None:
        self.progress: Any = None
        self.users = 0
        self._streams: dict[logging.StreamHandler[Any], Any] = {}

    def acquire(self) -> Any:
        if self.progress is None:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn)

            self.progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                                     MofNCompleteColumn(), TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
                                     console=Console(stderr=True), transient=False, redirect_stderr=True)
            before = sys.stderr
            self.progress.start()
            self._route_logging(before)
        self.users += 1
        return self.progress

    def release(self) -> None:
        self.users -= 1
        if self.users == 0 and self.progress is not None:
            self.progress.stop()
            self._restore_logging()
            self.progress = None

    def _route_logging(self, real_stderr: Any) -> None:
        # Handlers made before the display (Scrapy's root handler) hold the real stderr; while the
        # display runs, sys.stderr is rich's proxy, which prints whole lines above the table.
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream in (real_stderr, sys.__stderr__):
                self._streams[handler] = handler.setStream(sys.stderr)

    def _restore_logging(self) -> None:
        for handler, stream in self._streams.items():
            handler.setStream(stream)
        self._streams.clear()


DISPLAY = _SharedDisplay()


class ProgressDisplay:
    """Shows pages fetched, bytes and errors while a crawl runs (``PROVCRAWL_PROGRESS``)."""

    def __init__(self, crawler: Crawler, total: int | None) -> None:
        self.crawler = crawler
        self.total = total
        self._progress: Any = None
        self._task: Any = None
        self._fetched = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("PROVCRAWL_PROGRESS"):
            raise NotConfigured  # off unless the CLI runs on a terminal; no warning
        ext = cls(crawler, crawler.settings.getint("PROVCRAWL_PROGRESS_TOTAL") or None)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.update, signal=signals.response_downloaded)
        crawler.signals.connect(ext.update, signal=signals.item_scraped)
        return ext

    def spider_opened(self, spider: Any) -> None:
        self._progress = DISPLAY.acquire()
        self._task = self._progress.add_task(spider.name, total=self.total, detail="")

    def update(self, **_: Any) -> None:
        if self._progress is None:
            return
        stats = self.crawler.stats
        assert stats is not None
        fetched = self._fetched = stats.get_value("warc/response_written", 0)
        detail = (f"extracted {stats.get_value('extraction/ok', 0)} · "
                  f"errors {sum(v for k, v in stats.get_stats().items() if k.startswith('provcrawl/fetch_error/'))} · "
                  f"{stats.get_value('downloader/response_bytes', 0) // 1024} KiB")
        self._progress.update(self._task, completed=fetched, detail=detail)

    def spider_closed(self, spider: Any) -> None:
        if self._progress is not None:
            self.update()
            if self.total is None:  # an open-ended bar ends full, not pulsing
                self._progress.update(self._task, total=self._fetched)
            self._progress = None
            DISPLAY.release()
