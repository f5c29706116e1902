"""case erasure: when, by whom and why a case was crypto-shredded

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 09:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

REASONS = ('person_request', 'retention_ended', 'entered_in_error')


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('erased_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                'erasure_reason',
                sa.Enum(*REASONS, name='erasurereason', native_enum=False, create_constraint=True, length=40),
                nullable=True,
            )
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_cases_erased_by_id_users'), 'users', ['erased_by_id'], ['id']
        )
        batch_op.create_index(
            'ix_cases_erased',
            ['id'],
            unique=False,
            postgresql_where=sa.text('erased_at IS NOT NULL'),
            sqlite_where=sa.text('erased_at IS NOT NULL'),
        )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_erased')
        batch_op.drop_constraint(batch_op.f('fk_cases_erased_by_id_users'), type_='foreignkey')
        # SQLite's batch copy would otherwise keep a CHECK on the column it drops.
        batch_op.drop_constraint(batch_op.f('ck_cases_erasurereason'), type_='check')
        batch_op.drop_column('erasure_reason')
        batch_op.drop_column('erased_by_id')
        batch_op.drop_column('erased_at')
