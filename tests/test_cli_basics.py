"""The CLI as a user meets it: help, snapshot, exit statuses, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, Cli

pytestmark = [pytest.mark.sqlite_only, pytest.mark.e2e]

COMMANDS = ["snapshot", "crawl", "captures", "provenance", "text", "demo", "sources", "reextract", "import", "extract",
            "verify", "cite", "export", "serve", "changes", "diff", "worker", "schedule", "prove", "timestamp"]


# Typer's own test runner over the same app, in one process: 18 interpreter starts cost ~30 s of CI.
_ALL_HELP = """
import json, sys
from typer.testing import CliRunner
from crawler.cli import app
runner = CliRunner()
out = {}
for command in sys.argv[1:]:
    result = runner.invoke(app, [command, "--help"], terminal_width=80)
    out[command] = [result.exit_code, result.output]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def help_texts() -> dict[str, list]:
    proc = subprocess.run([sys.executable, "-c", _ALL_HELP, *COMMANDS], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"}, timeout=180, check=True)
    return json.loads(proc.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(command: str, help_texts: dict[str, list]) -> None:
    status, out = help_texts[command]
    assert status == 0, out
    assert "Example:" in out and "--help" in out
    assert "--data-dir" in out


def test_help_through_the_entry_point(tmp_path) -> None:
    out = Cli(tmp_path, None).run("crawl", "--help").stdout  # python -m crawler, as a user runs it
    assert "Example:" in out and "--data-dir" in out


def test_snapshot_captures_given_urls_only(cli: Cli, site_server) -> None:
    urls = [site_server.url("/irna/83317115.html"), site_server.url("/old-link")]
    summary = json.loads(cli.run("snapshot", *urls, "--json").stdout)
    assert summary["status"] == "finished"
    caps = cli.json("captures")
    fetched = sorted(c["url"] for c in caps)
    base = site_server.base
    assert fetched == sorted([base + "/robots.txt", base + "/irna/83317115.html", base + "/old-link",
                              base + "/moved", base + "/en/news/lavrov-blinken.html"])
    text = cli.json("text", urls[0])
    assert "wall of mistrust" in text["title"] and "Mike Pompeo" in text["text"]
    # following a redirect chain: text of the URL the user named comes from where it ended
    moved = cli.json("text", urls[1])
    assert moved["url"] == base + "/en/news/lavrov-blinken.html"
    prov = cli.json("provenance", urls[1])
    assert prov["captures"][0]["final_url"] == base + "/en/news/lavrov-blinken.html"


def test_unknown_url_exits_1(cli: Cli, site_server) -> None:
    cli.run("snapshot", site_server.url("/irna/83317115.html"))
    for command in ("provenance", "text"):
        proc = cli.run(command, "https://nowhere.example/never", check=False)
        assert proc.returncode == 1, proc.stderr
    proc = cli.run("provenance", "https://nowhere.example/never", "--json", check=False)
    assert proc.returncode == 1 and json.loads(proc.stdout) == {"url": "https://nowhere.example/never", "captures": []}


def test_usage_and_runtime_errors_exit_2_with_one_line(tmp_path) -> None:
    cli = Cli(tmp_path / "empty", None)
    proc = cli.run("captures", check=False)
    assert proc.returncode == 2 and "no provenance database" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = cli.run("snapshot", "not a url", check=False)
    assert proc.returncode == 2 and "not an http(s) URL" in proc.stderr
    # URLs the fetch could never use: refused before a run starts, not a traceback and a failed run
    # (a port out of range), a failed fetch with Twisted's traceback (a space in the host), or
    # nothing at all (longer than URLLENGTH_LIMIT: Scrapy dropped it without a word)
    for bad, why in [("http://127.0.0.1:99999/", "not a valid URL"), ("http://exa mple.com/", "not a valid URL"),
                     ("http://example.org/" + "a" * 40000, "longer than")]:
        proc = cli.run("snapshot", bad, check=False)
        assert proc.returncode == 2 and why in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert len(proc.stderr) < 1000 and not (cli.data_dir / "provenance.sqlite").exists()
    (tmp_path / "warcs").mkdir()  # a folder where files are wanted: say so, not "no such file"
    proc = cli.run("import", str(tmp_path / "warcs"), check=False)
    flat = " ".join(proc.stderr.replace("│", " ").split())  # typer's usage box wraps lines
    assert proc.returncode == 2 and "is a directory: name the files in it, e.g. " in flat, proc.stderr
    assert not (cli.data_dir / "provenance.sqlite").exists()
    for args, option in ((["--start", "http://127.0.0.1:1/", "--since", "2024-01-01"], "--since"),
                         (["mid_ru_en", "--since", "soon"], "--since"), (["--resume", "1", "--full"], "--full")):
        proc = cli.run("crawl", *args, check=False)  # --since was ignored with --start: everything fetched
        assert proc.returncode == 2 and option in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert not (cli.data_dir / "provenance.sqlite").exists()
    # a setting of the wrong type: Twisted's CRITICAL tracebacks and "the crawl did not start"
    for bad, why in [("DOWNLOAD_TIMEOUT=abc", "a number expected"), ("CONCURRENT_REQUESTS=x", "a number expected"),
                     ("ROBOTSTXT_OBEY=maybe", "0/1 or true/false")]:
        proc = cli.run("snapshot", "http://127.0.0.1:1/", "-s", bad, check=False)
        assert proc.returncode == 2 and why in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert not (cli.data_dir / "provenance.sqlite").exists()
    dead = Cli(tmp_path / "d", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    proc = dead.run("captures", check=False)
    assert proc.returncode == 2 and "cannot open database" in proc.stderr and "Traceback" not in proc.stderr


def test_unreachable_host_is_a_capture_with_its_error(cli: Cli, site_server) -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    url = f"http://127.0.0.1:{port}/gone"
    proc = cli.run("snapshot", url, site_server.url("/irna/83317115.html"), "--json", "-s", "RETRY_TIMES=0")
    summary = json.loads(proc.stdout)
    assert summary["status"] == "finished"
    # a host that is down is a fact on record and one warning line, not Scrapy's traceback of its robots.txt
    assert "Traceback" not in proc.stderr and f"fetch failed: {url}" in proc.stderr, proc.stderr
    (cap,) = cli.json("provenance", url)["captures"]
    assert cap["status"] is None and "Connection" in cap["error"] and cap["warc_file"] is None
    assert cli.json("text", site_server.url("/irna/83317115.html"))["text"]


def test_429_is_captured_then_retried_after_the_servers_wait(cli: Cli, site_server) -> None:
    from datetime import datetime

    import uuid

    url = site_server.url(f"/busy?t={uuid.uuid4().hex}")
    cli.run("snapshot", url)
    caps = cli.json("provenance", url)["captures"]
    assert [c["status"] for c in caps] == [429, 200]
    assert caps[0]["blocked"] == "rate-limit" and caps[0]["paywall_status"] == "unknown"
    waited = datetime.fromisoformat(caps[1]["fetched_at"]) - datetime.fromisoformat(caps[0]["fetched_at"])
    assert waited.total_seconds() >= 1.0  # Retry-After: 1 was honoured
    assert "Mike Pompeo" in cli.json("text", url)["text"]


def test_retry_after_parsing() -> None:
    from crawler.capture.retry import retry_after

    assert retry_after(b"7", 0, 2, 120) == 7
    assert retry_after(b"99999", 0, 2, 120) == 120
    assert retry_after(None, 3, 2, 120) == 16
    assert retry_after(b"Wed, 21 Oct 2015 07:28:00 GMT", 0, 2, 120) == 0
    assert retry_after(b"garbage", 1, 2, 120) == 4


def test_serve_on_a_port_in_use_is_one_line(cli: Cli) -> None:
    # pywb was started anyway: "replaying ... at http://127.0.0.1:PORT" (another server's port),
    # then gevent's 30-line traceback and pywb's exit 1
    import socket

    from storage.db import Database
    from tests.replay_tools import tool

    wayback = tool("PROVCRAWL_PYWB", "wayback")
    cli.data_dir.mkdir(parents=True)
    Database(cli.database_url).dispose()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = cli.run("serve", "--port", str(port), "--pywb", wayback, check=False, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines() == [f"provcrawl: cannot listen on 127.0.0.1:{port}: Address already in use"]


def test_an_id_beyond_any_row_is_a_usage_error_not_an_overflow(cli: Cli) -> None:
    # `captures --run 99999999999999999999999` said "error: OverflowError: Python int too large to
    # convert to SQLite INTEGER"
    from storage.db import Database

    cli.data_dir.mkdir(parents=True)
    Database(cli.database_url).dispose()
    huge = "9" * 23
    for args in (["captures", "--run", huge], ["prove", "--capture", huge], ["reextract", "--run", huge]):
        proc = cli.run(*args, check=False)
        assert proc.returncode == 2 and "Invalid value" in proc.stderr and "Overflow" not in proc.stderr, proc.stderr


@pytest.mark.parametrize(("missing", "extra"), [("redis", "distributed"), ("psycopg", "postgres"), ("zzz", None)])
def test_a_missing_optional_package_names_its_extra(missing: str, extra: str | None, monkeypatch, capsys) -> None:
    """`worker` without redis, `--db postgresql+psycopg://` without psycopg: one line naming the pip extra."""
    import crawler.cli as cli_module

    def app() -> None:
        raise ModuleNotFoundError(f"No module named {missing!r}", name=missing)

    monkeypatch.setattr(cli_module, "app", app)
    monkeypatch.setattr(sys, "argv", ["provcrawl", "worker"])
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err.count("\n") == 1
    if extra:
        assert f"pip install 'provcrawl[{extra}]'" in err
    else:  # not an extra of ours: the plain one-line error
        assert err == "provcrawl: error: ModuleNotFoundError: No module named 'zzz'\n"
