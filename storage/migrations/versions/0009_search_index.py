"""full-text search index over extraction texts (SQLite FTS5 / PostgreSQL tsvector + GIN)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# English and Russian stemmers without stop-word lists: a quote such as "to be or not to be" keeps
# all its words, so phrase search still finds it; English words in Russian texts get the English stemmer
PG_SETUP = [
    "CREATE TEXT SEARCH DICTIONARY provcrawl_english_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH DICTIONARY provcrawl_russian_stem (TEMPLATE = snowball, Language = russian)",
    "CREATE TEXT SEARCH CONFIGURATION provcrawl_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION provcrawl_english ALTER MAPPING REPLACE english_stem WITH provcrawl_english_stem",
    "CREATE TEXT SEARCH CONFIGURATION provcrawl_russian (COPY = russian)",
    "ALTER TEXT SEARCH CONFIGURATION provcrawl_russian ALTER MAPPING REPLACE english_stem WITH provcrawl_english_stem",
    "ALTER TEXT SEARCH CONFIGURATION provcrawl_russian ALTER MAPPING REPLACE russian_stem WITH provcrawl_russian_stem",
    "CREATE TABLE search_document (extraction_id BIGINT PRIMARY KEY REFERENCES extraction (id) ON DELETE CASCADE,"
    " config regconfig NOT NULL, tsv tsvector NOT NULL)",
    "CREATE INDEX ix_search_document_tsv ON search_document USING gin (tsv)",
]
PG_TEARDOWN = [
    "DROP TABLE search_document",
    "DROP TEXT SEARCH CONFIGURATION provcrawl_russian",
    "DROP TEXT SEARCH CONFIGURATION provcrawl_english",
    "DROP TEXT SEARCH DICTIONARY provcrawl_russian_stem",
    "DROP TEXT SEARCH DICTIONARY provcrawl_english_stem",
]


def upgrade() -> None:
    from storage import search_index

    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, content='', "
                   "tokenize='unicode61 remove_diacritics 0')")
    elif conn.dialect.name == "postgresql":
        for statement in PG_SETUP:
            op.execute(statement)
    else:
        raise NotImplementedError(f"full-text search on {conn.dialect.name}")
    search_index.reindex(conn)  # the texts already stored


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    else:
        for statement in PG_TEARDOWN:
            op.execute(statement)
