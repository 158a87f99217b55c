"""Scrapy components on their own: built from a crawler's settings, switched off by settings."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.capture.middlewares import PrivateAddressMiddleware, PrivateAddressRefused, is_forbidden_address
from crawler.capture.pipelines import ExtractionPipeline
from crawler.capture.snapshot import WarcSnapshot
from spiders.base import normalize_link


def test_snapshot_extension_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(WarcSnapshot, get_crawler(Spider, {"WARC_ENABLED": False}))


def test_extraction_pipeline_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(ExtractionPipeline, get_crawler(Spider, {"EXTRACTION_ENABLED": False}))


@pytest.mark.parametrize("addr,forbidden", [
    ("127.0.0.1", True), ("10.1.2.3", True), ("192.168.1.1", True), ("172.16.0.1", True),
    ("169.254.169.254", True), ("::1", True), ("fe80::1", True), ("::ffff:127.0.0.1", True),
    ("100.64.0.1", True), ("0.0.0.0", True), ("8.8.8.8", False), ("2a00:1450::1", False),
])
def test_forbidden_addresses(addr: str, forbidden: bool) -> None:
    assert is_forbidden_address(ipaddress.ip_address(addr)) is forbidden


def _check(mw: PrivateAddressMiddleware, url: str) -> None:
    asyncio.run(mw.process_request(Request(url)))


def test_private_hosts_refused_unless_named() -> None:
    crawler = get_crawler(Spider, {"PROVCRAWL_ALLOWED_HOSTS": ["127.0.0.1"]})
    mw = build_from_crawler(PrivateAddressMiddleware, crawler)
    _check(mw, "http://127.0.0.1:8000/ok")  # named by the user: allowed
    for url in ("http://10.0.0.5/", "http://169.254.169.254/latest/meta-data/", "http://localhost:9/",
                "http://[::1]/", "http://127.0.0.2/"):
        with pytest.raises(PrivateAddressRefused):
            _check(mw, url)


def test_a_named_origin_allows_that_port_only() -> None:
    """Issue 15, item 16: a start URL's origin is named, not every port of its host."""
    crawler = get_crawler(Spider, {"PROVCRAWL_ALLOWED_HOSTS": ["http://127.0.0.1:8000", "intranet.example"]})
    mw = build_from_crawler(PrivateAddressMiddleware, crawler)
    _check(mw, "http://127.0.0.1:8000/ok")
    for url in ("http://127.0.0.1:9000/", "https://127.0.0.1:8000/", "http://127.0.0.1/"):
        with pytest.raises(PrivateAddressRefused):
            _check(mw, url)
    with pytest.raises(PrivateAddressRefused):  # a page names no origin: a spider's user_named does
        _check(mw, "http://[::1]:8000/")


def test_site_spider_scope_is_the_start_origin() -> None:
    from spiders.site import SiteSpider

    spider = SiteSpider(start="http://127.0.0.1:8000/a")
    assert spider.user_named == frozenset({"http://127.0.0.1:8000"})
    assert spider.in_scope("http://127.0.0.1:8000/b") and spider.in_scope("HTTP://127.0.0.1:8000/c")
    assert not spider.in_scope("http://127.0.0.1:8001/b")
    assert not spider.in_scope("https://127.0.0.1:8000/b")
    assert SiteSpider(start="http://example.org/").in_scope("http://example.org:80/x")


def test_allow_private_lifts_the_check() -> None:
    mw = build_from_crawler(PrivateAddressMiddleware, get_crawler(Spider, {"PROVCRAWL_ALLOW_PRIVATE": True}))
    _check(mw, "http://10.0.0.5/")


@pytest.mark.parametrize("href,expected", [
    ("/a#frag", "http://h/a"), ("b?x=1", "http://h/dir/b?x=1"), ("mailto:x@y", None),
    ("javascript:void(0)", None), ("#top", None), ("ftp://h/x", None), ("http://[bad", None),
    ("/путь", "http://h/%D0%BF%D1%83%D1%82%D1%8C"),
])
def test_normalize_link(href: str, expected: str | None) -> None:
    assert normalize_link("http://h/dir/page", href) == expected


def test_resolver_refuses_non_public_answers_at_connect_time() -> None:
    from crawler.capture import resolver

    resolver.ALLOWED_HOSTS.clear()
    with pytest.raises(resolver.RefusedAddress):
        resolver.GuardedResolver._check("10.0.0.7", "rebinding.example")
    with pytest.raises(resolver.RefusedAddress):
        resolver.GuardedResolver._check("127.0.0.1", "localhost")
    assert resolver.GuardedResolver._check("93.184.216.34", "example.org") == "93.184.216.34"
    resolver.allow(["intranet.example"])
    assert resolver.GuardedResolver._check("10.0.0.7", "intranet.example") == "10.0.0.7"
    resolver.ALLOWED_HOSTS.clear()


def test_a_link_too_deep_here_is_still_followed_from_a_shallower_page() -> None:
    """A deeper page parsed first must not mark a link seen that DepthMiddleware drops: the same
    link on a depth-2 page is within --depth 3 (the resumed crawl missed /p14 this way)."""
    from scrapy.http import HtmlResponse, Request

    from spiders.site import SiteSpider

    crawler = get_crawler(SiteSpider, {"DEPTH_LIMIT": 3})
    spider = SiteSpider.from_crawler(crawler, start="http://127.0.0.1:8000/")

    def parsed(path: str, depth: int) -> list[str]:
        url = f"http://127.0.0.1:8000{path}"
        body = b'<html><body><a href="/p14.html">next</a></body></html>'
        resp = HtmlResponse(url, body=body, request=Request(url, meta={"depth": depth}))
        return [r.url for r in spider.parse(resp) if isinstance(r, Request)]

    assert parsed("/p13.html", 3) == []  # depth 4: beyond the limit
    assert parsed("/p9.html", 2) == ["http://127.0.0.1:8000/p14.html"]
