"""The tests' fixture server is the demo's: one site, one server (crawler/demo/)."""

from crawler.demo.server import SITE, FixtureServer

__all__ = ["SITE", "FixtureServer"]
