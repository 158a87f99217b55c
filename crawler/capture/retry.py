"""Retries that respect the server: wait for Retry-After (or back off exponentially) on 429/503."""

from __future__ import annotations

import asyncio
import email.utils
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing import Self

THROTTLED = {429, 503}


def retry_after(value: bytes | str | None, attempt: int, base: float, cap: float) -> float:
    """Seconds to wait: the server's Retry-After (seconds or an HTTP date) if given, else base·2^attempt."""
    if value:
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        text = text.strip()
        if text.isdigit():
            return min(float(text), cap)
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, min((when - datetime.now(UTC)).total_seconds(), cap))
    return min(base * (2**attempt), cap)


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry, plus a wait before retrying a 429/503 (``RETRY_BACKOFF_BASE``, ``RETRY_AFTER_MAX``).

    The throttled response itself reached the WARC (response_downloaded fires first): a 429 on a
    date is evidence too.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.base = crawler.settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = crawler.settings.getfloat("RETRY_AFTER_MAX", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if (response.status in THROTTLED and response.status in self.retry_http_codes
                and not request.meta.get("dont_retry")):
            attempt = request.meta.get("retry_times", 0)
            if attempt < request.meta.get("max_retry_times", self.max_retry_times):
                wait = retry_after(response.headers.get(b"Retry-After"), attempt, self.base, self.cap)
                assert self.crawler.stats is not None
                self.crawler.stats.inc_value("retry/waited_seconds", int(wait))
                await asyncio.sleep(wait)
        return super().process_response(request, response)
