"""Which requests the browser loads: ``--fetch``, else the source's registry ``fetch``, else HTTP.

``auto`` fetches over HTTP first; when the classifier says the page is behind a bot challenge,
that HTTP capture stays on record (classified ``blocked``) and the URL is requested again in
the browser. robots.txt is always fetched over HTTP.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.http.request import NO_CALLBACK

from crawler.analysis.analyze import analyze, header_map
from crawler.capture.handler import FETCH_META
from crawler.capture.pipelines import settings_from
from crawler.capture.provenance import get_recorder
from crawler.capture.snapshot import META_KEY

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing import Self

logger = logging.getLogger(__name__)

MODES = ("http", "browser", "auto")
# challenges a real browser solves by running their script (proof of work, fingerprint checks); a
# captcha ("press and hold", image puzzles) or a firewall denial is no better in a browser
CHALLENGES = {"cloudflare", "f5-tspd", "ddos-guard", "js-challenge", "aws-waf", "kasada", "siteground", "vercel", "anubis"}


class FetchModeMiddleware:
    """Marks each request with its fetch mode; in ``auto``, sends a challenged page to the browser.

    Settings: ``PROVCRAWL_FETCH`` (None: the spider's ``fetch_mode``, from the registry; else http).
    """

    def __init__(self, crawler: Crawler, forced: str | None) -> None:
        if forced is not None and forced not in MODES:
            raise ValueError(f"PROVCRAWL_FETCH must be one of {', '.join(MODES)}, not {forced!r}")
        self.crawler = crawler
        self.forced = forced

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.get("PROVCRAWL_FETCH") or None)

    def mode(self) -> str:
        spider = self.crawler.spider
        return self.forced or getattr(spider, "fetch_mode", None) or "http"

    def process_request(self, request: Request) -> None:
        if request.callback is NO_CALLBACK or request.url.endswith("/robots.txt"):
            return  # robots.txt and other internal fetches: HTTP
        request.meta.setdefault(FETCH_META, self.mode())

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get(FETCH_META) != "auto" or "browser" in response.flags:
            return response
        capture_id = (request.meta.get(META_KEY) or {}).get("capture_id")
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if capture_id is None or "html" not in ctype.lower():
            return response
        headers = header_map([(k, v) for k, vs in response.headers.items() for v in vs])
        result = analyze(response.body, url=response.url, status=response.status, headers=headers)
        if result.verdict.blocked not in CHALLENGES:
            return response
        # The HTTP capture is evidence of the challenge: classify it here, as it never reaches a spider.
        get_recorder(self.crawler).record_analysis(capture_id, result, settings_from(self.crawler.settings))
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("browser/auto_retry")
        logger.info("%s is behind a %s challenge over HTTP: fetching it again in the browser",
                    response.url, result.verdict.blocked)
        meta = {k: v for k, v in request.meta.items() if k not in (META_KEY, "redirect_urls", "redirect_times")}
        meta[FETCH_META] = "browser"
        return request.replace(url=response.url, meta=meta, dont_filter=True)
