"""What every provcrawl spider shares: hand each fetched page on for extraction, follow links fast."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.selector import Selector
from w3lib.url import safe_url_string

from crawler.items import PageItem
from crawler.capture.snapshot import META_KEY


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


# An absolute http(s) link with a host: urljoin's result then depends on the page only through
# whether the page's scheme is the same (then it cleans the link up). No re.I: it would fold
# "httpſ" to "https", which the URL parser does not.
_ABSOLUTE = re.compile(r"[hH][tT][tT][pP][sS]?://[^/?#\s]")
_CONTROL = re.compile(r"[\t\r\n]")


class LinkNormalizer:
    """:func:`normalize_link` with a memo: a site's pages repeat the same menu and sidebar links
    (~100 a page), and normalising them again was a quarter of a crawl's CPU time.

    A link's result depends on the page URL only as far as the link is relative: absolute links
    are keyed by the page's scheme, root-relative ones by origin, the rest by the full base.
    The URL parser drops tabs and newlines (a slash, a tab, a slash is protocol-relative), so
    links holding them are keyed by the full base too.
    """

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._memo: dict[tuple[str, str], str | None] = {}

    def __call__(self, base: str, href: str) -> str | None:
        if _ABSOLUTE.match(href):
            key = (base.split(":", 1)[0].lower(), href)
        elif href.startswith("/") and not href.startswith("//") and not _CONTROL.search(href):
            key = ("/".join(base.split("/", 3)[:3]), href)
        else:
            key = (base, href)
        try:
            return self._memo[key]
        except KeyError:
            pass
        if len(self._memo) >= self.size:
            self._memo.clear()
        url = self._memo[key] = normalize_link(base, href)
        return url


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class CaptureSpider(scrapy.Spider):
    """Base spider: yields a PageItem for each captured response that reached the spider."""

    # What the user named, exempt from the private-address check (crawler.capture.address_policy):
    # origins ("http://127.0.0.1:8000", that port only) or hosts (registry domains, any port).
    user_named: frozenset[str] = frozenset()
    _normalizer: LinkNormalizer | None = None

    def normalize(self, base: str, href: str) -> str | None:
        if self._normalizer is None:
            self._normalizer = LinkNormalizer()
        return self._normalizer(base, href)

    def page_item(self, response: Response) -> PageItem | None:
        meta = response.meta.get(META_KEY) or {}
        capture_id = meta.get("capture_id")
        if capture_id is None:  # e.g. an HTTP-cache hit: not a fetch, nothing to record
            self.crawler.stats.inc_value("provcrawl/missing_capture")
            return None
        headers = {k.decode("latin-1").lower(): vs[-1].decode("latin-1")
                   for k, vs in response.headers.items() if vs}
        extra = {"rendered_dom": meta["rendered_dom"]} if meta.get("rendered_dom") else {}
        return PageItem(capture_id=capture_id, url=response.url, status=response.status, headers=headers,
                        body=response.body, source=getattr(self, "source_key", None), revisit_of=meta.get("revisit_of"),
                        archive_of=meta.get("archive_of"), meta=extra)

    def on_error(self, failure: Any) -> None:
        """Record a request dropped after its download (e.g. the redirect limit), which no
        downloader middleware sees; download failures were recorded already."""
        request = getattr(failure, "request", None)
        if request is None or request.meta.get("provcrawl_failure_recorded"):
            return
        from crawler.capture.middlewares import describe_exception
        from crawler.capture.provenance import get_recorder

        request.meta["provcrawl_failure_recorded"] = True
        rec = get_recorder(self.crawler)
        message = describe_exception(failure.value, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        capture_id = (request.meta.get(META_KEY) or {}).get("capture_id")
        if capture_id is None:
            rec.record_failure(request.url, message)
            return
        # The response was captured, then dropped: say why on it, or on the URL it did not follow.
        target = rec.redirect_location(capture_id)
        if target:
            hops = len(request.meta.get("redirect_urls", [])) + 1
            rec.record_failure(target, f"{message} (after {hops} redirects)")
        else:
            rec.record_dropped(capture_id, message)

    def stored(self, response: Response) -> Response:
        """For a 304, the page as stored before (from its WARC record); otherwise the response itself.

        An unchanged page still holds its links: a recrawl must not stop at the first 304.
        """
        if response.status != 304 or response.request is None:
            return response
        original = (response.meta.get(META_KEY) or {}).get("revisit_of")
        if original is None:
            return response
        from crawler.capture.provenance import get_recorder

        body, headers = get_recorder(self.crawler).stored_payload(original)
        if body is None:
            return response
        return HtmlResponse(response.url, status=200, body=body, headers=headers, request=response.request)

    def links(self, response: Response) -> Iterator[str]:
        """Links of a 2xx HTML page (error pages are evidence, not a place to find links)."""
        response = self.stored(response)
        if not isinstance(response, TextResponse) or not 200 <= response.status < 300:
            return
        try:
            # A selector of our own, not response.selector: that one is cached on the response,
            # which waits for the extraction pipeline with its whole lxml tree alive (~60 MB of
            # RSS at the scraper's 5 MB of queued bodies). And lxml directly: wrapping ~200
            # attribute strings a page in parsel Selectors costs more than the parse.
            root = Selector(response).root
            hrefs: Iterable[str] = root.xpath("//a/@href | //area/@href", smart_strings=False)
        except (ValueError, AttributeError):  # not parseable as HTML/XML
            return
        base = response.urljoin("")
        for href in hrefs:
            url = self.normalize(base, href)
            if url:
                yield url
