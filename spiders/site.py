"""Generic site crawl: start URLs, follow links within their hosts, up to --max-pages / --depth."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response

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
        if self.resume_run:
            for req in self._resume():
                yield req
            return
        for url in self.start_urls:
            req = self._request(url)
            if req is not None:
                yield req

    def _resume(self) -> Iterator[scrapy.Request]:
        """Walk what the interrupted run stored (links read from its WARC records), fetch the rest."""
        from sqlalchemy import select

        from crawler.provenance import get_recorder
        from storage.models import Capture

        rec = get_recorder(self.crawler)
        with rec.db.session() as s:
            rows = s.execute(select(Capture.url, Capture.id, Capture.status, Capture.revisit_of_id)
                             .where(Capture.run_id == self.resume_run, Capture.record_type.is_not(None))).all()
        stored = {r.url: (r.revisit_of_id or r.id) for r in rows if r.status and 200 <= r.status < 300}
        done = {r.url for r in rows}
        queue = list(self.start_urls)
        while queue:
            url = queue.pop(0)
            if url in self._seen or (self.max_pages and self._scheduled >= self.max_pages):
                continue
            if url not in done:
                req = self._request(url)
                if req is not None:
                    yield req
                continue
            self._seen.add(url)
            self._scheduled += 1
            self.crawler.stats.inc_value("resume/stored_page_reused")
            if url in stored:
                body, headers = rec.stored_payload(stored[url])
                if body is not None:
                    page = HtmlResponse(url, body=body, headers=headers)
                    queue.extend(u for u in self.links(page) if host_of(u) in self.user_hosts)

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
