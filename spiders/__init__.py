"""Scrapy spiders. Every spider captures through the same snapshot components (crawler.settings)."""
