"""The spot-check form, and the person-met-on-site form built from the subject forms."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from inspect_app.forms import choices_of
from inspect_app.i18n import label
from inspect_app.spotchecks.models import CertificateCheck
from inspect_app.subjects.forms import CertificateForm, PersonForm
from inspect_app.subjects.models import Certificate

YES, NO = "yes", "no"
CERTIFICATE_PREFIX = "certificate"


def _optional_int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # matches no choice: "not a valid choice"


class CheckForm(FlaskForm):
    certificate_id = SelectField(_l("Certificate checked"), coerce=_optional_int)
    shown = RadioField(
        _l("Certificate shown on site"),
        choices=choices_of([(YES, _l("Shown")), (NO, _l("Not shown"))]),
        validators=[InputRequired(_l("Say whether the certificate was shown."))],
    )
    number_matches = RadioField(
        _l("Certificate number matches"),
        choices=choices_of([(YES, _l("Matches")), (NO, _l("Does not match"))]),
        validate_choice=False,  # only needed when shown: checked below
    )
    platform_verified = BooleanField(_l("Verified on the national query platform"))
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    version = HiddenField()
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500)])

    def __init__(self, *args, certificates=(), day: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(c.id, certificate_option(c, day)) for c in certificates]
        self.certificate_id.choices = choices_of([("", _l("None shown, none on file")), *options])

    def validate_certificate_id(self, field) -> None:
        if self.shown.data == YES and field.data is None:
            raise ValidationError(_l("Choose the certificate that was shown."))

    def validate_number_matches(self, field) -> None:
        if self.shown.data == YES and field.data not in (YES, NO):
            raise ValidationError(_l("Say whether the certificate number matches."))

    def values(self) -> dict:
        """Keyword arguments for record_certificate_check."""
        shown = self.shown.data == YES
        return {
            "certificate_id": self.certificate_id.data,
            "shown": shown,
            "number_matches": (self.number_matches.data == YES) if shown else None,
            "platform_verified": bool(self.platform_verified.data),
            "note": self.note.data or "",
            "version": _optional_int(self.version.data),
            "reason": self.reason.data,
        }


def certificate_option(certificate: Certificate, day: date | None) -> str:
    """Kind · number · status on the inspection date."""
    parts = [label(certificate.kind, "CERTIFICATE_KIND_LABELS"), certificate.number]
    if day is not None:
        parts.append(label(certificate.status_on(day), "CERTIFICATE_STATUS_LABELS"))
    return " · ".join(parts)


def check_data(check: CertificateCheck | None, default: Certificate | None) -> dict:
    """What the form shows first: the recorded check, or the certificate the job calls for."""
    if check is None:
        return {"certificate_id": default.id if default else None, "version": ""}
    return {
        "certificate_id": check.certificate_id,
        "shown": YES if check.shown else NO,
        "number_matches": {True: YES, False: NO}.get(check.number_matches),
        "platform_verified": check.platform_verified,
        "note": check.note,
        "version": check.version,
    }


def person_forms(is_get: bool) -> tuple[PersonForm, CertificateForm]:
    """The subject register's own person and certificate forms, on one page."""
    data = {"position": "special_operator"} if is_get else None
    person_form = PersonForm(data=data)
    certificate_form = CertificateForm(prefix=CERTIFICATE_PREFIX, meta={"csrf": False})
    return person_form, certificate_form


def certificate_given(form: CertificateForm) -> bool:
    """The inspector typed a certificate number or date (the kind alone has a default)."""
    fields = (form.number, form.issued_on, form.expires_on, form.reviewed_on)
    return any((field.raw_data or [""])[0].strip() for field in fields)


def person_forms_valid(person_form: PersonForm, certificate_form: CertificateForm) -> bool:
    """Both forms validated together, so every error shows at once."""
    if not person_form.is_submitted():
        return False
    person_ok = person_form.validate()
    certificate_ok = not certificate_given(certificate_form) or certificate_form.validate()
    return person_ok and certificate_ok


def on_site_data(person_form: PersonForm, certificate_form: CertificateForm, key: str) -> dict:
    """The data add_person_on_site takes."""
    data = fields_of(person_form)
    given = certificate_given(certificate_form)
    data["certificate"] = fields_of(certificate_form) if given else None
    data["client_key"] = key
    return data


def fields_of(form) -> dict:
    """The form's data by field name, as the subject services take it."""
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
