"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('crawl_run',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('command', sa.Text(), nullable=False),
    sa.Column('spider', sa.String(length=100), nullable=True),
    sa.Column('software_version', sa.String(length=100), nullable=False),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('finish_reason', sa.String(length=100), nullable=True),
    sa.Column('captures_count', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('errors_count', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('bytes_written', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_run'))
    )
    op.create_table('capture',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('final_url', sa.Text(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('content_type', sa.String(length=255), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('length', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payload_digest', sa.String(length=80), nullable=True),
    sa.Column('warc_file', sa.Text(), nullable=True),
    sa.Column('warc_offset', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('warc_length', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('warc_record_id', sa.String(length=80), nullable=True),
    sa.Column('warc_request_record_id', sa.String(length=80), nullable=True),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.Column('redirect_location', sa.Text(), nullable=True),
    sa.Column('paywall_status', sa.String(length=20), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_run.id'], name=op.f('fk_capture_run_id_crawl_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capture')),
    sa.UniqueConstraint('warc_record_id', name=op.f('uq_capture_warc_record_id'))
    )
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.create_index('ix_capture_fetched_at', ['fetched_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_capture_run_id'), ['run_id'], unique=False)
        batch_op.create_index('ix_capture_url_fetched_at', ['url', 'fetched_at'], unique=False)

    op.create_table('extraction',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('capture_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('extractor', sa.String(length=50), nullable=False),
    sa.Column('extractor_version', sa.String(length=50), nullable=False),
    sa.Column('settings_hash', sa.String(length=64), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('extracted_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('encoding', sa.String(length=40), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=40), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('text_sha256', sa.String(length=64), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['capture_id'], ['capture.id'], name=op.f('fk_extraction_capture_id_capture')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extraction'))
    )
    with op.batch_alter_table('extraction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extraction_capture_id'), ['capture_id'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('extraction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extraction_capture_id'))

    op.drop_table('extraction')
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.drop_index('ix_capture_url_fetched_at')
        batch_op.drop_index(batch_op.f('ix_capture_run_id'))
        batch_op.drop_index('ix_capture_fetched_at')

    op.drop_table('capture')
    op.drop_table('crawl_run')

