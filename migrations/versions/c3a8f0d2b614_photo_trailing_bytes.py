"""Photos remember how many bytes followed the image (a polyglot's payload), so its original is
served only as an opaque download.

Revision ID: c3a8f0d2b614
Revises: b7d4e2a91c05
Create Date: 2026-12-06 14:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c3a8f0d2b614"
down_revision = "b7d4e2a91c05"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("photo", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("trailing_bytes", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("photo", schema=None) as batch_op:
        batch_op.drop_column("trailing_bytes")
