"""SSRF: a crawled page must not be able to point provcrawl at private, loopback or metadata addresses.

Two loopback servers: A on 127.0.0.1 (the start URL's host) and B on 127.0.0.2 (a "private
service" the page points at). A's pages link and redirect to B, to the cloud metadata address,
to 10.0.0.1, to a loopback *name* the user never named (localhost) and to other spellings of
loopback addresses. Nothing of that may be fetched; each refused redirect is a capture whose
error says "refused". ``--allow-private`` lifts the check (B is then fetched through a redirect:
links to another host are never followed, by design).

The crawl runs behind a network guard (tests/hostile_server.py): a connection to any
non-loopback address is refused in the crawl process itself and logged, so even a provcrawl
that let 169.254.169.254 or 10.0.0.1 through would never reach them; the test then fails on
the guard's log, at once, instead of waiting for a timeout.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from storage.models import Capture
from tests.hostile_server import GuardedCli, HostileServer, page, redirect

pytestmark = pytest.mark.e2e

SETTINGS = ["-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=0"]
SECRET = page(200, b"<html><head><title>internal</title></head><body><p>internal service: secret</p></body></html>")
ROBOTS = page(200, b"User-agent: *\nAllow: /\n", content_type="text/plain")


class Pair:
    def __init__(self, a: HostileServer, b: HostileServer) -> None:
        self.a, self.b = a, b
        pa, pb = a.port, b.port
        # redirect name → (target URL, a path that identifies the target if it is ever fetched)
        self.targets = {
            "/to-b": f"http://127.0.0.2:{pb}/secret",
            "/to-metadata": "http://169.254.169.254/latest/meta-data/",
            "/to-ten": "http://10.0.0.1/",
            "/to-localhost": f"http://localhost:{pa}/via-localhost",
            "/to-short-form": f"http://127.2:{pb}/short-form",
            "/to-decimal": f"http://2130706434:{pb}/decimal",
            "/to-zero": f"http://0.0.0.0:{pa}/via-zero",
            "/to-mapped": f"http://[::ffff:127.0.0.2]:{pb}/mapped",
        }
        links = [f"http://127.0.0.2:{pb}/linked-secret", "http://169.254.169.254/latest/meta-data/iam/",
                 "http://10.0.0.1/linked", f"http://localhost:{pa}/via-localhost-link", "/fine", "/meta-to-b",
                 *self.targets]
        index = "".join(f'<a href="{u}">{u}</a>\n' for u in links)
        a.routes.update({
            "/robots.txt": ROBOTS,
            "/": page(200, f"<html><head><title>start</title></head><body>{index}</body></html>".encode()),
            "/fine": page(200, b"<html><head><title>fine</title></head><body><p>an ordinary page</p></body></html>"),
            "/meta-to-b": page(200, f'<html><head><meta http-equiv="refresh" content="0; url=http://127.0.0.2:{pb}'
                                    f'/meta-secret"></head><body>moved</body></html>'.encode()),
            # for --allow-private: only loopback targets, never 169.254/10.x/0.0.0.0
            "/only-loopback": page(200, b'<html><body><a href="/to-b">b</a> <a href="/to-localhost">l</a>'
                                        b"</body></html>"),
            "/via-localhost": SECRET, "/via-localhost-link": SECRET, "/via-zero": SECRET,
            **{name: redirect(target) for name, target in self.targets.items()},
        })


@pytest.fixture
def pair() -> Iterator[Pair]:
    with HostileServer("127.0.0.1", routes={}) as a, HostileServer("127.0.0.2", routes={}, fallback=SECRET) as b:
        yield Pair(a, b)


def is_refusal(error: str | None) -> bool:
    """provcrawl's own refusal ("refused: ... non-public address"), not a server's refused connection."""
    return bool(error) and "refused by other side" not in error and re.search(r"(?i)\brefused\b", error) is not None


def _host(name: str | None) -> str | None:
    """An IPv4 address in any spelling (``127.2``, ``2130706434``) as dotted quad: w3lib >= 2.6
    normalises them in request URLs, older versions keep them as written. No DNS involved."""
    try:
        return socket.inet_ntoa(socket.inet_aton(name or ""))
    except OSError:
        return name


def same_resource(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (_host(pa.hostname), pa.port, pa.path or "/") == (_host(pb.hostname), pb.port, pb.path or "/")


def captures(cli: GuardedCli) -> list[Capture]:
    engine = create_engine(cli.database_url)
    with Session(engine) as s:
        out = list(s.scalars(select(Capture).order_by(Capture.id)))
    engine.dispose()
    return out


def test_private_targets_are_refused_and_recorded(pair: Pair, tmp_path: Path) -> None:
    cli = GuardedCli(tmp_path / "data")
    proc = cli.run("crawl", "--start", pair.a.url("/"), "--json", *SETTINGS, timeout=120)
    assert '"status": "finished"' in proc.stdout
    assert cli.blocked_connections() == [], "provcrawl tried to connect beyond loopback"
    assert pair.b.requests == [], f"the 127.0.0.2 server was fetched: {pair.b.requests}"
    leaked = [r for r in pair.a.requests if r.startswith(("/via-localhost", "/via-zero"))]
    assert not leaked, f"fetched through a loopback name or 0.0.0.0: {leaked}"
    assert "/fine" in pair.a.requests  # the crawl itself went on

    caps = captures(cli)
    by_url = {c.url: c for c in caps}
    for name, target in pair.targets.items():
        hop = by_url.get(pair.a.url(name))
        assert hop is not None and hop.status == 302, f"{name}: the redirect itself is a capture"
        refused = [c for c in caps if c.status is None and same_resource(c.url, target)]
        assert refused, f"{name} → {target}: no capture records the refusal; captures: {sorted(by_url)}"
        assert is_refusal(refused[-1].error), f"{target}: {refused[-1].error}"
        assert refused[-1].warc_file is None
    meta = [c for c in caps if c.url.endswith("/meta-secret")]
    assert meta and meta[-1].status is None and is_refusal(meta[-1].error), \
        "a <meta refresh> to 127.0.0.2 is a redirect like any other: refused and recorded"


def test_snapshot_redirect_to_private_is_refused(pair: Pair, tmp_path: Path) -> None:
    cli = GuardedCli(tmp_path / "data")
    cli.run("snapshot", pair.a.url("/to-b"), pair.a.url("/to-metadata"), "--json", *SETTINGS, timeout=60)
    assert cli.blocked_connections() == []
    assert pair.b.requests == []
    failed = [c for c in captures(cli) if c.status is None]
    for name in ("/to-b", "/to-metadata"):
        errors = [c.error or "" for c in failed if same_resource(c.url, pair.targets[name])]
        assert errors and is_refusal(errors[-1]), [(c.url, c.error) for c in failed]


def test_allow_private_lifts_the_check(pair: Pair, tmp_path: Path) -> None:
    cli = GuardedCli(tmp_path / "data")
    cli.run("crawl", "--start", pair.a.url("/only-loopback"), "--allow-private", "--json", *SETTINGS, timeout=60)
    assert cli.blocked_connections() == []
    assert "/secret" in pair.b.requests, pair.b.requests  # through the redirect from 127.0.0.1
    assert "/via-localhost" in pair.a.requests
    caps = {c.url: c for c in captures(cli)}
    assert caps[pair.targets["/to-b"]].status == 200
    assert caps[pair.targets["/to-localhost"]].status == 200


def test_another_port_of_the_start_host_is_another_site(tmp_path: Path) -> None:
    """Issue 15, item 16: scope and the allow-list are the start URL's origin (scheme, host,
    port). A link to another port of the start host is not followed; a redirect to it is
    refused as a private address and recorded."""
    with HostileServer("127.0.0.1", routes={}) as a, HostileServer("127.0.0.1", routes={}, fallback=SECRET) as b:
        a.routes.update({
            "/robots.txt": ROBOTS,
            "/": page(200, f'<html><body><a href="http://127.0.0.1:{b.port}/linked">other port</a> '
                           f'<a href="/to-other-port">redirect</a> <a href="/fine">fine</a></body></html>'.encode()),
            "/fine": page(200, b"<html><body><p>an ordinary page</p></body></html>"),
            "/to-other-port": redirect(f"http://127.0.0.1:{b.port}/redirected"),
        })
        cli = GuardedCli(tmp_path / "data")
        cli.run("crawl", "--start", a.url("/"), "--json", *SETTINGS, timeout=120)
        assert "/fine" in a.requests  # the crawl itself went on
        assert b.requests == [], f"another port of the start host was fetched: {b.requests}"
    caps = captures(cli)
    refused = [c for c in caps if c.url == f"http://127.0.0.1:{b.port}/redirected"]
    assert refused and refused[-1].status is None and is_refusal(refused[-1].error), [(c.url, c.error) for c in caps]
    assert not [c for c in caps if c.url.endswith("/linked")]  # out of scope: not even tried
