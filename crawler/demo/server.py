"""A loopback HTTP server for the demo and the tests: serves crawler/demo/site/ plus scripted routes.

Scripted routes: ``/gz/<path>`` (the file, Content-Encoding: gzip), ``/old-link`` → 301 ``/moved``
→ 302 to an article (a redirect chain), ``/to-private`` → 302 to a private address (must be
refused, never fetched), ``/cookies`` (two Set-Cookie headers). Unknown paths are 404 pages.
"""

from __future__ import annotations

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SITE = Path(__file__).parent / "site"
SOURCES = Path(__file__).parent / "sources"
TYPES = {".html": "text/html", ".txt": "text/plain", ".pdf": "application/pdf", ".xml": "application/xml"}
REDIRECTS = {"/old-link": (301, "/moved"), "/moved": (302, "/en/news/lavrov-blinken.html"),
             "/to-private": (302, "http://10.255.255.1/secret")}


class SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FixtureServer/1.0"
    site: Path = SITE

    def log_message(self, fmt: str, *args: object) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        if status == 200 and body:
            import hashlib

            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = [*headers, ("ETag", etag)]
            if self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
                headers = [(k, v) for k, v in headers if k.lower() in ("etag", "last-modified")]
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    delay: float = 0.0  # seconds per response: a slow site, for crash-and-resume tests

    def do_GET(self) -> None:
        if self.delay:
            import time

            time.sleep(self.delay)
        path = urlsplit(self.path).path
        if path in REDIRECTS:
            status, target = REDIRECTS[path]
            self._send(status, b"", [("Location", target)])
            return
        if path == "/busy":  # rate-limited once per query string, then fine
            hits = self.server.__dict__.setdefault("busy_hits", {})
            hits[self.path] = hits.get(self.path, 0) + 1
            if hits[self.path] == 1:
                self._send(429, b"<html><body><h1>Too Many Requests</h1></body></html>",
                           [("Content-Type", "text/html"), ("Retry-After", "1")])
                return
            path = "/irna/83317115.html"
        if path == "/cookies":
            self._send(200, b"<html><body><p>cookies</p></body></html>",
                       [("Content-Type", "text/html"), ("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/")])
            return
        encoded = path.startswith("/gz/")
        rel = path[len("/gz/"):] if encoded else path.lstrip("/")
        file = (self.site / (rel or "index.html")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_relative_to(self.site.resolve()) or not file.is_file():
            self._send(404, b"<html><head><title>Not found</title></head><body><h1>404 Not Found</h1></body></html>",
                       [("Content-Type", "text/html")])
            return
        body = file.read_bytes()
        headers = [("Content-Type", TYPES.get(file.suffix, "application/octet-stream")),
                   ("Last-Modified", "Thu, 20 May 2021 10:00:00 GMT")]
        if encoded:
            body = gzip.compress(body, mtime=0)  # deterministic, as nginx does
            headers.append(("Content-Encoding", "gzip"))
        self._send(200, body, headers)


class SourcesHandler(SiteHandler):
    """Serves ``sources/<Host>/<path>``: the sources' real URLs, reached through the loopback handler.

    A trailing slash tries index.html, index.xml, index.json; a query string is part of the file
    name (``index.html?page=2``); ``FILE.meta.json`` may set ``status`` and ``headers``.
    """

    root: Path = SOURCES
    types = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".rss": "application/rss+xml",
             ".atom": "application/atom+xml", ".json": "application/json", ".txt": "text/plain"}

    def _file(self) -> Path | None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        parts = urlsplit(self.path)
        base = (self.root / host).resolve()
        rel = parts.path.lstrip("/")
        query = f"?{parts.query}" if parts.query else ""
        candidates = [base / rel / f"index{ext}{query}" for ext in (".html", ".xml", ".json")] \
            if (not rel or rel.endswith("/")) else [base / f"{rel}{query}", base / rel / f"index.html{query}"]
        for c in candidates:
            c = c.resolve()
            if c.is_relative_to(base) and c.is_file():
                return c
        return None

    def do_GET(self) -> None:
        file = self._file()
        if file is None:
            self._send(404, b"<html><head><title>404</title></head><body><h1>Not Found</h1></body></html>",
                       [("Content-Type", "text/html; charset=utf-8")])
            return
        ext = "." + file.name.split("?", 1)[0].rsplit(".", 1)[-1] if "." in file.name else ""
        status, headers = 200, {"Content-Type": self.types.get(ext, "application/octet-stream")}
        meta = file.with_name(file.name + ".meta.json")
        if meta.is_file():
            import json

            extra = json.loads(meta.read_text())
            status = extra.get("status", status)
            headers.update(extra.get("headers", {}))
            # a JavaScript challenge: once its script has set this cookie, the page behind it
            if extra.get("cleared_by_cookie") and extra["cleared_by_cookie"] in (self.headers.get("Cookie") or ""):
                file, status = file.with_name(file.name + ".cleared"), 200
                headers = {"Content-Type": "text/html; charset=utf-8"}
        self._send(status, file.read_bytes(), list(headers.items()))


class FixtureServer:
    """``with FixtureServer() as srv: srv.url("/")`` — a threaded server on 127.0.0.1, port 0."""

    def __init__(self, site: Path = SITE, host: str = "127.0.0.1", *, sources: bool = False, delay: float = 0.0) -> None:
        handler = type("Handler", (SourcesHandler,), {}) if sources else \
            type("Handler", (SiteHandler,), {"site": site, "delay": delay})
        self.httpd = ThreadingHTTPServer((host, 0), handler)
        self.httpd.requests = []  # type: ignore[attr-defined]
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests  # type: ignore[attr-defined,no-any-return]

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
