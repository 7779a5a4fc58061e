"""The sections of a case page, each with how many entries it holds."""

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import Penalty
from inspect_app.quizzes.models import QuizAttempt
from inspect_app.signatures.models import Signature, shown_revision
from inspect_app.spotchecks.models import CertificateCheck

# (endpoint, label, model counted) in the order an inspector works through a case.
SECTIONS = (
    ("inspections.checklist", _l("Checklist"), None),
    ("evidence.index", _l("Photos"), Photo),
    ("spotchecks.index", _l("Certificate checks"), CertificateCheck),
    ("findings.index", _l("Findings and orders"), Finding),
    ("penalties.index", _l("Penalties"), Penalty),
    ("quizzes.index", _l("Quizzes"), QuizAttempt),
    ("signatures.index", _l("Signatures"), Signature),
)


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: str
    url: str
    count: int | None


def case_sections(inspection: Inspection) -> list[Section]:
    """The sections whose pages exist, with how many entries each holds (one query)."""
    shown = [s for s in SECTIONS if s[0] in current_app.view_functions]
    counted = [model for _endpoint, _label, model in shown if model is not None]
    row = db.session.execute(select(*(_count(model, inspection) for model in counted))).one()
    counts = dict(zip(counted, row, strict=True))
    return [
        Section(
            endpoint, str(label), url_for(endpoint, inspection_id=inspection.id), counts.get(model)
        )
        for endpoint, label, model in shown
    ]


def _count(model, inspection: Inspection):
    """A scalar subquery: the section's entries on this case."""
    condition = model.inspection_id == inspection.id
    if model is Photo:
        condition = Photo.evidence_of(inspection.id)
    if model is Signature:  # those of the revision being signed, else of the latest one
        condition = condition & (Signature.revision == shown_revision(inspection))
    return select(func.count()).select_from(model).where(condition).scalar_subquery()
