"""Cases opened on a phone: the offline app's client id, unique.

Revision ID: c5e2a9b4d7f1
Revises: b3d1f0a7c2e4
Create Date: 2026-12-06 13:45:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c5e2a9b4d7f1"
down_revision = "b3d1f0a7c2e4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_inspection_client_id"), ["client_id"])


def downgrade():
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_inspection_client_id"), type_="unique")
        batch_op.drop_column("client_id")
