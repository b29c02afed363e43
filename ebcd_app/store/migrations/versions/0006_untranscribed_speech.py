"""Nothing said is lost, and who said it: untranscribed speech and interviewer voices.

After transcription, stretches of speech with no words are decoded again; what is still
missing is kept on the transcript as [[start, end], ...] seconds, so the transcript, the
waveform and `ebcd transcript` can show it. A speaker may be the interviewer, whose turns
are left out of clips and quotes by default and need no participant's consent. A project
chooses its Whisper model, base or small (issue 16).

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
    op.add_column('projects', sa.Column('whisper_model', sa.String(length=200),
                                        nullable=False, server_default='base'))
    op.add_column('speakers', sa.Column('is_interviewer', sa.Boolean(), nullable=False,
                                        server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('transcripts') as batch_op:
        batch_op.drop_column('untranscribed')
    with op.batch_alter_table('speakers') as batch_op:
        batch_op.drop_column('is_interviewer')
    with op.batch_alter_table('projects') as batch_op:
        batch_op.drop_column('whisper_model')
