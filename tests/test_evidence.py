"""Evidence export (WACZ) and replay (pywb, seen through a real headless browser)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.e2e

ARTICLE = "/en/news/lavrov-blinken.html"
SENTENCE = "on the basis of the telephone conversations between our presidents"


def tool(env: str, name: str) -> str | None:
    """External checkers live outside our venv (pywb's pins clash with ours); CI installs them."""
    path = os.environ.get(env) or shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed: .ci/run must provide it (${env})")
    pytest.skip(f"{name} not installed (set ${env})")


@pytest.fixture
def exported(cli: Cli, site_server, tmp_path: Path) -> tuple[Cli, Path, dict]:
    cli.run("snapshot", site_server.url("/old-link"))
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
    assert prov["capture"]["url"] == site_server.url(ARTICLE) and prov["capture"]["chain_hash"]
    assert [h["status"] for h in prov["redirect_hops"]] == [301, 302]
    assert SENTENCE in prov["extractions"][-1]["text"]
    assert index.count("\n") == 3  # the article and the two hops that led to it
    # the records were copied byte for byte: the stored payload hash still holds
    from warcio.archiveiterator import ArchiveIterator
    import io

    payloads = {r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
                for r in ArchiveIterator(io.BytesIO(warc)) if r.rec_type == "response"}
    assert hashlib.sha256(payloads[site_server.url(ARTICLE)]).hexdigest() == prov["capture"]["sha256"]


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_replay_in_a_real_browser_shows_the_article(cli: Cli, site_server, tmp_path: Path) -> None:
    wayback = tool("PROVCRAWL_PYWB", "wayback")
    chromium = tool("PROVCRAWL_CHROMIUM", "chromium")
    url = site_server.url(ARTICLE)
    cli.run("snapshot", url)
    port = _free_port()
    env = {**os.environ, "PROVCRAWL_PYWB": wayback, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    import sys

    db = ["--db", cli.db_url] if cli.db_url else []
    server = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--port", str(port), "--data-dir",
                               str(cli.data_dir), *db], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        replay = f"http://127.0.0.1:{port}/provcrawl/2100/{url}"
        deadline = time.time() + 60
        while time.time() < deadline:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else "serve exited"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        profile = tmp_path / "chromium-profile"
        dom = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", replay],
            capture_output=True, text=True, timeout=120)
        assert SENTENCE in dom.stdout, dom.stderr[-2000:]
        assert "Foreign Minister Sergey Lavrov" in dom.stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
