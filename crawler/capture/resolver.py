"""Connect-time SSRF guard: the resolver Twisted connects with refuses non-public answers.

PrivateAddressMiddleware checks a URL's host before the request goes out; a name can still
resolve differently when the connection is made (DNS rebinding). This resolver checks the
address that is actually used, for every connection, and answers a refusal as a lookup error,
which the crawl records like any failed fetch. Hosts the user named are exempt.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawler.capture.address_policy import LOOPBACK_NAMES, AllowList, is_forbidden_address

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred
    from typing import Self

# Hosts exempt from the check in this process: the start URLs' and registry sources' hosts.
# The resolver is one per process (installed on the reactor), so the exemptions are too. It sees
# a name, not a port: that a start URL's origin, not its host, is exempt is the middleware's check.
ALLOWED_HOSTS: set[str] = set()
ALLOW_PRIVATE = False
REFUSED: dict[str, str] = {}  # host → why: Twisted reports only "no results", the record says why


def allow(entries: Any) -> None:
    """Exempt hosts, named alone or by an origin (``http://127.0.0.1:8000``)."""
    ALLOWED_HOSTS.update(AllowList(entries).names)


class RefusedAddress(DNSLookupError):
    """The name resolves to an address crawled pages may not make us connect to."""


class GuardedResolver(CachingThreadedResolver):
    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        global ALLOW_PRIVATE
        allow(crawler.settings.getlist("PROVCRAWL_ALLOWED_HOSTS"))
        ALLOW_PRIVATE = ALLOW_PRIVATE or crawler.settings.getbool("PROVCRAWL_ALLOW_PRIVATE")
        return super().from_crawler(crawler, reactor)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        d = super().getHostByName(name, timeout)
        d.addCallback(self._check, name)
        return d

    @staticmethod
    def _check(address: str, name: str) -> str:
        host = name.lower()
        if ALLOW_PRIVATE or host in ALLOWED_HOSTS:
            return address
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return address
        if is_forbidden_address(ip) or host in LOOPBACK_NAMES:
            reason = f"refused at connect time: {name} resolves to non-public address {address}"
            REFUSED[name] = reason
            raise RefusedAddress(reason)
        return address
