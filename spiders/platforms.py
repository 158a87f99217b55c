"""Spiders for registry sources: discovery through feeds, sitemaps and listing pages.

One generic spider serves every platform; a platform subclass exists only where the platform
really differs (Blogger's feed paging, mid.ru's Liferay listings). Adding a WordPress, Substack,
Blogger or Ghost source is a registry entry (spiders/sources.toml), not code.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import scrapy
from lxml import etree
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.sources import Source
from crawler.sources import load as load_sources
from crawler.capture.snapshot import META_KEY
from spiders.base import CaptureSpider, normalize_link

WAYBACK_AVAILABLE = "https://archive.org/wayback/available"
ARCHIVE_HOSTS = frozenset({"archive.org", "web.archive.org"})
GONE = {404, 410, 451, 500, 502, 503, 504}

# What a discovery request is for; article pages carry no role.
ROLE = "provcrawl_role"
FEED, SITEMAP, LISTING = "feed", "sitemap", "listing"


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _xml(response: Response) -> etree._Element | None:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
        return etree.fromstring(response.body, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class SourceSpider(CaptureSpider):
    """Crawls one registry source. ``-a max_pages=N -a since=YYYY-MM-DD -a full=1``."""

    source_key: str = ""
    source: Source

    def __init__(self, max_pages: int | str = 0, since: str | None = None, full: bool | str = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source = load_sources()[self.source_key]
        self.allowed_domains = list(self.source.allowed_domains)
        # Hosts the registry names count as named by the user (like start URLs).
        self.user_named = frozenset(d.lower() for d in self.source.allowed_domains)
        if self.source.archive_fallback:
            self.user_named = self.user_named | ARCHIVE_HOSTS
            self.allowed_domains += sorted(ARCHIVE_HOSTS)
        self.max_pages = int(max_pages or 0)
        self.since = _parse_date(since) if since else None
        self.full = str(full).lower() in ("1", "true", "yes")
        self._seen: set[str] = set()
        self._known: set[str] = set()  # articles already captured (from the provenance DB)
        self._articles = 0
        self._dates: dict[str, datetime] = {}  # publication/modification dates from feeds and sitemaps
        self._undated: list[str] = []  # listing finds held back under --since until all dates are known

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.release_undated, signal=signals.spider_idle)
        return spider

    def release_undated(self) -> None:
        """Feeds and sitemaps are read: judge held-back listing finds by the dates they gave."""
        if not self._undated:
            return
        held, self._undated = self._undated, []
        scheduled = 0
        for url in held:
            req = self.article_request(url, self._dates.get(url))
            if req is not None:
                assert self.crawler.engine is not None
                self.crawler.engine.crawl(req)
                scheduled += 1
        if scheduled:
            raise DontCloseSpider

    # -- set-up ----------------------------------------------------------------------------
    def _load_known(self) -> None:
        """Articles captured before with a 2xx status: not fetched again unless --full."""
        from crawler.capture.provenance import get_recorder
        from storage.models import Capture

        if self.full:
            return
        rec = get_recorder(self.crawler)
        from sqlalchemy import func, select

        with rec.db.session() as s:
            # an archive copy stands for its original URL
            q = select(func.coalesce(Capture.archive_of, Capture.url)).where(
                Capture.source == self.source_key, Capture.status >= 200, Capture.status < 300).distinct()
            self._known = {u for u in s.scalars(q) if self.source.is_article(u)}

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self._load_known()
        for url in self.source.feeds:
            yield self._discovery(url, FEED)
        for url in self.source.sitemaps:
            yield self._discovery(url, SITEMAP)
        for url in self.source.start_urls:
            yield self._discovery(url, LISTING)

    def _discovery(self, url: str, role: str) -> scrapy.Request:
        self._seen.add(url)
        return scrapy.Request(url, callback=self.parse_discovery, errback=self.on_error, meta={ROLE: role},
                              dont_filter=True, priority=10)

    # -- requests --------------------------------------------------------------------------
    def article_request(self, url: str, published: datetime | None = None) -> scrapy.Request | None:
        if url in self._seen:
            return None
        self._seen.add(url)
        if url in self._known:
            self.crawler.stats.inc_value("discovery/known_article_skipped")
            return None
        if self.since and published and published < self.since:
            self.crawler.stats.inc_value("discovery/older_than_since")
            return None
        if self.max_pages and self._articles >= self.max_pages:
            return None
        self._articles += 1
        errback = self.archive_fallback if self.source.archive_fallback else self.on_error
        return scrapy.Request(url, callback=self.parse_article, errback=errback)

    # -- callbacks ---------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any]:
        item = self.page_item(response)
        if item is not None:
            yield item
        if (self.source.archive_fallback and response.status in GONE
                and not (response.meta.get(META_KEY) or {}).get("archive_of")):
            yield self._ask_archive(response.url)

    # -- archive fallback: a page the origin no longer serves, from the Wayback Machine --------
    def archive_fallback(self, failure: Any) -> Iterator[scrapy.Request]:
        self.on_error(failure)
        request = failure.request
        if not (request.meta.get(META_KEY) or {}).get("archive_of"):
            yield self._ask_archive(request.url)

    def _ask_archive(self, url: str) -> scrapy.Request:
        self.crawler.stats.inc_value("archive/lookup")
        return scrapy.Request(f"{WAYBACK_AVAILABLE}?url={quote(url, safe='')}", callback=self.parse_availability,
                              meta={"archive_for": url, META_KEY: {"archive_lookup": url}}, dont_filter=True)

    def parse_availability(self, response: Response) -> Iterator[Any]:
        original = response.meta["archive_for"]
        try:
            closest = json.loads(response.text)["archived_snapshots"]["closest"]
        except (ValueError, KeyError, TypeError, AttributeError):
            closest = None
        if not closest or not closest.get("available") or not str(closest.get("timestamp", "")).isdigit():
            self.crawler.stats.inc_value("archive/not_archived")
            return
        stamp = str(closest["timestamp"])
        # id_: the archived bytes as captured, without the archive's rewriting
        memento = f"https://web.archive.org/web/{stamp}id_/{original}"
        yield scrapy.Request(memento, callback=self.parse_article, dont_filter=True,
                             meta={META_KEY: {"archive_of": original, "memento": stamp}})

    def parse_discovery(self, response: Response) -> Iterator[Any]:
        item = self.page_item(response)
        if item is not None:
            yield item
        response = self.stored(response)  # a 304 feed or listing: read what we stored before
        if not 200 <= response.status < 300:
            return
        role = response.meta.get(ROLE)
        if role == SITEMAP and urlsplit(response.url).path == "/robots.txt":
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):  # a registry may name robots.txt
                url = normalize_link(response.url, url) or ""
                if self.source.owns(url) and url not in self._seen:
                    yield self._discovery(url, SITEMAP)
            return
        if role == SITEMAP or gzip_magic_number(response):
            sitemap = self._sitemap(response)
            if sitemap is not None:
                yield from self.parse_sitemap(response, sitemap)
                return
            if gzip_magic_number(response):
                return  # unreadable or too large: said why already
        root = _xml(response) if role in (FEED, SITEMAP) or not isinstance(response, TextResponse) \
            or response.body.lstrip()[:5] == b"<?xml" else None
        if root is not None and _local(root.tag) in ("urlset", "sitemapindex"):
            sitemap = self._sitemap(response)  # a feed URL that serves a sitemap
            if sitemap is not None:
                yield from self.parse_sitemap(response, sitemap)
        elif root is not None and _local(root.tag) in ("rss", "feed", "RDF"):
            yield from self.parse_xml(response, root)
        elif isinstance(response, TextResponse):
            yield from self.parse_listing(response)

    def _sitemap(self, response: Response) -> Sitemap | None:
        """The response as a sitemap (urlset or index), gzipped (``.xml.gz``) or not, read the way
        Scrapy's SitemapSpider reads it: gunzip within DOWNLOAD_MAXSIZE, lxml without entities."""
        body = response.body
        if gzip_magic_number(response):
            max_size = response.meta.get("download_maxsize", self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            try:
                body = gunzip(body, max_size=max_size)
            except ValueError:  # over max_size (Scrapy's _DecompressionMaxSizeExceeded)
                self.logger.warning("sitemap %s: larger than %s bytes uncompressed, not read", response.url, max_size)
                self.crawler.stats.inc_value("discovery/sitemap_too_large")
                return None
            except (OSError, EOFError):
                self.logger.warning("sitemap %s: not valid gzip, not read", response.url)
                self.crawler.stats.inc_value("discovery/sitemap_bad_gzip")
                return None
        try:
            sitemap = Sitemap(body)
        except (etree.XMLSyntaxError, StopIteration):  # empty or not XML
            return None
        return sitemap if sitemap.type in ("urlset", "sitemapindex") else None

    def parse_sitemap(self, response: Response, sitemap: Sitemap) -> Iterator[Any]:
        try:
            entries = list(sitemap)
        except etree.XMLSyntaxError as exc:
            self.logger.warning("sitemap %s: not read: %s", response.url, exc)
            return
        for entry in entries:
            if sitemap.type == "sitemapindex":
                url = normalize_link(response.url, entry["loc"])
                if url and self.source.owns(url) and url not in self._seen:
                    yield self._discovery(url, SITEMAP)
            else:
                yield from self._maybe_article(response.url, entry["loc"], _parse_date(entry.get("lastmod")))

    def parse_xml(self, response: Response, root: etree._Element) -> Iterator[Any]:
        """RSS 2.0 / RDF / Atom."""
        new = 0
        for entry in root.iter():
            tag = _local(entry.tag)
            if tag not in ("item", "entry"):
                continue
            link, date = None, None
            for c in entry:
                ct = _local(c.tag)
                if ct == "link":
                    href = c.get("href")
                    if href is None:
                        link = link or (c.text or "").strip()
                    elif c.get("rel", "alternate") == "alternate":
                        link = href
                elif ct in ("pubDate", "published", "date", "updated") and date is None:
                    date = _parse_date(c.text)
            for req in self._maybe_article(response.url, link, date):
                new += 1
                yield req
        if new or self.full:
            yield from self.next_feed_page(response, root)

    def next_feed_page(self, response: Response, root: etree._Element) -> Iterator[scrapy.Request]:
        """Atom paging (``<link rel="next">``, as Blogger offers), while pages still bring new articles."""
        for c in root.iter():
            if _local(c.tag) == "link" and c.get("rel") == "next" and c.get("href"):
                url = normalize_link(response.url, c.get("href"))
                if url and self.source.owns(url) and url not in self._seen:
                    yield self._discovery(url, FEED)
                return

    def _maybe_article(self, base: str, href: str | None, date: datetime | None,
                       from_listing: bool = False) -> Iterator[scrapy.Request]:
        url = normalize_link(base, href) if href else None
        if not (url and self.source.owns(url) and self.source.is_article(url)):
            return
        if date is not None:
            self._dates[url] = date
        if from_listing and self.since and url not in self._dates:
            if url not in self._seen and url not in self._undated:
                self._undated.append(url)
            return
        req = self.article_request(url, date or self._dates.get(url))
        if req is not None:
            yield req

    def parse_listing(self, response: Response) -> Iterator[Any]:
        listing = self.source.listing
        links = response.css(listing["link"]).getall() if listing.get("link") else list(self.links(response))
        new = 0
        for href in links:
            for req in self._maybe_article(response.url, href, None, from_listing=True):
                new += 1
                yield req
        articles = [u for h in links if (u := normalize_link(response.url, h)) and self.source.is_article(u)]
        stale = articles and all(u in self._known for u in articles)
        if listing.get("next"):
            if stale and not self.full:
                # Incremental: this page holds only articles we have; older pages will too.
                self.crawler.stats.inc_value("discovery/listing_stopped_at_known")
                return
            for href in response.css(listing["next"]).getall()[:1]:
                url = normalize_link(response.url, href)
                if url and self.source.owns(url) and url not in self._seen:
                    yield self._discovery(url, LISTING)


class LiferaySpider(SourceSpider):
    """mid.ru: Liferay asset-publisher listings; the site is reported to answer with an F5 bot challenge.

    A challenge page is recorded as a capture (its verdict says ``blocked``), never as an article.
    """


class BloggerSpider(SourceSpider):
    """Blogger: `/search` is disallowed by robots.txt, so discovery is feeds (paged) and the sitemap.

    Blogger's feed paging points at www.blogger.com/feeds/BLOGID/posts/default?start-index=...;
    the same page is served on the blog's own host, which is where we ask for it.
    """

    _BLOGGER_FEED = re.compile(r"^https?://www\.blogger\.com/feeds/\d+/posts/default(\?.*)?$")

    def next_feed_page(self, response: Response, root: etree._Element) -> Iterator[scrapy.Request]:
        for c in root.iter():
            if _local(c.tag) == "link" and c.get("rel") == "next" and c.get("href"):
                href = c.get("href")
                m = self._BLOGGER_FEED.match(href)
                if m:
                    host = urlsplit(response.url)
                    href = f"{host.scheme}://{host.netloc}/feeds/posts/default{m.group(1) or ''}"
                url = normalize_link(response.url, href)
                if url and self.source.owns(url) and url not in self._seen:
                    yield self._discovery(url, FEED)
                return


PLATFORM_SPIDERS: dict[str, type[SourceSpider]] = {
    "liferay": LiferaySpider,
    "blogger": BloggerSpider,
}


def spider_class(source: Source) -> type[SourceSpider]:
    base = PLATFORM_SPIDERS.get(source.platform, SourceSpider)
    name = re.sub(r"\W", "_", source.key)
    return type(f"{name.title().replace('_', '')}Spider", (base,), {
        "name": source.key, "source_key": source.key, "__module__": "spiders.registry", "fetch_mode": source.fetch,
        "__doc__": f"{source.name} ({source.platform}): feeds, sitemaps and listings from spiders/sources.toml.",
        "custom_settings": {
            "WARC_PREFIX": f"provcrawl-{source.key}",
            "DOWNLOAD_DELAY": source.delay,
            "CONCURRENT_REQUESTS_PER_DOMAIN": source.concurrency,
        },
    })


def host_of_url(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
