"""Snapshot the given URLs now: fetch each once (redirects followed), follow nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.capture.address_policy import origin_of
from spiders.base import CaptureSpider, normalize_link


class SnapshotSpider(CaptureSpider):
    """``scrapy crawl snapshot -a urls=URL[,URL...]``"""

    name = "snapshot"

    def __init__(self, urls: str | list[str] = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        given = urls.split(",") if isinstance(urls, str) else list(urls)
        self.urls = [u.strip() for u in given if u.strip()]
        if not self.urls:
            raise ValueError("snapshot spider needs -a urls=URL[,URL...]")
        self.user_named = frozenset(str(o) for o in map(origin_of, self.urls) if o)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            norm = normalize_link(url, url)
            if norm is None:
                raise ValueError(f"not an http(s) URL: {url!r}")
            yield scrapy.Request(norm, callback=self.parse, errback=self.on_error, dont_filter=True)

    def parse(self, response: Response) -> Iterator[Any]:
        item = self.page_item(response)
        if item is not None:
            yield item
