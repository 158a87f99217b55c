"""`provcrawl demo`: an offline tour. Serves the demo site on loopback and crawls it for real."""

from __future__ import annotations

from pathlib import Path

from crawler.demo.server import FixtureServer

__all__ = ["FixtureServer", "demo_start_url"]


def demo_start_url(server: FixtureServer) -> str:
    return server.url("/")


def describe(data_dir: Path, sample_url: str) -> list[str]:
    """What a new user should look at next."""
    return [
        "",
        "What to look at next:",
        f"  WARC files:        ls {data_dir / 'warc'}",
        f"  check them:        warcio check -v {data_dir / 'warc'}/*.warc.gz",
        f"  all captures:      provcrawl captures --data-dir {data_dir}",
        f"  one URL's record:  provcrawl provenance {sample_url} --data-dir {data_dir}",
        f"  its main text:     provcrawl text {sample_url} --data-dir {data_dir}",
        f"  the database:      {data_dir / 'provenance.sqlite'} (tables crawl_run, capture, extraction)",
        "(The demo server has stopped, so these read only what was stored.)",
    ]
