"""Staff-experience co-design (issue 18): the project's kind, small-group protection, how a
person is shown, and what events capture.

A project is patient experience (as before) or staff experience. Staff projects protect
small groups (an attribute combination held by fewer than `min_group` staff is never
attributed to leadership), show people by the role they agreed ("a nurse on nights"),
let staff keep single touch points back from what they share (touch point by touch point),
and record at events each attendee's 15% solution, senior leaders' commitments and
feedback forms.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('projects', sa.Column('kind', sa.String(length=32), nullable=False,
                                        server_default='patient-experience'))
    op.add_column('projects', sa.Column('min_group', sa.Integer(), nullable=False,
                                        server_default='3'))
    op.add_column('participants', sa.Column('shown_as', sa.String(length=200),
                                            nullable=False, server_default=''))
    op.add_column('participants', sa.Column('attributes', sa.JSON(), nullable=False,
                                            server_default='{}'))
    op.add_column('events', sa.Column('withheld_touchpoint_ids', sa.JSON(), nullable=False,
                                      server_default='[]'))
    op.create_table(
        'pledges',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('event_id', sa.Integer(), sa.ForeignKey('events.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('who', sa.String(length=200), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
        sa.Column('by_when', sa.Date(), nullable=True),
    )
    op.create_index('ix_pledges_event_id', 'pledges', ['event_id'])
    op.create_table(
        'feedback_forms',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('event_id', sa.Integer(), sa.ForeignKey('events.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('session', sa.Integer(), nullable=True),
        sa.Column('useful', sa.Integer(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
    )
    op.create_index('ix_feedback_forms_event_id', 'feedback_forms', ['event_id'])


def downgrade() -> None:
    op.drop_table('feedback_forms')
    op.drop_table('pledges')
    with op.batch_alter_table('events') as batch_op:
        batch_op.drop_column('withheld_touchpoint_ids')
    with op.batch_alter_table('participants') as batch_op:
        batch_op.drop_column('attributes')
        batch_op.drop_column('shown_as')
    with op.batch_alter_table('projects') as batch_op:
        batch_op.drop_column('min_group')
        batch_op.drop_column('kind')
