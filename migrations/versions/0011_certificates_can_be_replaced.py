"""a certificate can be replaced (a wrong name): the old one keeps its code and says so

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 11:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
