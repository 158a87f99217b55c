"""The source registry (spiders/sources.toml) as typed records, and URL → source look-up."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.analysis.extraction import NO_RULES, CleanupRules

REGISTRY = Path(__file__).resolve().parent.parent / "spiders" / "sources.toml"
PLATFORMS = {"liferay", "newsagency", "wordpress", "arc", "ghost", "substack", "blogger"}
_INTERVAL = re.compile(r"^(\d+)\s*([smhd])$")


class RegistryError(ValueError):
    """The registry file is malformed."""


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    kind: str
    platform: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listing: dict[str, str] = field(default_factory=dict)
    article_patterns: tuple[str, ...] = ()
    delay: float = 1.0
    concurrency: int = 2
    interval: str = "1d"
    paywall: str = "none"
    archive_fallback: bool = False
    fetch: str = "http"  # http | browser | auto (see crawler/capture/fetch_mode.py)
    cleanup: CleanupRules = NO_RULES
    notify: tuple[str, ...] = ()  # apprise URLs told what each run changed (crawler/orchestration/alerts.py)

    @property
    def interval_seconds(self) -> int:
        m = _INTERVAL.match(self.interval.strip())
        assert m, self.interval
        return int(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]

    def is_article(self, url: str) -> bool:
        return any(re.search(p, url) for p in self.article_patterns)

    def owns(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)


def _source(key: str, d: dict[str, Any]) -> Source:
    try:
        src = Source(
            key=key, name=d["name"], kind=d["kind"], platform=d["platform"],
            start_urls=tuple(d["start_urls"]), allowed_domains=tuple(d["allowed_domains"]),
            feeds=tuple(d.get("feeds", ())), sitemaps=tuple(d.get("sitemaps", ())), listing=dict(d.get("listing", {})),
            article_patterns=tuple(d.get("article_patterns", ())), delay=float(d.get("delay", 1.0)),
            concurrency=int(d.get("concurrency", 2)), interval=str(d.get("interval", "1d")),
            paywall=str(d.get("paywall", "none")), archive_fallback=bool(d.get("archive_fallback", False)),
            fetch=str(d.get("fetch", "http")), cleanup=CleanupRules.from_dict(d.get("cleanup")),
            notify=tuple(d.get("notify", ())),
        )
    except KeyError as exc:
        raise RegistryError(f"source {key!r}: missing {exc.args[0]!r}") from exc
    if src.platform not in PLATFORMS:
        raise RegistryError(f"source {key!r}: unknown platform {src.platform!r}")
    if src.fetch not in ("http", "browser", "auto"):
        raise RegistryError(f"source {key!r}: fetch {src.fetch!r} is not one of http, browser, auto")
    if not all(isinstance(u, str) and "://" in u for u in src.notify):
        raise RegistryError(f"source {key!r}: notify must be a list of apprise URLs like 'mailto://...'")
    if not _INTERVAL.match(src.interval):
        raise RegistryError(f"source {key!r}: interval {src.interval!r} is not like '6h'")
    for pattern in (*src.article_patterns, *src.cleanup.drop_lines, *src.cleanup.cut_from):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RegistryError(f"source {key!r}: bad regex {pattern!r}: {exc}") from exc
    return src


@cache
def load(path: Path = REGISTRY) -> dict[str, Source]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return {key: _source(key, d) for key, d in data.get("sources", {}).items()}


@cache
def registry_settings(path: Path = REGISTRY) -> dict[str, Any]:
    """The registry's archive-wide ``[settings]`` table (e.g. ``tsa``, the time-stamping authority's URL)."""
    with open(path, "rb") as fh:
        settings = tomllib.load(fh).get("settings", {})
    if not isinstance(settings, dict):
        raise RegistryError("[settings] must be a table")
    return settings


def source_for_url(url: str | None, sources: dict[str, Source] | None = None) -> Source | None:
    """The source owning the URL's host; where several do (mid.ru EN/RU), the longest start-URL match."""
    if not url:
        return None
    owners = [src for src in (sources or load()).values() if src.owns(url)]
    if len(owners) <= 1:
        return owners[0] if owners else None
    path = urlsplit(url).path

    def score(src: Source) -> int:
        return max(len(os.path.commonprefix([path, urlsplit(u).path])) for u in src.start_urls)

    return max(owners, key=score)


def rules_for_url(url: str | None) -> CleanupRules:
    src = source_for_url(url)
    return src.cleanup if src else NO_RULES


def capture_source(url: str | None, archive_of: str | None = None) -> Source | None:
    """The source a capture belongs to: an archive copy (Wayback fallback) belongs to its original's."""
    return source_for_url(archive_of or url)


def rules_for_capture(url: str | None, archive_of: str | None = None) -> CleanupRules:
    """The cleanup rules a capture is extracted with, by crawls and re-extraction alike."""
    src = capture_source(url, archive_of)
    return src.cleanup if src else NO_RULES


def known_sources(session: Any) -> set[str]:
    """The registry's source keys and those of sources on record (imports may name others): what a
    ``--source`` filter may say, so that a typo is refused rather than read as "nothing found"."""
    from sqlalchemy import select

    from storage.models import Capture

    return set(load()) | set(session.scalars(select(Capture.source).where(Capture.source.is_not(None)).distinct()))
