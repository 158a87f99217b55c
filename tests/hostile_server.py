"""A hostile HTTP server on loopback, written on raw asyncio streams so it can send malformed HTTP.

``with HostileServer() as srv: srv.url("/")`` serves, on 127.0.0.1 and an ephemeral port:

* ``/`` an index linking to every endpoint below;
* ``/good/1`` .. ``/good/3``, ``/gzip-good``: normal pages with real text that must survive;
* ``/bomb`` (gzip bomb: concatenated members, ~1 MB on the wire, 1 GiB decoded) and
  ``/bomb-nested`` (``Content-Encoding: gzip, gzip``, ~40 KB on the wire, 4 GiB decoded);
* ``/huge`` (200 MB, with Content-Length, streamed) and ``/huge-nolength`` (the same, close-delimited);
* ``/trickle`` (one byte a second), ``/short`` (Content-Length 10000, closes after 100 bytes),
  ``/no-response`` (reads the request, closes without a byte);
* ``/loop/a`` → ``/loop/b`` → ``/loop/a`` (redirect loop), ``/chain/N`` (N-hop redirect chain
  ending at ``/chain/0``, a good page);
* ``/binary-html`` (random bytes as text/html), ``/cp1251-as-utf8`` (declares UTF-8, is
  windows-1251), ``/invalid-utf8`` (UTF-8 with invalid sequences);
* ``/links`` (100,000 links), ``/deep`` (50,000 nested elements);
* ``/longurl`` (links to a 10 KB URL under ``/long/``, which is answered);
* ``/idn`` (links to ``/путь``, ``/%E2%82%AC``, ``/a%2Fb`` on this host and to IDN hosts elsewhere);
* ``/bad-status`` (invalid status line), ``/bad-headers`` (a header line without a colon and
  conflicting Content-Lengths), ``/dup-headers`` (duplicate and odd but parseable headers: a good page),
  ``/long-headers`` (a good page with a 1 KB Content-Type, a 340-byte Last-Modified, a 5 KB ETag).

``server.requests`` lists every request target received, raw (percent-encoding as sent).
Constructed with ``routes=``, the server serves those instead (used by the SSRF tests).

Also here: :class:`GuardedCli`, the tests' ``Cli`` with a network guard in the crawl process
(any connection to a non-loopback address is refused before it is made, and logged) and the
child's own peak RSS (``os.wait4``).
"""

from __future__ import annotations

import asyncio
import errno
import gzip
import ipaddress
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any, Union

from tests.conftest import ROOT, Cli

# -- page texts ------------------------------------------------------------------------------
GOOD_TEXTS = {
    "/good/1": ("Harbour towns and the winter trade",
                "The harbour towns along the northern coast depended on the winter trade for most of the year. "
                "Merchants stored salted fish and timber in long warehouses beside the quays, and the first ships "
                "of spring carried them south to markets that paid in silver and grain."),
    "/good/2": ("Mapping the river delta",
                "Surveyors spent three summers mapping the river delta, wading through reed beds with chains and "
                "measuring poles. Their charts showed channels that shifted with every flood, so the maps were "
                "redrawn each decade and the old ones kept in the county archive."),
    "/good/3": ("The observatory on the hill",
                "The observatory on the hill was built by subscription in the last years of the century. Its "
                "refracting telescope came by rail in eleven crates, and the town turned out to watch the dome "
                "lifted into place on a cold morning in late November."),
    "/gzip-good": ("Bread, salt and the village council",
                   "Every spring the village council met in the schoolhouse to settle the price of bread and salt. "
                   "The minutes, written in a careful hand, record long arguments about the mill, the new road and "
                   "the cost of repairing the bridge after the floods."),
    "/dup-headers": ("Duplicate headers do not spoil a page",
                     "This page is sent with duplicate and unusual header fields. A careful client keeps every one "
                     "of them, picks a sensible content type, and still extracts these sentences as the main text "
                     "of the page without any trouble at all."),
    "/long-headers": ("Long header values are still a page",
                      "This page comes with a Content-Type, a Last-Modified and an ETag far longer than any sane "
                      "server sends. The page itself is ordinary, and its text must be kept whatever the database "
                      "behind the crawler is."),
    "/invalid-utf8": ("Invalid bytes in a UTF-8 page",
                      "Most of this page is perfectly ordinary English text encoded as UTF-8. A few invalid byte "
                      "sequences are sprinkled between the paragraphs, and a robust decoder replaces them and keeps "
                      "all of the readable sentences intact for the archive."),
    "/chain/0": ("The end of a long redirect chain",
                 "This page sits at the end of a long chain of redirects. A crawler with a sensible redirect limit "
                 "stops well before it gets here, and records where and why it stopped instead of silently "
                 "dropping the request on the floor."),
    "/long/": ("A page behind a very long URL",
               "This page is served at a URL that is ten kilobytes long. The server answers it like any other "
               "page, and the crawler either fetches and records it or records clearly that it refused to."),
    "/%D0%BF%D1%83%D1%82%D1%8C": ("Путь: a Cyrillic path",
                                  "This page lives at a path written in Cyrillic letters and sent percent-encoded "
                                  "as UTF-8. It must be fetched at exactly that path and recorded under its URL."),
    "/%E2%82%AC": ("The euro sign path",
                   "This page lives at the percent-encoded euro sign. Percent-encoded paths must reach the server "
                   "exactly as written in the link, byte for byte, with nothing decoded on the way."),
    "/a%2Fb": ("An encoded slash is not a slash",
               "This page lives at a path with an encoded slash. Decoding it into a real slash would ask for a "
               "different resource, which this server answers with a not-found page instead."),
}
CP1251_TEXT = ("Министерство иностранных дел сообщило о переговорах в Рейкьявике. Стороны обсудили "
               "стратегическую стабильность, Арктику и работу посольств. Министр подчеркнул, что диалог "
               "должен продолжаться на основе взаимного уважения и учета интересов друг друга.")
LONG_PATH = "/long/" + "x" * 10240
LINKS_COUNT = 100_000
DEEP_COUNT = 50_000


def article(title: str, text: str, lang: str = "en", charset: str = "utf-8") -> str:
    paras = "".join(f"<p>{text}</p>\n" for _ in range(3))
    return (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"{charset}\"><title>{title}</title></head>"
            f"<body><header><nav><a href=\"/\">Home</a></nav></header><main><article><h1>{title}</h1>\n{paras}"
            f"</article></main><footer>Hostile test site</footer></body></html>")


def page(status: int, body: bytes, headers: list[tuple[str, str]] | None = None, reason: str | None = None,
         content_type: str | None = "text/html; charset=utf-8") -> bytes:
    from http import HTTPStatus

    phrase = reason if reason is not None else HTTPStatus(status).phrase
    lines = [f"HTTP/1.1 {status} {phrase}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    lines += [f"{k}: {v}" for k, v in headers or []]
    lines += [f"Content-Length: {len(body)}", "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def redirect(location: str, status: int = 302) -> bytes:
    return page(status, b"", [("Location", location)], content_type=None)


# -- the bombs (built once, a few MB of memory at most) -------------------------------------------
@cache
def _zero_member() -> bytes:
    """One gzip member of 8 MiB of zeros (~8 KB)."""
    return gzip.compress(b"\0" * (8 << 20), compresslevel=9, mtime=0)


@cache
def bomb_body() -> bytes:
    """128 concatenated members: ~1 MB on the wire, 1 GiB decoded."""
    return b"".join([_zero_member()] * 128)


@cache
def nested_bomb_body() -> bytes:
    """gzip(512 members): tens of KB on the wire, 4 MiB after one layer, 4 GiB after two."""
    return gzip.compress(b"".join([_zero_member()] * 512), compresslevel=9, mtime=0)


# -- handlers --------------------------------------------------------------------------------
Handler = Callable[["HostileServer", asyncio.StreamWriter, str], Awaitable[None]]
Route = Union[bytes, Handler]


async def _send(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(data)
    await writer.drain()


async def _stream(writer: asyncio.StreamWriter, head: bytes, total: int, max_seconds: float = 60.0) -> None:
    """Send ``head``, then up to ``total`` bytes, until the client goes away."""
    await _send(writer, head)
    chunk = b"<p>" + b"a" * 65530 + b"</p>"
    sent, deadline = 0, time.monotonic() + max_seconds
    while sent < total and time.monotonic() < deadline:
        if writer.is_closing():
            return
        writer.write(chunk)
        await writer.drain()
        sent += len(chunk)


async def h_huge(srv: HostileServer, w: asyncio.StreamWriter, target: str) -> None:
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 200000000\r\nConnection: close\r\n\r\n"
            b"<html><body>")
    await _stream(w, head, 200_000_000)


async def h_huge_nolength(srv: HostileServer, w: asyncio.StreamWriter, target: str) -> None:
    await _stream(w, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>", 200_000_000)


async def h_trickle(srv: HostileServer, w: asyncio.StreamWriter, target: str) -> None:
    body = b"<html><body><p>slow</p></body></html>"
    await _send(w, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                % len(body))
    for i in range(len(body)):
        if w.is_closing():
            return
        await _send(w, body[i:i + 1])
        await asyncio.sleep(1.0)


async def h_short(srv: HostileServer, w: asyncio.StreamWriter, target: str) -> None:
    await _send(w, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\nConnection: close\r\n\r\n"
                + (b"<html><body><p>" + b"s" * 100)[:100])


async def h_no_response(srv: HostileServer, w: asyncio.StreamWriter, target: str) -> None:
    return  # the connection is closed without a byte


def _index() -> bytes:
    paths = ["/good/1", "/good/2", "/good/3", "/gzip-good", "/bomb", "/bomb-nested", "/huge", "/huge-nolength",
             "/trickle", "/short", "/no-response", "/loop/a", "/chain/30", "/binary-html", "/cp1251-as-utf8",
             "/invalid-utf8", "/more", "/deep", "/longurl", "/idn", "/bad-status", "/bad-headers", "/dup-headers",
             "/long-headers"]
    links = "".join(f'<li><a href="{p}">{p}</a></li>\n' for p in paths)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Hostile index</title></head><body>"
            f"<h1>Hostile test site</h1><ul>\n{links}</ul></body></html>").encode()


def _links_page() -> bytes:
    # Reached at depth 2 (/ → /more → /links), so its 100,000 links are parsed and then dropped by
    # the depth limit: the crawl must survive extracting them, not fetch them.
    parts = [b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Many links</title></head><body><ul>\n"]
    parts += [b'<li><a href="/l/%d">link %d</a></li>\n' % (i, i) for i in range(LINKS_COUNT)]
    parts.append(b"</ul></body></html>")
    return b"".join(parts)


def _deep_page() -> bytes:
    return (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Deep</title></head><body>"
            + b"<div>" * DEEP_COUNT + b"<p>Deep inside fifty thousand nested elements.</p>" + b"</div>" * DEEP_COUNT
            + b"</body></html>")


def _binary() -> bytes:
    return random.Random(9).randbytes(64 * 1024)


def _invalid_utf8() -> bytes:
    title, text = GOOD_TEXTS["/invalid-utf8"]
    html = article(title, text).encode()
    # invalid sequences between the paragraphs: a lone continuation byte, a truncated 2-byte
    # sequence, an overlong '/', a surrogate, bytes that never occur in UTF-8
    junk = [b"\x80", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xfe\xff", b"\xf8\x88\x80\x80\x80"]
    parts = html.split(b"</p>\n")
    return b"".join(p + b"</p>" + junk[i % len(junk)] + b"\n" for i, p in enumerate(parts[:-1])) + parts[-1]


def _idn_page() -> bytes:
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>IDN and encoded links</title></head><body>"
            '<a href="/путь">Cyrillic path</a> <a href="/%E2%82%AC">euro</a> <a href="/a%2Fb">encoded slash</a> '
            '<a href="http://пример.испытание/">IDN host, elsewhere</a> '
            '<a href="http://xn--e1afmkfd.xn--80akhbyknj4f/">punycode host, elsewhere</a>'
            "</body></html>").encode()


def default_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {
        "/": page(200, _index()),
        "/robots.txt": page(200, b"User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/more": page(200, b'<html><head><title>More</title></head><body><a href="/links">links</a></body></html>'),
        "/links": page(200, _links_page()),
        "/deep": page(200, _deep_page()),
        "/longurl": page(200, f'<html><head><title>Long URL</title></head><body><a href="{LONG_PATH}">a very long '
                              f'URL</a></body></html>'.encode()),
        "/idn": page(200, _idn_page()),
        "/binary-html": page(200, _binary(), content_type="text/html"),
        "/cp1251-as-utf8": page(200, article("Переговоры в Рейкьявике", CP1251_TEXT, lang="ru").encode("cp1251"),
                                content_type="text/html; charset=utf-8"),
        "/invalid-utf8": page(200, _invalid_utf8()),
        "/loop/a": redirect("/loop/b"),
        "/loop/b": redirect("/loop/a"),
        "/huge": h_huge,
        "/huge-nolength": h_huge_nolength,
        "/trickle": h_trickle,
        "/short": h_short,
        "/no-response": h_no_response,
        "/bad-status": b"HTTP/1.1 abc Broken\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: close"
                       b"\r\n\r\nhello",
        "/bad-headers": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nThis line has no colon\r\n"
                        b"Content-Length: 10\r\nContent-Length: 20\r\nConnection: close\r\n\r\n<html></ht",
    }
    for path, (title, text) in GOOD_TEXTS.items():
        if path in ("/gzip-good", "/dup-headers", "/invalid-utf8", "/long/", "/long-headers"):
            continue
        routes[path] = page(200, article(title, text).encode())
    title, text = GOOD_TEXTS["/gzip-good"]
    routes["/gzip-good"] = page(200, gzip.compress(article(title, text).encode(), mtime=0),
                                [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")])
    title, text = GOOD_TEXTS["/long-headers"]
    routes["/long-headers"] = page(200, article(title, text).encode(), [
        ("Last-Modified", "Thu, 20 May 2021 10:00:00 GMT" + " (and then some)" * 20),
        ("ETag", '"' + "e" * 5000 + '"')], content_type="text/html; charset=utf-8; " + "; ".join(
            f"param{i}=value{i}" for i in range(80)))
    title, text = GOOD_TEXTS["/dup-headers"]
    body = article(title, text).encode()
    routes["/dup-headers"] = (
        b"HTTP/1.1 200 OK\r\n"
        b"Content-Type: text/html; charset=utf-8\r\nContent-Type: text/html\r\n"
        b"Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; Path=/\r\nSet-Cookie: a=3; Path=/\r\n"
        b"X-Dup: one\r\nX-Dup: two\r\nx-dup: three\r\n"
        b"X-Empty:\r\nX-Padded:    spaced value   \r\n"
        b"X-Latin1: caf\xe9 cr\xe8me\r\n"
        b"X-Long: " + b"v" * 8000 + b"\r\n"
        b"Cache-Control: no-cache\r\nCache-Control: max-age=0\r\n"
        b"Content-Length: %d\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % (len(body), len(body)) + body)
    return routes


def route_for(routes: dict[str, Route], path: str) -> Route | None:
    if path in routes:
        return routes[path]
    if path.startswith("/chain/") and path[7:].isdigit():
        n = int(path[7:])
        if n > 0:
            return redirect(f"/chain/{n - 1}")
        title, text = GOOD_TEXTS["/chain/0"]
        return page(200, article(title, text).encode())
    if path.startswith("/l/"):
        return page(200, b"<html><body><p>one of many links</p></body></html>")
    if path == LONG_PATH:
        title, text = GOOD_TEXTS["/long/"]
        return page(200, article(title, text).encode())
    if path == "/bomb":
        return page(200, bomb_body(), [("Content-Encoding", "gzip")])
    if path == "/bomb-nested":
        return page(200, nested_bomb_body(), [("Content-Encoding", "gzip, gzip")])
    return None


NOT_FOUND = page(404, b"<html><head><title>Not found</title></head><body><h1>404</h1></body></html>")


class HostileServer:
    def __init__(self, host: str = "127.0.0.1", routes: dict[str, Route] | None = None,
                 fallback: Route | None = NOT_FOUND) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError("the hostile server serves on loopback only")
        self.host = host
        self.routes = routes if routes is not None else default_routes()
        self.fallback = fallback
        self.requests: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    # -- life cycle ------------------------------------------------------------------------
    def __enter__(self) -> HostileServer:
        self._thread.start()
        fut = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, self.host, 0, limit=1 << 20, reuse_address=True), self._loop)
        self._server = fut.result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        async def _stop() -> None:
            assert self._server is not None
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(_stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    # -- serving ---------------------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=30)
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            parts = request_line.split(" ")
            target = parts[1] if len(parts) >= 2 else "/"
            self.requests.append(target)
            path = target.split("?", 1)[0]
            route = route_for(self.routes, path)
            if route is None:
                route = self.fallback
            if route is None:
                return
            if isinstance(route, bytes):
                await _send(writer, route)
            else:
                await route(self, writer, target)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError,
                asyncio.CancelledError):
            pass
        finally:
            try:
                writer.close()
            except Exception:  # noqa: BLE001
                pass


# -- the crawl process: a network guard and its peak RSS ----------------------------------------
NETGUARD_LOG = "PROVCRAWL_TEST_NETGUARD_LOG"


def install_netguard() -> None:
    """In the crawl process: refuse (ECONNREFUSED) and log any connection to a non-loopback address.

    Nothing the tests start may reach beyond loopback, whatever provcrawl does; a test then sees
    from the log that a connection was attempted.
    """
    log = os.environ.get(NETGUARD_LOG)
    orig_connect, orig_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def allowed(sock: socket.socket, address: Any) -> bool:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return True
        try:
            ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return ip.is_loopback

    def note(address: Any) -> None:
        if log:
            with open(log, "a") as fh:
                fh.write(f"{address!r}\n")

    def connect(self: socket.socket, address: Any) -> None:
        if not allowed(self, address):
            note(address)
            raise ConnectionRefusedError(errno.ECONNREFUSED, f"netguard: {address!r} is not loopback")
        return orig_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not allowed(self, address):
            note(address)
            return errno.ECONNREFUSED
        return orig_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]


GUARDED_MAIN = ("import sys; sys.argv[0] = 'provcrawl'; "
                "from tests.hostile_server import install_netguard; install_netguard(); "
                "from crawler.cli import main; main()")


class GuardedCli(Cli):
    """``Cli`` whose child runs behind the network guard; ``last_maxrss_mb`` is that child's peak RSS."""

    def __init__(self, data_dir: Path, db_url: str | None = None) -> None:
        super().__init__(data_dir, db_url)
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.guard_log = data_dir.parent / "netguard.log"
        self.last_maxrss_mb: float | None = None
        self.last_seconds: float | None = None

    def blocked_connections(self) -> list[str]:
        return self.guard_log.read_text().splitlines() if self.guard_log.exists() else []

    def run(self, *args: str, check: bool = True, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-c", GUARDED_MAIN, *args]
        if args and args[0] not in ("--help", "--version", "extract"):
            cmd += ["--data-dir", str(self.data_dir)]
            if self.db_url:
                cmd += ["--db", self.db_url]
        env = {**os.environ, "PYTHONPATH": str(ROOT), NETGUARD_LOG: str(self.guard_log)}
        env.pop("PROVCRAWL_DATA_DIR", None)
        env.pop("PROVCRAWL_DB", None)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.monotonic()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=ROOT, env=env)
            timer = threading.Timer(timeout, lambda: os.kill(proc.pid, signal.SIGKILL))
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            self.last_seconds = time.monotonic() - start
            self.last_maxrss_mb = usage.ru_maxrss / 1024  # Linux: KiB
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        result = subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)
        if proc.returncode == -signal.SIGKILL and self.last_seconds >= timeout:
            raise AssertionError(f"{args[:1]} did not finish within {timeout} s\nstderr:\n{stderr[-4000:]}")
        if check and proc.returncode != 0:
            raise AssertionError(f"{cmd} exited {proc.returncode}\nstdout:\n{stdout}\nstderr:\n{stderr[-4000:]}")
        return result
