"""Scrapy settings for provcrawl: every spider captures through the same components.

`scrapy crawl NAME` reads this module through scrapy.cfg; `provcrawl` layers its options on top.
"""

from scrapy.settings import default_settings as _scrapy_defaults

from crawler import __version__

BOT_NAME = "provcrawl"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Who we are. PROVCRAWL_CONTACT_URL names where a site owner can reach the operator.
PROVCRAWL_CONTACT_URL = "https://github.com/provcrawl/provcrawl"
USER_AGENT = f"provcrawl/{__version__} (+{PROVCRAWL_CONTACT_URL})"

# Where things go (overridden by --data-dir / --db, or PROVCRAWL_DATA_DIR / PROVCRAWL_DB).
PROVCRAWL_DATA_DIR = "data"
PROVCRAWL_DB = None
PROVCRAWL_ALLOWED_HOSTS: list[str] = []
PROVCRAWL_ALLOW_PRIVATE = False
# Captures reach the Merkle log in batches: every this many captures or seconds, and at close.
PROVCRAWL_LOG_BATCH_SIZE = 200
PROVCRAWL_LOG_BATCH_SECONDS = 2.0
# what records, and signs with the archive key, the log's tree head when a run ends
PROVCRAWL_TREE_HEAD_RECORDER = "crawler.evidence.tree_heads.record_tree_head"

# Snapshots.
WARC_ENABLED = True
WARC_PREFIX = "provcrawl"
WARC_MAX_SIZE = 1024**3
WARC_GZIP_LEVEL = 3  # CPU a page: 0.45 ms at 3, 0.82 at 6, 0.94 at 9 (warcio's fixed level); files 6 % larger than at 6 (bench site)
WARC_FSYNC = False  # records are flushed to the OS before each DB commit; fsync adds power-loss safety
WARC_OPERATOR = None

WARC_DEDUP = True  # an unchanged payload is written as a revisit record, not a second copy
CONDITIONAL_REQUESTS_ENABLED = True  # If-None-Match / If-Modified-Since from the last capture

EXTRACTION_ENABLED = True
# processes for extraction + classification, off the reactor (0: a thread); the crawls one process
# runs side by side (crawl --all, the demo) share them: raise it for many sources on many cores
EXTRACTION_WORKERS = 1

# Politeness and safety.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds; doubled each attempt when the server gives no Retry-After
RETRY_AFTER_MAX = 120.0  # never wait longer than this for one retry
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024  # also bounds decompressed size (decompression bombs)
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
URLLENGTH_LIMIT = 32768  # Scrapy's 2083 drops long (but real) URLs without a trace
COOKIES_ENABLED = True
# Spiders see every final response: a 403 challenge page or a 404 is recorded and classified too.
HTTPERROR_ALLOW_ALL = True
HTTPCACHE_ENABLED = False  # cache hits are not fetches and would leave no capture
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Loopback servers are the user's own: no politeness delay (the middleware also stops AutoThrottle
# from adjusting them). Remote hosts keep the delays above.
DOWNLOAD_SLOTS = {h: {"delay": 0, "concurrency": 8} for h in ("127.0.0.1", "localhost", "::1")}
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Resolves like Scrapy's default, then refuses non-public answers for hosts the user did not name.
TWISTED_DNS_RESOLVER = "crawler.capture.resolver.GuardedResolver"

# How pages are fetched: "http" (Scrapy's client), "browser" (Chromium, crawler/capture/) or "auto"
# (HTTP first, the browser again for a page the classifier says is behind a challenge).
PROVCRAWL_FETCH = None  # None: the source's registry `fetch`, else "http"
DOWNLOAD_HANDLERS = {
    "http": "crawler.capture.handler.BrowserDownloadHandler",
    "https": "crawler.capture.handler.BrowserDownloadHandler",
}
BROWSER_HTTP_HANDLER = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"
BROWSER_CHROMIUM = None  # else PROVCRAWL_CHROMIUM, else chromium on PATH
BROWSER_MAX_PAGES = 2  # pages open at once in the crawl's one browser
BROWSER_PAGE_TIMEOUT = 30
BROWSER_CHALLENGE_WAIT = 20  # seconds a challenge page gets to set its cookie and navigate on
BROWSER_IDLE_WAIT = 3  # after the load event, at most this long for the network to go quiet
BROWSER_USER_AGENT = None  # None: Chromium's own

EXTENSIONS = {
    "crawler.capture.snapshot.WarcSnapshot": 100,
    "crawler.orchestration.progress.ProgressDisplay": 200,
    # Distributed mode only (PROVCRAWL_REDIS_JOB set by `--redis` / `worker`): off otherwise.
    "crawler.orchestration.distributed.RedisIdle": 300,
    "crawler.orchestration.distributed.InflightRecovery": 310,
}
# Scrapy's remote control is off (REMOTE_CONTROL_ENABLED below) and left out of the base list, so
# that its module, which loads aiohttp's server, is not imported either: a tenth of a second of CPU
# at every crawl's start (Scrapy imports every extension it lists, even one set to None).
EXTENSIONS_BASE = {k: v for k, v in _scrapy_defaults.EXTENSIONS_BASE.items()
                   if k != "scrapy.extensions.remote_control.RemoteControl"}
# Distributed: a worker silent this many seconds counts as dead and the others re-queue its requests
# (it beats every fifth of this; a lower value takes over sooner but must outlast its longest stall).
PROVCRAWL_HEARTBEAT_TTL = 15.0
DOWNLOADER_MIDDLEWARES = {
    # Outermost: sees a failure only after RetryMiddleware (550) has given up.
    "crawler.capture.middlewares.FetchErrorMiddleware": 10,
    # Before RobotsTxtMiddleware (100), so no robots.txt is fetched from a refused host.
    "crawler.capture.middlewares.PrivateAddressMiddleware": 50,
    # After robots.txt (100): revalidate what we captured before instead of fetching it whole.
    "crawler.capture.conditional.ConditionalRequestMiddleware": 120,
    # Scrapy's retry, waiting for Retry-After (or backing off) on 429/503 first.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.capture.retry.RetryAfterMiddleware": 550,
    # Marks requests for the browser; in --fetch auto, sends a challenged HTTP page to it.
    "crawler.capture.fetch_mode.FetchModeMiddleware": 580,
}
SPIDER_MIDDLEWARES = {
    "crawler.orchestration.distributed.InflightDone": 950,  # distributed mode only
}
ITEM_PIPELINES = {
    "crawler.capture.pipelines.ExtractionPipeline": 300,
}
