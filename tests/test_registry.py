"""The source registry is data: it loads, its rules compile, and each cleanup rule does its job."""

from __future__ import annotations

import pytest

from crawler.analysis.extraction import CleanupRules
from crawler.sources import RegistryError, _source, load, rules_for_url, source_for_url


def test_every_source_loads_with_discovery_and_politeness() -> None:
    sources = load()
    assert {"mid_ru_en", "mid_ru_ru", "tass", "irna", "theduran", "militarytimes", "eir", "karlof1", "martyanov",
            "thesaker"} <= set(sources)
    for s in sources.values():
        assert s.start_urls and s.allowed_domains and s.article_patterns
        assert s.feeds or s.sitemaps or s.listing
        assert 0 < s.concurrency <= 2 and s.delay >= 1.0 and s.interval_seconds >= 3600


@pytest.mark.parametrize("url,key", [
    ("https://www.mid.ru/ru/foreign_policy/news/1911232/", "mid_ru_ru"),
    ("https://www.mid.ru/en/foreign_policy/news/1911007/", "mid_ru_en"),
    ("https://en.irna.ir/news/83317115/Russia-US", "irna"),
    ("https://karlof1.substack.com/p/lavrov-in-pyongyang", "karlof1"),
    ("https://example.org/", None),
])
def test_source_for_url(url: str, key: str | None) -> None:
    src = source_for_url(url)
    assert (src.key if src else None) == key


@pytest.mark.parametrize("url,residue,kept", [
    ("https://en.irna.ir/news/1/x", "News Code: 83317115\nRussia, US; wall of mistrust\nWritten by Rahmatullah Khoddadi\n"
     "Follow us on Twitter @IrnaEnglish", "Russia, US; wall of mistrust"),
    ("https://theduran.com/a/", "Lavrov warns Kerry.\nREAD MORE: Resolution 2334 was aimed at Trump\n"
     "Liked it? Take a second to support The Duran on Patreon!\nNext article about something else", "Lavrov warns Kerry."),
    ("https://eir.news/a/", "Lavrov explains why.\nThis post is for paying subscribers only\nSubscribe", "Lavrov explains why."),
    ("https://smoothiex12.blogspot.com/2021/05/a.html", "Probing the limits.\nSubscribe to: Post Comments (Atom)",
     "Probing the limits."),
])
def test_cleanup_rules_remove_residue_and_keep_the_article(url: str, residue: str, kept: str) -> None:
    assert rules_for_url(url).apply(residue) == kept


def test_a_bad_rule_is_a_clear_error() -> None:
    base = {"name": "x", "kind": "blog", "platform": "wordpress", "start_urls": ["https://x.org/"],
            "allowed_domains": ["x.org"], "article_patterns": ["^https://x.org/"]}
    with pytest.raises(RegistryError, match="bad regex"):
        _source("x", {**base, "cleanup": {"drop_lines": ["(unclosed"]}})
    with pytest.raises(RegistryError, match="unknown platform"):
        _source("x", {**base, "platform": "geocities"})
    with pytest.raises(RegistryError, match="missing"):
        _source("x", {"name": "x"})


def test_rules_version_changes_with_the_rules() -> None:
    a = CleanupRules(drop_lines=("x",))
    assert a.version == CleanupRules(drop_lines=("x",)).version != CleanupRules(drop_lines=("y",)).version
    assert CleanupRules().version is None
