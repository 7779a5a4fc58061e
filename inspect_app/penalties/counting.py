"""What counts as a penalty in the statistics: 附件3 and the dashboard share one definition.

A penalty counts on its decision date (决定日期, a local calendar day) — not on the day its
case was issued — once decided, while not revoked, and only if it imposes a fine or a
suspension of production (责令停产停业). A decision that only orders correction, refers the
matter or suspends an exam site's qualification is no "penalized unit, ¥0": referrals and
exam-site measures are counted on their own.
"""

from datetime import date

from sqlalchemy import String, and_, cast, or_

from inspect_app.inspections.models import Inspection, Status
from inspect_app.penalties.models import Penalty

PENALTY_MEASURE = '%"suspension"%'  # the JSON list holds "suspension" (not exam_…_suspension)


def counted_penalty():
    """SQL: a decided, live penalty with a fine or a suspension, on an issued case."""
    return and_(
        Penalty.decision_date.is_not(None),
        Penalty.revoked_at.is_(None),
        Inspection.status != Status.DRAFT.value,
        or_(Penalty.fine_yuan > 0, cast(Penalty.measures, String).like(PENALTY_MEASURE)),
    )


def decided_between(first: date, last: date):
    """SQL: decided on a local day from `first` to `last`, both included."""
    return and_(Penalty.decision_date >= first, Penalty.decision_date <= last)
