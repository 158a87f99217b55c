"""Which addresses a crawl may connect to: the SSRF policy the middleware and the resolver share.

A crawled page must not point provcrawl at loopback, private or link-local (cloud metadata)
addresses. What the user named is exempt: a start URL's origin (scheme, host and port: a
page on 127.0.0.1:8000 does not open 127.0.0.1:22 to the crawl), or a host as a whole
(registry sources' domains, ``PROVCRAWL_ALLOWED_HOSTS`` entries without a scheme).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
DEFAULT_PORTS = {"http": 80, "https": 443}


class Origin(NamedTuple):
    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def origin_of(url: str) -> Origin | None:
    """The URL's origin, default ports filled in; None for what has no http(s) origin."""
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return Origin(scheme, host, port or DEFAULT_PORTS[scheme])


def is_forbidden_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Anything not globally routable: loopback, private, link-local (cloud metadata), reserved."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def is_loopback_literal(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class AllowList:
    """What the user named. An entry with a scheme (``http://127.0.0.1:8000``) allows that origin
    only; a bare host (``example.org``) allows the host on any port."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.origins: set[Origin] = set()
        self.hosts: set[str] = set()
        self.add(entries)

    def add(self, entries: Iterable[str]) -> None:
        for entry in entries:
            if not entry:
                continue
            if "://" in entry:
                origin = origin_of(entry)
                if origin is not None:
                    self.origins.add(origin)
            else:
                self.hosts.add(entry.lower().strip("[]"))

    def allows(self, origin: Origin) -> bool:
        return origin.host in self.hosts or origin in self.origins

    @property
    def names(self) -> set[str]:
        """Every host named, whatever the port: all a resolver sees of a connection is the name."""
        return self.hosts | {o.host for o in self.origins}
