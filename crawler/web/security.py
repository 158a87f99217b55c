"""What stands between captured pages, the network and the reader: response headers that forbid
script and framing, a Host check against DNS rebinding, and the access token.

Without a token the server must listen on loopback only (the CLI refuses anything else), and it
answers only requests addressed to a loopback name, so a web page cannot rebind its own host
name to 127.0.0.1 and read the archive through the reader's browser. With a token every request
must carry it: ``Authorization: Bearer T``, or a cookie set by opening any page once with
``?token=T`` (the server then redirects to the same page without the token in its address).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "provcrawl_token"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
NOT_LOOPBACK = ("this reading room answers only on a loopback address (127.0.0.1, localhost); "
                "start it with --token to serve others")


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def content_security_policy(frame_origin: str | None) -> str:
    """No script at all (the reading room has none), nothing embedded but our own images, and
    frames only from the replay server (whose frames are sandboxed as well)."""
    return "; ".join([
        "default-src 'self'", "script-src 'none'", "object-src 'none'", "base-uri 'none'",
        "style-src 'self'", "img-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        f"frame-src {frame_origin}" if frame_origin else "frame-src 'none'",
    ])


class Guard:
    """ASGI middleware: security headers on every answer, then the Host check and the token."""

    def __init__(self, app: ASGIApp, *, token: str | None, frame_origin: str | None) -> None:
        self.app = app
        self.token = token
        self.cookie_value = hmac.new(token.encode(), b"provcrawl web session", hashlib.sha256).hexdigest() \
            if token else None
        self.headers = [
            (b"content-security-policy", content_security_policy(frame_origin).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cache-control", b"no-store"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in self.headers if k not in names)]
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.token is None:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if not is_loopback(name):
                await _plain(send_with_headers, 421, NOT_LOOPBACK)
                return
            await self.app(scope, receive, send_with_headers)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        if "token" in query and self._ok(query["token"]):
            if scope["method"] in ("GET", "HEAD"):
                rest = urlencode([(k, v) for k, v in parse_qsl(scope["query_string"].decode("latin-1"),
                                                               keep_blank_values=True) if k != "token"])
                location = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
                await send_with_headers({"type": "http.response.start", "status": 303, "headers": [
                    (b"location", location.encode("latin-1", "replace")),
                    (b"set-cookie", f"{COOKIE}={self.cookie_value}; Path=/; HttpOnly; SameSite=Strict"
                     .encode()),
                    (b"content-length", b"0")]})
                await send_with_headers({"type": "http.response.body", "body": b""})
                return
            await self.app(scope, receive, send_with_headers)
            return
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and self._ok(auth[7:].strip()):
            await self.app(scope, receive, send_with_headers)
            return
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed Cookie header is no token
            cookie = SimpleCookie()
        if COOKIE in cookie and hmac.compare_digest(cookie[COOKIE].value, self.cookie_value or ""):
            await self.app(scope, receive, send_with_headers)
            return
        await _plain(send_with_headers, 401, "a token is required: open this address with ?token=YOUR_TOKEN "
                                             "once, or send Authorization: Bearer YOUR_TOKEN",
                     extra=[(b"www-authenticate", b'Bearer realm="provcrawl"')])

    def _ok(self, given: str) -> bool:
        assert self.token is not None
        return hmac.compare_digest(given.encode(), self.token.encode())


async def _plain(send: Any, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        *(extra or [])]})
    await send({"type": "http.response.body", "body": body})
