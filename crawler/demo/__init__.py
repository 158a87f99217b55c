"""`provcrawl demo`: an offline tour. Serves the sources' fixtures on loopback and crawls them for real."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.demo.server import SOURCES, FixtureServer

__all__ = ["FixtureServer", "describe", "sample_url"]


def sample_url() -> str:
    """An article every new user can look at: the MFA's record of Lavrov meeting Blinken."""
    expected = json.loads((SOURCES / "expected.json").read_text())
    return expected["mid_ru_en"]["articles"][0]


def describe(data_dir: Path) -> list[str]:
    """What a new user should look at next."""
    url = sample_url()
    return [
        "",
        "What to look at next:",
        f"  WARC files:        ls {data_dir / 'warc'}",
        f"  check them:        warcio check -v {data_dir / 'warc'}/*.warc.gz",
        f"  all captures:      provcrawl captures --data-dir {data_dir}",
        f"  one URL's record:  provcrawl provenance {url} --data-dir {data_dir}",
        f"  its main text:     provcrawl text {url} --data-dir {data_dir}",
        f"  a quote check:     provcrawl cite {url} \"QUOTE\" --data-dir {data_dir}",
        f"  integrity:         provcrawl verify --all --data-dir {data_dir}",
        f"  the database:      {data_dir / 'provenance.sqlite'} (tables crawl_run, capture, extraction, ledger)",
        "(The demo server has stopped: these commands read only what was stored.)",
    ]
