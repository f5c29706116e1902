"""consent text language may name a script (zh_Hans)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 06:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _alter(length_from: int, length_to: int) -> None:
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.alter_column(
            'text_language',
            existing_type=sa.String(length=length_from),
            type_=sa.String(length=length_to),
            existing_nullable=False,
        )


def upgrade():
    _alter(3, 12)


def downgrade():
    # Fails while a consent uses a text whose locale is longer than 3 characters (zh_Hans).
    _alter(12, 3)
