"""Privacy that holds (issue 17): what a redacted word sounds like in the film, erasures.

The render covers each redacted word's time with a 1 kHz tone (the default, so a viewer
hears that something was removed) or with silence, chosen per project. An erasure keeps
that it happened, when and by whom, and salted hashes of the erased words (so an audit
can find a copy without the project keeping the words); a film whose cut lost clips to an
erasure is marked as needing a new render.

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
    op.add_column('films', sa.Column('needs_render', sa.Text(), nullable=False,
                                     server_default=''))
    op.create_table(
        'erasures',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('erased_at', sa.DateTime(), nullable=False),
        sa.Column('erased_by', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('salt', sa.String(length=64), nullable=False),
        sa.Column('fingerprint', sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('erasures')
    with op.batch_alter_table('films') as batch_op:
        batch_op.drop_column('needs_render')
    with op.batch_alter_table('projects') as batch_op:
        batch_op.drop_column('redaction_sound')
