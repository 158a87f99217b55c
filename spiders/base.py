"""What every provcrawl spider shares: hand each fetched page on for extraction, follow links fast."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from w3lib.url import safe_url_string

from crawler.items import PageItem
from crawler.snapshot import META_KEY


def normalize_link(base: str, href: str) -> str | None:
    """An absolute http(s) URL without fragment, or None for mailto:, javascript: and junk."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        url = safe_url_string(urljoin(base, href)).split("#", 1)[0]
        scheme = urlsplit(url).scheme
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class CaptureSpider(scrapy.Spider):
    """Base spider: yields a PageItem for each captured response that reached the spider."""

    user_hosts: frozenset[str] = frozenset()

    def page_item(self, response: Response) -> PageItem | None:
        meta = response.meta.get(META_KEY) or {}
        capture_id = meta.get("capture_id")
        if capture_id is None:  # e.g. an HTTP-cache hit: not a fetch, nothing to record
            self.crawler.stats.inc_value("provcrawl/missing_capture")
            return None
        ctype = response.headers.get(b"Content-Type")
        cenc = response.headers.get(b"Content-Encoding")
        return PageItem(capture_id=capture_id, url=response.url, body=response.body,
                        content_type=ctype.decode("latin-1") if ctype else None,
                        content_encoding=cenc.decode("latin-1") if cenc else None)

    @staticmethod
    def links(response: Response) -> Iterator[str]:
        if not isinstance(response, TextResponse):
            return
        try:
            hrefs: Iterable[str] = response.xpath("//a/@href | //area/@href").getall()
        except ValueError:  # not parseable as HTML/XML
            return
        base = response.urljoin("")
        for href in hrefs:
            url = normalize_link(base, href)
            if url:
                yield url
