"""Items spiders yield: a fetched response handed on for analysis (extraction, paywall verdict)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    """A final (non-redirect) response whose capture row exists."""

    capture_id: int
    url: str
    status: int
    headers: dict[str, str]  # lower-cased names, as the response reached the spider (decoded body)
    body: bytes
    source: str | None = None
    revisit_of: int | None = None  # unchanged payload: the capture that holds it
    archive_of: str | None = None  # a web-archive copy: the original URL (its source's rules apply)
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")
