"""`provcrawl demo`: an offline tour. Serves the sources' fixtures on loopback and crawls them for real."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from crawler.demo.server import SOURCES, FixtureServer

__all__ = ["FixtureServer", "describe", "sample_quote", "sample_url"]


def sample_url() -> str:
    """An article every new user can look at: the MFA's record of Lavrov meeting Blinken."""
    expected = json.loads((SOURCES / "expected.json").read_text())
    return expected["mid_ru_en"]["articles"][0]


def sample_quote() -> str:
    """A passage of that article (its longest clause), so the suggested `cite` finds something."""
    expected = json.loads((SOURCES / "expected.json").read_text())
    sentence = expected["mid_ru_en"]["sentences"][sample_url()]
    return max(re.split(r"[,;:]\s+", sentence.rstrip(".")), key=len)


def describe(data_dir: Path, provcrawl: str = "provcrawl") -> list[str]:
    """What a new user should look at next: each line after the heading is a command that runs as
    printed from the current directory (``provcrawl`` is how to start provcrawl from there)."""
    url, d = shlex.quote(sample_url()), shlex.quote(str(data_dir))
    return [
        "",
        "What to look at next:",
        f"  WARC files:        ls {shlex.quote(str(data_dir / 'warc'))}",
        f"  all captures:      {provcrawl} captures --data-dir {d}",
        f"  one URL's record:  {provcrawl} provenance {url} --data-dir {d}",
        f"  its main text:     {provcrawl} text {url} --data-dir {d}",
        f"  a quote check:     {provcrawl} cite {url} {shlex.quote(sample_quote())} --data-dir {d}",
        f"  integrity:         {provcrawl} verify --all --data-dir {d}",
        "",
        f"The database is {data_dir / 'provenance.sqlite'} (tables crawl_run, capture, extraction, ledger).",
        "The demo server has stopped: these commands read only what was stored.",
    ]
