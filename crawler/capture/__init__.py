"""Capturing pages in a real browser (Chromium through Playwright): every response it received, as evidence."""
