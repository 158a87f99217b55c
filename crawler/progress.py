"""Progress display: a rich live counter on a terminal; plain log lines come from LogStats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self


class ProgressDisplay:
    """Shows pages fetched, bytes and errors while a crawl runs (``PROVCRAWL_PROGRESS``)."""

    def __init__(self, crawler: Crawler, total: int | None) -> None:
        self.crawler = crawler
        self.total = total
        self._progress: Any = None
        self._task: Any = None

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
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                                  MofNCompleteColumn(), TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
                                  console=Console(stderr=True), transient=False)
        self._task = self._progress.add_task(f"crawling ({spider.name})", total=self.total, detail="")
        self._progress.start()

    def update(self, **_: Any) -> None:
        if self._progress is None:
            return
        stats = self.crawler.stats
        assert stats is not None
        fetched = stats.get_value("warc/response_written", 0)
        detail = (f"extracted {stats.get_value('extraction/ok', 0)} · "
                  f"errors {sum(v for k, v in stats.get_stats().items() if k.startswith('provcrawl/fetch_error/'))} · "
                  f"{stats.get_value('downloader/response_bytes', 0) // 1024} KiB")
        self._progress.update(self._task, completed=fetched, detail=detail)

    def spider_closed(self, spider: Any) -> None:
        if self._progress is not None:
            self.update()
            self._progress.stop()
