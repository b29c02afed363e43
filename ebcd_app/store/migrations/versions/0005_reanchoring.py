"""Nothing tagged is lost when a transcript is replaced.

Touch points and clips remember where they were (time and text) so they can be placed on
a new transcript by time; one that cannot be placed is kept and marked for attention
rather than cascaded away, so a clip's words may now be empty. A transcript records when a
person last corrected it, and a replaced transcript is kept as a version.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _anchor_columns() -> list[sa.Column]:
    return [
        sa.Column('needs_attention', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('anchor_text', sa.Text(), nullable=False, server_default=''),
        sa.Column('anchor_start', sa.Float(), nullable=True),
        sa.Column('anchor_end', sa.Float(), nullable=True),
    ]


def upgrade() -> None:
    for column in _anchor_columns():
        op.add_column('touch_points', column)
    # clips is referenced by no table, so rebuilding it (SQLite's way of relaxing NOT NULL)
    # cannot fire a cascade anywhere else.
    with op.batch_alter_table('clips') as batch_op:
        batch_op.alter_column('first_word_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('last_word_id', existing_type=sa.Integer(), nullable=True)
        for column in _anchor_columns():
            batch_op.add_column(column)
        batch_op.add_column(sa.Column('anchor_recording_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_clips_anchor_recording', 'recordings',
                                    ['anchor_recording_id'], ['id'], ondelete='CASCADE')
    op.add_column('transcripts', sa.Column('corrected_at', sa.DateTime(), nullable=True))
    # Deleting a word checks every table that points at words; without these indexes that
    # is a scan of each per word (replacing a 10-hour transcript took minutes).
    for table in ('touch_points', 'clips', 'suggestions'):
        for name in ('first_word_id', 'last_word_id'):
            op.create_index(f'ix_{table}_{name}', table, [name], unique=False)
    op.create_table(
        'transcript_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recording_id', sa.Integer(), nullable=False),
        sa.Column('replaced_at', sa.DateTime(), nullable=False),
        sa.Column('source', sa.String(length=32), nullable=False),
        sa.Column('model', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('corrected_at', sa.DateTime(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('segments', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['recording_id'], ['recordings.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_transcript_versions_recording_id', 'transcript_versions',
                    ['recording_id'], unique=False)


def downgrade() -> None:
    for table in ('touch_points', 'clips', 'suggestions'):
        for column in ('first_word_id', 'last_word_id'):
            op.drop_index(f'ix_{table}_{column}', table_name=table)
    op.drop_index('ix_transcript_versions_recording_id', table_name='transcript_versions')
    op.drop_table('transcript_versions')
    with op.batch_alter_table('transcripts') as batch_op:
        batch_op.drop_column('corrected_at')
    with op.batch_alter_table('clips') as batch_op:
        batch_op.drop_constraint('fk_clips_anchor_recording', type_='foreignkey')
        batch_op.drop_column('anchor_recording_id')
        for name in ('needs_attention', 'anchor_text', 'anchor_start', 'anchor_end'):
            batch_op.drop_column(name)
    with op.batch_alter_table('touch_points') as batch_op:
        for name in ('needs_attention', 'anchor_text', 'anchor_start', 'anchor_end'):
            batch_op.drop_column(name)
