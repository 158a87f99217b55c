"""Settling a disputed citation: provenance history, integrity verification, the quote check."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, delete, select, text
from sqlalchemy.orm import Session

from storage.models import Capture, Extraction
from tests.conftest import Cli

pytestmark = pytest.mark.e2e

ARTICLE = "/en/news/lavrov-blinken.html"
QUOTE = "how we can further develop our relations"


@pytest.fixture
def captured(cli: Cli, site_server, stored_once) -> Cli:
    """Two pages snapshotted (once a module and backend; each test gets its own copy to tamper with)."""
    return stored_once("captured", cli, lambda c: c.run("snapshot", site_server.url(ARTICLE),
                                                        site_server.url("/irna/83317115.html")))


def test_verify_passes_on_untouched_data(captured: Cli) -> None:
    out = captured.json("verify", "--all")
    assert out["ok"] and out["chain_ok"] and out["log_ok"] and out["records_ok"] >= 3 and out["problems"] == []
    assert out["log"]["size"] == out["checked"] and out["log"]["tree_heads"] == 1  # the run's end made one
    assert captured.run("verify", "--all").returncode == 0


@pytest.mark.sqlite_only
def test_flipping_one_byte_in_a_warc_fails_and_names_the_capture(captured: Cli, site_server) -> None:
    (cap,) = captured.json("provenance", site_server.url(ARTICLE))["captures"]
    path = captured.data_dir / cap["warc_file"]
    data = bytearray(path.read_bytes())
    data[cap["warc_offset"] + cap["warc_length"] // 2] ^= 0x01
    path.write_bytes(bytes(data))
    proc = captured.run("verify", "--all", "--json", check=False)
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert [p["capture_id"] for p in out["problems"]] == [cap["id"]]
    assert out["problems"][0]["kind"] == "corrupt"  # a CRC or inflate error, not a truncation


@pytest.mark.sqlite_only
def test_a_cut_short_warc_is_truncated(captured: Cli, site_server) -> None:
    (cap,) = captured.json("provenance", site_server.url(ARTICLE))["captures"]
    path = captured.data_dir / cap["warc_file"]
    path.write_bytes(path.read_bytes()[:cap["warc_offset"] + cap["warc_length"] // 2])
    out = json.loads(captured.run("verify", "--all", "--json", check=False).stdout)
    assert {p["kind"] for p in out["problems"] if p["capture_id"] == cap["id"]} == {"truncated"}


def test_editing_one_db_row_fails_and_names_the_capture(captured: Cli, site_server) -> None:
    (cap,) = captured.json("provenance", site_server.url(ARTICLE))["captures"]
    engine = create_engine(captured.database_url)
    with Session(engine) as s, s.begin():
        s.get(Capture, cap["id"]).status = 404  # "the page was never there"
    engine.dispose()
    proc = captured.run("verify", "--all", "--json", check=False)
    assert proc.returncode == 1
    problems = json.loads(proc.stdout)["problems"]
    assert {p["capture_id"] for p in problems} == {cap["id"]}
    assert {p["kind"] for p in problems} == {"leaf_mismatch"}


@pytest.mark.parametrize("which", ["first", "last"])
def test_deleting_a_row_names_the_missing_row(captured: Cli, which: str) -> None:
    """Deleting the row alone leaves its leaf naming it; deleting its leaf too breaks the log."""
    from storage.models import MerkleLeaf

    engine = create_engine(captured.database_url)
    with Session(engine) as s, s.begin():
        ids = list(s.scalars(select(Capture.id).order_by(Capture.id)))
        gone = {"first": ids[0], "last": ids[-1]}[which]
        s.execute(delete(Extraction).where(Extraction.capture_id == gone))  # PostgreSQL keeps the foreign keys
        if which == "last":  # the thorough deleter: the leaf too
            s.execute(delete(MerkleLeaf).where(MerkleLeaf.capture_id == gone))
        else:
            s.execute(text("ALTER TABLE merkle_leaf DROP CONSTRAINT fk_merkle_leaf_capture_id_capture")
                      if engine.dialect.name == "postgresql" else text("PRAGMA foreign_keys=OFF"))
        s.execute(delete(Capture).where(Capture.id == gone))
    engine.dispose()
    out = json.loads(captured.run("verify", "--all", "--json", check=False).stdout)
    assert not out["ok"]
    kinds = {p["kind"] for p in out["problems"]}
    if which == "first":
        missing = [p for p in out["problems"] if p["kind"] == "missing_row"]
        assert [p["capture_id"] for p in missing] == [gone], out["problems"]
        assert f"capture {gone} missing" in missing[0]["detail"]
    else:  # one leaf fewer than the log and its stored tree head count
        assert {"log", "tree_head"} <= kinds, out["problems"]


@pytest.mark.sqlite_only
def test_missing_warc_file_is_reported(captured: Cli) -> None:
    for f in (captured.data_dir / "warc").glob("*.warc.gz"):
        f.rename(f.with_suffix(".moved"))
    out = json.loads(captured.run("verify", "--all", "--json", check=False).stdout)
    assert {p["kind"] for p in out["problems"]} == {"missing_file"}


@pytest.mark.sqlite_only
def test_a_warc_still_being_written_is_read_not_reported_missing(captured: Cli, site_server, tmp_path) -> None:
    # A running crawl writes `NAME.warc.gz.open` (renamed at close) while its rows, committed after
    # each record is flushed, already say NAME.warc.gz: verify, text and export read it meanwhile.
    for f in (captured.data_dir / "warc").glob("*.warc.gz"):
        f.rename(f.with_name(f.name + ".open"))
    out = captured.json("verify", "--all")
    assert out["ok"] and out["problems"] == [], out["problems"]
    assert "relations" in captured.run("text", site_server.url(ARTICLE), "--format", "xml").stdout
    captured.run("export", site_server.url(ARTICLE), "--out", str(tmp_path / "x.wacz"))
    assert not list((captured.data_dir / "warc").glob("*.warc.gz"))  # nothing renamed under the writer


@pytest.mark.sqlite_only
def test_export_suggests_a_check_that_runs_as_printed(captured: Cli, site_server, tmp_path) -> None:
    # it printed `provcrawl verify --bundle X --tsa-cert TSA-CA.pem`: not a command where provcrawl
    # is not on PATH (the quick start never activates the venv), and a CA for a token it lacks
    import os
    import shlex
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = tmp_path / "my bundle.wacz"
    export = subprocess.run([sys.executable, "-m", "crawler", "export", site_server.url(ARTICLE), "--out", str(out),
                             "--data-dir", str(captured.data_dir)], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, check=True)
    lines = export.stdout.splitlines()
    (check,) = [ln.removeprefix("check it: ") for ln in lines if ln.startswith("check it: ")]
    assert "--tsa-cert" not in check and not check.startswith("provcrawl "), check
    proc = subprocess.run(shlex.split(check), capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1 and proc.stdout.splitlines()[-1] == "FAILED: 1 of 10 checks", proc.stdout
    assert "FAILED tree head signature: the tree head is unsigned" in proc.stdout  # no archive key here


@pytest.mark.sqlite_only
def test_cite_found_and_not_found(captured: Cli, site_server) -> None:
    url = site_server.url(ARTICLE)
    typed = "“How we can further   develop our relations”"  # typographic quotes, spacing, case
    out = json.loads(captured.run("cite", url, typed, "--json").stdout)
    assert out["found"] is True
    (hit,) = out["captures"]
    assert hit["exact"] and QUOTE in hit["passage"] and hit["sha256"] and hit["warc_record_id"]
    assert hit["paywall_status"] == "free"

    proc = captured.run("cite", url, "Lavrov said the Arctic belongs to nobody", "--json", check=False)
    assert proc.returncode == 1
    miss = json.loads(proc.stdout)
    assert miss["found"] is False and 0 < miss["captures"][0]["score"] < 0.85 and miss["captures"][0]["passage"]

    near = json.loads(captured.run("cite", url, "how we can further develope our relation", "--json").stdout)
    assert near["found"] and not near["captures"][0]["exact"] and near["captures"][0]["score"] >= 0.85


@pytest.mark.sqlite_only
def test_cite_says_when_the_stored_bytes_behind_a_found_quote_no_longer_match(captured: Cli, site_server) -> None:
    url = site_server.url(ARTICLE)
    ok = captured.json("cite", url, QUOTE)["captures"][0]
    assert ok["record_ok"] is True and ok["record_problem"] is None
    (cap,) = captured.json("provenance", url)["captures"]
    path = captured.data_dir / cap["warc_file"]
    data = bytearray(path.read_bytes())
    data[cap["warc_offset"] + cap["warc_length"] // 2] ^= 0x01
    path.write_bytes(bytes(data))
    hit = captured.json("cite", url, QUOTE)["captures"][0]  # the text is still stored: found, exit 0
    assert hit["found"] and hit["record_ok"] is False and hit["record_problem"].startswith("corrupt: ")
    shown = captured.run("cite", url, QUOTE).stdout
    assert "FOUND" in shown and "WARNING: its WARC record no longer matches this record (corrupt: " in shown
    assert "verify --all` says more" in shown


@pytest.mark.sqlite_only
def test_cite_at_a_date_uses_the_capture_in_force(captured: Cli, site_server) -> None:
    url = site_server.url(ARTICLE)
    proc = captured.run("cite", url, QUOTE, "--at", "2000-01-01", "--json", check=False)
    assert proc.returncode == 1 and json.loads(proc.stdout)["captures"] == []
    assert captured.run("cite", url, QUOTE, "--at", "2999-01-01").returncode == 0


@pytest.mark.sqlite_only
def test_provenance_matches_canonically_unless_exact(captured: Cli, site_server) -> None:
    url = site_server.url(ARTICLE)
    variant = url.replace("http://", "https://") + "?utm_source=telegram&utm_medium=social#comments"
    caps = captured.json("provenance", variant)["captures"]
    assert len(caps) == 1 and caps[0]["url"] == url
    assert caps[0]["text_changed"] is None  # first capture: nothing to compare with
    assert captured.run("provenance", variant, "--exact", check=False).returncode == 1


@pytest.mark.sqlite_only
def test_text_changed_flag_across_captures(cli: Cli, site_server) -> None:
    url = site_server.url("/irna/83317115.html")
    cli.run("snapshot", url)
    cli.run("snapshot", url)
    caps = cli.json("provenance", url)["captures"]
    assert [c["text_changed"] for c in caps] == [None, False]
