"""The reading room: `provcrawl web`, a read-only, server-rendered browser view of the archive
(sources, search, a URL's timeline, a capture's provenance and text, diffs). See crawler/web/app.py."""
