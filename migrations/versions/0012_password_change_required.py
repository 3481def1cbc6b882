"""a password the coordinator chose for someone is replaced by its owner at the first sign-in

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # If SQLite rebuilds the table, it must keep AUTOINCREMENT (0008: ids are never reused).
    with op.batch_alter_table('user', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('password_change_required', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('password_change_required')
