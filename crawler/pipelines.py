"""Item pipeline: extract main text from each captured HTML page and record it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from crawler.decoding import is_html
from crawler.extraction import EXTRACTOR, EXTRACTOR_VERSION, ExtractionSettings, extract
from crawler.items import PageItem
from crawler.provenance import get_recorder

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    """Runs :func:`crawler.extraction.extract` on each PageItem; non-HTML pages are skipped.

    Settings: ``EXTRACTION_ENABLED``, ``EXTRACTION_INCLUDE_COMMENTS``, ``EXTRACTION_FAVOR_PRECISION``,
    ``EXTRACTION_FAVOR_RECALL``, ``DOWNLOAD_MAXSIZE`` (bounds the decoded size).
    """

    def __init__(self, crawler: Crawler, settings: ExtractionSettings, max_decoded: int) -> None:
        self.crawler = crawler
        self.settings = settings
        self.max_decoded = max_decoded

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        if not s.getbool("EXTRACTION_ENABLED", True):
            raise NotConfigured("EXTRACTION_ENABLED is off")
        settings = ExtractionSettings(
            include_comments=s.getbool("EXTRACTION_INCLUDE_COMMENTS", False),
            favor_precision=s.getbool("EXTRACTION_FAVOR_PRECISION", False),
            favor_recall=s.getbool("EXTRACTION_FAVOR_RECALL", False),
        )
        return cls(crawler, settings, s.getint("DOWNLOAD_MAXSIZE") or 50 * 1024 * 1024)

    def process_item(self, item: object) -> object:
        if not isinstance(item, PageItem):
            return item
        stats = self.crawler.stats
        assert stats is not None
        if not is_html(item.content_type, item.body):
            stats.inc_value("extraction/skipped_not_html")
            return item
        result = extract(item.body, url=item.url, content_type=item.content_type,
                         content_encoding=item.content_encoding, settings=self.settings,
                         max_decoded=self.max_decoded)
        get_recorder(self.crawler).record_extraction(item.capture_id, result, self.settings,
                                                     EXTRACTOR, EXTRACTOR_VERSION)
        stats.inc_value(f"extraction/{result.status}")
        if result.status == "error":
            logger.warning("extraction failed for %s: %s", item.url, result.error)
        return item
