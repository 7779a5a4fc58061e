"""Render jobs: the record's PDFs are rendered by a background worker.

Revision ID: b7c3e9a1f4d6
Revises: a6619673095a
Create Date: 2026-12-06 17:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7c3e9a1f4d6"
down_revision = "a6619673095a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "render_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.Column("unprintable", sa.String(length=200), nullable=True),
        sa.Column("result_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_render_job_inspection_id_inspection"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_render_job")),
        sa.UniqueConstraint("kind", "inspection_id", "key", name="uq_render_job_target"),
    )
    with op.batch_alter_table("render_job", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_render_job_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_render_job_status"), ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("render_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_render_job_status"))
        batch_op.drop_index(batch_op.f("ix_render_job_inspection_id"))
    op.drop_table("render_job")
