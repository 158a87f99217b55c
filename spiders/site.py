"""Generic site crawl: start URLs, follow links within their hosts, up to --max-pages / --depth."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from spiders.base import CaptureSpider, host_of, normalize_link


class SiteSpider(CaptureSpider):
    """``scrapy crawl site -a start=URL[,URL...] -a max_pages=N`` (depth: ``-s DEPTH_LIMIT=N``)."""

    name = "site"

    def __init__(self, start: str | list[str] = "", max_pages: int | str = 0, resume_run: int | str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        starts = start.split(",") if isinstance(start, str) else list(start)
        self.start_urls = [u for u in (normalize_link(s, s) for s in starts if s.strip()) if u]
        if not self.start_urls:
            raise ValueError("site spider needs -a start=URL (http or https)")
        self.user_hosts = frozenset(host_of(u) for u in self.start_urls)
        self.max_pages = int(max_pages or 0)
        self._seen: set[str] = set()
        self._scheduled = 0
        self.resume_run = int(resume_run) if resume_run else None

    def _request(self, url: str, depth_from: Response | None = None) -> scrapy.Request | None:
        # Drop seen URLs before building a Request: building one costs far more than a set lookup.
        if url in self._seen:
            return None
        if self.max_pages and self._scheduled >= self.max_pages:
            return None
        self._seen.add(url)
        self._scheduled += 1
        return scrapy.Request(url, callback=self.parse, errback=self.on_error)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        urls = self._resume() if self.resume_run else self.start_urls
        for url in urls:
            req = self._request(url)
            if req is not None:
                yield req

    def _resume(self) -> list[str]:
        """Mark what the interrupted run stored as seen and counted, all of it before the first
        request goes out (see crawler.resume); return the URLs it had still to fetch."""
        from crawler import resume
        from crawler.provenance import get_recorder

        rec = get_recorder(self.crawler)
        assert self.resume_run is not None

        def links(url: str, capture_id: int) -> Iterator[str]:
            body, headers = rec.stored_payload(capture_id)
            if body is not None:
                cls = responsetypes.from_args(headers=headers, url=url, body=body)
                yield from self.links(cls(url, body=body, headers=headers))

        plan = resume.plan(resume.load_run(rec, self.resume_run), self.start_urls, links,
                           lambda u: host_of(u) in self.user_hosts, self.max_pages)
        self._seen |= plan.seen
        self._scheduled += len(plan.reused)
        self.crawler.stats.set_value("resume/stored_page_reused", len(plan.reused))
        return plan.frontier

    def parse(self, response: Response) -> Iterator[Any]:
        item = self.page_item(response)
        if item is not None:
            yield item
        self._seen.add(response.url)
        for url in self.links(response):
            if url in self._seen or host_of(url) not in self.user_hosts:
                continue
            req = self._request(url)
            if req is not None:
                yield req
