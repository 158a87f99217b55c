"""Which addresses a crawl may connect to: the SSRF policy the middleware and the resolver share.

A crawled page must not point provcrawl at loopback, private or link-local (cloud metadata)
addresses; hosts the user named are exempt. PrivateAddressMiddleware checks a request's host
before it goes out, GuardedResolver the address a connection is actually made to.
"""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


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
