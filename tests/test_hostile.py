"""End to end: `provcrawl crawl` against a hostile loopback server (tests/hostile_server.py).

One crawl per backend; the tests then read what it stored. What must hold: the crawl exits
normally within its time and memory, every good page is kept with its text, every bad URL is a
capture with a clear error (or, where a response came, its status and exactly the bytes that
came), nothing beyond loopback is contacted, and `provcrawl verify --all` passes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from subprocess import CompletedProcess

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from storage.models import Capture
from storage.warc import read_record
from tests.conftest import BACKENDS, backend_url
from tests.hostile_server import (
    CP1251_TEXT,
    GOOD_TEXTS,
    LONG_PATH,
    GuardedCli,
    HostileServer,
    bomb_body,
    default_routes,
    nested_bomb_body,
)

pytestmark = pytest.mark.e2e

MAXSIZE = 5_000_000
SETTINGS = ["-s", "DOWNLOAD_TIMEOUT=5", "-s", f"DOWNLOAD_MAXSIZE={MAXSIZE}", "-s", "DOWNLOAD_WARNSIZE=4000000"]
RSS_LIMIT_MB = 600
TIME_LIMIT_S = 90


@dataclass
class Crawl:
    cli: GuardedCli
    base: str
    proc: CompletedProcess[str]
    rss_mb: float
    seconds: float
    requests: list[str]
    captures: list[dict]

    def of(self, path: str) -> list[dict]:
        return [c for c in self.captures if c["url"] == self.base + path]

    def one(self, path: str) -> dict:
        found = self.of(path)
        assert found, f"no capture of {path}; captured: {sorted(c['url'][len(self.base):] for c in self.captures)}"
        return found[-1]


def _captures(cli: GuardedCli) -> list[dict]:
    engine = create_engine(cli.database_url)
    out = []
    with Session(engine) as s:
        for c in s.scalars(select(Capture).order_by(Capture.id)):
            exts = sorted(c.extractions, key=lambda e: e.id)
            out.append({"id": c.id, "url": c.url, "status": c.status, "length": c.length, "sha256": c.sha256,
                        "error": c.error, "warc_file": c.warc_file, "warc_offset": c.warc_offset,
                        "final_url": c.final_url, "redirect_location": c.redirect_location,
                        "extractions": [{"status": e.status, "text": e.text, "encoding": e.encoding,
                                         "error": e.error} for e in exts]})
    engine.dispose()
    return out


@pytest.fixture(scope="module", params=BACKENDS)
def crawl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    tmp = tmp_path_factory.mktemp(f"hostile-{request.param}")
    url = backend_url(request.param, tmp, request.node.nodeid + request.param)
    cli = GuardedCli(tmp / "data", None if url.startswith("sqlite") else url)
    with HostileServer() as srv:
        proc = cli.run("crawl", "--start", srv.url("/"), "--depth", "2", "--json", *SETTINGS, check=False,
                       timeout=240)
        base = srv.base
        requests = list(srv.requests)
    assert cli.last_maxrss_mb is not None and cli.last_seconds is not None
    caps = _captures(cli) if (cli.data_dir / "provenance.sqlite").exists() or cli.db_url else []
    return Crawl(cli, base, proc, cli.last_maxrss_mb, cli.last_seconds, requests, caps)


# -- the run as a whole -------------------------------------------------------------------------
def test_crawl_exits_normally(crawl: Crawl) -> None:
    assert crawl.proc.returncode == 0, crawl.proc.stderr[-4000:]
    summary = json.loads(crawl.proc.stdout)
    assert summary["status"] == "finished", summary
    # Scrapy logs each failed download with a traceback ("Error downloading"): expected here. What
    # must not appear is a provcrawl component (signal handler, pipeline, spider callback) raising.
    crashes = [line for line in crawl.proc.stderr.splitlines()
               if re.search(r"Error caught on signal handler|Error processing|Spider error processing|Unhandled error",
                            line)]
    assert not crashes, crashes[:5]


def test_crawl_time_is_bounded(crawl: Crawl) -> None:
    assert crawl.seconds < TIME_LIMIT_S, f"the crawl took {crawl.seconds:.0f} s"


def test_peak_rss_under_limit(crawl: Crawl) -> None:
    assert crawl.rss_mb < RSS_LIMIT_MB, f"peak RSS of the crawl process: {crawl.rss_mb:.0f} MB"


def test_nothing_beyond_loopback_was_contacted(crawl: Crawl) -> None:
    assert crawl.cli.blocked_connections() == []
    # the 100,000 links of /links are beyond the depth limit: parsed, never fetched
    assert not [r for r in crawl.requests if r.startswith("/l/")]


def test_verify_all_passes(crawl: Crawl) -> None:
    proc = crawl.cli.run("verify", "--all", "--json", check=False)
    assert proc.stdout.lstrip().startswith("{"), f"exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and report["ok"], report["problems"][:10]
    assert report["checked"] == len(crawl.captures)


# -- good pages -----------------------------------------------------------------------------------
GOOD = ["/good/1", "/good/2", "/good/3", "/gzip-good", "/dup-headers", "/invalid-utf8", "/long-headers",
        "/%D0%BF%D1%83%D1%82%D1%8C", "/%E2%82%AC", "/a%2Fb"]


@pytest.mark.parametrize("path", GOOD)
def test_good_page_kept_with_text(crawl: Crawl, path: str) -> None:
    cap = crawl.one(path)
    assert cap["status"] == 200 and cap["error"] is None and cap["warc_file"]
    ok = [e for e in cap["extractions"] if e["status"] == "ok"]
    assert ok, f"{path}: extractions {cap['extractions']}"
    title, text = GOOD_TEXTS[path]
    first_sentence = text.split(". ")[0]
    assert first_sentence in ok[-1]["text"], ok[-1]["text"][:500]


def test_cp1251_page_declared_utf8_is_decoded_as_cp1251(crawl: Crawl) -> None:
    """The HTTP header and <meta> say UTF-8, the bytes are windows-1251 (invalid as UTF-8).

    Stored text of U+FFFD replacement characters is lost text: a decoder that finds the declared
    charset does not fit must fall back to detection."""
    cap = crawl.one("/cp1251-as-utf8")
    assert cap["status"] == 200
    texts = [e["text"] or "" for e in cap["extractions"]]
    assert texts and "\ufffd" not in texts[-1], texts[-1][:200]
    assert CP1251_TEXT.split(". ")[0] in texts[-1], texts[-1][:200]


def test_percent_encoded_paths_reach_the_server_as_written(crawl: Crawl) -> None:
    for path in ("/%D0%BF%D1%83%D1%82%D1%8C", "/%E2%82%AC", "/a%2Fb"):
        assert path in crawl.requests
    assert "/a/b" not in crawl.requests  # %2F was not decoded into a path separator
    # the IDN hosts are other hosts: not followed, and not contacted (the guard log is empty)
    proc = crawl.cli.run("provenance", crawl.base + "/путь", "--json", check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["captures"][0]["url"] == crawl.base + "/%D0%BF%D1%83%D1%82%D1%8C"


def test_long_url_is_fetched_or_refused_on_record(crawl: Crawl) -> None:
    """A 10 KB same-host link the server answers: fetched (and stored) or a capture saying why not."""
    caps = crawl.of(LONG_PATH)
    assert caps, "the 10 KB URL was dropped without a trace (no capture, no error)"
    cap = caps[-1]
    if cap["status"] is None:
        assert cap["error"] and re.search(r"(?i)url|long|length", cap["error"]), cap["error"]
    else:
        assert cap["status"] == 200 and any(e["status"] == "ok" for e in cap["extractions"])


# -- bad URLs -----------------------------------------------------------------------------------
FAILURES = {
    "/huge": r"(?i)max(imum)? ?size|larger than|size limit",
    "/huge-nolength": r"(?i)max(imum)? ?size|larger than|size limit",
    "/trickle": r"(?i)took longer than|time ?out",
    "/no-response": r"(?i)closed|no response|never received",
    "/bad-status": r"(?i)status",
    "/bad-headers": r"(?i)content-length|header",
}


@pytest.mark.parametrize("path", sorted(FAILURES))
def test_failed_fetch_recorded_with_clear_error(crawl: Crawl, path: str) -> None:
    cap = crawl.one(path)
    assert cap["status"] is None and cap["warc_file"] is None, cap
    assert cap["error"] and re.search(FAILURES[path], cap["error"]), cap["error"]


def test_short_body_recorded(crawl: Crawl) -> None:
    """Content-Length 10000, 100 bytes, then the connection closes: a clear error, or the status
    and exactly the 100 bytes that came."""
    cap = crawl.one("/short")
    if cap["status"] is None:
        assert cap["error"] and re.search(r"(?i)data ?loss|cut short|incomplete|truncat", cap["error"]), cap["error"]
    else:
        assert cap["status"] == 200 and cap["length"] == 100 and cap["warc_file"]


def _wire_body(path: str) -> bytes:
    if path == "/bomb":
        return bomb_body()
    if path == "/bomb-nested":
        return nested_bomb_body()
    raw = default_routes()[path]
    assert isinstance(raw, bytes)
    return raw.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("path", ["/bomb", "/bomb-nested", "/binary-html", "/deep", "/links"])
def test_response_kept_as_received(crawl: Crawl, path: str) -> None:
    """A response that came whole is a capture with its status and exactly the bytes that came
    (a bomb stays compressed in the WARC; it is never decoded beyond the size limit)."""
    cap = crawl.one(path)
    body = _wire_body(path)
    assert cap["status"] == 200 and cap["warc_file"], cap
    assert (cap["length"], cap["sha256"]) == (len(body), hashlib.sha256(body).hexdigest())
    rec = read_record(crawl.cli.data_dir / cap["warc_file"], cap["warc_offset"])
    assert rec.payload == body
    for e in cap["extractions"]:
        assert e["status"] in ("ok", "empty", "error", "blocked")


def test_redirect_chain_and_loop_are_bounded(crawl: Crawl) -> None:
    chain_requests = [r for r in crawl.requests if r.startswith("/chain/")]
    assert 1 <= len(chain_requests) <= 12, chain_requests  # REDIRECT_MAX_TIMES is 10
    assert "/chain/0" not in chain_requests
    for r in chain_requests:
        cap = crawl.one(r)
        assert cap["status"] == 302 and cap["warc_file"] and cap["redirect_location"]
    loop_requests = [r for r in crawl.requests if r.startswith("/loop/")]
    assert 2 <= len(loop_requests) <= 6, loop_requests
    for r in ("/loop/a", "/loop/b"):
        assert crawl.one(r)["status"] == 302


def test_redirect_limit_is_recorded_as_an_error(crawl: Crawl) -> None:
    """/chain/30 never reached a page: the run must say so, not leave eleven 302s and silence."""
    chain = [c for c in crawl.captures if c["url"].startswith(crawl.base + "/chain/")]
    errors = [c["error"] for c in chain if c["error"]]
    assert any(re.search(r"(?i)redirect", e) for e in errors), \
        f"no capture records that the redirect limit stopped /chain/30: {[(c['url'], c['status']) for c in chain]}"


def test_duplicate_and_odd_headers_stored_as_received(crawl: Crawl) -> None:
    cap = crawl.one("/dup-headers")
    rec = read_record(crawl.cli.data_dir / cap["warc_file"], cap["warc_offset"])
    values: dict[bytes, list[bytes]] = {}
    for k, v in rec.http_headers:
        values.setdefault(k.lower(), []).append(v)
    assert values[b"set-cookie"] == [b"a=1; Path=/", b"b=2; Path=/", b"a=3; Path=/"]
    assert values[b"x-dup"] == [b"one", b"two", b"three"]
    assert values[b"cache-control"] == [b"no-cache", b"max-age=0"]
    assert len(values[b"x-long"][0]) == 8000
    # a non-ASCII (latin-1) header value: the bytes that came, not a re-encoding of them
    assert values[b"x-latin1"] == [b"caf\xe9 cr\xe8me"], values[b"x-latin1"]


def test_crawl_captured_every_endpoint(crawl: Crawl) -> None:
    """Every endpoint the index links to left a capture (a fetch, a hop, or a failure)."""
    index = default_routes()["/"]
    assert isinstance(index, bytes)
    linked = re.findall(rb'href="([^"]+)"', index)
    missing = [p.decode() for p in linked if not crawl.of(p.decode())]
    assert not missing, missing
