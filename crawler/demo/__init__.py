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


CHALLENGED = "https://www.mid.ru/en/foreign_policy/news/1911007/"  # its fixture is an F5 TSPD challenge


def browser_overrides(loopback_target: str) -> tuple[dict[str, object], str | None]:
    """Settings for the demo's crawl: ``--fetch auto`` through the loopback server when a Chromium is
    installed (a challenged page is fetched again in the browser), else plain HTTP and why."""
    from crawler.capture.chromium import ChromiumNotFound, find_chromium

    try:
        find_chromium()
        import playwright  # noqa: F401
    except (ChromiumNotFound, ImportError) as exc:
        return {"PROVCRAWL_FETCH": "http"}, str(exc)
    return {"PROVCRAWL_FETCH": "auto",
            "DOWNLOAD_HANDLERS": {"http": "crawler.capture.handler.BrowserDownloadHandler",
                                  "https": "crawler.capture.handler.BrowserDownloadHandler"},
            "BROWSER_HTTP_HANDLER": "crawler.demo.handler.LoopbackDownloadHandler",
            "BROWSER_LOOPBACK_TARGET": loopback_target, "BROWSER_IDLE_WAIT": 1}, None


def browser_lines(data_dir: Path) -> list[str]:
    """What the demo's challenged mid.ru page shows: the blocked HTTP capture, then the browser's."""
    from sqlalchemy import select

    from storage.db import Database
    from storage.models import Capture

    db = Database(f"sqlite:///{data_dir / 'provenance.sqlite'}")
    try:
        with db.session() as s:
            caps = list(s.scalars(select(Capture).where(Capture.url == CHALLENGED).order_by(Capture.id)))
            lines = [f"  capture {c.id}: {c.fetched_with or 'http'}, "
                     + (f"blocked ({c.blocked})" if c.blocked else f"got through: {c.page_resources} subresources, "
                        f"screenshot {c.screenshot_record_id}") for c in caps]
    finally:
        db.dispose()
    return ["", f"A page behind a JavaScript challenge ({CHALLENGED}):", *lines] if lines else []


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
