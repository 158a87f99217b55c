"""Storage layer: WARC files and the provenance database. Imports neither Scrapy nor trafilatura."""
