"""End to end: `provcrawl crawl` over the fixture site, then every row checked against its WARC bytes."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from storage.models import Capture, CrawlRun, Extraction
from storage.warc import read_record
from tests.conftest import BACKENDS, Cli, backend_url
from tests.fixture_server import SITE

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", params=BACKENDS)
def crawled(request: pytest.FixtureRequest, site_server, tmp_path_factory) -> tuple[Cli, dict, object]:
    tmp = tmp_path_factory.mktemp(f"crawl-{request.param}")
    url = backend_url(request.param, tmp, request.node.nodeid + request.param)
    cli = Cli(tmp / "data", None if url.startswith("sqlite") else url)
    proc = cli.run("crawl", "--start", site_server.url("/"), "--max-pages", "50", "--json")
    return cli, json.loads(proc.stdout), site_server


def rows(cli: Cli) -> list[Capture]:
    engine = create_engine(cli.database_url)
    with Session(engine) as s:
        caps = list(s.scalars(select(Capture).order_by(Capture.id)))
        for c in caps:
            _ = c.extractions
    engine.dispose()
    return caps


def by_path(caps: list[Capture], base: str) -> dict[str, list[Capture]]:
    out: dict[str, list[Capture]] = {}
    for c in caps:
        out.setdefault(c.url[len(base):] if c.url.startswith(base) else c.url, []).append(c)
    return out


def test_run_summary(crawled) -> None:
    cli, summary, _ = crawled
    assert summary["status"] == "finished"
    assert summary["captures"] >= 10
    assert summary["warc_files"] and all(f.startswith("warc/") for f in summary["warc_files"])


def test_warcs_pass_warcio_check_and_cdxj_indexer(crawled) -> None:
    cli, summary, _ = crawled
    files = sorted((cli.data_dir / "warc").glob("*.warc.gz"))
    assert files and not list((cli.data_dir / "warc").glob("*.open"))
    bin_dir = Path(sys.executable).parent
    check = subprocess.run([bin_dir / "warcio", "check", "-v", *files], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout
    cdxj = subprocess.run([bin_dir / "cdxj-indexer", *files], capture_output=True, text=True)
    assert cdxj.returncode == 0, cdxj.stderr
    assert len(cdxj.stdout.splitlines()) == sum(1 for c in rows(cli) if c.warc_file)


def test_every_row_matches_its_warc_record(crawled) -> None:
    cli, _, _ = crawled
    caps = [c for c in rows(cli) if c.warc_file]
    assert caps
    for c in caps:
        path = cli.data_dir / c.warc_file
        with open(path, "rb") as fh:
            fh.seek(c.warc_offset)
            member = fh.read(c.warc_length)
        raw = gzip.decompress(member)  # exactly one complete gzip member
        assert raw.startswith(b"WARC/1.1\r\n")
        rec = read_record(path, c.warc_offset)
        assert rec.record_type == "response"
        assert rec.record_id == c.warc_record_id
        assert rec.target_uri == c.url
        assert rec.status == c.status
        assert hashlib.sha256(rec.payload).hexdigest() == c.sha256
        assert len(rec.payload) == c.length
        # and warcio agrees on where the record starts and how long it is
        with open(path, "rb") as fh:
            fh.seek(c.warc_offset)
            it = ArchiveIterator(fh)
            r = next(iter(it))
            r.content_stream().read()
            assert it.get_record_offset() == c.warc_offset
            assert it.get_record_length() == c.warc_length


def test_request_records_pair_with_responses(crawled) -> None:
    cli, _, _ = crawled
    for f in (cli.data_dir / "warc").glob("*.warc.gz"):
        with open(f, "rb") as fh:
            records = [(r.rec_type, r.rec_headers) for r in ArchiveIterator(fh)]
        assert records[0][0] == "warcinfo"
        info_ok = True
        responses = {h.get_header("WARC-Record-ID"): h for t, h in records if t == "response"}
        requests = [h for t, h in records if t == "request"]
        assert len(requests) == len(responses) and info_ok
        for h in requests:
            resp = responses[h.get_header("WARC-Concurrent-To")]
            assert resp.get_header("WARC-Target-URI") == h.get_header("WARC-Target-URI")
            assert resp.get_header("WARC-Date") == h.get_header("WARC-Date")
            assert resp.get_header("WARC-IP-Address") == "127.0.0.1"
            assert resp.get_header("WARC-Payload-Digest", "").startswith("sha1:")


def test_what_was_captured(crawled) -> None:
    cli, _, server = crawled
    caps = by_path(rows(cli), server.base)
    # robots.txt is evidence too, and was fetched first
    assert caps["/robots.txt"][0].status == 200
    # the redirect chain: every hop its own capture, each naming where the chain ended
    final = server.url("/en/news/lavrov-blinken.html")
    assert caps["/old-link"][0].status == 301 and caps["/old-link"][0].redirect_location == server.url("/moved")
    assert caps["/moved"][0].status == 302
    assert caps["/old-link"][0].final_url == final and caps["/moved"][0].final_url == final
    # a 404 on a date is evidence
    assert caps["/missing-page"][0].status == 404 and caps["/missing-page"][0].sha256
    # robots.txt forbids /private/: recorded as not fetched, and the server never saw it
    assert "Forbidden by robots.txt" in caps["/private/secret.html"][0].error
    assert "/private/secret.html" not in server.requests
    # a redirect to a private address is refused and recorded, never fetched
    refused = caps["http://10.255.255.1/secret"][0]
    assert refused.status is None and "non-public address" in refused.error
    # links off the start host are not followed
    assert not [u for u in caps if "elsewhere.example.org" in u]


def test_gzip_body_is_stored_as_received(crawled) -> None:
    cli, _, server = crawled
    cap = by_path(rows(cli), server.base)["/gz/duran.html"][0]
    rec = read_record(cli.data_dir / cap.warc_file, cap.warc_offset)
    assert rec.header("Content-Encoding") == "gzip"
    assert rec.payload[:2] == b"\x1f\x8b"
    assert gzip.decompress(rec.payload) == (SITE / "duran.html").read_bytes()
    text = cli.json("text", server.url("/gz/duran.html"))["text"]
    assert "70th telephone conversation" in text


def test_every_html_page_has_text_and_binary_has_none(crawled) -> None:
    cli, _, server = crawled
    caps = by_path(rows(cli), server.base)
    for path in ["/", "/en/news/lavrov-blinken.html", "/ru/news/lavrov-blinken-cp1251.html",
                 "/eir/russia-dialogue.html", "/irna/83317115.html", "/gz/duran.html"]:
        (cap,) = caps[path]
        assert cap.status == 200
        assert [e.status for e in cap.extractions] == ["ok"], path
    pdf = caps["/files/report.pdf"][0]
    assert pdf.status == 200 and pdf.content_type == "application/pdf" and pdf.extractions == []
    assert pdf.sha256 == hashlib.sha256((SITE / "files/report.pdf").read_bytes()).hexdigest()


def test_windows_1251_page_comes_out_as_cyrillic(crawled) -> None:
    cli, _, server = crawled
    out = cli.json("text", server.url("/ru/news/lavrov-blinken-cp1251.html"))
    assert "Министр иностранных дел Российской Федерации С.В.Лавров" in out["text"]
    assert out["language"] == "ru"
    assert out["title"].startswith("О встрече Министра")


def test_main_text_leaves_boilerplate_out(crawled) -> None:
    cli, _, server = crawled
    text = cli.run("text", server.url("/en/news/lavrov-blinken.html")).stdout
    assert "I would like to thank you for your proposal to meet here" in text
    for junk in ("We use cookies", "Subscribe to our newsletter", "All rights reserved", "Skip to content"):
        assert junk not in text


def test_provenance_json_contract(crawled) -> None:
    cli, _, server = crawled
    url = server.url("/en/news/lavrov-blinken.html")
    out = cli.json("provenance", url)
    assert out["url"] == url and len(out["captures"]) == 1
    cap = out["captures"][0]
    for key in ("id", "run_id", "url", "final_url", "fetched_at", "status", "content_type", "sha256", "length",
                "warc_file", "warc_offset", "warc_length", "warc_record_id", "paywall_status", "error", "extractions"):
        assert key in cap, key
    assert cap["fetched_at"].endswith("+00:00")
    ext = cap["extractions"][0]
    for key in ("id", "extractor", "extractor_version", "settings_hash", "extracted_at", "title", "author",
                "published", "language", "text_sha256"):
        assert key in ext, key
    assert ext["extractor"] == "trafilatura" and len(ext["settings_hash"]) == 64
    assert ext["published"] == "2021-05-20"


def test_captures_json_is_newest_first_and_filters(crawled) -> None:
    cli, summary, server = crawled
    caps = cli.json("captures")
    assert [c["fetched_at"] for c in caps] == sorted((c["fetched_at"] for c in caps), reverse=True)
    only = cli.json("captures", "--url-prefix", server.url("/en/"), "--limit", "5")
    assert only and all(c["url"].startswith(server.url("/en/")) for c in only)
    assert cli.json("captures", "--run", str(summary["id"]))
    assert cli.json("captures", "--run", "999") == []


def test_run_row_counts(crawled) -> None:
    cli, summary, _ = crawled
    engine = create_engine(cli.database_url)
    with Session(engine) as s:
        run = s.get(CrawlRun, summary["id"])
        n = s.scalar(select(Capture.id).where(Capture.run_id == run.id).order_by(Capture.id.desc()).limit(1))
        assert run.status == "finished" and run.finished_at is not None
        assert run.captures_count == len(list(s.scalars(select(Capture).where(Capture.run_id == run.id))))
        assert run.versions["trafilatura"] and run.versions["scrapy"]
        assert n is not None
        assert s.scalar(select(Extraction.id).limit(1)) is not None
    engine.dispose()
