"""Versioned re-extraction from WARC bytes, import of other tools' WARCs, extract without a DB."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from storage.models import Capture, Extraction
from tests.conftest import Cli
from tests.fixture_server import SITE

pytestmark = pytest.mark.e2e


def counts(cli: Cli) -> tuple[int, int]:
    engine = create_engine(cli.database_url)
    with Session(engine) as s:
        n_ext = s.scalar(select(func.count()).select_from(Extraction))
        n_caps = s.scalar(select(func.count(func.distinct(Extraction.capture_id))))
    engine.dispose()
    return n_ext, n_caps


def crawled(cli: Cli, site_server, stored_once) -> Cli:  # type: ignore[no-untyped-def]
    """30 pages of the demo site crawled once a module and backend; each test re-extracts its own copy."""
    return stored_once("crawl30", cli, lambda c: c.run("crawl", "--start", site_server.url("/"), "--max-pages", "30"))


@pytest.mark.sqlite_only
def test_reextract_after_settings_change_adds_a_version(cli: Cli, site_server, stored_once) -> None:
    url = site_server.url("/en/news/lavrov-blinken.html")
    crawled(cli, site_server, stored_once)
    before_ext, html_caps = counts(cli)
    first = cli.json("text", url)

    # same settings: nothing to do
    same = cli.json("reextract", "--all", "--workers", "2")
    assert same["extractions_added"] == 0 and same["skipped_identical"] >= html_caps

    changed = cli.json("reextract", "--all", "--favor-precision", "--workers", "2")
    assert changed["extractions_added"] == html_caps and not changed["errors"]
    after_ext, _ = counts(cli)
    assert after_ext == before_ext + html_caps

    latest = cli.json("text", url)
    assert latest["extraction_id"] != first["extraction_id"]
    assert latest["settings_hash"] != first["settings_hash"]
    old = cli.json("text", url, "--extraction", str(first["extraction_id"]))
    assert old["text"] == first["text"] and old["extraction_id"] == first["extraction_id"]
    prov = cli.json("provenance", url)
    assert [e["id"] for e in prov["captures"][0]["extractions"]] == [first["extraction_id"], latest["extraction_id"]]

    # a re-run with --force adds yet another row, never overwriting
    forced = cli.json("reextract", "--run", "1", "--favor-precision", "--force", "--workers", "1")
    assert forced["extractions_added"] == html_caps


def two_pages(cli: Cli, site_server, stored_once) -> Cli:  # type: ignore[no-untyped-def]
    """A snapshot of two article pages (one run, one WARC file), made once a module; each test its own copy."""
    return stored_once("two-pages", cli, lambda c: c.run("snapshot", site_server.url("/irna/83317115.html"),
                                                          site_server.url("/en/news/lavrov-blinken.html")))


@pytest.mark.sqlite_only
def test_reextract_reads_the_warc_not_the_db(cli: Cli, site_server, stored_once) -> None:
    url = site_server.url("/irna/83317115.html")
    two_pages(cli, site_server, stored_once)
    engine = create_engine(cli.database_url)
    with Session(engine) as s, s.begin():
        for e in s.scalars(select(Extraction)):
            e.text = "tampered"
    engine.dispose()
    cli.run("reextract", "--all", "--force", "--workers", "1")
    assert "Mike Pompeo" in cli.json("text", url)["text"]


@pytest.mark.sqlite_only
def test_text_formats(cli: Cli, site_server, stored_once) -> None:
    url = site_server.url("/en/news/lavrov-blinken.html")
    two_pages(cli, site_server, stored_once)
    md = cli.run("text", url, "--format", "md").stdout
    assert "telephone conversations between our presidents" in md
    xml = cli.run("text", url, "--format", "xml").stdout
    assert xml.lstrip().startswith("<doc") and "Lavrov" in xml
    js = json.loads(cli.run("text", url, "--format", "json").stdout)
    assert "presidents" in js["text"]
    assert cli.run("text", url, "--format", "pdf", check=False).returncode == 2


@pytest.mark.skipif(not shutil.which("wget"), reason="wget is not installed (CI installs it)")
@pytest.mark.sqlite_only
def test_import_a_wget_warc(cli: Cli, site_server, tmp_path: Path) -> None:
    work = tmp_path / "wget"
    work.mkdir()
    url = site_server.url("/en/news/lavrov-blinken.html")
    subprocess.run(["wget", "-q", "--warc-file=mirror", "-O", "/dev/null", url, site_server.url("/gz/duran.html"),
                    site_server.url("/files/report.pdf")], cwd=work, check=False, timeout=60)
    warc = work / "mirror.warc.gz"
    assert warc.exists()
    out = cli.json("import", str(warc), "--copy")
    assert out["captures"] == 3 and out["extractions"] == 2 and not out["problems"]
    prov = cli.json("provenance", url)["captures"][0]
    assert prov["warc_file"].startswith("warc/imported/")
    assert prov["warc_request_record_id"]  # wget's request record, which export copies beside the response
    import hashlib

    assert prov["sha256"] == hashlib.sha256((SITE / "en/news/lavrov-blinken.html").read_bytes()).hexdigest()
    assert "telephone conversations between our presidents" in cli.json("text", url)["text"]
    # importing again adds nothing
    again = cli.json("import", str(warc), "--copy")
    assert again["captures"] == 0 and again["already_imported"] == 3


@pytest.mark.sqlite_only
def test_import_reports_a_truncated_file_and_keeps_what_it_read(cli: Cli, site_server, tmp_path: Path,
                                                                stored_once) -> None:
    two_pages(cli, site_server, stored_once)
    (src,) = (cli.data_dir / "warc").glob("*.warc.gz")
    broken = tmp_path / "broken.warc.gz"
    data = src.read_bytes()
    broken.write_bytes(data[: len(data) - 300])
    other = Cli(tmp_path / "other", None)  # a fresh archive adopting the damaged copy
    out = other.json("import", str(broken))
    assert out["captures"] >= 2 and out["problems"] and "broken.warc.gz:" in out["problems"][0]


def test_extract_from_stdin_and_files(tmp_path: Path) -> None:
    cli = Cli(tmp_path, None)
    page = SITE / "ru/news/lavrov-blinken-cp1251.html"
    proc = subprocess.run([*cli_cmd(), "extract", "-"], input=page.read_bytes(), capture_output=True, check=True)
    assert "Министр иностранных дел Российской Федерации" in proc.stdout.decode()
    one = json.loads(cli.run("extract", str(SITE / "eir/russia-dialogue.html"), "--json").stdout)
    for key in ("text", "comments", "title", "author", "published", "language", "paywall"):
        assert key in one
    assert one["paywall"]["status"] in ("hard", "preview")
    lines = cli.run("extract", str(SITE / "duran.html"), str(page), "--json").stdout.splitlines()
    objs = [json.loads(line) for line in lines]
    assert [o["file"] for o in objs] == [str(SITE / "duran.html"), str(page)]
    assert "Lavrov" in objs[0]["text"]


def cli_cmd() -> list[str]:
    import sys

    return [sys.executable, "-m", "crawler"]


def test_shards_split_the_work(cli: Cli, site_server, stored_once) -> None:
    crawled(cli, site_server, stored_once)
    _, html_caps = counts(cli)
    one = cli.json("reextract", "--all", "--force", "--shard", "1/2", "--workers", "1", "--favor-recall")
    two = cli.json("reextract", "--all", "--force", "--shard", "2/2", "--workers", "1", "--favor-recall")
    assert one["extractions_added"] + two["extractions_added"] == html_caps
    assert one["extractions_added"] and two["extractions_added"]
    assert cli.run("reextract", "--all", "--shard", "3/2", check=False).returncode == 2


def test_warc_paths_are_matched_however_the_user_types_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14: `--warc demo-data/warc/X.warc.gz` (as `ls` shows it) matched nothing."""
    from datetime import UTC, datetime

    from crawler.orchestration.reextract import UnknownWarcError, stored_warc_files
    from storage.db import Database
    from storage.models import CrawlRun

    work = tmp_path / "work"
    (work / "demo-data" / "warc").mkdir(parents=True)
    elsewhere = tmp_path / "wget" / "mirror.warc.gz"
    db = Database(f"sqlite:///{work / 'demo-data' / 'provenance.sqlite'}")
    with db.session() as s:
        run = CrawlRun(command="t", software_version="t", started_at=datetime.now(UTC))
        s.add(run)
        s.flush()
        for i, f in enumerate(["warc/X-1.warc.gz", "warc/X-2.warc.gz", str(elsewhere)]):
            s.add(Capture(run_id=run.id, url=f"https://example.org/{i}", fetched_at=datetime.now(UTC), status=200,
                          warc_file=f, warc_offset=0, warc_record_id=f"<urn:uuid:{i}>"))
    monkeypatch.chdir(work)
    data = Path("demo-data")
    for typed in ["demo-data/warc/X-1.warc.gz", "./demo-data/warc/X-1.warc.gz", str(work / "demo-data/warc/X-1.warc.gz"),
                  "X-1.warc.gz", "warc/X-1.warc.gz"]:
        assert stored_warc_files(db, data, [typed]) == ("warc/X-1.warc.gz",), typed
    assert stored_warc_files(db, data.resolve(), ["demo-data/warc/X-2.warc.gz"]) == ("warc/X-2.warc.gz",)
    assert stored_warc_files(db, data, [str(elsewhere), "mirror.warc.gz"]) == (str(elsewhere),)
    for typed in ["demo-data/warc/nope.warc.gz", "X-3.warc.gz", "demo-data/X-1.warc.gz"]:
        with pytest.raises(UnknownWarcError, match="no capture is stored in WARC file"):
            stored_warc_files(db, data, [typed])
    db.dispose()


def test_reextract_warc_takes_the_path_as_ls_shows_it_and_refuses_an_unknown_one(site_server, tmp_path: Path) -> None:
    """Issue 14: `reextract --warc demo-data/warc/X.warc.gz` analysed 0 captures; a wrong path exited 0."""
    import os

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    env.pop("PROVCRAWL_DATA_DIR", None)
    env.pop("PROVCRAWL_DB", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli_cmd(), *args, "--data-dir", "demo-data"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=180)

    assert run("snapshot", site_server.url("/en/news/lavrov-blinken.html")).returncode == 0
    (name,) = os.listdir(tmp_path / "demo-data" / "warc")
    for typed in (f"demo-data/warc/{name}", name, str(tmp_path / "demo-data" / "warc" / name)):
        proc = run("reextract", "--warc", typed, "--force", "--workers", "1", "--json")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["analysed"] >= 1, typed
    missing = run("reextract", "--warc", "demo-data/warc/nope.warc.gz", "--json")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.strip().count("\n") == 0 and "nope.warc.gz" in missing.stderr


def test_extract_json_says_why_a_page_failed(tmp_path: Path) -> None:
    """Issue 12: `extract --json` gave "status": "error" and no reason."""
    links = "".join(f'<li><a href="/p{i}">link number {i}</a></li>' for i in range(80_000))
    page = tmp_path / "links.html"
    page.write_text(f"<html><body><ul>{links}</ul></body></html>")
    out = json.loads(Cli(tmp_path, None).run("extract", str(page), "--json").stdout)
    assert out["status"] == "error" and "too large to extract" in out["error"]
    ok = json.loads(Cli(tmp_path, None).run("extract", str(SITE / "duran.html"), "--json").stdout)
    assert ok["status"] == "ok" and ok["error"] is None
