"""Third-party replay tools, driven the way a user would: pywb (`provcrawl serve`) looked at with
headless Chromium, and ReplayWeb.page (its npm package's ui.js and sw.js, served on loopback)
opening a WACZ in Chromium driven by Playwright. Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# .ci/run unpacks the npm package here (see there); PROVCRAWL_REPLAYWEBPAGE overrides
DEFAULT_REPLAYWEBPAGE = ROOT / ".tools-npm" / "replaywebpage"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing(what: str, how: str) -> None:
    """External checkers live outside our venv; CI installs them, elsewhere their tests skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed: .ci/run must provide it ({how})")
    pytest.skip(f"{what} not installed ({how})")


def tool(env: str, name: str) -> str:
    path = os.environ.get(env) or shutil.which(name)
    if not path:
        missing(name, f"set ${env}")
    assert path
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@contextmanager
def pywb_serving(data_dir: Path, db_url: str | None, wayback: str) -> Iterator[str]:
    """`provcrawl serve` on a free loopback port; yields the collection's base URL."""
    port = free_port()
    env = {**os.environ, "PROVCRAWL_PYWB": wayback, "PYTHONPATH": str(ROOT)}
    db = ["--db", db_url] if db_url else []
    server = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--port", str(port), "--data-dir",
                               str(data_dir), *db], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_listening(port, server)
        yield f"http://127.0.0.1:{port}/provcrawl"
    finally:
        server.terminate()
        server.wait(timeout=30)


def chromium_dom(chromium: str, url: str, profile: Path) -> str:
    """The DOM headless Chromium ends up with at ``url`` (scripts run for 5 s of virtual time)."""
    proc = subprocess.run([chromium, "--headless", *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                           "--virtual-time-budget=5000", "--dump-dom", url], capture_output=True, text=True, timeout=120)
    return proc.stdout


def replaywebpage() -> Path:
    """The directory holding ReplayWeb.page's ui.js and sw.js (from its npm package)."""
    path = Path(os.environ.get("PROVCRAWL_REPLAYWEBPAGE") or DEFAULT_REPLAYWEBPAGE)
    if not ((path / "ui.js").is_file() and (path / "sw.js").is_file()):
        missing("ReplayWeb.page", f"npm package replaywebpage unpacked in $PROVCRAWL_REPLAYWEBPAGE or {DEFAULT_REPLAYWEBPAGE}")
    return path


class _RangeHandler(SimpleHTTPRequestHandler):
    """Static files with single byte ranges: ReplayWeb.page reads a WACZ by ranges."""

    def log_message(self, fmt: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return None
        data = path.read_bytes()
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range") or "")
        if m and (m.group(1) or m.group(2)):
            start = int(m.group(1)) if m.group(1) else max(0, len(data) - int(m.group(2)))
            end = min(int(m.group(2)) if m.group(1) and m.group(2) else len(data) - 1, len(data) - 1)
            body = data[start:end + 1]
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        else:
            body = data
            self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def replaywebpage_text(wacz: Path, url: str, ts: str, chromium: str, tmp: Path, want: str,
                       timeout: float = 60) -> str:
    """Open ``wacz`` in ReplayWeb.page's embed at ``url``/``ts``; return the replayed page's text.

    Returns as soon as a frame's text contains ``want``; otherwise, at the timeout, the text of
    every frame (so a failing assertion shows what was replayed instead).
    """
    return replaywebpage_evaluate(wacz, url, ts, chromium, tmp, want, "null", timeout)[0]


def replaywebpage_evaluate(wacz: Path, url: str, ts: str, chromium: str, tmp: Path, want: str,
                           expression: str, timeout: float = 60) -> tuple[str, object]:
    """Like :func:`replaywebpage_text`, and also the value of the JavaScript ``expression``
    evaluated in the replayed frame once it has loaded (None when no frame showed ``want``).
    """
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import Frame
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright", "pip install -e '.[test]'")
    rwp = replaywebpage()
    site = tmp / "rwp-site"
    (site / "replay").mkdir(parents=True)
    shutil.copy(rwp / "ui.js", site / "ui.js")
    shutil.copy(rwp / "sw.js", site / "replay" / "sw.js")
    shutil.copy(wacz, site / "bundle.wacz")
    (site / "index.html").write_text(
        '<!doctype html><html><head><script src="./ui.js"></script></head><body>'
        f'<replay-web-page source="bundle.wacz" url="{url}" ts="{ts}" style="display:block;height:90vh">'
        "</replay-web-page></body></html>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_RangeHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            try:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                # the first load may race the service worker's activation: once it is active, load again
                registered = "navigator.serviceWorker.getRegistration('./replay/').then(r => !!(r && r.active))"
                deadline = time.time() + timeout
                while time.time() < deadline and not page.evaluate(registered):
                    time.sleep(0.2)
                page.reload()
                texts: list[str] = []
                frames: list[Frame] = []
                while time.time() < deadline:
                    texts, frames = [], []
                    for frame in page.frames:
                        try:
                            texts.append(frame.evaluate("document.body ? document.body.innerText : ''"))
                            frames.append(frame)
                        except PlaywrightError:
                            continue
                    for frame, text in zip(frames, texts):
                        if want in text:
                            frame.wait_for_load_state("load")  # its stylesheets and images are in
                            return text, frame.evaluate(expression)
                    time.sleep(0.5)
                return "\n----\n".join(texts), None
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
