"""Running a spider from the CLI: project settings + options, one crawl per process."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader


@dataclass
class CrawlSummary:
    run_id: int | None
    finish_reason: str | None
    stats: dict[str, Any] = field(default_factory=dict)


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """crawler.settings at project priority, then the caller's values at command-line priority."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_spider(spider: str, spider_args: dict[str, Any], settings: Settings) -> CrawlSummary:
    """Run one spider to completion in this process (Twisted's reactor runs once per process)."""
    spidercls = SpiderLoader.from_settings(settings).load(spider)
    process = CrawlerProcess(settings)  # LOG_INSTALL_ROOT_HANDLER (default on)
    crawler = process.create_crawler(spidercls)
    process.crawl(crawler, **spider_args)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if logging.getLogger().handlers:
        logging.getLogger().handlers[-1].flush()
    return CrawlSummary(run_id=stats.get("provcrawl/run_id"), finish_reason=stats.get("finish_reason"),
                        stats=stats)


def run_spiders(spiders: list[str], spider_args: dict[str, Any], settings: Settings,
                run_args: dict[str, dict[str, Any]] | None = None) -> list[CrawlSummary]:
    """Run several spiders side by side in one reactor; each gets its own run row and WARC files."""
    loader = SpiderLoader.from_settings(settings)
    process = CrawlerProcess(settings)  # LOG_INSTALL_ROOT_HANDLER (default on)
    crawlers = []
    for name in spiders:
        spidercls = loader.load(name)
        if run_args and name in run_args:
            # each crawler records how it was started, for --resume
            spidercls = type(spidercls.__name__, (spidercls,), {
                "custom_settings": {**(spidercls.custom_settings or {}), "PROVCRAWL_RUN_ARGS": run_args[name]}})
        crawler = process.create_crawler(spidercls)
        process.crawl(crawler, **spider_args)
        crawlers.append(crawler)
    process.start()
    out = []
    for crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        out.append(CrawlSummary(run_id=stats.get("provcrawl/run_id"), finish_reason=stats.get("finish_reason"),
                                stats=stats))
    return out

