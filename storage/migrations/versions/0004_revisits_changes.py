"""revisits and change tracking

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    with op.batch_alter_table('crawl_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_counts', sa.JSON(), nullable=True))

    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_type', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('revisit_of_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('change', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('text_change', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('etag', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('last_modified', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_capture_revisit_of_id_capture'), 'capture', ['revisit_of_id'], ['id'])

    capture = sa.table("capture", sa.column("warc_file", sa.Text), sa.column("record_type", sa.String))
    op.execute(capture.update().where(capture.c.warc_file.is_not(None)).values(record_type="response"))




def downgrade() -> None:
    with op.batch_alter_table('crawl_run', schema=None) as batch_op:
        batch_op.drop_column('change_counts')
    
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_capture_revisit_of_id_capture'), type_='foreignkey')
        batch_op.drop_column('last_modified')
        batch_op.drop_column('etag')
        batch_op.drop_column('text_change')
        batch_op.drop_column('change')
        batch_op.drop_column('revisit_of_id')
        batch_op.drop_column('record_type')


