"""Labels of the plans feature's coded values."""

from flask_babel import lazy_gettext as _l

PLAN_STATUS_LABELS = {"draft": _l("Draft"), "approved": _l("Approved")}
TASK_STATUS_LABELS = {"open": _l("To do"), "done": _l("Completed"), "cancelled": _l("Cancelled")}
TASK_SOURCE_LABELS = {"draw": _l("Random draw"), "tip": _l("Tip-off"), "manual": _l("Manual")}
CAMPAIGN_LABELS = {"training-formality-2021": _l("Training formality campaign (2021–2022)")}
FIELD_LABELS = {
    "title": _l("Title"),
    "campaign": _l("Campaign"),
    "first_month": _l("First month"),
    "last_month": _l("Last month"),
    "full_kinds": _l("Full coverage"),
    "sample_kinds": _l("Sampled kinds"),
    "sample_share": _l("Minimum share sampled (%)"),
    "all_high_risk": _l("All high-risk units"),
}
TABLES = {
    "plan_status": PLAN_STATUS_LABELS,
    "task_status": TASK_STATUS_LABELS,
    "task_source": TASK_SOURCE_LABELS,
    "campaign": CAMPAIGN_LABELS,
    "plan_field": FIELD_LABELS,
}


def plan_label(value, table: str) -> str:
    """The translated label of a plans value, or the value itself."""
    return str(TABLES[table].get(value, value if value is not None else ""))
