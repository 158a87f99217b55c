"""archive fallback

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archive_of', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('memento_datetime', sa.DateTime(), nullable=True))




def downgrade() -> None:
    
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.drop_column('memento_datetime')
        batch_op.drop_column('archive_of')


