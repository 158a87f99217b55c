"""The floor under any Scrapy crawler here: a bare link-following spider, nothing stored.

Issue 8's crawl goals compare provcrawl with wget. This measures what Scrapy itself costs on the
same site, with none of provcrawl's components (no WARC, no DB, no middlewares of ours): a spider
that parses each page with lxml, normalises its links with the same memo provcrawl uses, drops
seen URLs before building a Request, and yields nothing else. Its CPU per page is the part no
tuning of provcrawl can remove. Serve the site first (``bench/serve_nginx.sh DIR PORT``):

    .venv/bin/python bench/scrapy_floor.py http://127.0.0.1:8089/ [--reps 3]

Prints pages/s and this process's CPU ms per page (nginx not included) per repetition, and the
median; each repetition runs in a fresh subprocess (Twisted's reactor cannot restart).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def crawl(start: str) -> None:
    """One bare crawl in this process; prints a JSON line with pages, seconds and CPU seconds."""
    sys.path.insert(0, str(ROOT))
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.selector import Selector

    from spiders.base import LinkNormalizer, host_of

    class Floor(scrapy.Spider):
        name = "floor"
        custom_settings = {"LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False,
                           "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "DOWNLOAD_DELAY": 0,
                           "COOKIES_ENABLED": False, "RETRY_ENABLED": False}
        pages = 0

        def __init__(self) -> None:
            super().__init__()
            self.seen = {start}
            self.host = host_of(start)
            self.norm = LinkNormalizer()

        async def start(self):  # type: ignore[no-untyped-def]
            yield scrapy.Request(start)

        def parse(self, response):  # type: ignore[no-untyped-def]
            Floor.pages += 1
            base = response.url
            for href in Selector(response).root.xpath("//a/@href | //area/@href", smart_strings=False):
                url = self.norm(base, href)
                if url is None or url in self.seen or host_of(url) != self.host:
                    continue
                self.seen.add(url)
                yield scrapy.Request(url)

    proc = CrawlerProcess(settings={"LOG_LEVEL": "WARNING"})
    proc.crawl(Floor)
    t, c = time.perf_counter(), time.process_time()
    proc.start()
    print(json.dumps({"pages": Floor.pages, "seconds": time.perf_counter() - t, "cpu": time.process_time() - c}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("start", help="start URL of the served site (loopback)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--_child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        crawl(args.start)
        return
    runs = []
    for rep in range(args.reps):
        out = subprocess.run([sys.executable, __file__, args.start, "--_child"], capture_output=True, text=True,
                             timeout=1800)
        if out.returncode != 0:
            raise SystemExit(out.stderr[-2000:])
        r = json.loads(out.stdout.strip().splitlines()[-1])
        runs.append(r)
        print(f"rep {rep + 1}: {r['pages']} pages in {r['seconds']:.1f} s = {r['pages'] / r['seconds']:.1f} pages/s, "
              f"CPU {r['cpu'] / r['pages'] * 1000:.2f} ms/page", flush=True)
    pps = statistics.median(r["pages"] / r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu"] / r["pages"] * 1000 for r in runs)
    print(f"bare Scrapy link-following spider: median {pps:.1f} pages/s, {cpu:.2f} ms CPU per page (this process)")


if __name__ == "__main__":
    main()
