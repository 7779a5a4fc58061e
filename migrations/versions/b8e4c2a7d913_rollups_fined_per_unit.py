"""The monthly rollups keep each penalized unit's fines (measure `fined`, keyed by the subject's
id, as the `unit` rows are), so that 附件3 lists its penalized units from the rollups instead of
reading every penalty of the month. Fills the new rows from the penalties already decided.

Revision ID: b8e4c2a7d913
Revises: f3b7d1c9e2a5
Create Date: 2026-12-07 20:30:00.000000

"""

from alembic import op
from sqlalchemy import text

# revision identifiers, used by Alembic.
revision = "b8e4c2a7d913"
down_revision = "f3b7d1c9e2a5"
branch_labels = None
depends_on = None

# A counted penalty (decided, not revoked, on an issued case) with a fine, summed per region of
# its case, local month of its decision and subject: as the app's rollups compute it.
FILL = """
INSERT INTO dashboard_rollup (region_id, month, measure, key, value)
SELECT inspection.region_id, {month}, 'fined', CAST(inspection.subject_id AS VARCHAR(80)),
       SUM(penalty.fine_yuan)
FROM penalty JOIN inspection ON inspection.id = penalty.inspection_id
WHERE penalty.decision_date IS NOT NULL AND penalty.revoked_at IS NULL
  AND inspection.status != 'draft' AND penalty.fine_yuan > 0
GROUP BY inspection.region_id, {month}, inspection.subject_id
"""
MONTH = {
    "sqlite": "strftime('%Y-%m', penalty.decision_date)",
    "postgresql": "to_char(penalty.decision_date, 'YYYY-MM')",
}


def upgrade():
    bind = op.get_bind()
    bind.execute(text(FILL.format(month=MONTH[bind.dialect.name])))


def downgrade():
    op.get_bind().execute(text("DELETE FROM dashboard_rollup WHERE measure = 'fined'"))
