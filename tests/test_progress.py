"""The terminal progress display: one live table for all crawlers of a process, logs above it."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.orchestration.progress import ProgressDisplay


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_crawlers_share_one_live_display_and_log_lines_go_above_it(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    handler = logging.StreamHandler(terminal)  # as Scrapy's root handler: made before the display
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        displays, spiders = [], []
        for name in ("one", "two"):
            crawler = get_crawler(Spider, {"PROVCRAWL_PROGRESS": True})
            displays.append(ProgressDisplay.from_crawler(crawler))
            spiders.append(type(name, (Spider,), {"name": name})())
        for display, spider in zip(displays, spiders):
            display.spider_opened(spider)
        first, second = (d._progress for d in displays)
        assert first is second  # ten sources, ten bars drawn over each other, before
        assert [t.description for t in first.tasks] == ["one", "two"]
        assert handler.stream is not terminal  # through the display, not into a bar
        logging.getLogger("provcrawl.test").warning("a line while the bars run")
        for display, spider in zip(displays, spiders):
            display.spider_closed(spider)
        assert handler.stream is terminal
        assert "a line while the bars run" in terminal.getvalue()
    finally:
        root.removeHandler(handler)
