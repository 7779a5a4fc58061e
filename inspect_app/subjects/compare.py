"""A stale register save: what the user typed beside what is stored now, field by field."""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import BooleanField, SelectField

SKIPPED = ("csrf_token", "version")


@dataclass(frozen=True)
class Difference:
    label: str
    mine: str
    current: str


def stale_differences(form, stored) -> list[Difference]:
    """The fields whose typed value differs from the stored one, in the form's order."""
    differences = []
    for name, field in form._fields.items():
        if name in SKIPPED or not hasattr(stored, name):
            continue
        mine, current = _normal(field.data), _normal(getattr(stored, name))
        if mine != current:
            differences.append(
                Difference(str(field.label.text), _shown(field, mine), _shown(field, current))
            )
    return differences


def carry_current_version(form, stored) -> None:
    """The form now stands on the stored version: saving it again replaces what is stored."""
    form.version.data = stored.version
    form.version.raw_data = [str(stored.version)]


def _normal(value):
    if isinstance(value, str):
        return value.strip()
    return value


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field, BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, SelectField):
        labels = {str(key): label for key, label in field.choices}
        return str(labels.get(str(value), value))
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(value)
