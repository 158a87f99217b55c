"""Items spiders yield: a fetched page handed on for extraction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PageItem:
    """An HTML (or other) response whose capture row exists; the pipeline extracts its text."""

    capture_id: int
    url: str
    body: bytes
    content_type: str | None
    content_encoding: str | None
