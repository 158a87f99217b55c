"""Loading one page in Chromium and collecting every response it received, through a challenge.

One browser per crawl process and one isolated context per crawl (cookies live there, never in a
user's profile); at most ``max_pages`` pages open at once, each closed after its capture. Every
request the page makes passes ``policy`` first (the private-address check: a refused request is
aborted and reported, never reached). Bodies are the ones Playwright hands over over CDP:
*decoded* (gzip/br undone), which is why the recorder drops ``Content-Encoding`` from what it
stores. A crashed browser is reported for that page and relaunched for the next.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from crawler.capture.chromium import find_chromium, launch_args

logger = logging.getLogger(__name__)

Headers = list[tuple[bytes, bytes]]
Policy = Callable[[str], Awaitable[str | None]]  # URL -> why it is refused, or None
IsChallenge = Callable[["NetResponse"], Awaitable[bool]]


@dataclass
class NetResponse:
    """One response the browser received, with the request that asked for it."""

    url: str
    method: str
    request_headers: Headers
    request_body: bytes
    status: int
    reason: str
    response_headers: Headers
    body: bytes
    fetched_at: datetime
    ip_address: str | None
    document: bool  # a navigation of the page's main frame (the page itself, its redirects, a challenge)
    resource_type: str = ""
    redirect_location: str | None = None
    error: str | None = None  # the body could not be read (or was over the size limit)


@dataclass
class PageResult:
    url: str
    responses: list[NetResponse] = field(default_factory=list)  # in the order they arrived
    refusals: list[tuple[str, str]] = field(default_factory=list)  # (url, why)
    screenshot: bytes | None = None
    dom: str | None = None
    challenge_cleared: bool | None = None  # None: there was no challenge
    notes: list[str] = field(default_factory=list)

    @property
    def documents(self) -> list[NetResponse]:
        return [r for r in self.responses if r.document]


@dataclass(frozen=True)
class BrowserOptions:
    chromium: str | None = None
    max_pages: int = 2
    page_timeout: float = 30.0
    challenge_wait: float = 20.0
    idle_wait: float = 3.0
    max_body: int = 50 * 1024 * 1024
    user_agent: str | None = None
    viewport: tuple[int, int] = (1280, 900)
    # demo/tests only: every request goes to this loopback server with its real Host (as the demo's
    # HTTP handler does), fetched by Playwright and handed to the page; never set in production
    loopback_target: str | None = None


class BrowserError(Exception):
    """The page could not be loaded in the browser (the message says why)."""


class BrowserFetcher:
    """Owns the Playwright driver, the browser and the crawl's context; :meth:`fetch` loads one page."""

    def __init__(self, options: BrowserOptions) -> None:
        self.options = options
        self.executable = find_chromium(options.chromium)  # fails early, before any page is tried
        self._pages = asyncio.Semaphore(max(1, options.max_pages))
        self._lock = asyncio.Lock()
        self._playwright: Any = None
        self._browser: Any = None
        self._context: Any = None
        self.launches = 0

    async def _ensure_context(self) -> Any:
        async with self._lock:
            if self._browser is not None and not self._browser.is_connected():
                logger.warning("Chromium went away; launching it again")
                self._browser = self._context = None
            if self._context is not None:
                return self._context
            if self._playwright is None:
                from playwright.async_api import async_playwright

                self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(
                executable_path=self.executable, args=launch_args(resolve_nothing=bool(self.options.loopback_target)), headless=True)
            self.launches += 1
            w, h = self.options.viewport
            self._context = await self._browser.new_context(
                viewport={"width": w, "height": h}, user_agent=self.options.user_agent,
                service_workers="block", accept_downloads=False)
            return self._context

    async def close(self) -> None:
        async with self._lock:
            for closing in (self._context, self._browser):
                if closing is not None:
                    try:
                        await closing.close()
                    except Exception:  # noqa: BLE001 - a dead browser cannot be closed more
                        pass
            self._context = self._browser = None
            if self._playwright is not None:
                await self._playwright.stop()
                self._playwright = None

    async def fetch(self, url: str, policy: Policy, is_challenge: IsChallenge) -> PageResult:
        """Load ``url``, wait (bounded) through a challenge, and return everything received."""
        async with self._pages:
            context = await self._ensure_context()
            try:
                page = await context.new_page()
            except Exception as exc:  # noqa: BLE001 - the browser died between pages
                self._context = None
                raise BrowserError(f"the browser could not open a page: {exc}") from exc
            try:
                return await _PageRun(page, url, policy, is_challenge, self.options).run()
            except BrowserError:
                raise
            except Exception as exc:  # noqa: BLE001 - a crash is this page's error, not the crawl's
                if self._browser is not None and not self._browser.is_connected():
                    self._context = None
                raise BrowserError(f"browser capture failed: {exc.__class__.__name__}: "
                                   f"{str(exc).splitlines()[0] if str(exc) else ''}") from exc
            finally:
                try:
                    await page.close()
                except Exception:  # noqa: BLE001
                    pass


class _PageRun:
    """One page's load: route guard, response collection, challenge wait, screenshot, DOM."""

    def __init__(self, page: Any, url: str, policy: Policy, is_challenge: IsChallenge, options: BrowserOptions) -> None:
        self.page, self.url, self.policy, self.is_challenge, self.options = page, url, policy, is_challenge, options
        self.result = PageResult(url)
        self.pending: list[asyncio.Task[NetResponse | None]] = []
        self.drained = 0

    async def run(self) -> PageResult:
        page, o = self.page, self.options
        await page.route("**/*", self._guard)
        page.on("response", lambda response: self.pending.append(asyncio.ensure_future(self._collect(response))))
        page.on("requestfailed", lambda request: self.pending.append(asyncio.ensure_future(self._abandoned(request))))
        page.set_default_timeout(o.page_timeout * 1000)
        from playwright.async_api import Error as PlaywrightError

        try:
            await page.goto(self.url, wait_until="load", timeout=o.page_timeout * 1000)
        except PlaywrightError as exc:
            self.result.notes.append(f"navigation: {str(exc).splitlines()[0]}")
        await self._through_challenge()
        await self._settle(o.idle_wait)
        try:
            self.result.screenshot = await page.screenshot(full_page=True, type="png", timeout=o.page_timeout * 1000)
        except PlaywrightError as exc:
            self.result.notes.append(f"screenshot: {str(exc).splitlines()[0]}")
        try:
            self.result.dom = await page.content()
        except PlaywrightError as exc:
            self.result.notes.append(f"rendered DOM: {str(exc).splitlines()[0]}")
        await self._drain()
        if not self.result.documents:
            raise BrowserError(self.result.notes[0] if self.result.notes else "no document response for the page")
        return self.result

    async def _guard(self, route: Any) -> None:
        request = route.request
        why = await self.policy(request.url)
        if why:
            self.result.refusals.append((request.url, why))
            await route.abort("blockedbyclient")
        elif self.options.loopback_target and request.url.startswith(("http:", "https:")):
            await self._via_loopback(route)
        else:
            await route.continue_()

    async def _via_loopback(self, route: Any) -> None:
        from urllib.parse import urlsplit

        from playwright.async_api import Error as PlaywrightError

        request = route.request
        real = urlsplit(request.url)
        target = f"{self.options.loopback_target}{real.path or '/'}{'?' + real.query if real.query else ''}"
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "cookie")}
        headers["host"] = real.netloc
        headers["x-provcrawl-scheme"] = real.scheme
        cookies = await self.page.context.cookies(request.url)
        if cookies:
            headers["cookie"] = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
        try:
            answer = await self.page.context.request.fetch(
                target, method=request.method, headers=headers, data=request.post_data_buffer, max_redirects=0,
                fail_on_status_code=False)
            body = await answer.body()
        except PlaywrightError:
            await route.abort("connectionrefused")
            return
        kept = [h for h in answer.headers_array if h["name"].lower() not in ("content-encoding", "content-length",
                                                                               "transfer-encoding")]
        merged: dict[str, str] = {}
        for h in kept:
            merged[h["name"]] = f"{merged[h['name']]}\n{h['value']}" if h["name"] in merged else h["value"]
        await route.fulfill(status=answer.status, headers=merged, body=body)

    async def _drain(self) -> None:
        """Wait for the bodies being read; the list grows while earlier reads finish."""
        while self.drained < len(self.pending):
            batch = self.pending[self.drained:]
            self.drained = len(self.pending)
            for item in await asyncio.gather(*batch, return_exceptions=True):
                if isinstance(item, NetResponse):
                    self.result.responses.append(item)
                elif isinstance(item, BaseException):
                    self.result.notes.append(f"response lost: {item}")
        self.result.responses.sort(key=lambda r: r.fetched_at)

    async def _through_challenge(self) -> None:
        """While the newest document is a challenge, wait (bounded) for its script to navigate on."""
        deadline = time.monotonic() + self.options.challenge_wait
        while True:
            await self._drain()
            docs = self.result.documents
            if not docs:
                return
            if not await self.is_challenge(docs[-1]):
                if self.result.challenge_cleared is False:
                    self.result.challenge_cleared = True
                return
            self.result.challenge_cleared = False
            seen = len(docs)
            while time.monotonic() < deadline:
                await asyncio.sleep(0.2)
                await self._drain()
                if len(self.result.documents) > seen and self.result.documents[-1].redirect_location is None:
                    break
            else:
                self.result.notes.append(f"the challenge did not clear within {self.options.challenge_wait:g} s")
                return
            await self._settle(0)

    async def _settle(self, idle: float) -> None:
        """The load event, then (bounded) a quiet network: long polling never goes idle."""
        from playwright.async_api import Error as PlaywrightError

        try:
            await self.page.wait_for_load_state("load", timeout=self.options.page_timeout * 1000)
            if idle > 0:
                await self.page.wait_for_load_state("networkidle", timeout=idle * 1000)
        except PlaywrightError:
            pass

    async def _abandoned(self, request: Any) -> NetResponse | None:
        """A subresource request that got no response (a challenge's script cut off by the navigation
        it starts, a reset connection): recorded as a failure of the document that asked for it."""
        failure = request.failure or "failed"
        if request.is_navigation_request() or "ERR_BLOCKED_BY_CLIENT" in failure:
            return None  # a document's failure is the navigation's; a refusal is recorded as such
        from playwright.async_api import Error as PlaywrightError

        try:
            if await request.response() is not None:
                return None  # it had a response: recorded from the response event (body or not)
        except PlaywrightError:
            pass
        start = (request.timing or {}).get("startTime", -1)
        # ordered by when it was asked for, so it goes with the document that asked
        started = datetime.fromtimestamp(start / 1000, UTC) if isinstance(start, int | float) and start > 0 \
            else datetime.now(UTC)
        return NetResponse(url=request.url, method=request.method, request_headers=[], request_body=b"",
                           status=0, reason="", response_headers=[], body=b"", fetched_at=started,
                           ip_address=None, document=False, resource_type=request.resource_type,
                           error=f"no response: {failure}")

    async def _collect(self, response: Any) -> NetResponse | None:
        from playwright.async_api import Error as PlaywrightError

        fetched_at = datetime.now(UTC)
        request = response.request
        status = response.status
        location = None
        body, error = b"", None
        # The body first: a challenge page navigates on within moments, and Chromium forgets the
        # previous document's content when it does.
        reading = asyncio.ensure_future(response.body()) if not 300 <= status < 400 else None
        try:
            headers = await response.headers_array()
            req_headers = await request.headers_array()
        except PlaywrightError:
            headers = [{"name": k, "value": v} for k, v in response.headers.items()]
            req_headers = [{"name": k, "value": v} for k, v in request.headers.items()]
        if 300 <= status < 400:
            location = next((h["value"] for h in headers if h["name"].lower() == "location"), None)
            if location:
                from urllib.parse import urljoin

                location = urljoin(response.url, location)
        if reading is not None:
            try:
                body = await reading
            except PlaywrightError as exc:
                error = f"body not available: {str(exc).splitlines()[0]}"
        if len(body) > self.options.max_body:
            body, error = b"", f"body of {len(body)} bytes exceeds the size limit ({self.options.max_body} bytes)"
        ip = None
        try:
            addr = await response.server_addr()
            ip = addr["ipAddress"] if addr else None
        except PlaywrightError:
            pass
        try:
            frame = request.frame
            document = request.is_navigation_request() and frame.parent_frame is None
        except PlaywrightError:
            document = False
        post = request.post_data_buffer or b""
        return NetResponse(
            url=response.url, method=request.method,
            request_headers=[(h["name"].encode("latin-1", "replace"), h["value"].encode("latin-1", "replace"))
                             for h in req_headers if not h["name"].startswith(":")],
            request_body=post, status=status, reason=response.status_text or "",
            response_headers=[(h["name"].encode("latin-1", "replace"), h["value"].encode("latin-1", "replace"))
                              for h in headers if not h["name"].startswith(":")],
            body=body, fetched_at=fetched_at, ip_address=_plain_ip(ip), document=document,
            resource_type=request.resource_type, redirect_location=location, error=error)


def _plain_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        return None
