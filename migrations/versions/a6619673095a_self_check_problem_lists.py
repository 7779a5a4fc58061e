"""Self-check problem lists (progress, photos, closing) and institutions' self-checks.

Existing self-checks are production units'; their links expire 60 days after the deadline, and an
item already marked rectified at submission counts as rectified from its submission.

Revision ID: a6619673095a
Revises: b7d3f0a2c9e4
Create Date: 2026-12-06 17:06:46.890742

"""

from datetime import timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a6619673095a"
down_revision = "b7d3f0a2c9e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "self_check_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_key", sa.String(length=200), nullable=False),
        sa.Column("display_key", sa.String(length=200), nullable=False),
        sa.Column("thumb_key", sa.String(length=200), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("trailing_bytes", sa.Integer(), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gps_lat", sa.Float(), nullable=True),
        sa.Column("gps_lon", sa.Float(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["self_check_item.id"],
            name=op.f("fk_self_check_photo_item_id_self_check_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_check_photo")),
        sa.UniqueConstraint("item_id", "sha256", name="uq_self_check_photo_sha256"),
    )
    with op.batch_alter_table("self_check_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_check_photo_item_id"), ["item_id"], unique=False)

    with op.batch_alter_table("self_check", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind", sa.String(length=24), server_default="production_unit", nullable=False
            )
        )
        batch_op.add_column(sa.Column("expires_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("review_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("review_to", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("report_text", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("report_pdf_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("report_pdf_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("report_pdf_bytes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_self_check_closed_by_id_user_account"),
            "user_account",
            ["closed_by_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            "kind", "kind IN ('production_unit', 'training_institution', 'exam_site')"
        )

    with op.batch_alter_table("self_check_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("responsible", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("progress", sa.String(length=16), server_default="open", nullable=False)
        )
        batch_op.add_column(
            sa.Column("progress_note", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("rectified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            "progress", "progress IN ('open', 'in_progress', 'rectified')"
        )

    _backfill()


def _backfill():
    check = sa.table(
        "self_check",
        sa.column("id", sa.Integer()),
        sa.column("deadline", sa.Date()),
        sa.column("expires_on", sa.Date()),
        sa.column("submitted_at", sa.DateTime(timezone=True)),
    )
    item = sa.table(
        "self_check_item",
        sa.column("self_check_id", sa.Integer()),
        sa.column("rectified", sa.Boolean()),
        sa.column("has_problem", sa.Boolean()),
        sa.column("progress", sa.String()),
        sa.column("rectified_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    for check_id, deadline in bind.execute(sa.select(check.c.id, check.c.deadline)).all():
        bind.execute(
            check.update()
            .where(check.c.id == check_id)
            .values(expires_on=deadline + timedelta(days=60))
        )
    submitted = (
        sa.select(check.c.submitted_at).where(check.c.id == item.c.self_check_id).scalar_subquery()
    )
    bind.execute(
        item.update()
        .where(item.c.rectified.is_(True), item.c.has_problem.is_(True))
        .values(progress="rectified", rectified_at=submitted)
    )


def downgrade():
    with op.batch_alter_table("self_check_item", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_self_check_item_progress"), type_="check")
        batch_op.drop_column("rectified_at")
        batch_op.drop_column("progress_note")
        batch_op.drop_column("progress")
        batch_op.drop_column("responsible")

    with op.batch_alter_table("self_check", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_self_check_kind"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_self_check_closed_by_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("closed_by_id")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("report_pdf_bytes")
        batch_op.drop_column("report_pdf_sha256")
        batch_op.drop_column("report_pdf_key")
        batch_op.drop_column("report_text")
        batch_op.drop_column("review_to")
        batch_op.drop_column("review_from")
        batch_op.drop_column("expires_on")
        batch_op.drop_column("kind")

    with op.batch_alter_table("self_check_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_check_photo_item_id"))

    op.drop_table("self_check_photo")
