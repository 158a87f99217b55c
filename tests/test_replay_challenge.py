"""A browser that clears a bot challenge captures the same URL twice, often within one second.

Replay indexes have whole-second timestamps, so pywb could not tell the challenge from the page
and sometimes served the challenge (which then reloads itself for ever). Without Chromium: the
browser's responses are handed to the same writer the browser handler uses.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from crawler.analysis.extraction import ExtractionSettings
from crawler.capture.address_policy import AllowList
from crawler.capture.browser import NetResponse, PageResult
from crawler.capture.browser_record import record_page
from crawler.capture.provenance import Recorder
from crawler.evidence.replay import build_collection, without_shadowed_challenges
from storage.models import Capture
from tests.challenge_server import CHALLENGE, article

URL = "http://127.0.0.1:8/article"
HTML = [(b"Content-Type", b"text/html; charset=utf-8")]


def document(body: str, when: datetime) -> NetResponse:
    return NetResponse(url=URL, method="GET", request_headers=[(b"Host", b"127.0.0.1:8")], request_body=b"",
                       status=200, reason="OK", response_headers=HTML, body=body.encode(), fetched_at=when,
                       ip_address="127.0.0.1", document=True, resource_type="document")


def captured(data_dir: Path, gap: timedelta) -> tuple[str, Path]:
    """The challenge, then the article ``gap`` later (whole second .1 so a small gap stays in it)."""
    db_url = f"sqlite:///{data_dir / 'provenance.db'}"
    rec = Recorder(data_dir, db_url, spider=None, command="test", run_id=None, writer_options={})
    t0 = datetime(2026, 12, 7, 12, 0, 0, 100000, tzinfo=UTC)
    page = PageResult(URL, responses=[document(CHALLENGE, t0), document(article(), t0 + gap)],
                      challenge_cleared=True)
    record_page(rec, page, allowed=AllowList(()), allow_private=True, settings=ExtractionSettings())
    rec.close("finished")
    return db_url, data_dir


def index_of(db_url: str, data_dir: Path) -> list[tuple[str, dict]]:
    with Session(create_engine(db_url)) as s:
        root = build_collection(s, data_dir)
        blocked = s.scalars(select(Capture.blocked).where(Capture.url == URL).order_by(Capture.id)).all()
    assert blocked == ["f5-tspd", None]  # both are on record, the challenge as blocked
    lines = (root / "collections/provcrawl/indexes/index.cdxj").read_text().splitlines()
    return [(ln.split(" ")[1], json.loads(ln.split(" ", 2)[2])) for ln in lines if "/article" in ln.split(" ")[0]]


def test_a_challenge_in_the_same_second_as_its_page_is_not_replayed(tmp_path: Path) -> None:
    db_url, data_dir = captured(tmp_path, timedelta(milliseconds=300))
    index = index_of(db_url, data_dir)
    assert len(index) == 1, index  # only the page: pywb cannot pick the challenge any more
    ts, fields = index[0]
    assert ts == "20261207120000"
    with Session(create_engine(db_url)) as s:
        page = s.scalars(select(Capture).where(Capture.url == URL, Capture.blocked.is_(None))).one()
    assert int(fields["offset"]) == page.warc_offset


def test_a_challenge_in_its_own_second_stays_replayable(tmp_path: Path) -> None:
    db_url, data_dir = captured(tmp_path, timedelta(seconds=2))
    assert [ts for ts, _ in index_of(db_url, data_dir)] == ["20261207120000", "20261207120002"]


def test_only_a_blocked_line_with_an_unblocked_twin_goes() -> None:
    def line(ts: str, offset: int) -> str:
        return f'org,example)/ {ts} {{"url": "http://example.org/", "offset": "{offset}", "filename": "a.warc.gz"}}\n'

    lines = [line("20260101000000", 0), line("20260101000000", 10), line("20260101000005", 20)]
    blocked = {("a.warc.gz", 0), ("a.warc.gz", 20)}
    assert without_shadowed_challenges(lines, blocked) == lines[1:]
    assert without_shadowed_challenges(lines, set()) == lines
