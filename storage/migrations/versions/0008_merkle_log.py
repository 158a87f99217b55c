"""merkle log: leaves, cached subtrees, tree heads; capture.block_digest; existing captures become the first leaves

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

from storage import merkle


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
STEP = 4  # as storage/merkle_log.py: a cached level every 4 heights
LEVELS = tuple(range(STEP, 64, STEP))


def upgrade() -> None:
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.add_column(sa.Column('block_digest', sa.String(length=80), nullable=True))
    op.create_table('merkle_log',
                    sa.Column('id', ID, nullable=False),
                    sa.Column('size', ID, nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_merkle_log')))
    op.create_table('merkle_leaf',
                    sa.Column('idx', ID, autoincrement=False, nullable=False),
                    sa.Column('capture_id', ID, nullable=False),
                    sa.Column('leaf_hash', sa.String(length=64), nullable=False),
                    sa.ForeignKeyConstraint(['capture_id'], ['capture.id'], name=op.f('fk_merkle_leaf_capture_id_capture')),
                    sa.PrimaryKeyConstraint('idx', name=op.f('pk_merkle_leaf')),
                    sa.UniqueConstraint('capture_id', name=op.f('uq_merkle_leaf_capture_id')))
    op.create_table('merkle_node',
                    sa.Column('level', sa.Integer(), autoincrement=False, nullable=False),
                    sa.Column('idx', ID, autoincrement=False, nullable=False),
                    sa.Column('hash', sa.String(length=64), nullable=False),
                    sa.PrimaryKeyConstraint('level', 'idx', name=op.f('pk_merkle_node')))
    op.create_table('tree_head',
                    sa.Column('id', ID, nullable=False),
                    sa.Column('size', ID, nullable=False),
                    sa.Column('root', sa.String(length=64), nullable=False),
                    sa.Column('created', sa.DateTime(), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    sa.Column('key_algorithm', sa.String(length=16), nullable=True),
                    sa.Column('key_id', sa.String(length=64), nullable=True),
                    sa.Column('public_key', sa.Text(), nullable=True),
                    sa.Column('tsa_url', sa.Text(), nullable=True),
                    sa.Column('tsa_gen_time', sa.DateTime(), nullable=True),
                    sa.Column('tsa_response', sa.LargeBinary(), nullable=True),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_tree_head')))
    _log_existing_captures()


def _log_existing_captures() -> None:
    """The captures so far, in id order, become leaves 0..n-1 (the old chain stays, and is still checked).

    The facts are those of storage/merkle_log.py's leaf_facts, spelled out here so that this
    revision keeps meaning what it meant; block_digest is unknown (NULL) for these rows."""
    from datetime import UTC

    conn = op.get_bind()
    capture = sa.table('capture', sa.column('fetched_at', sa.DateTime()), *(sa.column(c) for c in (
        'id', 'run_id', 'url', 'status', 'sha256', 'warc_record_id', 'warc_file', 'warc_offset', 'warc_length',
        'error')))
    leaf = sa.table('merkle_leaf', sa.column('idx'), sa.column('capture_id'), sa.column('leaf_hash'))
    node = sa.table('merkle_node', sa.column('level'), sa.column('idx'), sa.column('hash'))
    pending: dict[int, list[bytes]] = {level: [] for level in (0, *LEVELS)}
    done: dict[int, int] = {level: 0 for level in LEVELS}
    size, last_id = 0, 0
    while True:
        rows = conn.execute(sa.select(capture).where(capture.c.id > last_id).order_by(capture.c.id).limit(5000)).all()
        if not rows:
            break
        leaves, nodes = [], []
        for r in rows:
            when = r.fetched_at  # stored as naive UTC (storage.models.UTCDateTime)
            when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
            facts = {"capture_id": r.id, "run_id": r.run_id, "url": r.url, "fetched_at": when.isoformat(),
                     "status": r.status, "payload_sha256": r.sha256, "block_digest": None,
                     "warc_record_id": r.warc_record_id, "warc_file": r.warc_file, "warc_offset": r.warc_offset,
                     "warc_length": r.warc_length, "error": r.error}
            h = merkle.leaf_hash(merkle.leaf_data(facts))
            leaves.append({"idx": size, "capture_id": r.id, "leaf_hash": h.hex()})
            size += 1
            pending[0].append(h)
            below = 0
            for level in LEVELS:  # a completed block of 2**STEP below makes one cached node at this level
                if len(pending[below]) < 1 << STEP:
                    break
                h = merkle.root(pending[below])
                pending[below] = []
                nodes.append({"level": level, "idx": done[level], "hash": h.hex()})
                done[level] += 1
                pending[level].append(h)
                below = level
        conn.execute(leaf.insert(), leaves)
        if nodes:
            conn.execute(node.insert(), nodes)
        last_id = rows[-1].id
    conn.execute(sa.table('merkle_log', sa.column('id'), sa.column('size')).insert(), [{"id": 1, "size": size}])


def downgrade() -> None:
    op.drop_table('tree_head')
    op.drop_table('merkle_node')
    op.drop_table('merkle_leaf')
    op.drop_table('merkle_log')
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.drop_column('block_digest')
