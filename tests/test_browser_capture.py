"""Browser capture through a JavaScript challenge (issue 16), against a loopback imitation of one.

Needs Chromium (``PROVCRAWL_CHROMIUM`` or on PATH) and Playwright; skipped without them, except
the test that a missing Chromium is a clear error.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.challenge_server import CSS, TITLE, ChallengeServer
from tests.conftest import Cli

CHROMIUM = os.environ.get("PROVCRAWL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
try:
    import playwright  # noqa: F401
except ImportError:  # pragma: no cover - the `browser` extra is not installed
    CHROMIUM = None
needs_browser = pytest.mark.skipif(not CHROMIUM, reason="no Chromium/Playwright (apt-get install chromium)")
pytestmark = pytest.mark.e2e
FAST = ["-s", "BROWSER_IDLE_WAIT=1"]


@pytest.fixture(scope="module")
def server() -> Iterator[ChallengeServer]:
    with ChallengeServer() as s:
        yield s


def _cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data", None)


def _json(proc: subprocess.CompletedProcess[str]) -> object:
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def browser_run(server: ChallengeServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, str]:
    cli = _cli(tmp_path_factory.mktemp("browser"))
    url = server.url("/article")
    cli.run("snapshot", url, "--fetch", "browser", "--chromium", CHROMIUM or "chromium", *FAST)
    return cli, url


def test_http_fetch_records_the_challenge_as_blocked_and_no_text(server: ChallengeServer, tmp_path: Path) -> None:
    cli = _cli(tmp_path)
    url = server.url("/article")
    cli.run("snapshot", url, "--fetch", "http")
    caps = _json(cli.run("provenance", url, "--json"))["captures"]
    assert [(c["fetched_with"], c["blocked"]) for c in caps] == [("http", "f5-tspd")]
    assert all(e["status"] != "ok" for e in caps[0]["extractions"])
    assert cli.run("text", url, check=False).returncode != 0


@needs_browser
def test_browser_fetch_gets_through_the_challenge_and_records_everything(browser_run: tuple[Cli, str]) -> None:
    cli, url = browser_run
    caps = _json(cli.run("provenance", url, "--json", "--exact"))["captures"]
    # the challenge is evidence (a blocked capture), the article a later capture of the same URL
    assert [c["blocked"] for c in caps] == ["f5-tspd", None]
    challenge, page = caps
    assert {c["fetched_with"] for c in caps} == {"browser"}
    assert challenge["fetched_at"] < page["fetched_at"]
    assert page["page_resources"] == 4  # stylesheet, image, web font, comments fetch()
    assert page["screenshot_record_id"] and page["rendered_dom_record_id"]
    ok = [e for e in page["extractions"] if e["status"] == "ok"]
    assert ok and ok[0]["extracted_from"] == "response" and ok[0]["title"] == TITLE
    assert "Arctic cooperation" in cli.run("text", url).stdout

    listed = _json(cli.run("captures", "--json"))
    assert sorted(c["url"].rsplit("/", 1)[-1] for c in listed) == ["article", "article", "robots.txt"]
    assert all(c["page_capture_id"] is None for c in listed)
    everything = _json(cli.run("captures", "--json", "--all-resources"))
    subs = {c["url"].split("/", 3)[3]: c for c in everything if c["page_capture_id"] == page["id"]}
    assert set(subs) == {"static/site.css", "static/map.png", "static/demo.woff2", "api/comments"}
    assert subs["static/site.css"]["content_type"] == "text/css"
    assert [c for c in everything if c["page_capture_id"] == challenge["id"]][0]["url"].endswith("/TSPD/challenge.js")

    verified = _json(cli.run("verify", "--all", "--json"))
    assert verified["ok"] and verified["checked"] == len(everything)


@needs_browser
def test_a_request_the_challenge_abandons_is_recorded_as_its_failure(server: ChallengeServer, tmp_path: Path) -> None:
    """The challenge moves on before its helper script answers: the browser never gets a response,
    and the capture still says the challenge asked for it (once: no row for it went missing)."""
    cli = _cli(tmp_path)
    url = server.url("/article-slow-helper")
    cli.run("snapshot", url, "--fetch", "browser", "--chromium", CHROMIUM or "chromium", *FAST)
    challenge, page = _json(cli.run("provenance", url, "--json", "--exact"))["captures"]
    assert challenge["blocked"] == "f5-tspd" and page["blocked"] is None
    everything = _json(cli.run("captures", "--json", "--all-resources"))
    (helper,) = [c for c in everything if c["url"].endswith("/TSPD/slow.js")]
    assert helper["page_capture_id"] == challenge["id"] and helper["status"] is None
    assert helper["error"].startswith("no response: ")


@needs_browser
def test_browser_warc_records_pass_warcio_and_say_bodies_are_decoded(browser_run: tuple[Cli, str]) -> None:
    from warcio.archiveiterator import ArchiveIterator

    cli, url = browser_run
    files = sorted((cli.data_dir / "warc").glob("*.warc.gz"))
    warcio = Path(sys.executable).with_name("warcio")
    check = subprocess.run([str(warcio), "check", *map(str, files)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    records = {}
    info = None
    for f in files:
        with open(f, "rb") as fh:
            for r in ArchiveIterator(fh):
                if r.rec_type == "warcinfo":
                    info = r.content_stream().read().decode()
                else:
                    records.setdefault((r.rec_type, r.rec_headers.get_header("WARC-Target-URI")), []).append(
                        (r.http_headers, r.content_stream().read(), r.rec_headers))
    assert info and "decoded" in info and "Content-Encoding" in info
    (css_headers, css_body, _), = records[("response", url.replace("/article", "/static/site.css"))]
    assert css_body == CSS  # served gzip-encoded; the browser hands it over decoded ...
    assert css_headers.get_header("Content-Encoding") is None  # ... so the header is not stored
    assert ("request", url.replace("/article", "/static/site.css")) in records
    (_, png, shot_headers), = records[("resource", f"urn:screenshot:{url}")]
    assert png.startswith(b"\x89PNG") and shot_headers.get_header("Content-Type") == "image/png"
    (_, dom, _), = records[("resource", f"urn:rendered-dom:{url}")]
    assert b"First comment on the talks" in dom  # the comment widget's fetch() ran before the DOM was taken


@needs_browser
def test_auto_fetches_over_http_then_in_the_browser_after_one_blocked_capture(server: ChallengeServer,
                                                                             tmp_path: Path) -> None:
    cli = _cli(tmp_path)
    url = server.url("/article")
    cli.run("crawl", "--start", url, "--max-pages", "1", "--fetch", "auto", *FAST)
    caps = _json(cli.run("provenance", url, "--json", "--exact"))["captures"]
    assert [(c["fetched_with"], c["blocked"]) for c in caps] == [("http", "f5-tspd"), ("browser", "f5-tspd"),
                                                                  ("browser", None)]
    assert caps[-1]["page_resources"] == 4
    assert "Arctic cooperation" in cli.run("text", url).stdout
    assert _json(cli.run("verify", "--all", "--json"))["ok"]


@needs_browser
def test_a_page_cannot_reach_an_unnamed_loopback_address(server: ChallengeServer, tmp_path: Path) -> None:
    cli = _cli(tmp_path)
    url = server.url("/ssrf")
    before = len(server.probe_hits)
    cli.run("snapshot", url, "--fetch", "browser", *FAST)
    assert len(server.probe_hits) == before  # the probe on 127.0.0.2 was never reached
    everything = _json(cli.run("captures", "--json", "--all-resources"))
    refused = [c for c in everything if c["url"].startswith(f"http://{server.probe_host}:")]
    assert len(refused) == 1 and refused[0]["status"] is None and "refused" in refused[0]["error"]
    assert refused[0]["page_capture_id"] is not None and refused[0]["fetched_with"] == "browser"
    assert "Arctic cooperation" in cli.run("text", url).stdout


@needs_browser
def test_a_challenge_that_never_clears_is_blocked_never_text(server: ChallengeServer, tmp_path: Path) -> None:
    cli = _cli(tmp_path)
    url = server.url("/captcha")
    cli.run("snapshot", url, "--fetch", "browser", "-s", "BROWSER_CHALLENGE_WAIT=2", *FAST)
    caps = _json(cli.run("provenance", url, "--json", "--exact"))["captures"]
    assert [(c["fetched_with"], c["blocked"]) for c in caps] == [("browser", "f5-tspd")]
    assert caps[0]["screenshot_record_id"]  # what the reader saw: the challenge
    assert all(e["status"] != "ok" for e in caps[0]["extractions"])


def test_browser_fetch_without_chromium_is_a_one_line_error(tmp_path: Path, server: ChallengeServer) -> None:
    env = {**os.environ, "PATH": str(tmp_path), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    env.pop("PROVCRAWL_CHROMIUM", None)
    proc = subprocess.run([sys.executable, "-m", "crawler", "snapshot", server.url("/article"), "--fetch", "browser",
                           "--data-dir", str(tmp_path / "d")], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Chromium" in lines[0] and "apt-get install chromium" in lines[0]
    assert not (tmp_path / "d" / "warc").exists()  # nothing fetched, no silent HTTP fallback
    named = subprocess.run([sys.executable, "-m", "crawler", "snapshot", server.url("/article"), "--fetch", "auto",
                            "--chromium", str(tmp_path / "nope"), "--data-dir", str(tmp_path / "d")],
                           capture_output=True, text=True, env=env, timeout=120)
    assert named.returncode == 2 and "no Chromium at" in named.stderr


def test_registry_fetch_is_validated_and_mid_ru_uses_the_browser(tmp_path: Path) -> None:
    from crawler.sources import RegistryError, _source, load

    sources = load()
    assert sources["mid_ru_en"].fetch == sources["mid_ru_ru"].fetch == "browser"
    assert sources["tass"].fetch == "http"
    base = {"name": "x", "kind": "k", "platform": "wordpress", "start_urls": ["https://x.org/"],
            "allowed_domains": ["x.org"]}
    assert _source("x", {**base, "fetch": "auto"}).fetch == "auto"
    with pytest.raises(RegistryError, match="fetch 'firefox'"):
        _source("x", {**base, "fetch": "firefox"})


@needs_browser
def test_pywb_replay_of_a_browser_capture_is_styled_from_the_archive(browser_run: tuple[Cli, str],
                                                                     server: ChallengeServer) -> None:
    import asyncio

    from tests.replay_tools import pywb_serving, tool

    wayback = tool("PROVCRAWL_PYWB", "wayback")
    cli, url = browser_run
    live_before = len(server.log)
    with pywb_serving(cli.data_dir, None, wayback) as collection:
        port = int(collection.split(":")[2].split("/")[0])

        async def styled() -> tuple[str, str, list[str]]:
            from playwright.async_api import async_playwright

            from crawler.capture.chromium import launch_args

            escaped: list[str] = []

            async def only_pywb(route):  # type: ignore[no-untyped-def]
                if route.request.url.startswith(f"http://127.0.0.1:{port}/"):
                    await route.continue_()
                else:
                    escaped.append(route.request.url)
                    await route.abort()

            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, args=launch_args())
                page = await browser.new_page()
                await page.route("**/*", only_pywb)
                await page.goto(f"http://127.0.0.1:{port}/provcrawl/2100/{url}", wait_until="load", timeout=60000)
                color = await page.evaluate("getComputedStyle(document.querySelector('h1')).color")
                font = await page.evaluate("getComputedStyle(document.body).fontFamily")
                await browser.close()
            return color, font, escaped

        color, font, escaped = asyncio.run(styled())
    assert color == "rgb(12, 34, 56)"  # the archived stylesheet applied (unstyled: black)
    assert font.replace('"', '').startswith("Demo")
    assert escaped == [] and len(server.log) == live_before  # everything came from the archive


@needs_browser
def test_export_of_a_browser_capture_holds_its_subresources_and_screenshot(browser_run: tuple[Cli, str],
                                                                           tmp_path: Path) -> None:
    import io
    import zipfile

    from warcio.archiveiterator import ArchiveIterator

    cli, url = browser_run
    out = tmp_path / "page.wacz"
    cli.run("export", url, "--out", str(out))
    with zipfile.ZipFile(out) as z:
        data = z.read("archive/data.warc.gz")
        index = z.read("indexes/index.cdx").decode()
    kinds = {(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
             for r in ArchiveIterator(io.BytesIO(data))}
    base = url.rsplit("/", 1)[0]
    for path in ("static/site.css", "static/map.png", "static/demo.woff2", "api/comments"):
        assert ("response", f"{base}/{path}") in kinds and ("request", f"{base}/{path}") in kinds
    assert ("resource", f"urn:screenshot:{url}") in kinds and ("resource", f"urn:rendered-dom:{url}") in kinds
    assert "site.css" in index


def _chromium_children() -> list[int]:
    """Chromium browser processes started (through Playwright's driver) by this test process."""
    mine, found = {os.getpid()}, []
    changed = True
    while changed:
        changed = False
        for d in Path("/proc").iterdir():
            if not d.name.isdigit() or int(d.name) in mine:
                continue
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                cmd = (d / "cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
            if ppid in mine:
                mine.add(int(d.name))
                changed = True
                if b"--remote-debugging-pipe" in cmd:
                    found.append(int(d.name))
    return found


@needs_browser
def test_a_crashed_browser_is_one_pages_error_and_is_launched_again(server: ChallengeServer) -> None:
    import asyncio
    import signal

    from crawler.capture.browser import BrowserError, BrowserFetcher, BrowserOptions

    async def allow(url: str) -> None:
        return None

    async def never(response: object) -> bool:
        return False

    async def run() -> tuple[int, list[str]]:
        fetcher = BrowserFetcher(BrowserOptions(chromium=CHROMIUM, idle_wait=0.5))
        try:
            first = await fetcher.fetch(server.url("/static/map.png"), allow, never)
            for pid in _chromium_children():
                with contextlib.suppress(ProcessLookupError):  # gone already, with the browser it belonged to
                    os.kill(pid, signal.SIGKILL)
            await asyncio.sleep(1)
            errors = []
            try:
                await fetcher.fetch(server.url("/static/map.png"), allow, never)
            except BrowserError as exc:  # the page that met the crash: its error, recorded by the crawl
                errors.append(str(exc))
            again = await fetcher.fetch(server.url("/article"), allow, never)
            assert first.documents and again.documents
            return fetcher.launches, errors
        finally:
            await fetcher.close()

    launches, errors = asyncio.run(run())
    assert launches == 2
    assert len(errors) <= 1  # the crash is noticed either by that page or before it


@needs_browser
def test_a_page_over_the_size_limit_is_a_failure_row_not_a_truncated_record(server: ChallengeServer,
                                                                            tmp_path: Path) -> None:
    cli = _cli(tmp_path)
    url = server.url("/article")  # challenge page 407 bytes, the article 1,357: the limit lies between
    cli.run("snapshot", url, "--fetch", "browser", "-s", "DOWNLOAD_MAXSIZE=1000", *FAST)
    caps = _json(cli.run("provenance", url, "--json", "--exact"))["captures"]
    assert [(c["status"], c["blocked"]) for c in caps] == [(200, "f5-tspd"), (None, None)]
    assert "exceeds the size limit" in caps[-1]["error"] and caps[-1]["fetched_with"] == "browser"
    assert all(e["status"] != "ok" for c in caps for e in c["extractions"])
    assert _json(cli.run("verify", "--all", "--json"))["ok"]


@needs_browser
def test_replaywebpage_replay_of_an_exported_browser_capture_is_styled_from_the_archive(
        browser_run: tuple[Cli, str], server: ChallengeServer, tmp_path: Path) -> None:
    from tests.replay_tools import replaywebpage_evaluate

    cli, url = browser_run
    out = tmp_path / "page.wacz"
    cli.run("export", url, "--out", str(out))
    capture = next(c for c in _json(cli.run("provenance", url, "--json"))["captures"]
                   if c["fetched_with"] == "browser")
    ts = capture["fetched_at"].replace("-", "").replace("T", "").replace(":", "")[:14]
    live_before = len(server.log)
    text, styled = replaywebpage_evaluate(
        out, url, ts, CHROMIUM or "chromium", tmp_path, want=TITLE,
        expression="[getComputedStyle(document.querySelector('h1')).color,"
                   " document.querySelector('article img').naturalWidth]")
    assert TITLE in text and "Please enable JavaScript" not in text, text[-2000:]
    # the archived stylesheet applied (unstyled: black) and the archived 1x1 image decoded
    assert styled == ["rgb(12, 34, 56)", 1]
    assert len(server.log) == live_before  # everything came from the WACZ
