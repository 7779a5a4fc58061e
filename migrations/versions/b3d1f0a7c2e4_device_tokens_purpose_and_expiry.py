"""Device tokens: an API token's purpose ('api' or 'offline') and its expiry.

Revision ID: b3d1f0a7c2e4
Revises: c4a8e1f7b2d6
Create Date: 2026-12-06 13:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b3d1f0a7c2e4"
down_revision = "c4a8e1f7b2d6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=16), server_default="api", nullable=False)
        )
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
        batch_op.drop_column("purpose")
