"""Forms for accounts and regions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from inspect_app.auth.passwords import MAX_LENGTH, password_problem
from inspect_app.auth.services import find_user
from inspect_app.forms import choices_from, choices_of
from inspect_app.labels import ROLE_LABELS
from inspect_app.regions.services import find_region


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(_l("Enter a username.")),
            Regexp(r"^[A-Za-z0-9_.\-]{3,64}$", message=_l("3–64 letters, digits, _ . or -.")),
        ],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    display_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=64)]
    )
    cert_no = StringField(_l("Enforcement certificate number"), validators=[Length(max=32)])
    role = SelectField(_l("Role"), choices=choices_from(ROLE_LABELS))
    region_id = SelectField(_l("Region"), coerce=int)
    active = BooleanField(_l("Account active"), default=True)
    password = PasswordField(
        _l("New password"),
        validators=[Optional(), Length(max=MAX_LENGTH)],
        description=_l(
            "At least 10 characters, not a common password and not containing the username. "
            "Leave blank to keep the current password."
        ),
        render_kw={"autocomplete": "new-password"},
    )
    fingerprint = HiddenField()  # the stored values the form was opened at (inspect_app/stale.py)

    def __init__(self, *args, regions=(), user_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.region_id.choices = choices_of((r.id, r.name) for r in regions)
        self._user_id = user_id

    def validate_username(self, field) -> None:
        existing = find_user(field.data)
        if existing is not None and existing.id != self._user_id:
            raise ValidationError(_l("This username is taken."))

    def validate_password(self, field) -> None:
        if self._user_id is None and not field.data:
            raise ValidationError(_l("Set a password for the new account."))
        problem = field.data and password_problem(field.data, self.username.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_cert_no(self, field) -> None:
        if self.role.data == "inspector" and not (field.data or "").strip():
            raise ValidationError(_l("Inspectors need an enforcement certificate number."))


class RegionForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Enter a code.")),
            Regexp(r"^[0-9A-Za-z]{2,12}$", message=_l("2–12 letters or digits.")),
        ],
    )
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=64)])
    parent_id = SelectField(_l("Part of"), coerce=int)
    fingerprint = HiddenField()

    def __init__(self, *args, parents=(), region=None, **kwargs):
        super().__init__(*args, **kwargs)
        pairs = [(r.id, f"{r.name} ({r.code})") for r in parents if r is not region]
        if region is not None and region.parent_id is None:
            pairs = [(0, _l("(none: a top-level region)"))]
        self.parent_id.choices = choices_of(pairs)
        self._region_id = region.id if region is not None else None

    def validate_code(self, field) -> None:
        existing = find_region(field.data)
        if existing is not None and existing.id != self._region_id:
            raise ValidationError(_l("Another region has this code."))


def user_values(user) -> dict:
    """An account's stored values under the edit form's field names."""
    names = ("username", "display_name", "cert_no", "role", "region_id", "active")
    values = {name: getattr(user, name) for name in names}
    values["cert_no"] = values["cert_no"] or ""
    return values


def region_values(region) -> dict:
    """A region's stored values under the edit form's field names."""
    return {"code": region.code, "name": region.name, "parent_id": region.parent_id or 0}
