"""Recrawls: revisits instead of duplicates, 304s, change tracking, diffs."""

from __future__ import annotations

import json

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import Cli

pytestmark = pytest.mark.e2e


def warc_bytes(cli: Cli) -> int:
    return sum(f.stat().st_size for f in (cli.data_dir / "warc").glob("*.warc.gz"))


def record_types(cli: Cli, run_files: list[str]) -> list[str]:
    out = []
    for f in run_files:
        with open(cli.data_dir / f, "rb") as fh:
            out += [r.rec_type for r in ArchiveIterator(fh) if r.rec_type in ("response", "revisit")]
    return out


def test_second_crawl_writes_revisits_and_change_shows_in_diff(cli: Cli, mutable_site) -> None:
    server, site = mutable_site
    first = json.loads(cli.run("crawl", "--start", server.url("/"), "--json").stdout)
    size1 = warc_bytes(cli)
    second = json.loads(cli.run("crawl", "--start", server.url("/"), "--json").stdout)
    size2 = warc_bytes(cli) - size1
    first_caps = cli.json("captures", "--run", str(first["id"]))
    html_pages = [c for c in first_caps if c["status"] == 200]
    # every 200 page of the first crawl came back as a revisit (a 304, or an identical payload)
    second_caps = cli.json("captures", "--run", str(second["id"]))
    by_url = {c["url"]: c for c in second_caps}
    # robots.txt is read whole on every crawl: a 304 to a conditional request for it (an empty
    # body) once made Scrapy allow everything, and the disallowed /private/ page was fetched
    fetched = [c for c in first_caps + second_caps if c["status"] is not None]
    assert not [c["url"] for c in fetched if "/private/" in c["url"]]
    robots = [c for c in second_caps if c["url"].endswith("/robots.txt")]
    assert robots and all(c["status"] == 200 for c in robots), robots
    for page in html_pages:
        again = by_url[page["url"]]
        assert again["record_type"] == "revisit", again
        assert again["revisit_of_id"] == page["id"] and again["sha256"] == page["sha256"]
        assert again["change"] == "unchanged"
        if page["content_type"] and "html" in page["content_type"]:
            prov = cli.json("provenance", again["url"])["captures"]
            assert prov[-1]["extractions"], again  # the unchanged page's text was reused, not dropped
    assert set(record_types(cli, second["warc_files"])) <= {"revisit", "response"}
    # revisits hold no bodies: per page, a small fraction of the first crawl's record
    first_len = sum(p["warc_length"] for p in html_pages)
    second_len = sum(by_url[p["url"]]["warc_length"] for p in html_pages)
    assert second_len < 0.4 * first_len, (first_len, second_len)
    assert size2 < size1, (size1, size2)  # and whole files grow less (request records are written anyway)
    # text of unchanged pages was reused, not lost
    url = server.url("/irna/83317115.html")
    assert "Mike Pompeo" in cli.json("text", url)["text"]
    assert cli.run("verify", "--all").returncode == 0

    # change one page: exactly that page's new payload is stored
    page = site / "irna/83317115.html"
    page.write_text(page.read_text().replace("Mike Pompeo", "Secretary Pompeo"), encoding="utf-8")
    third = json.loads(cli.run("crawl", "--start", server.url("/"), "--json").stdout)
    third_caps = cli.json("captures", "--run", str(third["id"]))
    responses = [c for c in third_caps if c["record_type"] == "response" and c["status"] == 200]
    assert [c["url"] for c in responses] == [url]
    assert responses[0]["change"] == "changed" and responses[0]["text_change"] == "changed"

    changes = cli.json("changes")
    assert [c["url"] for c in changes] == [url]
    diff = cli.run("diff", url).stdout
    assert "-" in diff and "Secretary Pompeo" in diff and "+" in diff
    assert cli.run("verify", "--all").returncode == 0


@pytest.mark.sqlite_only
def test_changes_says_what_changed_and_never_the_same_text_for_a_first_or_no_text(cli: Cli) -> None:
    # A challenge page, then the article through the browser: the payload changed and the text is
    # the first there is (mid.ru in the demo). Then a page whose text could not be extracted.
    from datetime import UTC, datetime

    from storage.db import Database
    from storage.models import Capture, CrawlRun

    cli.data_dir.mkdir(parents=True)
    db = Database(cli.database_url)
    now = datetime.now(UTC)
    with db.session() as s:
        run = CrawlRun(command="test", software_version="0", started_at=now)
        s.add(run)
        s.flush()
        for text_change in ["changed", "unchanged", "new", None]:
            s.add(Capture(run_id=run.id, url=f"https://example.org/{text_change}", fetched_at=now, status=200,
                          change="changed", text_change=text_change, fetched_with="http"))
    db.dispose()
    lines = {line.split()[-1].rsplit("/", 1)[-1]: line for line in cli.run("changes").stdout.splitlines()}
    assert "text changed" in lines["changed"] and "text the same" in lines["unchanged"]
    assert "first text" in lines["new"] and "text the same" not in lines["new"]
    assert "no text" in lines["None"] and "text the same" not in lines["None"]
