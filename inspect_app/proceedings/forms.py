"""The forms of a proceeding's steps; each step's form has its own prefix on the page."""

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from inspect_app.evidence.models import Photo
from inspect_app.findings.models import Finding
from inspect_app.forms import choices_from
from inspect_app.inspections.forms import MultiCheckboxField
from inspect_app.inspections.models import Inspection
from inspect_app.labels import MEASURE_LABELS, PHOTO_KIND_LABELS
from inspect_app.penalties.forms import PARTY_LABELS, YuanField, basis_choices
from inspect_app.penalties.models import Party
from inspect_app.penalties.services import EXAM_MEASURES
from inspect_app.public.forms import PublicForm, _code_field


def version_of(form) -> int | None:
    value = form.version.data or ""
    return int(value) if value.isdigit() else None


def measure_choices(subject_kind: str) -> list:
    hidden = () if subject_kind == "exam_site" else EXAM_MEASURES
    return choices_from({k: v for k, v in MEASURE_LABELS.items() if k not in hidden})


def photo_label(photo: Photo) -> str:
    kind = str(PHOTO_KIND_LABELS.get(photo.kind, photo.kind))
    return f"{kind} · {photo.caption}" if photo.caption else kind


class ProceedingForm(FlaskForm):
    findings = MultiCheckboxField(_l("Findings"), coerce=int, validate_choice=False)
    party = RadioField(_l("Party"), choices=choices_from(PARTY_LABELS), validate_choice=False)
    person_name = StringField(_l("Name of the person"), validators=[Length(max=64)])
    facts = TextAreaField(
        _l("Facts of the violation"),
        validators=[Length(max=4000)],
        description=_l(
            "Filled in from the findings chosen (left blank, their descriptions are used); "
            "state the facts as established."
        ),
    )
    basis_code = SelectField(_l("Legal basis"), validate_choice=False)
    fine_yuan = YuanField(
        _l("Intended fine (yuan)"),
        description=_l("Whole yuan, within the range of the basis. Enter 0 for no fine."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12},
    )
    measures = MultiCheckboxField(_l("Other measures"), validate_choice=False)
    photo_ids = MultiCheckboxField(_l("Evidence photos"), coerce=int, validate_choice=False)
    client_key = HiddenField()

    def __init__(self, *args, inspection: Inspection, findings, photos, **kwargs):
        super().__init__(*args, **kwargs)
        self.basis_code.choices = basis_choices()
        self.measures.choices = measure_choices(inspection.subject.kind)
        self.findings.choices = [(f.id, f.description) for f in findings]
        self.photo_ids.choices = [(p.id, photo_label(p)) for p in photos]

    def values(self) -> dict:
        return {
            "finding_ids": list(self.findings.data or []),
            "party": self.party.data or "",
            "person_name": self.person_name.data,
            "facts": self.facts.data,
            "basis_code": self.basis_code.data or "",
            "fine_yuan": self.fine_yuan.data,
            "measures": list(self.measures.data or []),
            "photo_ids": list(self.photo_ids.data or []),
        }


def new_proceeding_form(inspection, findings: list[Finding], photos, chosen: list[str]):
    """A blank form with a fresh client key; the findings picked in the link preselected, their
    descriptions as the facts."""
    picked = [f for f in findings if str(f.id) in chosen]
    data = {
        "party": Party.UNIT.value,
        "client_key": secrets.token_urlsafe(16),
        "findings": [f.id for f in picked],
        "facts": "\n".join(f.description for f in picked),
    }
    return ProceedingForm(data=data, inspection=inspection, findings=findings, photos=photos)


class VersionForm(FlaskForm):
    version = HiddenField()


class FilingForm(VersionForm):
    opinion = TextAreaField(
        _l("Opinion"),
        validators=[Length(max=1000)],
        description=_l("Printed on the filing approval form. Leave blank for “Agreed”."),
    )
    reason = TextAreaField(
        _l("Reason for refusing"),
        validators=[Length(max=1000)],
        description=_l("Only when you refuse to file the case."),
    )


class EvidenceForm(VersionForm):
    photo_ids = MultiCheckboxField(_l("Photos of the case"), coerce=int, validate_choice=False)


class StatementForm(VersionForm):
    text = TextAreaField(_l("What the party stated"), validators=[Length(max=4000)])
    given_on = DateField(_l("Date of the statement"), validators=[Optional()])
    hearing = BooleanField(_l("The party asks for a hearing"))
    client_key = HiddenField()


class HearingForm(VersionForm):
    held_on = DateField(_l("Date of the hearing"), validators=[Optional()])
    summary = TextAreaField(_l("Summary of the hearing"), validators=[Length(max=4000)])


class DiscussionForm(VersionForm):
    discussed_on = DateField(_l("Date of the discussion"), validators=[Optional()])
    members = TextAreaField(_l("Members present"), validators=[Length(max=1000)])
    conclusion = TextAreaField(_l("Conclusion"), validators=[Length(max=4000)])


class DecisionForm(VersionForm):
    fine_yuan = YuanField(
        _l("Fine decided (yuan)"),
        description=_l("May differ from the notice after the party's statement."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12},
    )
    measures = MultiCheckboxField(_l("Other measures"), validate_choice=False)
    decided_on = DateField(_l("Decision date"), validators=[Optional()])
    review = TextAreaField(
        _l("Review of the statement and defence"),
        validators=[Length(max=4000)],
        description=_l("Printed on the decision: whether the party's arguments were adopted."),
    )
    suspension_starts_on = DateField(_l("Suspension from"), validators=[Optional()])
    suspension_ends_on = DateField(_l("Suspension until"), validators=[Optional()])

    def __init__(self, *args, subject_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures.choices = measure_choices(subject_kind)

    def values(self) -> dict:
        return {
            "fine_yuan": self.fine_yuan.data,
            "measures": list(self.measures.data or []),
            "decided_on": self.decided_on.data,
            "review": self.review.data or "",
            "suspension_starts_on": self.suspension_starts_on.data,
            "suspension_ends_on": self.suspension_ends_on.data,
        }


class PublicStatementForm(PublicForm):
    """The unit's statement from its public page, authorised by the verification code."""

    code = _code_field()
    text = TextAreaField(
        _l("Your statement and defence"),
        validators=[Length(max=4000)],
        description=_l("The facts and reasons you put forward against the intended penalty."),
    )
    hearing = BooleanField(_l("We ask for a hearing"))
    client_key = HiddenField()
