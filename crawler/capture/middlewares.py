"""Downloader middlewares: refuse private addresses, and record fetches that failed."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawler.capture import resolver
from crawler.capture.address_policy import (LOOPBACK_NAMES, AllowList, is_forbidden_address, is_loopback_literal,
                                             origin_of)
from crawler.capture.provenance import get_recorder

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from typing import Self

logger = logging.getLogger(__name__)


class PrivateAddressRefused(IgnoreRequest):
    """The URL's host is, or resolves to, an address crawled pages may not point us at."""


class PrivateAddressMiddleware:
    """Refuses requests to hosts that are or resolve to non-public addresses.

    What the user named is exempt (start URLs' origins: ``PROVCRAWL_ALLOWED_HOSTS`` and the
    spider's ``user_named``; see crawler.capture.address_policy), and ``PROVCRAWL_ALLOW_PRIVATE`` turns
    the check off. Requests to exempt loopback hosts are not throttled: politeness protects
    other people's servers, and a loopback one is the user's own.
    """

    def __init__(self, crawler: Crawler, allowed: Iterable[str], allow_private: bool) -> None:
        self.crawler = crawler
        self.allowed = AllowList(allowed)
        self.allow_private = allow_private
        self._verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        mw = cls(crawler, s.getlist("PROVCRAWL_ALLOWED_HOSTS"), s.getbool("PROVCRAWL_ALLOW_PRIVATE"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        self.allowed.add(getattr(spider, "user_named", ()))
        resolver.allow(self.allowed.names)

    async def process_request(self, request: Request) -> None:
        if urlparse_cached(request).scheme not in ("http", "https"):
            return
        origin = origin_of(request.url)
        if origin is None:  # e.g. a port out of range: nothing to connect to, nothing to exempt
            raise PrivateAddressRefused(f"refused: no valid host and port in {request.url[:200]}")
        host = origin.host
        if self.allow_private or self.allowed.allows(origin):
            if host in LOOPBACK_NAMES or is_loopback_literal(host):
                request.meta.setdefault("autothrottle_dont_adjust_delay", True)
            return
        if host not in self._verdicts:
            self._verdicts[host] = await self._check(host, origin.port)
        reason = self._verdicts[host]
        if reason:
            raise PrivateAddressRefused(reason)

    async def _check(self, host: str, port: int | None) -> str | None:
        if host in LOOPBACK_NAMES:
            return f"refused: {host} is a loopback name (not named by the user; use --allow-private)"
        try:
            ips = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
            except (OSError, RuntimeError):
                return None  # let the download fail and record the DNS error itself
            ips = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        for ip in ips:
            if is_forbidden_address(ip):
                return f"refused: {host} resolves to non-public address {ip} (use --allow-private)"
        return None


class FetchErrorMiddleware:
    """Records a fetch that ended without a response (DNS, timeout, refused, size limit, robots).

    Placed outermost (lowest priority number), so it sees an exception only once retries are spent.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if crawler.settings.get("LOG_LEVEL") != "DEBUG":
            RecordedFailureTraceback.install(crawler.settings.getlist("RETRY_EXCEPTIONS"))
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if request.meta.get("provcrawl_failure_recorded"):
            return  # e.g. a browser capture whose page was over the size limit: its handler wrote the row
        message = describe_exception(exception, request.meta.get("download_maxsize")
                                     or self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        get_recorder(self.crawler).record_failure(request.url, message)
        request.meta["provcrawl_failure_recorded"] = True
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"provcrawl/fetch_error/{exception.__class__.__name__}")
        logger.warning("fetch failed: %s: %s", request.url, message)


def describe_exception(exc: Exception, maxsize: int | None = None) -> str:
    name = exc.__class__.__name__
    text = str(exc).strip()
    if not text or text == name:
        if "Cancelled" in name:  # Scrapy cancels a body over DOWNLOAD_MAXSIZE without a message
            text = "download cancelled: the body exceeded DOWNLOAD_MAXSIZE" + (f" ({maxsize} bytes)" if maxsize else "")
        else:
            text = name
    if isinstance(exc, PrivateAddressRefused):
        return text
    if isinstance(exc, IgnoreRequest):
        return f"not fetched: {text}"
    for host, reason in resolver.REFUSED.items():  # Twisted drops the resolver's reason: restore it
        if host in text:
            return reason
    return f"{name}: {text}"[:2000]


class RecordedFailureTraceback(logging.Filter):
    """Drops the traceback Scrapy's robots.txt middleware logs when a host cannot be reached.

    A refused connection, a DNS failure or a time-out is a fact about the site, not a bug: the
    failed fetch is a row and a one-line warning (FetchErrorMiddleware). Scrapy logs its robots.txt
    failure as an ERROR with ~60 lines of traceback; the line stays, the traceback only at DEBUG.
    Any other exception keeps its traceback.
    """

    LOGGER = "scrapy.downloadermiddlewares.robotstxt"

    def __init__(self, network_errors: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.network_errors = network_errors

    @classmethod
    def install(cls, names: Iterable[str | type[BaseException]]) -> None:
        from scrapy.exceptions import DownloadCancelledError
        from scrapy.utils.misc import load_object

        target = logging.getLogger(cls.LOGGER)
        if any(isinstance(f, cls) for f in target.filters):
            return
        errors = tuple(n if isinstance(n, type) else load_object(n) for n in names)
        target.addFilter(cls((*errors, DownloadCancelledError)))

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.network_errors):
            record.exc_info, record.exc_text = None, None
        return True
