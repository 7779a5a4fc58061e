"""The referral form, the result form and the exam-site measure form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.services import new_client_key
from inspect_app.forms import choices_of
from inspect_app.i18n import label
from inspect_app.inspections.forms import MultiCheckboxField
from inspect_app.inspections.models import Inspection
from inspect_app.labels import AGENCY_KIND_LABELS, EXAM_MEASURE_KIND_LABELS
from inspect_app.proceedings.models import AgencyKind, ExamMeasureKind, Proceeding
from inspect_app.referrals.services import ReferralInput, evidence_items


class ReferralForm(FlaskForm):
    agency_kind = SelectField(
        _l("Receiving agency"),
        choices=choices_of([("", _l("Choose…")), *AGENCY_KIND_LABELS.items()]),
        validators=[DataRequired(_l("Choose the kind of agency."))],
    )
    agency_name = StringField(
        _l("Name of the receiving agency"),
        validators=[DataRequired(_l("Enter the agency's name.")), Length(max=128)],
        description=_l("For example 如东县公安局."),
    )
    referred_on = DateField(
        _l("Date of referral"), validators=[DataRequired(_l("Enter the date of referral."))]
    )
    facts = TextAreaField(
        _l("Facts of the matter"),
        validators=[DataRequired(_l("Describe the facts.")), Length(max=4000)],
    )
    basis = TextAreaField(
        _l("Further reasons and legal basis"),
        validators=[Length(max=2000)],
        description=_l(
            "Printed after the standard reason for the kind of agency. Optional for the police."
        ),
    )
    evidence = TextAreaField(
        _l("Evidence list"),
        validators=[
            DataRequired(_l("List the evidence sent, one item per line.")),
            Length(max=4000),
        ],
        description=_l("One item per line; the letter counts the items."),
    )
    photos = MultiCheckboxField(_l("Case photos to attach"), coerce=int, validate_choice=False)
    proceeding_id = SelectField(_l("Penalty proceeding"), validate_choice=False)
    contact = StringField(
        _l("Contact person"),
        validators=[DataRequired(_l("Enter a contact person.")), Length(max=64)],
    )
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=32)])
    client_key = HiddenField()

    def __init__(self, inspection: Inspection, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.photos.choices = [(p.id, _photo_label(p)) for p in case_photos(inspection)]
        self.proceeding_id.choices = choices_of(
            [
                ("", _l("None")),
                *((str(p.id), p.number or f"#{p.id}") for p in case_proceedings(inspection)),
            ]
        )
        if not self.client_key.data:
            self.client_key.data = new_client_key()

    def validate_basis(self, field) -> None:
        if self.agency_kind.data != AgencyKind.POLICE and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason and legal basis for this agency."))

    def values(self) -> ReferralInput:
        proceeding = self.proceeding_id.data
        return ReferralInput(
            agency_kind=self.agency_kind.data,
            agency_name=self.agency_name.data,
            referred_on=self.referred_on.data,
            facts=self.facts.data,
            evidence=evidence_items(self.evidence.data),
            basis=self.basis.data or "",
            contact=self.contact.data,
            contact_phone=self.contact_phone.data or "",
            photo_ids=list(self.photos.data or []),
            proceeding_id=int(proceeding) if (proceeding or "").isdigit() else None,
        )


def _photo_label(photo: Photo) -> str:
    kind = label(photo.kind, "PHOTO_KIND_LABELS")
    return " · ".join(filter(None, (f"#{photo.id}", str(kind), photo.caption)))


def case_photos(inspection: Inspection) -> list[Photo]:
    query = select(Photo).where(Photo.evidence_of(inspection.id)).order_by(Photo.id)
    return list(db.session.scalars(query))


def case_proceedings(inspection: Inspection) -> list[Proceeding]:
    query = select(Proceeding).where(Proceeding.inspection_id == inspection.id)
    return list(db.session.scalars(query.order_by(Proceeding.id)))


class ResultForm(FlaskForm):
    result = TextAreaField(
        _l("Result reported back"),
        validators=[DataRequired(_l("Enter the result the agency reported.")), Length(max=4000)],
    )
    result_on = DateField(
        _l("Date of the result"), validators=[DataRequired(_l("Enter the date of the result."))]
    )
    version = HiddenField()

    def version_value(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None


class ExamMeasureForm(FlaskForm):
    kind = SelectField(
        _l("Measure"),
        choices=choices_of([("", _l("Choose…")), *EXAM_MEASURE_KIND_LABELS.items()]),
        validators=[DataRequired(_l("Choose the measure."))],
    )
    decision_no = StringField(
        _l("Decision number"),
        validators=[DataRequired(_l("Enter the decision's number.")), Length(max=64)],
    )
    decided_on = DateField(
        _l("Decision date"), validators=[DataRequired(_l("Enter the decision date."))]
    )
    starts_on = DateField(
        _l("In force from"), validators=[DataRequired(_l("Enter the first day."))]
    )
    ends_on = DateField(
        _l("Until"),
        validators=[Optional()],
        description=_l("The last day of a suspension; leave blank for a revocation."),
    )
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(_l("Give the reason.")), Length(max=2000)]
    )
    client_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_key.data:
            self.client_key.data = new_client_key()

    def validate(self, extra_validators=None) -> bool:
        """The last day, checked against the kind even when left blank (Optional stops there)."""
        valid = super().validate(extra_validators)
        if self.kind.errors or self.ends_on.errors:
            return valid
        if problem := self._ends_problem():
            self.ends_on.errors = [*self.ends_on.errors, problem]
            return False
        return valid

    def _ends_problem(self):
        ends, suspension = self.ends_on.data, self.kind.data == ExamMeasureKind.SUSPENSION
        if suspension and ends is None:
            return _l("A suspension needs its last day.")
        if not suspension and ends is not None:
            return _l("A revocation has no last day: leave it blank.")
        if ends and self.starts_on.data and ends < self.starts_on.data:
            return _l("The last day comes before the first day.")
        return None

    def values(self) -> dict:
        names = ("kind", "decision_no", "decided_on", "starts_on", "ends_on", "reason")
        return {name: self._fields[name].data for name in names}
