"""A recrawl answered 304 Not Modified: kept on record as the server's answer, replayed as the page.

The newest capture of an unchanged page is a revisit record holding the 304 exchange. pywb and
ReplayWeb.page serve a record's own status line, so without help they replay it as an empty page.
"""

from __future__ import annotations

import io
import json
import urllib.request
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from storage.warc import SERVER_NOT_MODIFIED, read_record
from tests.conftest import Cli
from tests.replay_tools import chromium_dom, pywb_serving, replaywebpage_text, tool

pytestmark = pytest.mark.e2e

ARTICLE = "/en/news/lavrov-blinken.html"
SENTENCE = "on the basis of the telephone conversations between our presidents"


def recrawl(cli: Cli, url: str) -> tuple[Cli, str, dict, dict]:
    """The article captured, then captured again with a conditional request the server answers 304."""
    cli.run("snapshot", url)
    cli.run("snapshot", url)
    first, again = cli.json("provenance", url)["captures"]
    assert first["status"] == 200 and first["record_type"] == "response", first
    return cli, url, first, again


@pytest.fixture
def recrawled(cli: Cli, site_server) -> tuple[Cli, str, dict, dict]:
    """On each database backend: the index lines come from a query."""
    return recrawl(cli, site_server.url(ARTICLE))


@pytest.fixture(scope="module")
def recrawled_once(site_server, tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, str, dict, dict]:
    """For the browsers, once (SQLite): what they are shown does not depend on the database."""
    return recrawl(Cli(tmp_path_factory.mktemp("recrawl") / "data", None), site_server.url(ARTICLE))


def stamp(capture: dict) -> str:
    return capture["fetched_at"].replace("-", "").replace("T", "").replace(":", "")[:14]


def assert_on_record_as_304(cli: Cli, first: dict, again: dict) -> None:
    """What the server said stays on record: the capture row and its WARC record say 304."""
    assert again["status"] == 304 and again["record_type"] == "revisit", again
    assert again["revisit_of_id"] == first["id"] and again["change"] == "unchanged"
    rec = read_record(cli.data_dir / again["warc_file"], again["warc_offset"])
    assert rec.record_type == "revisit" and rec.status == 304 and rec.payload == b""
    assert rec.header("ETag") and rec.record_id == again["warc_record_id"]
    with open(cli.data_dir / again["warc_file"], "rb") as fh:
        fh.seek(again["warc_offset"])
        headers = next(iter(ArchiveIterator(fh))).rec_headers
    assert headers.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
    assert headers.get_header("WARC-Refers-To") == first["warc_record_id"]


def test_replay_indexes_resolve_a_304_to_the_response_it_confirms(recrawled, tmp_path: Path) -> None:
    """Without pywb or a browser: the index lines serve and export build."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from crawler.evidence.replay import build_collection

    cli, url, first, again = recrawled
    assert_on_record_as_304(cli, first, again)
    assert cli.run("verify", "--all").returncode == 0
    with Session(create_engine(cli.database_url)) as s:
        root = build_collection(s, cli.data_dir)
    lines = [ln.split(" ", 2) for ln in (root / "collections/provcrawl/indexes/index.cdxj").read_text().splitlines()]
    mine = {ts: json.loads(fields) for key, ts, fields in lines if json.loads(fields)["url"] == url}
    assert set(mine) == {stamp(first), stamp(again)}  # the 304 capture is still a capture of its own
    resolved = mine[stamp(again)]
    assert (resolved["status"], resolved["mime"]) == ("200", "text/html")
    assert (resolved["filename"], int(resolved["offset"])) == (Path(first["warc_file"]).name, first["warc_offset"])
    assert resolved["revisit.status"] == "304"  # and the index says where the 304 record is
    assert (resolved["revisit.filename"], int(resolved["revisit.offset"])) == (
        Path(again["warc_file"]).name, again["warc_offset"])

    out = tmp_path / "newest.wacz"
    result = json.loads(cli.run("export", url, "--out", str(out), "--json").stdout)
    assert result["capture_id"] == again["id"]  # the newest capture of the page is the 304
    with zipfile.ZipFile(out) as z:
        index = z.read("indexes/index.cdx").decode()
        warc = z.read("archive/data.warc.gz")
    assert [json.loads(ln.split(" ", 2)[2])["status"] for ln in index.splitlines()] == ["200"]
    statuses = [(r.rec_type, r.http_headers.get_statuscode()) for r in ArchiveIterator(io.BytesIO(warc))
                if r.rec_type in ("response", "revisit")]
    assert statuses == [("response", "200"), ("revisit", "304")]  # the 304 record travels with the bundle


def test_pywb_replays_a_304_capture_as_the_page(recrawled_once, tmp_path: Path) -> None:
    wayback = tool("PROVCRAWL_PYWB", "wayback")
    chromium = tool("PROVCRAWL_CHROMIUM", "chromium")
    cli, url, first, again = recrawled_once
    assert_on_record_as_304(cli, first, again)
    with pywb_serving(cli.data_dir, cli.db_url, wayback) as base:
        with urllib.request.urlopen(f"{base}/timemap/link/{url}", timeout=30) as resp:
            timemap = resp.read().decode()
        assert f"/{stamp(again)}/{url}>" in timemap  # the 304 capture is listed at its own time
        dom = chromium_dom(chromium, f"{base}/{stamp(again)}/{url}", tmp_path / "chromium-profile")
    assert SENTENCE in dom and "Foreign Minister Sergey Lavrov" in dom, dom[-2000:]


def test_replaywebpage_replays_an_exported_304_capture_as_the_page(recrawled_once, tmp_path: Path) -> None:
    chromium = tool("PROVCRAWL_CHROMIUM", "chromium")
    cli, url, first, again = recrawled_once
    assert_on_record_as_304(cli, first, again)
    out = tmp_path / "304.wacz"
    cli.run("export", url, "--capture", str(again["id"]), "--out", str(out))
    with zipfile.ZipFile(out) as z:
        prov = json.loads(z.read(f"provenance/capture-{again['id']}.json"))
    assert prov["capture"]["status"] == 304 and prov["capture"]["record_type"] == "revisit"
    text = replaywebpage_text(out, url, stamp(again), chromium, tmp_path, want=SENTENCE)
    assert SENTENCE in text, text[-2000:]
