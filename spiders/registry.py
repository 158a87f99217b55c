"""One Scrapy spider per registry source, so `scrapy list` / `scrapy crawl NAME` know them all."""

from __future__ import annotations

from crawler.sources import load
from spiders.platforms import spider_class

SPIDERS = {key: spider_class(src) for key, src in load().items()}
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
