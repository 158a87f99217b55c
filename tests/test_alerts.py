"""Alerts (crawl --notify): what a run changed, sent through apprise to a loopback webhook; a failed
send is a warning and is delivered by the next run; secrets in notify URLs stay out of logs and the DB."""

from __future__ import annotations

import json
import shutil
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from crawler.demo.server import SITE, FixtureServer
from storage.db import Database
from storage.models import Capture, CrawlRun, Extraction, Notification
from tests.conftest import Cli


class Webhook:
    """A loopback endpoint for apprise's json:// URLs: records each POST, answers ``status``."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                hook.received.append({"path": self.path, **json.loads(body)})
                self.send_response(hook.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hooks() -> Iterator[tuple[Webhook, Webhook]]:
    a, b = Webhook(), Webhook()
    yield a, b
    a.close()
    b.close()


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: connections are refused


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_changed_page_is_told_once_and_a_failed_send_comes_next_run(cli: Cli, tmp_path: Path,
                                                                      hooks: tuple[Webhook, Webhook]) -> None:
    ok, flaky = hooks
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    secret_target = f"json://alerts:s3cretpw@127.0.0.1:{_dead_port()}/hook"
    with FixtureServer(site=site) as server:
        url = server.url("/irna/83317115.html")
        crawl = ("crawl", "--start", url, "--max-pages", "1")
        cli.run(*crawl)

        page = site / "irna/83317115.html"
        page.write_text(page.read_text().replace("Mike Pompeo", "Secretary Pompeo"), encoding="utf-8")
        flaky.status = 500
        proc = cli.run(*crawl, "--json", "--notify", ok.url, "--notify", flaky.url,
                       "--notify", secret_target)
        assert proc.returncode == 0
        assert len(ok.received) == 1, ok.received
        body = ok.received[0]["message"]
        assert url in body and "Changed text (1)" in body and ok.received[0]["title"].startswith("provcrawl run ")
        lines = body.splitlines()  # the diff, as provcrawl diff prints it, indented under the URL
        assert any(line.startswith("  -") and "Mike Pompeo" in line for line in lines), body
        assert any(line.startswith("  +") and "Secretary Pompeo" in line for line in lines), body
        assert any(line.startswith("  @@") for line in lines)
        assert [m["message"] for m in flaky.received] == [body]  # tried once, answered 500
        assert "WARNING" in proc.stderr and "failed" in proc.stderr and "next run" in proc.stderr
        assert "s3cretpw" not in proc.stderr + proc.stdout
        assert "s3cretpw" not in json.loads(proc.stdout)["command"]

        # nothing changed: no message; the flaky hook is back: it gets the message it missed, only that
        flaky.status = 200
        cli.run(*crawl, "--notify", ok.url, "--notify", flaky.url)
        assert len(ok.received) == 1
        assert [m["message"] for m in flaky.received] == [body, body]

    db = Database(cli.database_url)
    with db.session() as s:
        notes = list(s.scalars(select(Notification).order_by(Notification.id)))
        assert len(notes) == 3  # the changed run's message, once per target
        assert [n.delivered_at is not None for n in notes] == [True, True, False]
        assert [n.attempts for n in notes] == [1, 2, 1]
        assert all("s3cretpw" not in f"{n.target} {n.last_error} {n.body}" for n in notes)
        assert "****" in notes[2].target
        assert all("s3cretpw" not in r.command for r in s.scalars(select(CrawlRun)))
    db.dispose()

    # what was told and what still waits, as the user sees it: newest first, targets redacted
    listed = json.loads(cli.run("notifications", "--json", "--body").stdout)
    assert [n["id"] for n in listed] == [n.id for n in reversed(notes)]
    assert [n["delivered_at"] is not None for n in listed] == [False, True, True]
    assert listed[1]["body"] == body and listed[1]["attempts"] == 2
    waiting = cli.run("notifications", "--pending")
    assert waiting.returncode == 0 and waiting.stdout.count("PENDING after 1 attempt(s)") == 1
    assert "****" in waiting.stdout and "s3cretpw" not in waiting.stdout + json.dumps(listed)
    with db.session() as s:
        for n in s.scalars(select(Notification)):
            n.delivered_at = n.delivered_at or datetime.now(UTC)
    db.dispose()
    none_left = cli.run("notifications", "--pending", check=False)
    assert none_left.returncode == 1 and "no pending notifications" in none_left.stderr


def test_a_bad_notify_url_is_a_usage_error(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data", None)
    proc = cli.run("crawl", "--start", "http://127.0.0.1:9/", "--notify", "nosuchservice://user:pw@x/y", check=False)
    assert proc.returncode == 2 and "--notify" in proc.stderr and "pw@" not in proc.stderr
    assert not (tmp_path / "data" / "provenance.sqlite").exists()


# -- the change summary from DB rows (no crawl) ---------------------------------------------------
T0 = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)


def _capture(s, run: int, url: str, at: int, *, status: int = 200, text: str | None = None,
             text_change: str | None = None, blocked: str | None = None, paywall: str = "free") -> Capture:
    c = Capture(run_id=run, url=url, fetched_at=T0 + timedelta(hours=at), status=status, blocked=blocked,
                paywall_status=paywall, text_change=text_change, record_type="response")
    s.add(c)
    s.flush()
    if text is not None:
        s.add(Extraction(capture_id=c.id, extractor="trafilatura", extractor_version="t", settings_hash="h",
                         extracted_at=c.fetched_at, status="ok", text=text, title=url.rsplit("/", 1)[-1]))
    return c


def test_run_changes_and_message_from_rows(db_url: str) -> None:
    from crawler.orchestration.alerts import message
    from storage.changes import run_changes

    db = Database(db_url)
    base = "https://example.org/"
    old = "Lavrov said the Arctic is our territory.\nA second paragraph.\nA third one stays."
    new = "A second paragraph, edited.\nA third one stays."
    with db.session() as s:
        runs = [CrawlRun(command="t", software_version="t", started_at=T0 + timedelta(hours=h)) for h in (0, 1)]
        s.add_all(runs)
        s.flush()
        r1, r2 = runs[0].id, runs[1].id
        _capture(s, r1, base + "edited", 0, text=old, text_change="new")
        _capture(s, r1, base + "same", 0, text="x", text_change="new")
        _capture(s, r1, base + "gone", 0, text="y", text_change="new")
        _capture(s, r1, base + "walled", 0, text="z", text_change="new")
        _capture(s, r1, base + "blocked", 0, text="w", text_change="new")
        edited = _capture(s, r2, base + "edited", 1, text=new, text_change="changed")
        _capture(s, r2, base + "same", 1, text="x", text_change="unchanged")
        _capture(s, r2, base + "gone", 1, status=410)
        _capture(s, r2, base + "walled", 1, text="z.", text_change="changed", paywall="hard")
        _capture(s, r2, base + "blocked", 1, status=403, blocked="challenge")
        _capture(s, r2, base + "fresh", 1, text="news", text_change="new")
        _capture(s, r2, base + "listing", 1, text="links", text_change="new")
    with db.session() as s:
        changes = run_changes(s, r2, reported=lambda url, source: not url.endswith("listing"))
        kinds = {(i.kind, i.url.rsplit("/", 1)[-1]) for i in changes.items}
        assert kinds == {("changed", "edited"), ("gone", "gone"), ("paywalled", "walled"), ("changed", "walled"),
                         ("blocked", "blocked"), ("new", "fresh")}
        change = changes.of("changed")[0]
        assert change.capture_id == edited.id and change.previous_id is not None
        assert "-Lavrov said the Arctic is our territory." in change.diff
        assert "+A second paragraph, edited." in change.diff
        # the edited paragraph is not "removed"; the sentence that went is
        assert change.removed == ["Lavrov said the Arctic is our territory."]
        assert changes.of("paywalled")[0].detail == "free -> hard"
        assert changes.of("gone")[0].detail == "410"
        assert not run_changes(s, r2, after_capture_id=changes.through_capture_id or 0)  # a resumed run goes on
        title, body = message(changes, s.get(CrawlRun, r2))
        assert f"provcrawl run {r2}" in title and "1 new articles" in title
        for heading in ("New articles (1):", "Changed text (2):", "Gone (404/410) (1):", "Newly blocked (1):",
                        "Newly paywalled (1):", "> Lavrov said the Arctic is our territory.",
                        f"provcrawl diff '{base}edited' --from"):
            assert heading in body, heading
        assert not run_changes(s, r1).of("changed")
    db.dispose()


def test_secrets_are_redacted_from_what_is_shown() -> None:
    from crawler.orchestration.alerts import redact_argv, redacted, scrub

    url = "tgram://123456789:AAbbCCddEEffGG/12315544/"
    assert "AAbbCCddEEffGG" not in redacted(url)
    assert "AAbbCCddEEffGG" not in scrub("failed for bot 123456789:AAbbCCddEEffGG", url)
    argv = redact_argv(["crawl", "--notify", "mailto://me:pa55word@example.org", "--notify=" + url])
    assert "pa55word" not in " ".join(argv) and "AAbbCCddEEffGG" not in " ".join(argv) and argv[0] == "crawl"


def test_a_sources_registry_targets_come_with_the_given_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from crawler import sources
    from crawler.orchestration.alerts import targets_for

    entry = {"name": "S", "kind": "news", "platform": "wordpress", "start_urls": ["https://s.example/"],
             "allowed_domains": ["s.example"], "notify": ["json://127.0.0.1:9/s"]}
    src = sources._source("s", entry)
    monkeypatch.setattr(sources, "load", lambda: {"s": src, "t": replace(src, key="t", notify=())})
    given = ["json://127.0.0.1:9/cli"]
    assert targets_for(["s", "t"], given) == {"s": [*given, "json://127.0.0.1:9/s"], "t": given}
    with pytest.raises(sources.RegistryError, match="notify"):
        sources._source("x", {**entry, "notify": "json://127.0.0.1:9/s"})  # a string, not a list


def test_a_loopback_target_is_reached_without_name_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    import ipaddress

    from crawler.orchestration.alerts import send

    looked_up: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        looked_up.append(host.decode() if isinstance(host, bytes) else str(host))
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    hook = Webhook()
    try:
        assert send(hook.url, "t", "b") is None
        hook.status = 500
        assert "500" in (send(hook.url, "t", "b") or "")
    finally:
        hook.close()
    assert len(hook.received) == 2 and looked_up  # the connections did go through getaddrinfo
    for host in looked_up:  # numeric addresses only: nothing asks a resolver
        ipaddress.ip_address(host)
