"""Generic site crawl: start URLs, follow links within their origins, up to --max-pages / --depth."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from crawler.capture.address_policy import Origin, origin_of
from crawler.orchestration.resume import MAX_REDIRECT_HOPS
from spiders.base import CaptureSpider, normalize_link

START_KEY = "provcrawl_start"  # meta of a start URL's request, kept across its redirects


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
        # The crawl's scope: the start URLs' origins (scheme, host, port), and where a start URL
        # redirected to (http → https, or to www.): another port of the same host is another site.
        self.scope: set[Origin] = {o for o in map(origin_of, self.start_urls) if o}
        self.user_named = frozenset(str(o) for o in self.scope)
        self.max_pages = int(max_pages or 0)
        self._seen: set[str] = set()
        self._scheduled = 0
        self.resume_run = int(resume_run) if resume_run else None
        self._orphans: dict[str, int] = {}  # stored by the interrupted run, not reached from its start
        self._redirects: dict[str, str] = {}  # redirect hops the interrupted run stored: hop -> target

    def in_scope(self, url: str) -> bool:
        return origin_of(url) in self.scope

    def _request(self, url: str, start: bool = False, depth: int | None = None) -> scrapy.Request | None:
        # Drop seen URLs before building a Request: building one costs far more than a set lookup.
        if url in self._seen:
            return None
        if self.max_pages and self._scheduled >= self.max_pages:
            return None
        self._seen.add(url)
        self._scheduled += 1
        meta: dict[str, Any] = {START_KEY: True} if start else {}
        if depth:  # a resumed link keeps its depth (Scrapy's DepthMiddleware counts on from it)
            meta["depth"] = depth
        return scrapy.Request(url, callback=self.parse, errback=self.on_error, meta=meta or None)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        depth: dict[str, int] = {}
        urls = self._resume(depth) if self.resume_run else self.start_urls
        for url in urls:
            req = self._request(url, start=url in self.start_urls, depth=depth.get(url))
            if req is not None:
                yield req

    def _resume(self, depth: dict[str, int]) -> list[str]:
        """Mark what the interrupted run stored as seen and counted, all of it before the first
        request goes out (see crawler.orchestration.resume); return the URLs it had still to fetch."""
        from crawler.orchestration import resume
        from crawler.capture.provenance import get_recorder

        rec = get_recorder(self.crawler)
        assert self.resume_run is not None
        plan = resume.plan(resume.load_run(rec, self.resume_run), self.start_urls, self._stored_links,
                           self.in_scope, self.max_pages, self.crawler.settings.getint("DEPTH_LIMIT"))
        depth.update(plan.depth)
        self._orphans, self._redirects = plan.orphans, plan.redirects
        self._seen |= plan.seen
        self._scheduled += len(plan.reused) + len(plan.orphans)  # all stored by this run: all count
        self.crawler.stats.set_value("resume/stored_page_reused", len(plan.reused))
        self.logger.debug("resume: %d stored pages reused, %d orphans; to fetch (depth): %s", len(plan.reused),
                          len(plan.orphans), ", ".join(f"{u} ({plan.depth.get(u, 0)})" for u in plan.frontier[:50]))
        return plan.frontier

    def _stored_links(self, url: str, capture_id: int) -> Iterator[str]:
        from crawler.capture.provenance import get_recorder

        body, headers = get_recorder(self.crawler).stored_payload(capture_id)
        if body is not None:
            cls = responsetypes.from_args(headers=headers, url=url, body=body)
            yield from self.links(cls(url, body=body, headers=headers))

    def _orphan_at(self, url: str) -> str | None:
        """The orphan a link leads to, through redirect hops the interrupted run stored."""
        for _ in range(MAX_REDIRECT_HOPS):
            if url in self._orphans:
                return url
            if url not in self._redirects:
                return None
            url = self._redirects[url]
        return None

    def _adopt(self, url: str, depth: int) -> None:
        """A link to a page the interrupted run stored but the resume walk did not reach: follow its
        stored links (and theirs, breadth-first, so each gets its smallest depth) as if it had been
        fetched at ``depth``. The requests go straight to the engine with their exact depth
        (DepthMiddleware would count them from the response being parsed)."""
        limit = self.crawler.settings.getint("DEPTH_LIMIT")
        queue = deque([(url, depth)])
        while queue:
            page, d = queue.popleft()
            capture_id = self._orphans.pop(page, None)
            if capture_id is None or (limit and d >= limit):
                continue
            for link in self._stored_links(page, capture_id):
                if self.max_pages and self._scheduled >= self.max_pages:
                    return
                if (orphan := self._orphan_at(link)) is not None:
                    queue.append((orphan, d + 1))
                elif link not in self._seen and self.in_scope(link) and (req := self._request(link, depth=d + 1)):
                    self.crawler.engine.crawl(req)

    def parse(self, response: Response) -> Iterator[Any]:
        item = self.page_item(response)
        if item is not None:
            yield item
        self._seen.add(response.url)
        if response.meta.get(START_KEY) and (origin := origin_of(response.url)) is not None:
            self.scope.add(origin)  # the redirect passed the private-address check on its way here
        limit = self.crawler.settings.getint("DEPTH_LIMIT") if getattr(self, "crawler", None) else 0
        too_deep = bool(limit) and response.meta.get("depth", 0) + 1 > limit
        for url in self.links(response):
            if self._orphans and (orphan := self._orphan_at(url)) is not None:
                self._adopt(orphan, response.meta.get("depth", 0) + 1)
                continue
            # DepthMiddleware would drop the request; marked seen (and counted) here, it would hide
            # the same link met later on a shorter path, which Scrapy's own dupefilter never does
            if too_deep or url in self._seen or not self.in_scope(url):
                continue
            req = self._request(url)
            if req is not None:
                yield req
