"""user ids are never reused on SQLite

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 09:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # PostgreSQL takes ids from a sequence, which never hands one out twice.
    if op.get_bind().dialect.name != 'sqlite':
        return
    # SQLite needs AUTOINCREMENT in CREATE TABLE: the table is rebuilt with it.
    with op.batch_alter_table('user', recreate='always', table_kwargs={'sqlite_autoincrement': True}):
        pass


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table('user', recreate='always'):
        pass
