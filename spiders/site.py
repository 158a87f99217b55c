"""Generic site crawl: start URLs, follow links within their hosts, up to --max-pages / --depth."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from spiders.base import CaptureSpider, host_of, normalize_link


class SiteSpider(CaptureSpider):
    """``scrapy crawl site -a start=URL[,URL...] -a max_pages=N`` (depth: ``-s DEPTH_LIMIT=N``)."""

    name = "site"

    def __init__(self, start: str | list[str] = "", max_pages: int | str = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        starts = start.split(",") if isinstance(start, str) else list(start)
        self.start_urls = [u for u in (normalize_link(s, s) for s in starts if s.strip()) if u]
        if not self.start_urls:
            raise ValueError("site spider needs -a start=URL (http or https)")
        self.user_hosts = frozenset(host_of(u) for u in self.start_urls)
        self.max_pages = int(max_pages or 0)
        self._seen: set[str] = set()
        self._scheduled = 0

    def _request(self, url: str, depth_from: Response | None = None) -> scrapy.Request | None:
        # Drop seen URLs before building a Request: building one costs far more than a set lookup.
        if url in self._seen:
            return None
        if self.max_pages and self._scheduled >= self.max_pages:
            return None
        self._seen.add(url)
        self._scheduled += 1
        return scrapy.Request(url, callback=self.parse)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            req = self._request(url)
            if req is not None:
                yield req

    def parse(self, response: Response) -> Iterator[Any]:
        item = self.page_item(response)
        if item is not None:
            yield item
        self._seen.add(response.url)
        for url in self.links(response):
            if host_of(url) not in self.user_hosts:
                continue
            req = self._request(url)
            if req is not None:
                yield req
