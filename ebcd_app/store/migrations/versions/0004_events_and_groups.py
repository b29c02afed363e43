"""Events and co-design groups: priorities and dot votes, agendas, members, meetings,
actions, PDSA cycles and measures.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agenda_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('staff-feedback', 'patient-feedback', 'joint', 'codesign-group', 'celebration', name='eventkind', native_enum=False, length=32), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind')
    )
    op.create_table('event_priorities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=True),
    sa.Column('agreed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_event_priorities_event_id'), 'event_priorities', ['event_id'], unique=False)
    op.create_table('codesign_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('priority', sa.Text(), nullable=False),
    sa.Column('priority_id', sa.Integer(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('changed', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['priority_id'], ['event_priorities.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('group_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'in progress', 'done', 'dropped', name='actionstatus', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['codesign_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_group_actions_group_id'), 'group_actions', ['group_id'], unique=False)
    op.create_table('group_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['codesign_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_group_meetings_group_id'), 'group_meetings', ['group_id'], unique=False)
    op.create_table('group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('staff', 'patient', 'family-carer', 'other', name='role', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['codesign_groups.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_group_members_group_id'), 'group_members', ['group_id'], unique=False)
    op.create_table('measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=50), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False),
    sa.Column('change_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['codesign_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_measures_group_id'), 'measures', ['group_id'], unique=False)
    op.create_table('pdsa_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('prediction', sa.Text(), nullable=False),
    sa.Column('happened', sa.Text(), nullable=False),
    sa.Column('learnt', sa.Text(), nullable=False),
    sa.Column('next_step', sa.Text(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['codesign_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_pdsa_cycles_group_id'), 'pdsa_cycles', ['group_id'], unique=False)
    op.create_table('measure_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_measure_values_measure_id'), 'measure_values', ['measure_id'], unique=False)
    # Plain ADD COLUMN (no table rebuild): defaults on the server so existing rows fill in.
    op.add_column('events', sa.Column('title', sa.String(length=200), nullable=False, server_default=''))
    op.add_column('events', sa.Column('starts_at', sa.String(length=5), nullable=False, server_default='10:00'))
    op.add_column('events', sa.Column('facilitators', sa.JSON(), nullable=False, server_default='[]'))
    op.add_column('events', sa.Column('attendance', sa.JSON(), nullable=False, server_default='{}'))
    op.add_column('events', sa.Column('notes', sa.Text(), nullable=False, server_default=''))
    op.add_column('events', sa.Column('shared_stage_ids', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('events') as batch_op:
        for column in ('shared_stage_ids', 'notes', 'attendance', 'facilitators', 'starts_at',
                       'title'):
            batch_op.drop_column(column)
    op.drop_table('measure_values')
    op.drop_table('pdsa_cycles')
    op.drop_table('measures')
    op.drop_table('group_members')
    op.drop_table('group_meetings')
    op.drop_table('group_actions')
    op.drop_table('codesign_groups')
    op.drop_table('event_priorities')
    op.drop_table('agenda_templates')
