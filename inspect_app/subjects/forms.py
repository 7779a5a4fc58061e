"""Forms for subjects, people and certificates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from inspect_app.forms import choices_from, choices_of
from inspect_app.labels import (
    CERTIFICATE_KIND_LABELS,
    INDUSTRY_LABELS,
    POSITION_LABELS,
    SUBJECT_KIND_LABELS,
)
from inspect_app.subjects import checks
from inspect_app.validators import phone_number, valid_id_number, valid_uscc


def _raise(message) -> None:
    if message:
        raise ValidationError(message)


def _version(value):
    """The version the form was opened at; a hand-edited value counts as none."""
    return int(value) if str(value or "").isdigit() else None


def _required(message):
    return DataRequired(message=message)


class SubjectForm(FlaskForm):
    version = HiddenField(filters=[_version])
    kind = SelectField(_l("Kind"), choices=choices_from(SUBJECT_KIND_LABELS))
    name = StringField(
        _l("Name"), validators=[_required(_l("Enter the unit's name.")), Length(max=128)]
    )
    uscc = StringField(
        _l("Unified social credit code"),
        validators=[_required(_l("Enter the unified social credit code.")), valid_uscc],
        render_kw={"autocapitalize": "characters", "spellcheck": "false", "maxlength": 22},
    )
    address = StringField(_l("Address"), validators=[Length(max=256)])
    industry = SelectField(_l("Industry"), choices=choices_from(INDUSTRY_LABELS), default="other")
    high_risk = BooleanField(_l("High-risk industry"))
    region_id = SelectField(_l("Region"), coerce=int)
    contact_name = StringField(_l("Contact person"), validators=[Length(max=64)])
    contact_phone = StringField(_l("Contact phone"), validators=[phone_number])

    def __init__(self, *args, regions=(), subject_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.region_id.choices = choices_of((r.id, r.name) for r in regions)
        self._subject_id = subject_id
        self._region_ids = {r.id for r in regions}

    def validate_uscc(self, field) -> None:
        _raise(checks.uscc_taken(field.data, self._subject_id, self._region_ids))


class PersonForm(FlaskForm):
    version = HiddenField(filters=[_version])
    name = StringField(
        _l("Name"), validators=[_required(_l("Enter the person's name.")), Length(max=64)]
    )
    position = SelectField(_l("Position"), choices=choices_from(POSITION_LABELS))
    id_number = StringField(
        _l("ID card number"),
        validators=[Optional(), valid_id_number],
        render_kw={"autocapitalize": "characters", "spellcheck": "false", "maxlength": 22},
    )
    appointed_on = DateField(_l("Appointed on"), validators=[Optional()])
    phone = StringField(_l("Phone"), validators=[phone_number])

    def validate_appointed_on(self, field) -> None:
        _raise(checks.appointed_on_problem(field.data))


class CertificateForm(FlaskForm):
    version = HiddenField(filters=[_version])
    kind = SelectField(_l("Certificate"), choices=choices_from(CERTIFICATE_KIND_LABELS))
    number = StringField(
        _l("Certificate number"),
        validators=[_required(_l("Enter the certificate number.")), Length(max=64)],
        render_kw={"spellcheck": "false"},
    )
    issued_on = DateField(_l("Issued on"), validators=[_required(_l("Enter the date of issue."))])
    expires_on = DateField(
        _l("Valid until"),
        validators=[Optional()],
        description=_l("Leave blank for a special-operation certificate: six years from issue."),
    )
    reviewed_on = DateField(_l("Last reviewed on"), validators=[Optional()])
    verified_on = DateField(
        _l("Verified on the national query platform on"), validators=[Optional()]
    )

    def validate_expires_on(self, field) -> None:
        _raise(checks.expires_on_problem(self.kind.data, self.issued_on.data, field.data))

    def validate_reviewed_on(self, field) -> None:
        _raise(checks.reviewed_on_problem(self.issued_on.data, field.data))

    def validate_verified_on(self, field) -> None:
        _raise(checks.verified_on_problem(field.data))
