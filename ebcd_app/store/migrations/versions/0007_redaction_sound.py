"""Privacy that holds: what a redacted word sounds like in the film (issue 17).

The render covers each redacted word's time with a 1 kHz tone (the default, so a viewer
hears that something was removed) or with silence, chosen per project.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('projects', sa.Column('redaction_sound', sa.String(length=20),
                                        nullable=False, server_default='tone'))


def downgrade() -> None:
    with op.batch_alter_table('projects') as batch_op:
        batch_op.drop_column('redaction_sound')
