"""Demo data for the report pages: last month's 附件3 and the self-check summary (附件2) filed by
洋口镇, and a summary report draft for 洋口镇 (typical cases come with the demo history)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.regions.services import find_region, subtree_ids
from inspect_app.stats.form2_filing import file_form2
from inspect_app.stats.services import due_date, file_monthly_report
from inspect_app.summaries.services import generate_summary


def seed_demo_reports() -> None:
    """File 洋口镇's report for last month (on time) and its 附件2; draft its summary report."""
    town, user = find_region("320623105"), _user("zhou.min")
    if town is None or user is None:
        return
    start, _end = clock.month_bounds(clock.current_month())
    month = (start - timedelta(days=1)).strftime("%Y-%m")
    report = file_monthly_report(town, month, user, user.display_name, "demo-filing", "")
    due = due_date(month)
    report.filed_at = datetime(due.year, due.month, due.day, 2, 0, tzinfo=UTC)
    file_form2(town, user, user.display_name, "demo-form2", "")
    generate_summary(town, user, subtree_ids(town.id))
    db.session.flush()


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))
