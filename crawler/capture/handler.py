"""The download handler for http(s): a request marked for the browser is loaded in Chromium, the rest go
to the HTTP handler as before.

Being a download handler (not a middleware), a browser fetch runs inside Scrapy's download slot,
so per-host delays and concurrency apply to it as to HTTP, and every downloader middleware
(the private-address check, robots.txt, retries, the error recorder) sees the page request.
The handler writes the browser's responses itself (``browser_record``) and hands Scrapy the
final document, flagged ``browser`` so the snapshot extension does not store it a second time.

Settings: ``BROWSER_CHROMIUM``, ``BROWSER_MAX_PAGES`` (2), ``BROWSER_PAGE_TIMEOUT`` (30 s),
``BROWSER_CHALLENGE_WAIT`` (20 s), ``BROWSER_IDLE_WAIT`` (3 s), ``BROWSER_USER_AGENT`` (None:
Chromium's own), ``BROWSER_HTTP_HANDLER`` (what plain requests go to).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.capture.address_policy import LOOPBACK_NAMES, AllowList, is_forbidden_address, origin_of
from crawler.analysis.analyze import analyze, header_map
from crawler.capture.browser import BrowserError, BrowserFetcher, BrowserOptions, NetResponse
from crawler.capture.browser_record import exchange_of, record_page
from crawler.capture.pipelines import settings_from
from crawler.capture.provenance import get_recorder
from crawler.capture.snapshot import META_KEY

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

FETCH_META = "provcrawl_fetch"  # set by crawler.capture.fetch_mode.FetchModeMiddleware


class BrowserDownloadHandler(BaseDownloadHandler):
    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        s = crawler.settings
        self.http = build_from_crawler(load_object(s.get("BROWSER_HTTP_HANDLER")
                                                   or "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"),
                                       crawler)
        self.options = BrowserOptions(
            chromium=s.get("BROWSER_CHROMIUM") or None, max_pages=s.getint("BROWSER_MAX_PAGES", 2),
            page_timeout=s.getfloat("BROWSER_PAGE_TIMEOUT", 30.0),
            challenge_wait=s.getfloat("BROWSER_CHALLENGE_WAIT", 20.0), idle_wait=s.getfloat("BROWSER_IDLE_WAIT", 3.0),
            max_body=s.getint("DOWNLOAD_MAXSIZE") or 50 * 1024 * 1024, user_agent=s.get("BROWSER_USER_AGENT") or None,
            loopback_target=s.get("BROWSER_LOOPBACK_TARGET") or None)
        self.allow_private = s.getbool("PROVCRAWL_ALLOW_PRIVATE")
        self.extraction_settings = settings_from(s)
        self.fetcher: BrowserFetcher | None = None
        self._verdicts: dict[tuple[str, int], str | None] = {}

    async def download_request(self, request: Request) -> Response:
        if request.meta.get(FETCH_META) != "browser":
            return await self.http.download_request(request)
        if self.fetcher is None:
            self.fetcher = BrowserFetcher(self.options)  # ChromiumNotFound: the CLI checked before the crawl
        try:
            result = await self.fetcher.fetch(request.url, self.policy, self.is_challenge)
        except BrowserError as exc:
            raise BrowserFetchFailed(str(exc)) from exc
        rec = get_recorder(self.crawler)
        recorded = await asyncio.to_thread(record_page, rec, result, allowed=self.allow_list(),
                                           allow_private=self.allow_private, settings=self.extraction_settings)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("browser/pages")
            stats.inc_value("browser/resources", recorded.page_resources)
            stats.inc_value("browser/refused", recorded.refused)
            stats.inc_value("warc/response_written", len(result.responses))
            if result.challenge_cleared is not None:
                stats.inc_value(f"browser/challenge_{'cleared' if result.challenge_cleared else 'not_cleared'}")
        for note in result.notes:
            logger.info("browser: %s: %s", request.url, note)
        final = recorded.final
        assert final is not None
        if recorded.failed:
            request.meta["provcrawl_failure_recorded"] = True  # the page's failure row is written
            raise BrowserFetchFailed(recorded.failed)
        request.meta[META_KEY] = {**(request.meta.get(META_KEY) or {}), "capture_id": recorded.page_capture_id,
                                  "fetched_at": final.fetched_at.isoformat(), "chain": [],
                                  "revisit_of": recorded.revisit_of, "rendered_dom": result.dom,
                                  "fetched_with": "browser"}
        headers = Headers([(k, v) for k, v in exchange_of(final).response_headers])
        cls = responsetypes.from_args(headers=headers, url=final.url, body=final.body)
        return cls(final.url, status=final.status, headers=headers, body=final.body, request=request,
                   flags=["browser"], ip_address=ipaddress.ip_address(final.ip_address) if final.ip_address else None)

    # -- what the page may reach -------------------------------------------------------------
    def allow_list(self) -> AllowList:
        """What the user named, by origin as the HTTP path's middleware has it (a start URL on one
        port opens no other port of its host to the page)."""
        spider = self.crawler.spider
        allow = AllowList(self.crawler.settings.getlist("PROVCRAWL_ALLOWED_HOSTS"))
        if spider is not None:
            allow.add(getattr(spider, "user_named", ()) or ())
        return allow

    async def policy(self, url: str) -> str | None:
        """The HTTP path's rule for every request the page makes: non-public addresses only for named origins.

        The name is resolved here and the answer checked, as the HTTP path's resolver does at
        connect time; the address Chromium then connected to is checked again when recording.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "ws", "wss"):
            return None  # data:, blob:, about: reach no network
        web = urlunsplit(parts._replace(scheme={"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)))
        origin = origin_of(web)
        if origin is None:
            return "no host and port to connect to"
        if self.allow_private or self.allow_list().allows(origin):
            return None
        key = (origin.host, origin.port)
        if key not in self._verdicts:
            self._verdicts[key] = await _check(origin.host, origin.port, LOOPBACK_NAMES, is_forbidden_address)
        return self._verdicts[key]

    async def is_challenge(self, response: NetResponse) -> bool:
        if response.redirect_location or not response.body:
            return False
        verdict = await asyncio.to_thread(analyze, response.body, url=response.url, status=response.status,
                                          headers=header_map(exchange_of(response).response_headers))
        return verdict.verdict.blocked is not None

    async def close(self) -> None:
        if self.fetcher is not None:
            await self.fetcher.close()
        await self.http.close()


async def _check(host: str, port: int, loopback_names: set[str], forbidden) -> str | None:  # type: ignore[no-untyped-def]
    if host in loopback_names:
        return f"refused: {host} is a loopback name (not named by the user; use --allow-private)"
    try:
        ips = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            return None  # the browser's own lookup fails too, and that failure is what it records
        ips = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for ip in ips:
        if forbidden(ip):
            return f"refused: {host}:{port} resolves to non-public address {ip} (use --allow-private)"
    return None


class BrowserFetchFailed(Exception):
    """The browser could not capture the page (crash, time-out, nothing received)."""
