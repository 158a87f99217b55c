"""provcrawl: a scrape-and-snapshot crawler with provenance tracking."""

__version__ = "0.1.0"
