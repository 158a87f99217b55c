"""versioned extraction, paywall verdicts, canonical url key

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paywall_evidence', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('blocked', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('url_key', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_capture_source'), ['source'], unique=False)
        batch_op.create_index('ix_capture_url_key_fetched_at', ['url_key', 'fetched_at'], unique=False)

    _backfill_url_keys()

    with op.batch_alter_table('extraction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comments', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('sitename', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('canonical_url', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('rules_version', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('paywall_status', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('paywall_blocked', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('paywall_evidence', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('classifier_version', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_extraction_capture_versions', ['capture_id', 'extractor_version', 'settings_hash'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('extraction', schema=None) as batch_op:
        batch_op.drop_index('ix_extraction_capture_versions')
        batch_op.drop_column('classifier_version')
        batch_op.drop_column('paywall_evidence')
        batch_op.drop_column('paywall_blocked')
        batch_op.drop_column('paywall_status')
        batch_op.drop_column('rules_version')
        batch_op.drop_column('canonical_url')
        batch_op.drop_column('sitename')
        batch_op.drop_column('comments')

    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.drop_index('ix_capture_url_key_fetched_at')
        batch_op.drop_index(batch_op.f('ix_capture_source'))
        batch_op.drop_column('url_key')
        batch_op.drop_column('source')
        batch_op.drop_column('blocked')
        batch_op.drop_column('paywall_evidence')




def _backfill_url_keys() -> None:
    from storage.urlkey import url_key

    conn = op.get_bind()
    capture = sa.table("capture", sa.column("id", sa.Integer), sa.column("url", sa.Text), sa.column("url_key", sa.Text))
    rows = conn.execute(sa.select(capture.c.id, capture.c.url)).all()
    for row in rows:
        conn.execute(capture.update().where(capture.c.id == row.id).values(url_key=url_key(row.url)))
