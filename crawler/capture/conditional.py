"""Conditional requests: ask "changed since our last capture?" and let a 304 answer."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from sqlalchemy import select

from crawler.capture.provenance import get_recorder
from crawler.capture.snapshot import META_KEY
from storage.models import Capture

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from typing import Self


class ConditionalRequestMiddleware:
    """Adds If-None-Match / If-Modified-Since from the URL's newest 200 capture that has validators.

    The capture it would confirm goes into ``request.meta["provcrawl"]["confirms"]``; a 304 then
    becomes a revisit record pointing at it (crawler/capture/provenance.py). ``CONDITIONAL_REQUESTS_ENABLED``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("CONDITIONAL_REQUESTS_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.method != "GET" or b"If-None-Match" in request.headers or request.meta.get("dont_condition"):
            return
        if urlsplit(request.url).path == "/robots.txt":
            return  # read whole every crawl: Scrapy takes a 304's empty body for "everything allowed"
        rec = get_recorder(self.crawler)
        with rec.db.session() as s:
            q = (select(Capture.id, Capture.revisit_of_id, Capture.etag, Capture.last_modified)
                 .where(Capture.url == request.url, Capture.status == 200,
                        (Capture.etag.is_not(None)) | (Capture.last_modified.is_not(None)))
                 .order_by(Capture.fetched_at.desc(), Capture.id.desc()).limit(1))
            row = s.execute(q).first()
        if row is None:
            return
        if row.etag:
            request.headers[b"If-None-Match"] = row.etag.encode("latin-1")
        if row.last_modified:
            request.headers[b"If-Modified-Since"] = row.last_modified.encode("latin-1")
        meta = dict(request.meta.get(META_KEY) or {})
        meta["confirms"] = row.revisit_of_id or row.id
        request.meta[META_KEY] = meta
