"""What the proceeding page shows: its steps, documents, and the forms of the steps open now."""

import secrets
from datetime import date, timedelta

from flask_babel import format_date
from flask_login import current_user
from sqlalchemy import select

from inspect_app import clock
from inspect_app.catalogs.procedure import procedure_rules
from inspect_app.documents.services import proceeding_documents
from inspect_app.evidence.services import case_photos
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings import forms, queries
from inspect_app.proceedings.models import Proceeding
from inspect_app.proceedings.models import ProceedingStatus as S

SUPERVISORS = ("supervisor", "admin")
EDITORS = ("inspector", "admin")


def record_day(value: str | date | None) -> str:
    """An ISO date of a document's content the Chinese way: 2026年12月1日."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, "yyyy年M月d日")


def case_material(inspection: Inspection) -> tuple[list[Finding], list]:
    """The case's findings and its own evidence photos, to choose from."""
    query = select(Finding).where(Finding.inspection_id == inspection.id).order_by(Finding.id)
    return list(db.session.scalars(query)), case_photos(inspection)


def _unlinked_photos(inspection: Inspection, proceeding: Proceeding) -> list:
    linked = {p.id for p in proceeding.evidence}
    return [p for p in case_photos(inspection) if p.id not in linked]


def _filing(inspection, proceeding, **kw):
    return forms.FilingForm(prefix="filing", version=proceeding.version, **kw)


def _evidence(inspection, proceeding, **kw):
    form = forms.EvidenceForm(prefix="evidence", version=proceeding.version, **kw)
    choices = _unlinked_photos(inspection, proceeding)
    form.photo_ids.choices = [(p.id, forms.photo_label(p)) for p in choices]
    return form


def _notice(inspection, proceeding, **kw):
    return forms.VersionForm(prefix="notice", version=proceeding.version, **kw)


def _statement(inspection, proceeding, **kw):
    key = secrets.token_urlsafe(16)
    return forms.StatementForm(prefix="statement", version=proceeding.version, client_key=key, **kw)


def _hearing(inspection, proceeding, **kw):
    return forms.HearingForm(prefix="hearing", version=proceeding.version, **kw)


def _discussion(inspection, proceeding, **kw):
    return forms.DiscussionForm(prefix="discussion", version=proceeding.version, **kw)


def _decision(inspection, proceeding, **kw):
    return forms.DecisionForm(
        prefix="decision",
        version=proceeding.version,
        fine_yuan=proceeding.proposed_fine_yuan,
        decided_on=clock.today(),
        measures=proceeding.proposed_measures,
        subject_kind=inspection.subject.kind,
        **kw,
    )


# name → (roles, statuses, form factory)
STEP_FORMS = {
    "filing": (SUPERVISORS, (S.REQUESTED,), _filing),
    "evidence": (EDITORS, (S.FILED,), _evidence),
    "notice": (EDITORS, (S.FILED,), _notice),
    "statement": (EDITORS, (S.NOTIFIED,), _statement),
    "hearing": (EDITORS, (S.NOTIFIED,), _hearing),
    "discussion": (EDITORS, (S.NOTIFIED,), _discussion),
    "decision": (EDITORS, (S.NOTIFIED,), _decision),
}


def posted_form(name: str, inspection: Inspection, proceeding: Proceeding):
    """The form of a step as posted (version and defaults from the request only)."""
    return STEP_FORMS[name][2](inspection, proceeding)


def open_forms(inspection: Inspection, proceeding: Proceeding, posted: dict) -> dict:
    """The blank forms of the steps this user may take now; `posted` ones (with errors) win."""
    found = {}
    for name, (roles, statuses, factory) in STEP_FORMS.items():
        if proceeding.status not in statuses or not current_user.has_role(*roles):
            continue
        if name == "hearing" and not (
            proceeding.hearing_requested and not proceeding.hearing_held_on
        ):
            continue
        if name == "discussion" and proceeding.discussed_on:
            continue
        found[name] = posted.get(name) or factory(inspection, proceeding, formdata=None)
    return found


def decision_due(proceeding: Proceeding) -> date | None:
    """The last day to decide: 90 days after filing (行政处罚法 Art. 60)."""
    if proceeding.filed_on is None:
        return None
    return proceeding.filed_on + timedelta(days=procedure_rules().decision_days)


def page_context(inspection: Inspection, proceeding: Proceeding, posted: dict | None = None):
    return {
        "inspection": inspection,
        "proceeding": proceeding,
        "steps": queries.steps(proceeding),
        "documents": proceeding_documents(proceeding.id),
        "forms": open_forms(inspection, proceeding, posted or {}),
        "rules": procedure_rules(),
        "decision_due": decision_due(proceeding),
        "editable": current_user.has_role(*EDITORS),
    }
