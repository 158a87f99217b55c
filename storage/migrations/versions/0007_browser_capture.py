"""browser capture: how a capture was fetched, a page's subresources and screenshot, extraction source

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fetched_with', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('page_capture_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('page_resources', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('screenshot_record_id', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('rendered_dom_record_id', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_capture_page_capture_id'), ['page_capture_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_capture_page_capture_id_capture'), 'capture',
                                    ['page_capture_id'], ['id'])
    # every capture before this revision came over HTTP
    op.execute("UPDATE capture SET fetched_with = 'http'")
    with op.batch_alter_table('extraction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extracted_from', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('extraction', schema=None) as batch_op:
        batch_op.drop_column('extracted_from')
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_capture_page_capture_id_capture'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_capture_page_capture_id'))
        batch_op.drop_column('rendered_dom_record_id')
        batch_op.drop_column('screenshot_record_id')
        batch_op.drop_column('page_resources')
        batch_op.drop_column('page_capture_id')
        batch_op.drop_column('fetched_with')
