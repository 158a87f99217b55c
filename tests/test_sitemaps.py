"""Sitemaps as sites serve them: an index pointing at gzipped sitemaps (``.xml.gz``, sent as a
binary file, no Content-Encoding), and sitemaps named in robots.txt (issue 15, item 18).

The files come from a loopback server; the source spider reads them under the source's real
URLs, as the demo's loopback handler would hand them over.
"""

from __future__ import annotations

import gzip
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import scrapy
from scrapy.responsetypes import responsetypes
from scrapy.utils.test import get_crawler

from crawler.demo.server import FixtureServer
from crawler.sources import load
from spiders.platforms import ROLE, SITEMAP, SourceSpider, spider_class

ARTICLES = [f"https://theduran.com/article-{i}/" for i in range(3)]


def urlset(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{u}</loc><lastmod>2024-05-0{i + 1}T10:00:00+00:00</lastmod></url>"
                      for i, u in enumerate(urls))
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>").encode()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FixtureServer]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "wp-sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://theduran.com/sitemap-posts-1.xml.gz</loc></sitemap>"
        "<sitemap><loc>https://elsewhere.example/sitemap.xml.gz</loc></sitemap></sitemapindex>")
    (site / "sitemap-posts-1.xml.gz").write_bytes(gzip.compress(urlset(ARTICLES)))
    # 200 KB of sitemap in ~1 KB of gzip: over the limit the test sets, never read whole
    (site / "big.xml.gz").write_bytes(gzip.compress(urlset([f"https://theduran.com/x-{i}/" for i in range(4000)])))
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: https://theduran.com/sitemap-posts-1.xml.gz\n")
    with FixtureServer(site=site) as srv:
        yield srv


def spider(settings: dict[str, object] | None = None) -> SourceSpider:
    cls = spider_class(load()["theduran"])
    crawler = get_crawler(cls, settings or {})
    return crawler._create_spider()  # type: ignore[no-any-return]


def fetch(server: FixtureServer, url: str) -> scrapy.http.Response:
    """The file behind the source's real URL, as Scrapy would make it a response (its class from the headers)."""
    with urllib.request.urlopen(server.url(urlsplit(url).path)) as r:
        body, headers = r.read(), dict(r.headers.items())
    request = scrapy.Request(url, meta={ROLE: SITEMAP})
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url, status=200, headers=headers, body=body, request=request)


def test_a_sitemap_index_leads_to_a_gzipped_sitemap_whose_articles_are_requested(server: FixtureServer) -> None:
    sp = spider()
    out = list(sp.parse_discovery(fetch(server, "https://theduran.com/wp-sitemap.xml")))
    assert [r.url for r in out] == ["https://theduran.com/sitemap-posts-1.xml.gz"]  # not the other host's
    assert out[0].meta[ROLE] == SITEMAP
    gz = fetch(server, out[0].url)
    assert type(gz) is scrapy.http.Response and gz.body[:2] == b"\x1f\x8b"  # binary, no Content-Encoding
    articles = list(sp.parse_discovery(gz))
    assert sorted(r.url for r in articles) == ARTICLES
    assert sp._dates[ARTICLES[0]].isoformat() == "2024-05-01T10:00:00+00:00"  # lastmod kept for --since


def test_a_gzipped_sitemap_over_the_size_limit_is_not_read(server: FixtureServer) -> None:
    sp = spider({"DOWNLOAD_MAXSIZE": 50_000})
    assert list(sp.parse_discovery(fetch(server, "https://theduran.com/big.xml.gz"))) == []
    assert sp.crawler.stats.get_value("discovery/sitemap_too_large") == 1
    # within the limit, the same file is read
    assert len(list(spider().parse_discovery(fetch(server, "https://theduran.com/big.xml.gz")))) == 4000


def test_sitemaps_named_in_robots_txt(server: FixtureServer) -> None:
    sp = spider()
    out = list(sp.parse_discovery(fetch(server, "https://theduran.com/robots.txt")))
    assert [(r.url, r.meta[ROLE]) for r in out] == [("https://theduran.com/sitemap-posts-1.xml.gz", SITEMAP)]
