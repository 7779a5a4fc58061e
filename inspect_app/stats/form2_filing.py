"""Filing (报送) 附件2, the self-check summary of a campaign's self-check phase, to the county.

The town notice: "2022年4月5日前，镇安监局将组织辖区内企业开展自查自改的情况（附件2）报县应急
管理局".
The phase filed is the campaign's self-check phase, widened to the town's own self-check round
when links went out earlier or answers came in later; the due day is FORM2_DUE_DAY (MM-DD) of the
campaign year: the first such day on or after the phase's end. Filing again is an amendment
(更正): it needs a reason, and keeps what had been filed before.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.catalogs import CatalogError, load_campaign
from inspect_app.clock import Period, utcnow
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.regions.services import subtree_ids
from inspect_app.selfchecks.models import SelfCheck
from inspect_app.stats.models import SelfCheckSummaryAmendment, SelfCheckSummaryFiling
from inspect_app.stats.services import (
    FilingStatus,
    Form2Report,
    ReportError,
    StaleFiling,
    filing_status_of,
    form2_report,
)

PHASE = "self_check"


class StaleForm2Filing(StaleFiling):
    message = _l(
        "The self-check summary was filed by someone else after you opened the page. "
        "Nothing was changed: check the figures below and file again if needed."
    )


def campaign_code() -> str:
    return current_app.config["DEFAULT_CAMPAIGN"]


def catalog_phase(campaign: str) -> Period:
    """The self-check phase as the campaign's catalog sets it."""
    try:
        phase = next(p for p in load_campaign(campaign).phases if p.code == PHASE)
    except (CatalogError, StopIteration) as error:
        raise ReportError(_l("The campaign has no self-check phase.")) from error
    return Period(phase.starts_on, phase.ends_on)


def self_check_phase(region: Region, campaign: str) -> Period:
    """The catalog's phase, widened to the first link sent and the last deadline or answer."""
    phase = catalog_phase(campaign)
    query = select(
        func.min(SelfCheck.sent_at), func.max(SelfCheck.deadline), func.max(SelfCheck.submitted_at)
    ).where(SelfCheck.region_id.in_(subtree_ids(region.id)), SelfCheck.campaign == campaign)
    sent, deadline, submitted = db.session.execute(query).one()
    first = min([phase.first, *([clock.local_day(sent)] if sent else [])])
    lasts = [phase.last, deadline, clock.local_day(submitted) if submitted else None]
    return Period(first, max(day for day in lasts if day is not None))


def due_date(campaign: str) -> date:
    """FORM2_DUE_DAY (MM-DD, default 04-05) of the campaign year: on or after the phase's end."""
    end = catalog_phase(campaign).last
    month, day = (int(part) for part in current_app.config["FORM2_DUE_DAY"].split("-"))
    due = date(end.year, month, day)
    return due if due >= end else date(end.year + 1, month, day)


@dataclass
class Form2Filing:
    """What the 附件2 page shows of filing: the phase, the due day, each town's status."""

    region: Region
    campaign: str
    phase: Period
    due: date
    filings: list[FilingStatus] = field(default_factory=list)

    @property
    def filing(self) -> FilingStatus | None:
        """A town's own filing."""
        return self.filings[0] if len(self.filings) == 1 and not self.region.children else None


def form2_filing(region: Region, campaign: str | None = None) -> Form2Filing:
    """The phase, due day and filing status of each town under (or being) the region."""
    campaign = campaign or campaign_code()
    towns = [town for town in (list(region.children) or [region]) if not town.children]
    found = db.session.scalars(
        select(SelfCheckSummaryFiling).where(
            SelfCheckSummaryFiling.region_id.in_([t.id for t in towns]),
            SelfCheckSummaryFiling.campaign == campaign,
        )
    )
    filed = {filing.region_id: filing for filing in found}
    due = due_date(campaign)
    statuses = [filing_status_of(town, filed.get(town.id), due) for town in towns]
    return Form2Filing(region, campaign, self_check_phase(region, campaign), due, statuses)


def snapshot(report: Form2Report) -> dict:
    """The figures a filing keeps, as the form shows them: items 1–6, then the total."""
    _, block = report.blocks[0]
    rows = [block.items[number] for number in range(1, 7)] + [block.total]
    return {
        "first": report.period.first.isoformat(),
        "last": report.period.last.isoformat(),
        "rows": [[r.checked, r.with_problem, r.rectified] for r in rows],
    }


def filing_token(filing: SelfCheckSummaryFiling | None) -> str:
    return filing.filed_at.isoformat() if filing is not None else ""


def find_filing(town: Region, campaign: str) -> SelfCheckSummaryFiling | None:
    return db.session.scalar(
        select(SelfCheckSummaryFiling).where(
            SelfCheckSummaryFiling.region_id == town.id,
            SelfCheckSummaryFiling.campaign == campaign,
        )
    )


def file_form2(town: Region, user, filled_by_name: str, client_key: str, previous: str, reason=""):
    """File (报送) a town's 附件2 for the self-check phase; filing again amends it with a reason."""
    if town.children:
        raise ReportError(_l("Only a town files its self-check summary."))
    campaign = campaign_code()
    phase = self_check_phase(town, campaign)
    if phase.first > clock.today():
        raise ReportError(_l("The self-check phase has not begun."))
    existing = find_filing(town, campaign)
    if existing is not None and client_key and existing.figures.get("client_key") == client_key:
        return existing  # a double tap: already filed by the first one
    if filing_token(existing) != (previous or ""):
        raise StaleForm2Filing()
    reason = " ".join((reason or "").split())
    if existing is not None and not reason:
        raise ReportError(_l("Give the reason for amending the filed self-check summary."))
    figures = {**snapshot(form2_report(town, phase)), "client_key": client_key}
    filing = existing or SelfCheckSummaryFiling(region_id=town.id, campaign=campaign)
    before = _amend(filing, user, reason) if existing is not None else None
    filing.first_day, filing.last_day = phase.first, phase.last
    filing.filled_by_name, filing.filed_by_id = filled_by_name, user.id
    filing.filed_at, filing.figures = utcnow(), figures
    db.session.add(filing)
    action = "amend_form2" if existing else "file_form2"
    record_audit(user, action, filing, filled_by=filled_by_name, reason=reason, before=before)
    db.session.flush()
    return filing


def _amend(filing: SelfCheckSummaryFiling, user, reason: str) -> dict:
    before = {
        "filed_at": filing.filed_at.isoformat(),
        "filled_by": filing.filled_by_name,
        "figures": {k: v for k, v in filing.figures.items() if k != "client_key"},
    }
    filing.amendments.append(
        SelfCheckSummaryAmendment(
            reason=reason,
            amended_by_id=user.id,
            filled_by_name=filing.filled_by_name,
            before=before,
        )
    )
    return before


def changed_since_filing(filing: SelfCheckSummaryFiling | None) -> bool:
    """The live figures of the filed phase differ from those the town filed."""
    if filing is None:
        return False
    live = snapshot(form2_report(filing.region, Period(filing.first_day, filing.last_day)))
    kept = {k: v for k, v in filing.figures.items() if k != "client_key"}
    return kept != live
