"""provcrawl: a scrape-and-snapshot crawler with provenance tracking."""

import os

__version__ = "0.1.0"

# Scrapy's cookie middleware builds a tldextract extractor at import time, and tldextract's
# default is to download the Public Suffix List on first use (DNS and HTTPS to publicsuffix.org,
# from inside the reactor). A crawler must not reach out on its own: use the list that ships with
# tldextract. Set before Scrapy's middlewares are imported (every entry point imports this
# package first); a user who wants the live list sets the variable to its URLs.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
