"""The reading room (`provcrawl web`, issue 19): routes, JSON, escaping of hostile captures, the
token, and one real-browser walk (search → capture → diff) that also proves no captured script runs.

One archive for the whole module, under the sources' real URLs (the demo's fixtures and loopback
handler): the EIR source crawled; the MFA's Lavrov–Blinken transcript captured, edited (a passage
taken out) and captured again; a hostile page whose title and text are script payloads; and, when
Chromium is there, a browser capture of the transcript (for the screenshot).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from html import escape
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from crawler.demo.handler import DOWNLOAD_HANDLERS
from crawler.demo.server import SOURCES, SourcesHandler
from tests.conftest import ROOT, Cli

pytestmark = [pytest.mark.e2e, pytest.mark.slow,  # one archive for all: about a minute to build
              pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")]

CHROMIUM = os.environ.get("PROVCRAWL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARTICLE = "https://www.mid.ru/en/foreign_policy/news/-/asset_publisher/cKNonkJE02Bw/content/id/4737957"
HOSTILE = "https://hostile.example/arctic.html"
KEPT = "Russia\u2019s position is simple: we are ready to discuss all issues without exception"
EDITED = "Russia\u2019s position is well known: we are ready to discuss some issues"
QUOTE = '"russia\'s position is SIMPLE"'  # straight quotes, other case: the page has a curly apostrophe
HOSTILE_QUOTE = "the arctic is our territory"


class Canary(BaseHTTPRequestHandler):
    """Counts every request: a payload that ran would call it."""

    hits: list[str] = []

    def do_GET(self) -> None:
        Canary.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def hostile_page(canary: str) -> str:
    run = f"window.__pwned=1;fetch('{canary}/ran')"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>&lt;script&gt;{run}&lt;/script&gt; &lt;img src=x onerror="{run}"&gt; Arctic claims</title>
<script>{run}</script></head><body><main><article>
<h1>&lt;script&gt;{run}&lt;/script&gt; Arctic claims</h1>
<p>The minister said that the Arctic is our territory &lt;img src=x onerror="{run}"&gt; and repeated it
&lt;/textarea&gt;&lt;/title&gt;&lt;script&gt;{run}&lt;/script&gt; to the assembled press in a long statement
about sovereignty, shipping lanes and the northern sea route that went on for a while.</p>
<p>&lt;svg onload="{run}"&gt;&lt;/svg&gt; &lt;a href="javascript:{run}"&gt;click&lt;/a&gt; The statement was
later published on the ministry's website with a transcript of the questions and answers that followed.</p>
</article></main></body></html>"""


@dataclass
class Archive:
    cli: Cli
    article: str
    hostile: str
    first: int  # the article's capture holding KEPT
    second: int  # ... after the edit, without it
    hostile_id: int
    browser_id: int | None
    canary: str


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    tmp = tmp_path_factory.mktemp("web")
    sources = tmp / "sources"  # the demo's fixtures of the sources, served under their real URLs
    shutil.copytree(SOURCES, sources)
    Canary.hits = []
    canary_server = ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    threading.Thread(target=canary_server.serve_forever, daemon=True).start()
    canary = f"http://127.0.0.1:{canary_server.server_address[1]}"
    (sources / "hostile.example").mkdir()
    (sources / "hostile.example" / "arctic.html").write_text(hostile_page(canary), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (SourcesHandler,), {"root": sources}))
    server.requests = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    loopback = ["-s", f"PROVCRAWL_LOOPBACK_TARGET={base}",
                "-s", f"DOWNLOAD_HANDLERS={json.dumps(DOWNLOAD_HANDLERS)}", "-s", "DOWNLOAD_DELAY=0",
                "-s", "AUTOTHROTTLE_ENABLED=False"]
    cli = Cli(tmp / "data", None)
    try:
        cli.run("crawl", "eir", *loopback)  # a registry source's run
        cli.run("snapshot", ARTICLE, HOSTILE, *loopback)
        page = sources / ARTICLE.split("://", 1)[1]
        text = page.read_text(encoding="utf-8")
        assert KEPT in text
        page.write_text(text.replace(KEPT, EDITED), encoding="utf-8")
        cli.run("snapshot", ARTICLE, *loopback)
        browser_id = None
        if CHROMIUM:
            browser_handlers = {"http": "crawler.capture.handler.BrowserDownloadHandler",
                                "https": "crawler.capture.handler.BrowserDownloadHandler"}
            cli.run("snapshot", ARTICLE, "--fetch", "browser", "--chromium", CHROMIUM, "-s", "BROWSER_IDLE_WAIT=1",
                    "-s", f"BROWSER_LOOPBACK_TARGET={base}", "-s", f"DOWNLOAD_HANDLERS={json.dumps(browser_handlers)}",
                    "-s", "BROWSER_HTTP_HANDLER=crawler.demo.handler.LoopbackDownloadHandler",
                    "-s", f"PROVCRAWL_LOOPBACK_TARGET={base}")
        caps = cli.json("provenance", ARTICLE)["captures"]
        if CHROMIUM:
            browser_id = caps[-1]["id"]
            assert caps[-1]["fetched_with"] == "browser" and caps[-1]["screenshot_record_id"]
        (hostile_cap,) = cli.json("provenance", HOSTILE)["captures"]
        yield Archive(cli, ARTICLE, HOSTILE, caps[0]["id"], caps[1]["id"], hostile_cap["id"], browser_id, canary)
    finally:
        for srv in (server, canary_server):
            srv.shutdown()
            srv.server_close()


@pytest.fixture(scope="module")
def client(archive: Archive) -> Iterator[object]:
    from starlette.testclient import TestClient

    from crawler.web.app import create_app, read_only
    from storage.db import Database

    db = read_only(Database(archive.cli.database_url))
    with TestClient(create_app(db, archive.cli.data_dir), base_url="http://127.0.0.1:8000") as c:
        yield c
    db.dispose()


def test_sources_page_lists_the_registry_and_the_other_captures(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "mid_ru_en" in r.text and "due now" in r.text
    data = client.get("/api/sources").json()
    by_key = {s["key"]: s for s in data["sources"]}
    keys = set(by_key)
    assert {"mid_ru_en", "tass"} <= keys
    assert data["other"]["captures"] == 2  # the hostile page and its robots.txt belong to no registry source
    eir = by_key["eir"]
    assert eir["last_run"]["status"] == "finished" and eir["captures"] == eir["last_run"]["captures"] > 0
    assert not eir["due_now"]  # crawled a moment ago, every 6h
    assert eir["next_due"] == (datetime.fromisoformat(eir["last_run"]["started_at"]) + timedelta(hours=6)).isoformat()
    assert eir["paywalled"] >= 1  # its paid post
    mfa = by_key["mid_ru_en"]  # snapshots of its pages: captures, but no run of the source
    assert mfa["captures"] >= 2 and mfa["last_run"] is None and mfa["due_now"]
    negotiated = client.get("/", headers={"Accept": "application/json"})
    assert negotiated.headers["content-type"] == "application/json"
    assert {s["key"] for s in negotiated.json()["sources"]} == keys


def test_search_finds_the_quote_and_when_it_was_edited_out(client, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/search", params={"q": QUOTE}).json()
    (hit,) = data["results"]
    assert hit["url"] == archive.article
    assert hit["first_seen"]["capture_id"] == hit["last_seen"]["capture_id"] == archive.first
    assert hit["removed_at"]["capture_id"] == archive.second  # the edited page no longer holds it
    html = client.get("/search", params={"q": QUOTE}).text
    assert re.search(r'<mark id="hit-1">Russia’s position is simple</mark>', html), html
    assert f'href="/capture/{archive.first}?q=' in html and f"/diff?from={archive.first}&amp;to={archive.second}" in html
    words = client.get("/api/search", params={"q": "simple position Russia", "mode": "words"}).json()["results"]
    assert archive.article in [r["url"] for r in words]
    assert client.get("/api/search", params={"q": "simple position Russia"}).json()["results"] == []
    assert client.get("/search", params={"q": "«»"}).status_code == 400  # no words to look for
    assert client.get("/search", params={"q": "x", "since": "yesterday"}).status_code == 400
    typo = client.get("/search", params={"q": QUOTE, "source": "mid_ru"})  # not a source: no "nothing found"
    assert typo.status_code == 400 and "unknown source" in typo.text
    assert client.get("/api/search", params={"q": QUOTE, "source": "nope"}).status_code == 400
    assert client.get("/api/search", params={"q": QUOTE, "until": "2000-01-01"}).json()["results"] == []


def test_capture_page_highlights_the_searched_passage(client, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/capture/{archive.first}", params={"q": QUOTE}).text
    assert '<mark id="hit-1">Russia’s position is simple</mark>' in html
    assert "1 passage matching" in html
    later = client.get(f"/capture/{archive.second}", params={"q": QUOTE}).text
    assert "<mark" not in later and "does not hold" in later


def test_timeline_shows_each_capture_and_where_the_text_changed(client, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/url", params={"u": archive.article}).json()
    caps = data["captures"]
    assert [c["id"] for c in caps][:2] == [archive.first, archive.second]
    assert caps[0]["text_changed"] is None and caps[1]["text_changed"] is True
    assert caps[0]["fetched_with"] == "http"
    html = client.get("/url", params={"u": archive.article}).text
    assert f'name="from" value="{archive.first}"' in html and f'name="to" value="{archive.second}"' in html
    assert "changed" in html
    r = client.get("/url", params={"u": archive.article + "-never"})
    assert r.status_code == 404 and "no captures of" in r.text


def test_capture_page_shows_provenance_paywall_and_text(client, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    data = client.get(f"/api/capture/{archive.first}").json()
    c = data["capture"]
    assert c["url"] == archive.article and c["warc_file"] and c["sha256"]
    assert data["paywall"]["status"] == c["paywall_status"]
    assert KEPT in data["text"]["text"]
    assert data["links"]["bundle"] == f"/capture/{archive.first}/evidence.wacz"
    html = client.get(f"/capture/{archive.first}").text
    for fact in (c["sha256"], c["warc_file"], str(c["warc_offset"]), c["warc_record_id"]):
        assert escape(fact) in html
    assert "Replay is not configured" in html
    assert client.get("/capture/999999").status_code == 404
    assert client.get("/api/capture/999999").json() == {"error": "no capture 999999"}


def test_diff_side_by_side_marks_the_changed_words(client, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/diff", params={"from": archive.first, "to": archive.second})
    assert r.status_code == 200
    assert "<del>simple:</del>" in r.text or re.search(r"<del>[^<]*simple", r.text)
    assert re.search(r"<ins>[^<]*well", r.text)
    data = client.get("/api/diff", params={"from": archive.first, "to": archive.second}).json()
    assert data["changed"] and data["same_url"]
    assert any(row["tag"] == "replace" and "simple" in row["left"] and "well known" in row["right"]
               for row in data["rows"])
    assert any(line.startswith("-") and "simple" in line for line in data["unified"])
    assert client.get("/diff", params={"from": "x", "to": "1"}).status_code == 400


def test_verify_button_rereads_the_bytes(client, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/capture/{archive.first}/verify").status_code == 405  # a POST, from the button
    r = client.post(f"/capture/{archive.first}/verify")
    assert r.status_code == 200 and "OK" in r.text
    data = client.post(f"/api/capture/{archive.first}/verify").json()
    assert data["ok"] and data["records_ok"] == 1 and data["chain_ok"]


def test_verify_reports_a_damaged_record(archive: Archive, tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from crawler.web.app import create_app, read_only
    from storage.db import Database

    copy = tmp_path / "data"
    shutil.copytree(archive.cli.data_dir, copy)
    cap = Cli(copy, None).json("provenance", archive.article)["captures"][0]
    warc = copy / cap["warc_file"]
    raw = bytearray(warc.read_bytes())
    raw[cap["warc_offset"] + cap["warc_length"] // 2] ^= 0xFF
    warc.write_bytes(bytes(raw))
    db = read_only(Database(f"sqlite:///{copy / 'provenance.sqlite'}"))
    with TestClient(create_app(db, copy), base_url="http://127.0.0.1:8000") as c:
        data = c.post(f"/api/capture/{cap['id']}/verify").json()
        assert not data["ok"] and data["problems"][0]["kind"] in ("corrupt", "altered")
        assert "FAILED" in c.post(f"/capture/{cap['id']}/verify").text
    db.dispose()


def test_evidence_bundle_is_the_export_wacz(client, archive: Archive, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    r = client.get(f"/capture/{archive.first}/evidence.wacz")
    assert r.status_code == 200 and r.headers["content-type"] == "application/wacz+zip"
    assert f'capture-{archive.first}.wacz' in r.headers["content-disposition"]
    out = tmp_path / "b.wacz"
    out.write_bytes(r.content)
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert {"datapackage.json", "archive/data.warc.gz", f"provenance/capture-{archive.first}.json"} <= names
        prov = json.loads(z.read(f"provenance/capture-{archive.first}.json"))
        assert prov["capture"]["id"] == archive.first


def test_screenshot_of_a_browser_capture(client, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    if archive.browser_id is None:
        pytest.skip("no Chromium: no browser capture, no screenshot")
    data = client.get(f"/api/capture/{archive.browser_id}").json()
    assert data["links"]["screenshot"] == f"/capture/{archive.browser_id}/screenshot.png"
    r = client.get(data["links"]["screenshot"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png" and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/capture/{archive.first}/screenshot.png").status_code == 404


def test_hostile_capture_is_escaped_everywhere(client, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    pages = [f"/capture/{archive.hostile_id}", f"/url?u={quote(archive.hostile, safe='')}", "/",
             f"/search?q={quote(HOSTILE_QUOTE)}", f"/capture/{archive.hostile_id}?q={quote(HOSTILE_QUOTE)}"]
    for path in pages:
        html = client.get(path).text
        assert "<script" not in html.lower(), path
        assert not re.search(r"<(img|svg)\b", html, re.I), path
        assert "&lt;script&gt;" in html or "&lt;img src=x" in html or path == "/", path
    capture_html = client.get(f"/capture/{archive.hostile_id}").text
    assert "onerror=" in capture_html and "&lt;img src=x onerror=" in capture_html  # shown, as text
    found = client.get("/search", params={"q": HOSTILE_QUOTE}).text
    assert re.search(r'<mark id="hit-1">the Arctic is our territory</mark> &lt;img src=x onerror=', found), found


def test_a_capture_id_beyond_any_row_is_not_found_not_a_server_error(client) -> None:  # type: ignore[no-untyped-def]
    huge = "9" * 30  # SQLite raised OverflowError: a 500 and a traceback in the server's log
    for path in (f"/capture/{huge}", f"/api/capture/{huge}", f"/capture/{huge}/screenshot.png",
                 f"/capture/{huge}/evidence.wacz", f"/api/diff?from=1&to={huge}"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/api/capture/{huge}/verify").status_code == 404


def test_security_headers(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp
    assert "frame-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
    assert client.get("/static/style.css").headers["x-content-type-options"] == "nosniff"
    # DNS rebinding: a page whose host name now points at 127.0.0.1 is not answered
    assert client.get("/", headers={"Host": "attacker.example:8000"}).status_code == 421


def test_token_guards_every_request(archive: Archive) -> None:
    from starlette.testclient import TestClient

    from crawler.web.app import create_app, read_only
    from storage.db import Database

    db = read_only(Database(archive.cli.database_url))
    app = create_app(db, archive.cli.data_dir, token="s3cret-token", replay="http://127.0.0.1:8080")
    with TestClient(app, base_url="http://reading-room.example:8000", follow_redirects=False) as c:
        assert c.get("/").status_code == 401
        assert c.get("/api/sources").status_code == 401
        assert c.get("/static/style.css").status_code == 401
        assert c.get("/?token=wrong").status_code == 401
        assert c.get("/", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        r = c.get(f"/capture/{archive.first}?token=s3cret-token&q=x")
        assert r.status_code == 303 and r.headers["location"] == f"/capture/{archive.first}?q=x"
        assert "s3cret-token" not in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
        page = c.get(r.headers["location"])  # the cookie now stands for the token
        assert page.status_code == 200
        assert "frame-src http://127.0.0.1:8080" in page.headers["content-security-policy"]
        assert 'sandbox=""' in page.text and "mp_/" + archive.article in page.text
    db.dispose()


def test_the_server_cannot_write_the_database(db_url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from crawler.web.app import read_only
    from crawler.web.views import sources_overview
    from storage.db import Database

    from starlette.testclient import TestClient

    from crawler.web.app import create_app

    Database(db_url).dispose()  # the schema, as any command creates it
    db = read_only(Database(db_url))
    with db.session() as s:
        assert sources_overview(s)["sources"]  # reading works
    with TestClient(create_app(db, Path("."))) as c:  # and the pages, on either database
        c.headers["Host"] = "127.0.0.1"
        assert c.get("/api/search", params={"q": "the Arctic is our territory"}).json()["results"] == []
        assert c.get("/").status_code == 200 and c.get("/api/capture/1").status_code == 404
    with pytest.raises(DBAPIError, match="readonly|read-only"):
        with db.session() as s:
            s.execute(text("DELETE FROM capture"))
    db.dispose()


def test_cli_refuses_a_public_address_without_a_token(archive: Archive) -> None:
    proc = archive.cli.run("web", "--bind", "0.0.0.0", "--port", "1", check=False, timeout=60)
    assert proc.returncode == 2 and "--token" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    out = archive.cli.run("web", "--help").stdout
    assert "Example:" in out and "--data-dir" in out and "PROVCRAWL_WEB_TOKEN" in out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def room(archive: Archive) -> Iterator[str]:
    """`provcrawl web` as a user starts it, on a free loopback port."""
    port = _free_port()
    cmd = [sys.executable, "-m", "crawler", "web", "--port", str(port), "--data-dir", str(archive.cli.data_dir)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"provcrawl web did not start: {proc.communicate()}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert f"reading room on {base}/" in err, err


@pytest.mark.skipif(not CHROMIUM, reason="no Chromium (apt-get install chromium, or set PROVCRAWL_CHROMIUM)")
def test_reading_room_in_a_real_browser(archive: Archive, room: str, tmp_path: Path) -> None:
    """Search a quote → its first capture with the passage highlighted → the URL's timeline → the
    diff of two captures; and a page of script payloads runs nothing. Screenshots go to
    $PROVCRAWL_SCREENSHOTS (the README's come from `PROVCRAWL_SCREENSHOTS=docs/screenshots`)."""
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("PROVCRAWL_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    Canary.hits = []
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("request", lambda r: None if r.url.startswith(room) else problems.append(f"request {r.url}"))

            page.goto(room + "/")
            assert page.locator("h1").inner_text() == "Sources"
            page.screenshot(path=str(shots / "sources.png"))

            page.fill("header input[name=q]", QUOTE)
            page.press("header input[name=q]", "Enter")
            page.wait_for_selector("li.result")
            assert page.locator("li.result mark").first.inner_text() == "Russia\u2019s position is simple"
            assert page.locator("li.result .result-url").inner_text() == archive.article
            page.screenshot(path=str(shots / "search.png"))

            page.click("li.result a.first-seen")
            page.wait_for_url(f"**/capture/{archive.first}?**")
            mark = page.locator(".text mark#hit-1")
            assert mark.inner_text() == "Russia\u2019s position is simple"
            assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
            mark.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "capture.png"))

            page.click("text=Verify this capture")
            assert "OK" in page.locator(".verdict").inner_text()
            page.go_back()

            page.click("text=Timeline of this URL")
            page.wait_for_selector("table.timeline")
            page.check(f"input[name=from][value='{archive.first}']")
            page.check(f"input[name=to][value='{archive.second}']")
            page.screenshot(path=str(shots / "timeline.png"))
            page.click("text=Compare the two texts")
            page.wait_for_url(f"**/diff?from={archive.first}&to={archive.second}")
            assert "simple" in " ".join(page.locator("table.diff del").all_inner_texts())
            assert "well known" in " ".join(page.locator("table.diff ins").all_inner_texts())
            page.locator("tr.replace").first.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "diff.png"))

            if archive.browser_id is not None:
                page.goto(f"{room}/capture/{archive.browser_id}")
                assert page.locator("img.shot").evaluate("i => i.complete && i.naturalWidth") > 0

            for path in (f"/capture/{archive.hostile_id}", f"/search?q={quote(HOSTILE_QUOTE)}",
                         f"/url?u={quote(archive.hostile, safe='')}",
                         f"/capture/{archive.hostile_id}?q={quote(HOSTILE_QUOTE)}"):
                page.goto(room + path)
                page.wait_for_timeout(300)
                assert page.evaluate("() => window.__pwned") is None, path
                assert page.evaluate("() => document.querySelectorAll('script, img:not(.shot), svg').length") == 0
            assert "onerror=" in page.locator(".text").inner_text()  # the payload is there, as text
            page.screenshot(path=str(shots / "hostile.png"))
        finally:
            browser.close()
    assert Canary.hits == [] and problems == [], (Canary.hits, problems)


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM, reason="no Chromium (apt-get install chromium, or set PROVCRAWL_CHROMIUM)")
def test_replay_in_the_sandboxed_frame_from_a_running_pywb(archive: Archive) -> None:
    """`provcrawl serve` (pywb) and `provcrawl web --replay` as a user runs them: the capture page
    frames pywb's replay of that capture, which shows the page as captured; a captured page's
    scripts run neither in the frame (sandbox="") nor anywhere else (no canary hit)."""
    from playwright.sync_api import sync_playwright

    from tests.replay_tools import pywb_serving, tool

    wayback = tool("PROVCRAWL_PYWB", "wayback")
    with pywb_serving(archive.cli.data_dir, None, wayback) as collection:
        replay = collection.rsplit("/", 1)[0]
        port = _free_port()
        cmd = [sys.executable, "-m", "crawler", "web", "--port", str(port), "--replay", replay,
               "--data-dir", str(archive.cli.data_dir)]
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        Canary.hits = []
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert proc.poll() is None and time.monotonic() < deadline, "provcrawl web did not start"
                    time.sleep(0.2)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
                try:
                    page = browser.new_page()
                    page.goto(f"http://127.0.0.1:{port}/capture/{archive.first}")
                    frame_el = page.locator("iframe.replay")
                    assert frame_el.get_attribute("sandbox") == ""
                    assert frame_el.get_attribute("src").startswith(collection + "/")
                    frame = frame_el.element_handle().content_frame()
                    assert frame is not None
                    frame.wait_for_load_state()
                    frame.wait_for_function("() => document.body && document.body.innerText.includes('ready to discuss')",
                                            timeout=30_000)
                    assert KEPT.split(":")[0] in frame.inner_text("body")
                    page.goto(f"http://127.0.0.1:{port}/capture/{archive.hostile_id}")
                    hostile = page.locator("iframe.replay").element_handle().content_frame()
                    assert hostile is not None
                    hostile.wait_for_load_state()
                    page.wait_for_timeout(1000)
                    assert "arctic" in hostile.inner_text("body").lower()
                    assert page.evaluate("() => window.__pwned") is None
                    assert hostile.evaluate("() => window.__pwned") is None  # the frame ran none of them
                finally:
                    browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    assert Canary.hits == [], Canary.hits
