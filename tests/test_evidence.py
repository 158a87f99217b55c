"""Evidence export (WACZ) and replay (pywb, seen through a real headless browser)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.replay_tools import chromium_dom, pywb_serving, tool

pytestmark = [pytest.mark.sqlite_only, pytest.mark.e2e]

ARTICLE = "/en/news/lavrov-blinken.html"
SENTENCE = "on the basis of the telephone conversations between our presidents"


@pytest.fixture
def exported(cli: Cli, site_server, tmp_path: Path, stored_once) -> tuple[Cli, Path, dict]:
    stored_once("snapshot", cli, lambda c: c.run("snapshot", site_server.url("/old-link")))  # each test its own copy
    out = tmp_path / "evidence.wacz"
    result = json.loads(cli.run("export", site_server.url(ARTICLE), "--out", str(out), "--json").stdout)
    return cli, out, result


def test_wacz_holds_records_index_pages_and_provenance(exported, site_server) -> None:
    cli, out, result = exported
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert {"archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl", "datapackage.json",
                "datapackage-digest.json", f"provenance/capture-{result['capture_id']}.json"} <= names
        package = json.loads(z.read("datapackage.json"))
        for res in package["resources"]:
            assert res["hash"] == "sha256:" + hashlib.sha256(z.read(res["path"])).hexdigest()
        digest = json.loads(z.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(z.read("datapackage.json")).hexdigest()
        prov = json.loads(z.read(f"provenance/capture-{result['capture_id']}.json"))
        index = z.read("indexes/index.cdx").decode()
        warc = z.read("archive/data.warc.gz")
    assert prov["capture"]["url"] == site_server.url(ARTICLE) and prov["capture"]["block_digest"]
    assert [h["status"] for h in prov["redirect_hops"]] == [301, 302]
    assert SENTENCE in prov["extractions"][-1]["text"]
    assert index.count("\n") == 3  # the article and the two hops that led to it
    # the records were copied byte for byte: the stored payload hash still holds
    from warcio.archiveiterator import ArchiveIterator
    import io

    payloads = {r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
                for r in ArchiveIterator(io.BytesIO(warc)) if r.rec_type == "response"}
    assert hashlib.sha256(payloads[site_server.url(ARTICLE)]).hexdigest() == prov["capture"]["sha256"]


def test_wacz_pages_carry_the_extracted_text_for_full_text_search(exported, site_server) -> None:
    """Issue 8: ReplayWeb.page searches pages.jsonl's `text`; without it, it finds nothing."""
    _, out, _ = exported
    with zipfile.ZipFile(out) as z:
        header, *pages = [json.loads(line) for line in z.read("pages/pages.jsonl").decode().splitlines()]
    assert header["format"] == "json-pages-1.0" and header["hasText"] is True
    (page,) = pages
    assert page["url"] == site_server.url(ARTICLE) and SENTENCE in page["text"]


def test_wacz_validates(exported) -> None:
    wacz = tool("PROVCRAWL_WACZ", "wacz")
    _, out, _ = exported
    proc = subprocess.run([wacz, "validate", "-f", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "valid" in proc.stdout, proc.stdout + proc.stderr


def test_export_refuses_a_capture_that_does_not_verify(exported, site_server, tmp_path: Path) -> None:
    cli, _, result = exported
    prov = cli.json("provenance", site_server.url(ARTICLE))["captures"][0]
    path = cli.data_dir / prov["warc_file"]
    data = bytearray(path.read_bytes())
    data[prov["warc_offset"] + 40] ^= 0xFF
    path.write_bytes(bytes(data))
    proc = cli.run("export", site_server.url(ARTICLE), "--out", str(tmp_path / "bad.wacz"), check=False)
    assert proc.returncode == 2 and "does not verify" in proc.stderr
    assert not (tmp_path / "bad.wacz").exists()


def test_replay_in_a_real_browser_shows_the_article(cli: Cli, site_server, tmp_path: Path) -> None:
    wayback = tool("PROVCRAWL_PYWB", "wayback")
    chromium = tool("PROVCRAWL_CHROMIUM", "chromium")
    url = site_server.url(ARTICLE)
    cli.run("snapshot", url)
    with pywb_serving(cli.data_dir, cli.db_url, wayback) as base:
        dom = chromium_dom(chromium, f"{base}/2100/{url}", tmp_path / "chromium-profile")
    assert SENTENCE in dom
    assert "Foreign Minister Sergey Lavrov" in dom
