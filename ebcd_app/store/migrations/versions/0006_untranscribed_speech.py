"""Nothing said is lost: a transcript keeps the speech still without words.

After transcription, stretches of speech with no words are decoded again; what is still
missing is kept on the transcript as [[start, end], ...] seconds, so the transcript, the
waveform and `ebcd transcript` can show it (issue 16).

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('transcripts', sa.Column('untranscribed', sa.JSON(), nullable=False,
                                           server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('transcripts') as batch_op:
        batch_op.drop_column('untranscribed')
