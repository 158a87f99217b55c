"""Browser capture vs HTTP on a loopback site of N pages with assets (not a timed test).

Each page links to the next pages and loads a stylesheet, an image, a web font and a fetch()
widget. ``provcrawl crawl --start`` runs as a subprocess with ``--fetch http`` and with
``--fetch browser`` at 1 and 2 pages open; for each: pages per second, CPU-seconds of the whole
process tree (Chromium and Playwright's driver included) and the peak resident memory of that
tree, sampled every 0.2 s, plus the cores other processes used meanwhile (a shared machine).

    python bench/browser_capture.py --pages 200
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine_load import measure_load, tree_rss  # noqa: E402

CSS = b"body { font-family: 'B', serif; color: #222 } h1 { color: rgb(12, 34, 56) }" \
      b"@font-face { font-family: 'B'; src: url(/font.woff2) }"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
WORDS = ("the ministry said talks on cooperation would resume after a pause in which working groups "
         "had not met and delegations agreed on a schedule of technical consultations").split()


def page(n: int, total: int) -> bytes:
    links = "".join(f'<li><a href="/p/{k}">page {k}</a></li>' for k in (n + 1, n + 2, n + 3) if k < total)
    text = "".join(f"<p>{' '.join(WORDS[(n + i) % 7:] + WORDS[:(n + i) % 7])}.</p>" for i in range(8))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page {n}</title>'
            f'<link rel="stylesheet" href="/style.css"></head><body><article><h1>Page {n}</h1>{text}'
            f'<img src="/img/{n}.png"></article><ul>{links}</ul><div id="c"></div>'
            f'<script>fetch("/api/{n}").then(r => r.text()).then(t => document.getElementById("c").textContent = t)'
            f"</script></body></html>").encode()


def serve(total: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            p = self.path
            if p.startswith("/p/"):
                body, ctype = page(int(p[3:]), total), "text/html; charset=utf-8"
            elif p == "/style.css":
                body, ctype = CSS, "text/css"
            elif p.startswith("/img/"):
                body, ctype = PNG, "image/png"
            elif p == "/font.woff2":
                body, ctype = b"wOF2" + bytes(2000), "font/woff2"
            elif p.startswith("/api/"):
                body, ctype = b"a comment for " + p.encode(), "text/plain"
            elif p == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def run(base: str, pages: int, fetch: str, max_pages: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "crawler", "crawl", "--start", f"{base}/p/0", "--max-pages", str(pages),
               "--fetch", fetch, "--data-dir", tmp, "--json", "-s", f"BROWSER_MAX_PAGES={max_pages}",
               "-s", "BROWSER_IDLE_WAIT=1", "-s", "LOG_LEVEL=WARNING"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        peak = 0
        with measure_load() as load:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            while proc.poll() is None:
                peak = max(peak, tree_rss(proc.pid))
                time.sleep(0.2)
            out = proc.stdout.read() if proc.stdout else b""
        info = json.loads(out)
        captured = info.get("extracted") or 0
        return {"fetch": fetch, "pages_open": max_pages if fetch == "browser" else None, "pages_with_text": captured,
                "captures": info.get("captures"), "wall_s": round(load.wall, 1),
                "pages_per_s": round(captured / load.wall, 2) if load.wall else None,
                "cpu_s": round(load.own_cpu, 1), "cpu_ms_per_page": round(1000 * load.own_cpu / captured, 1) if captured else None,
                "peak_rss_mb": round(peak / 2**20), "other_cores": round(load.other_cores, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args(argv)
    httpd = serve(args.pages)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows = [run(base, args.pages, "http", 0), run(base, args.pages, "browser", 1), run(base, args.pages, "browser", 2)]
    httpd.shutdown()
    print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
