"""run host pid args

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    with op.batch_alter_table('crawl_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('pid', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('args', sa.JSON(), nullable=True))




def downgrade() -> None:
    
    with op.batch_alter_table('crawl_run', schema=None) as batch_op:
        batch_op.drop_column('args')
        batch_op.drop_column('pid')
        batch_op.drop_column('host')


