"""Every registry source, crawled end to end under its real URLs through the real download stack.

The demo's loopback handler sends the sockets to the fixture server; everything else (robots.txt,
redirects, WARC writing, extraction, classification) runs as in production.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.handler import DOWNLOAD_HANDLERS
from crawler.demo.server import SOURCES, FixtureServer
from crawler.sources import load
from tests.conftest import ROOT, Cli

pytestmark = pytest.mark.e2e

EXPECTED = json.loads((SOURCES / "expected.json").read_text())
KEYS = list(load())


@pytest.fixture(scope="module")
def sources_server():
    with FixtureServer(sources=True) as server:
        yield server


def loopback(server: FixtureServer) -> list[str]:
    return ["-s", f"PROVCRAWL_LOOPBACK_TARGET={server.base}", "-s", f"DOWNLOAD_HANDLERS={json.dumps(DOWNLOAD_HANDLERS)}",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


@pytest.fixture(scope="module")
def crawled_twice(sources_server, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """`crawl --all` as a user schedules it, then again: every source side by side in one process."""
    cli = Cli(tmp_path_factory.mktemp("all-sources") / "data", None)
    first = json.loads(cli.run("crawl", "--all", "--json", *loopback(sources_server), timeout=900).stdout)
    second = json.loads(cli.run("crawl", "--all", "--json", *loopback(sources_server), timeout=900).stdout)
    return cli, first, second


def test_crawl_all_runs_every_source_and_verifies(crawled_twice) -> None:  # type: ignore[no-untyped-def]
    cli, first, second = crawled_twice
    assert sorted(r["source"] for r in first) == sorted(KEYS) == sorted(r["source"] for r in second)
    assert {r["status"] for r in first + second} == {"finished"}
    assert cli.run("verify", "--all").returncode == 0


@pytest.mark.parametrize("key", KEYS)
def test_source_spider_captures_its_articles_under_real_urls(key: str, crawled_twice) -> None:  # type: ignore[no-untyped-def]
    cli, first, second_runs = crawled_twice
    runs = [r for r in first if r["source"] == key]
    assert len(runs) == 1 and runs[0]["status"] == "finished"
    exp = EXPECTED[key]
    caps = cli.json("captures", "--source", key)
    urls = {c["url"] for c in caps}
    # discovered through the source's own feeds, sitemaps and listings, captured under the real URL
    assert set(exp["articles"]) <= urls
    for url in exp["articles"]:
        host = url.split("/")[2]
        assert any(c["url"] == url and c["status"] == 200 and c["ip_address"] == "127.0.0.1" for c in caps)
        assert host in {h for s in [load()[key]] for h in s.allowed_domains}
    for url, sentence in exp["sentences"].items():
        text = cli.json("text", url)
        assert sentence in text["text"], (url, sentence)
    for url in exp.get("paid", []):
        (cap,) = cli.json("provenance", url)["captures"]
        assert cap["paywall_status"] in ("hard", "preview") and cap["paywall_evidence"]
    for url in exp.get("blocked", []):
        (cap,) = cli.json("provenance", url)["captures"]
        assert cap["blocked"] and cap["paywall_status"] == "unknown"
        assert cli.run("text", url, check=False).returncode == 1  # a challenge is never the article's text
    # every capture carries a verdict with its evidence
    assert all(c["paywall_status"] and (c["paywall_evidence"] or c["status"] in (301, 302)) for c in caps)
    # the WARC holds the real URLs
    names = [f for r in runs for f in r["warc_files"]]
    uris = set()
    for name in names:
        from warcio.archiveiterator import ArchiveIterator

        with open(cli.data_dir / name, "rb") as fh:
            uris |= {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh) if r.rec_type == "response"}
    assert set(exp["articles"]) <= uris

    # a second run re-captures nothing but robots.txt, listings, feeds and sitemaps
    (again,) = [r for r in second_runs if r["source"] == key]
    second = [c for c in cli.json("captures", "--run", str(again["id"]))]
    src = load()[key]
    assert not [c["url"] for c in second if src.is_article(c["url"])]


def test_since_skips_older_articles_from_feeds_and_sitemaps(sources_server, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data", None)
    cli.run("crawl", "theduran", "--since", "2022-01-01", *loopback(sources_server))
    urls = {c["url"] for c in cli.json("captures", "--source", "theduran")}
    dates = EXPECTED["theduran"]["published"]
    assert {u for u in EXPECTED["theduran"]["articles"] if dates[u] >= "2022"} <= urls
    assert not {u for u in EXPECTED["theduran"]["articles"] if dates[u] < "2022"} & urls


def test_scrapy_list_and_crawl_work_from_the_repo_root(sources_server, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scrapy = [sys.executable, "-m", "scrapy"]
    listed = subprocess.run([*scrapy, "list"], cwd=ROOT, capture_output=True, text=True, env=env, check=True)
    assert set(KEYS) | {"site", "snapshot"} <= set(listed.stdout.split())
    data = tmp_path / "data"
    subprocess.run([*scrapy, "crawl", "irna", "-s", f"PROVCRAWL_DATA_DIR={data}", "-s", "LOG_LEVEL=WARNING",
                    *loopback(sources_server)], cwd=ROOT, capture_output=True, text=True, env=env, check=True,
                   timeout=180)
    texts = Cli(data, None).json("captures", "--source", "irna")
    assert set(EXPECTED["irna"]["articles"]) <= {c["url"] for c in texts}


def test_demo_runs_offline_and_a_second_run_fetches_no_article(tmp_path: Path) -> None:
    demo_dir = tmp_path / "demo"
    cli = Cli(demo_dir, None)
    out = cli.run("demo").stdout
    assert "What to look at next" in out
    first = cli.json("captures")
    # the mid.ru challenge: a blocked HTTP capture; with Chromium, then the browser's (challenge, article)
    from crawler.demo import CHALLENGED, browser_overrides

    caps = cli.json("provenance", CHALLENGED, "--exact")["captures"]
    seen = [(c["fetched_with"], c["blocked"]) for c in caps]
    if browser_overrides("http://127.0.0.1:1")[1] is None:
        assert seen == [("http", "f5-tspd"), ("browser", "f5-tspd"), ("browser", None)]
        assert "A page behind a JavaScript challenge" in out and "got through" in out
    else:
        assert seen == [("http", "f5-tspd")] and "browser capture skipped" in out
    every_article = {u for k in KEYS for u in EXPECTED[k]["articles"]}
    assert every_article <= {c["url"] for c in first}
    cli.run("demo", "--keep")
    after = cli.json("captures")
    newest_run = max(c["run_id"] for c in after) - len(KEYS) + 1
    second = [c for c in after if c["run_id"] >= newest_run]
    assert second and not {c["url"] for c in second} & every_article


def crawled_thesaker(sources_server, stored_once, tmp_path: Path) -> Cli:  # type: ignore[no-untyped-def]
    """A crawl of thesaker (its gone article comes from the web archive): once a module, each test its own copy."""
    return stored_once("thesaker", Cli(tmp_path / "data", None),
                       lambda c: c.run("crawl", "thesaker", *loopback(sources_server)))


def test_a_gone_page_comes_from_the_web_archive_and_says_so(sources_server, stored_once, tmp_path: Path) -> None:
    cli = crawled_thesaker(sources_server, stored_once, tmp_path)
    ((orig, exp),) = EXPECTED["thesaker"]["archived"].items()
    caps = cli.json("provenance", orig)["captures"]
    origin, archived = caps[0], caps[-1]
    assert origin["url"] == orig and origin["status"] == 404  # the origin's answer is evidence too
    assert archived["url"] == exp["memento"] and archived["status"] == 200
    assert archived["archive_of"] == orig and archived["memento_datetime"] == exp["memento_datetime"]
    assert archived["source"] == "thesaker"
    assert exp["sentence"] in cli.json("text", orig)["text"]


def test_reextract_cleans_an_archive_copy_with_its_sources_rules_as_the_crawl_did(sources_server, stored_once,
                                                                                 tmp_path: Path) -> None:
    """Issue 15: reextract looked the rules up by the archive's URL, lost them and added a duplicate."""
    cli = crawled_thesaker(sources_server, stored_once, tmp_path)
    ((orig, exp),) = EXPECTED["thesaker"]["archived"].items()
    archived = cli.json("provenance", orig)["captures"][-1]
    assert archived["archive_of"] == orig
    (crawled,) = archived["extractions"]
    assert crawled["rules_version"] == load()["thesaker"].cleanup.version is not None

    again = cli.json("reextract", "--all", "--workers", "1")
    assert again["extractions_added"] == 0 and not again["errors"]
    forced = cli.json("reextract", "--all", "--force", "--workers", "1")
    assert forced["extractions_added"] > 0
    newest = cli.json("provenance", orig)["captures"][-1]["extractions"][-1]
    assert newest["rules_version"] == crawled["rules_version"]
    assert newest["text_sha256"] == crawled["text_sha256"]
    # Re-rendered formats apply the same rules: the sharing buttons the rules drop stay out.
    markdown = cli.run("text", orig, "--format", "md").stdout
    assert "Sharing is caring" not in markdown and "Share this:" not in markdown
