"""Summary report drafts: the figures (the dashboard's own), the due days, and generation.

The figures come from the dashboard's build (dashboard.pages.build_dashboard) over the
campaign's months, and from 附件2 over the self-check phase, so the draft and the dashboard
always agree. Typical cases come from the typical-case list, which carries no personal data.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.catalogs import Campaign, load_campaign
from inspect_app.clock import Period
from inspect_app.dashboard.pages import Dashboard, build_dashboard
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.stats import form2_filing
from inspect_app.stats.queries import Form2Block
from inspect_app.stats.services import TypicalCase, form2_report, typical_case_list
from inspect_app.storage import storage
from inspect_app.summaries import document, tables
from inspect_app.summaries.models import SummaryDraft

AREA = "summaries"


@dataclass(frozen=True)
class Summary:
    """Everything a draft states from the data."""

    region: Region
    campaign: Campaign
    period: Period
    today: date
    board: Dashboard
    self_check_phase: Period
    self_check_block: Form2Block
    typical: list[TypicalCase]
    due: dict[str, date]

    @property
    def self_checks(self):
        return self.self_check_block.total

    @property
    def campaign_name(self) -> str:
        return self.campaign.name(str(get_locale() or ""))


def summary_period(campaign: Campaign, today: date) -> Period:
    """The campaign's months, up to the current one when the work went on after its end."""
    last = max(f"{campaign.ends_on:%Y-%m}", f"{today:%Y-%m}")
    return Period.of_months(f"{campaign.starts_on:%Y-%m}", last)


def due_dates(campaign: Campaign) -> dict[str, date]:
    """When towns and provinces send their written summary (SUMMARY_DUE_DAYS, MM-DD)."""
    year = campaign.ends_on.year
    days = current_app.config["SUMMARY_DUE_DAYS"]
    return {level: date(year, *(int(p) for p in day.split("-"))) for level, day in days.items()}


def configured_campaign() -> Campaign:
    return load_campaign(current_app.config["DEFAULT_CAMPAIGN"])


def draft_name(draft: SummaryDraft, fmt: str) -> str:
    """The file name stem: 总结报告草稿_洋口镇_2026-12-06 (figures: 总结报告数据_…)."""
    what = _("Summary report draft") if fmt == "docx" else _("Summary report figures")
    return "_".join((what, draft.region.name, clock.local_day(draft.generated_at).isoformat()))


def build_summary(region: Region, scope: list[int]) -> Summary:
    """The draft's figures for a region under the configured campaign."""
    campaign, today = configured_campaign(), clock.today()
    code = campaign.code
    period = summary_period(campaign, today)
    phase = form2_filing.self_check_phase(region, code)
    _, block = _own_block(form2_report(region, phase))
    return Summary(
        region=region,
        campaign=campaign,
        period=period,
        today=today,
        board=build_dashboard(region, scope, period, today),
        self_check_phase=phase,
        self_check_block=block,
        typical=typical_case_list(region, period),
        due=due_dates(campaign),
    )


def _own_block(report) -> tuple[Region, Form2Block]:
    return (report.region, report.summed) if report.summed else report.blocks[0]


def summary_tables(summary: Summary) -> dict:
    return {
        "figures": tables.figures_table(summary),
        "problems": tables.problems_table(summary),
        "self_checks": tables.self_check_table(summary),
    }


def generate_summary(region: Region, user, scope: list[int]) -> SummaryDraft:
    """Write the Word draft and the PDF of its figures, store both, and audit."""
    summary = build_summary(region, scope)
    made = summary_tables(summary)
    docx_key, _ = storage().put(document.write_docx(summary, made), AREA, ".docx")
    pdf_key, _ = storage().put(document.write_figures_pdf(summary, made), AREA, ".pdf")
    draft = SummaryDraft(
        region_id=region.id,
        campaign=summary.campaign.code,
        first_month=summary.period.first_month,
        last_month=summary.period.last_month,
        generated_by_id=user.id,
        docx_key=docx_key,
        pdf_key=pdf_key,
    )
    db.session.add(draft)
    db.session.flush()
    record_audit(user, "generate_summary", draft, region=region.code)
    return draft


def drafts_of(region: Region, limit: int = 10) -> list[SummaryDraft]:
    """The region's drafts, newest first."""
    query = (
        select(SummaryDraft)
        .where(SummaryDraft.region_id == region.id)
        .order_by(SummaryDraft.generated_at.desc(), SummaryDraft.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def find_draft(draft_id: int, scope: list[int]) -> SummaryDraft | None:
    """A draft of a region in scope, else None."""
    draft = db.session.get(SummaryDraft, draft_id)
    return draft if draft is not None and draft.region_id in scope else None
