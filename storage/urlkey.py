"""Canonical URL keys: the same page under its usual spellings maps to one key.

Ignored: scheme (http/https), a leading ``www.``, default ports, the fragment, a trailing slash (and
an empty ``;`` params section before it, which w3lib >= 2.6 drops and older versions keep),
query-parameter order and tracking parameters (utm_*, fbclid, gclid, ...). Kept: everything else
in path and query, so two different articles never share a key.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from w3lib.url import canonicalize_url

TRACKING = ("utm_", "fbclid", "gclid", "yclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "igshid",
            "ref_src", "ref_url", "cmpid", "share", "smid", "s_cid", "wt_mc", "ncid")


def _tracking(name: str) -> bool:
    n = name.lower()
    return any(n == t or (t.endswith("_") and n.startswith(t)) for t in TRACKING)


def url_key(url: str) -> str:
    """``example.org/a?x=1`` for ``https://www.Example.org:443/a/?utm_source=t&x=1#top``."""
    try:
        canon = canonicalize_url(url.strip(), keep_fragments=False)
        parts = urlsplit(canon)
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/;")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)])
    return host + path + (f"?{query}" if query else "")
