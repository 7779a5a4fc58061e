"""Indexes for the subject register and question bank read A-Z by cursor.

The new composite indexes start with the columns the old single-column ones held, so those
are dropped: each is a prefix of its replacement.

Revision ID: e4b9c7d2a6f1
Revises: b8e4d2a6c1f3
Create Date: 2026-12-06 20:45:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e4b9c7d2a6f1'
down_revision = 'b8e4d2a6c1f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.create_index('ix_subject_name_id', ['name', 'id'], unique=False)
        batch_op.create_index('ix_subject_kind_name', ['kind', 'name', 'id'], unique=False)
        batch_op.create_index('ix_subject_region_name', ['region_id', 'name', 'id'], unique=False)
        batch_op.drop_index('ix_subject_name')
        batch_op.drop_index('ix_subject_kind')
        batch_op.drop_index('ix_subject_region_id')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index('ix_question_topic_code', ['topic', 'code'], unique=False)
        batch_op.drop_index('ix_question_topic')


def downgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index('ix_question_topic', ['topic'], unique=False)
        batch_op.drop_index('ix_question_topic_code')
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.create_index('ix_subject_region_id', ['region_id'], unique=False)
        batch_op.create_index('ix_subject_kind', ['kind'], unique=False)
        batch_op.create_index('ix_subject_name', ['name'], unique=False)
        batch_op.drop_index('ix_subject_region_name')
        batch_op.drop_index('ix_subject_kind_name')
        batch_op.drop_index('ix_subject_name_id')
