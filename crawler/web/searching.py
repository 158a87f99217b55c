"""The reading room's use of the search engine (placeholder until merged)."""
