"""A loopback site that imitates a JavaScript bot challenge (F5/Shape TSPD style) in front of an article.

Without the right cookie, ``/article`` answers 200 with a challenge page whose inline script
computes a value, sets it as a cookie and reloads; with it, the article, which loads a stylesheet
(served gzip-encoded), an image, a web font and a comment widget through ``fetch()``.
``/captcha`` never clears (no script sets the cookie). ``/ssrf`` is an article that also loads an
image from another loopback address the user did not name (``probe``, a second server that only
counts hits). Every request is logged (path, cookie) so tests can see what reached the server.
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

COOKIE = "provcrawl_chl"
ANSWER = str(sum(i * i for i in range(1, 40)))  # what the challenge script computes (20540)

CHALLENGE = f"""<!DOCTYPE html><html><head><title>Please wait</title>
<script>window["bobcmn"] = "0102030405";
var v = 0; for (var i = 1; i < 40; i++) {{ v += i * i; }}
document.cookie = "{COOKIE}=" + v + "; path=/";
setTimeout(function () {{ location.reload(); }}, 200);
</script><script src="/TSPD/challenge.js"></script></head>
<body><noscript>Please enable JavaScript to view the page content.</noscript></body></html>"""

# the same challenge, but its helper script answers only after the challenge has moved on: the
# browser abandons that request (no response ever arrives)
CHALLENGE_SLOW_HELPER = CHALLENGE.replace("/TSPD/challenge.js", "/TSPD/slow.js")

CAPTCHA = """<!DOCTYPE html><html><head><title>Please wait</title>
<script>window["bobcmn"] = "0102030405";</script></head>
<body><noscript>Please enable JavaScript to view the page content.</noscript><div id="captcha">Solve me</div></body></html>"""

PARAGRAPHS = [
    "The ministry said on Tuesday that the talks on Arctic cooperation would resume in the spring, after a pause "
    "of almost two years during which the working groups had not met in person.",
    "According to the statement, the delegations agreed on a schedule for technical consultations covering "
    "shipping lanes, search and rescue, and the protection of the marine environment in the northern seas.",
    "Officials stressed that the council remained the main forum for regional questions and that scientific "
    "cooperation between the member states should not depend on the political climate of the moment.",
    "Observers noted that the wording of the communique was more conciliatory than in earlier years, and that "
    "both sides avoided the sharper formulations that had marked the previous round of negotiations entirely.",
]
TITLE = "Arctic talks to resume in spring"


def article(extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>
<link rel="stylesheet" href="/static/site.css"></head>
<body><article><h1>{TITLE}</h1>{body}<img src="/static/map.png" alt="map">{extra}</article>
<section id="comments">loading comments</section>
<script>fetch("/api/comments").then(function (r) {{ return r.json(); }}).then(function (c) {{
  document.getElementById("comments").textContent = c.map(function (x) {{ return x.text; }}).join(" | ");
}});</script></body></html>"""


CSS = b"""@font-face { font-family: "Demo"; src: url("/static/demo.woff2") format("woff2"); }
body { font-family: "Demo", serif; } h1 { color: rgb(12, 34, 56); }"""
# a 1x1 PNG
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
FONT = b"wOF2" + bytes(range(256)) * 4
COMMENTS = b'[{"text": "First comment on the talks"}, {"text": "Second comment"}]'


class ChallengeServer:
    """``with ChallengeServer() as s: s.url('/article')``; ``s.probe_hits`` counts reached probes."""

    def __init__(self, host: str = "127.0.0.1", probe_host: str = "127.0.0.2") -> None:
        self.log: list[tuple[str, str]] = []
        self.probe_hits: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                cookie = self.headers.get("Cookie") or ""
                outer.log.append((self.path, cookie))
                path = self.path.split("?", 1)[0]
                cleared = f"{COOKIE}={ANSWER}" in cookie
                if path == "/robots.txt":
                    self._send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
                elif path in ("/article", "/ssrf", "/captcha", "/article-slow-helper"):
                    if path == "/captcha" or not cleared:
                        page = CAPTCHA if path == "/captcha" else \
                            CHALLENGE_SLOW_HELPER if path == "/article-slow-helper" else CHALLENGE
                        self._send(200, "text/html; charset=utf-8", page.encode(),
                                   {"Cache-Control": "no-store", "Set-Cookie": "TSPD_101=1; path=/"})
                        return
                    extra = f'<img src="http://{outer.probe_host}:{outer.probe_port}/secret.png">' if path == "/ssrf" else ""
                    self._send(200, "text/html; charset=utf-8", article(extra).encode())
                elif path == "/TSPD/slow.js":
                    time.sleep(3)
                    try:
                        self._send(200, "application/javascript", b"/* too late */")
                    except OSError:
                        pass  # the browser gave up on it, as intended
                elif path == "/TSPD/challenge.js":
                    self._send(200, "application/javascript", b"/* challenge helper */")
                elif path == "/static/site.css":
                    self._send(200, "text/css", gzip.compress(CSS), {"Content-Encoding": "gzip"})
                elif path == "/static/map.png":
                    self._send(200, "image/png", PNG)
                elif path == "/static/demo.woff2":
                    self._send(200, "font/woff2", FONT)
                elif path == "/api/comments":
                    self._send(200, "application/json", COMMENTS)
                else:
                    self._send(404, "text/plain", b"not found")

        class ProbeHandler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                outer.probe_hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(PNG)))
                self.end_headers()
                self.wfile.write(PNG)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.probe = ThreadingHTTPServer((probe_host, 0), ProbeHandler)
        self.probe_host, self.probe_port = probe_host, self.probe.server_address[1]
        self.host, self.port = host, self.httpd.server_address[1]
        self._threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (self.httpd, self.probe)]

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def __enter__(self) -> ChallengeServer:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for s in (self.httpd, self.probe):
            s.shutdown()
            s.server_close()
