"""Filing 附件2 (the self-check summary) to the county, with its amendments and their reasons;
the stored summary report drafts.

Revision ID: b7d3f0a2c9e4
Revises: d1e7a3c9f5b2
Create Date: 2026-12-06 17:12:05.878792

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7d3f0a2c9e4"
down_revision = "d1e7a3c9f5b2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "form2_filing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("campaign", sa.String(length=64), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("filled_by_name", sa.String(length=64), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["filed_by_id"],
            ["user_account.id"],
            name=op.f("fk_form2_filing_filed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_form2_filing_region_id_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form2_filing")),
        sa.UniqueConstraint("region_id", "campaign", name="uq_form2_filing_campaign"),
    )
    op.create_table(
        "form2_amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("amended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amended_by_id", sa.Integer(), nullable=False),
        sa.Column("filled_by_name", sa.String(length=64), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["amended_by_id"],
            ["user_account.id"],
            name=op.f("fk_form2_amendment_amended_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["form2_filing.id"],
            name=op.f("fk_form2_amendment_filing_id_form2_filing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form2_amendment")),
    )
    with op.batch_alter_table("form2_amendment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_form2_amendment_filing_id"), ["filing_id"], unique=False
        )

    op.create_table(
        "summary_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("campaign", sa.String(length=64), nullable=False),
        sa.Column("first_month", sa.String(length=7), nullable=False),
        sa.Column("last_month", sa.String(length=7), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("generated_by_id", sa.Integer(), nullable=False),
        sa.Column("docx_key", sa.String(length=255), nullable=False),
        sa.Column("pdf_key", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["generated_by_id"],
            ["user_account.id"],
            name=op.f("fk_summary_draft_generated_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_summary_draft_region_id_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_draft")),
    )
    with op.batch_alter_table("summary_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_summary_draft_region_id"), ["region_id"], unique=False)


def downgrade():
    with op.batch_alter_table("summary_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_summary_draft_region_id"))

    op.drop_table("summary_draft")
    with op.batch_alter_table("form2_amendment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form2_amendment_filing_id"))

    op.drop_table("form2_amendment")
    op.drop_table("form2_filing")
