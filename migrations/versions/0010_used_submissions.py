"""one-time ids of forms that create something, so a repeat creates nothing twice

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('used_submission',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('url', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_used_submission'))
    )
    with op.batch_alter_table('used_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_submission_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('used_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_submission_created_at'))

    op.drop_table('used_submission')
