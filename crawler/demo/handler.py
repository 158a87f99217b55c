"""A demo/test-only download handler: real URLs, loopback sockets.

Every http(s) request is sent to the fixture server on 127.0.0.1 (``PROVCRAWL_LOOPBACK_TARGET``,
e.g. ``http://127.0.0.1:8123``) with its path, query and original ``Host`` header; the response
comes back under the request's real URL. Everything above the handler — middlewares,
robots.txt, redirects, the ``response_downloaded`` signal and so the WARC records — runs
unchanged and records the source's real URL. The WARC-IP-Address is the loopback one, truthfully.

Never part of production settings: only ``provcrawl demo`` and the tests switch it on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class LoopbackDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        target = crawler.settings.get("PROVCRAWL_LOOPBACK_TARGET")
        if not target:
            raise NotConfigured("PROVCRAWL_LOOPBACK_TARGET is not set")
        parts = urlsplit(target)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise NotConfigured("PROVCRAWL_LOOPBACK_TARGET must be a loopback address")
        self.target = f"{parts.scheme}://{parts.netloc}"
        from crawler.capture import resolver

        resolver.allow([parts.hostname])  # the fixture server itself: configured, not found in a page

    async def download_request(self, request: Request) -> Response:
        real = urlsplit(request.url)
        path = (real.path or "/") + (f"?{real.query}" if real.query else "")
        local = request.replace(url=self.target + path)
        local.headers[b"Host"] = real.netloc.encode("idna") if real.netloc else b""
        local.headers[b"X-Provcrawl-Scheme"] = real.scheme.encode()
        response = await super().download_request(local)
        return response.replace(url=request.url, request=request)


DOWNLOAD_HANDLERS = {
    "http": "crawler.demo.handler.LoopbackDownloadHandler",
    "https": "crawler.demo.handler.LoopbackDownloadHandler",
}
