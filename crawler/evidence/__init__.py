"""Evidence out of and into the archive: citations, WACZ bundles (export, import), replay, imports of other tools' WARCs."""
