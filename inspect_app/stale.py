"""A stale save: what the user typed beside what is stored now, field by field.

Every edit form carries what it was opened at: the row's version where the model keeps one, or
a fingerprint of the stored values where it does not (accounts, regions, bank questions, whose
rows change for reasons the form never shows). A save whose base no longer matches is refused
and the page shows both sides, with the user's values kept in the form.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import BooleanField, SelectField

SKIPPED = ("csrf_token", "version", "fingerprint", "password")


@dataclass(frozen=True)
class Difference:
    label: str
    mine: str
    current: str


def stale_differences(form, stored) -> list[Difference]:
    """The fields whose typed value differs from the stored one, in the form's order.

    `stored` is the row (read by attribute) or a mapping of field name to stored value."""
    current_of = (
        stored.get if isinstance(stored, Mapping) else lambda n, d=None: getattr(stored, n, d)
    )
    differences = []
    for name, field in form._fields.items():
        if name in SKIPPED or not _has(stored, name):
            continue
        mine, current = _normal(field.data), _normal(current_of(name))
        if mine != current:
            differences.append(
                Difference(str(field.label.text), _shown(field, mine), _shown(field, current))
            )
    return differences


def carry_current_version(form, stored) -> None:
    """The form now stands on the stored version: saving it again replaces what is stored."""
    form.version.data = stored.version
    form.version.raw_data = [str(stored.version)]


def fingerprint(values: Mapping) -> str:
    """A short hash of stored values: what an edit form was opened at."""
    payload = json.dumps(
        {k: _normal(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True, default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def carry_fingerprint(form, values: Mapping) -> None:
    """The form now stands on the stored values: saving it again replaces them."""
    form.fingerprint.data = fingerprint(values)
    form.fingerprint.raw_data = [form.fingerprint.data]


def _has(stored, name: str) -> bool:
    return name in stored if isinstance(stored, Mapping) else hasattr(stored, name)


def _normal(value):
    if value is None:  # a field left empty and a value never set read the same
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return tuple(_normal(item) for item in value)
    return value


def _shown(field, value) -> str:
    if value is None or value == "" or value == ():
        return "—"
    if isinstance(field, BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, SelectField):
        labels = {str(key): str(label) for key, label, *_rest in _pairs(field.choices)}
        if isinstance(value, tuple):
            return "、".join(labels.get(str(item), str(item)) for item in value)
        return labels.get(str(value), str(value))
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(value)


def _pairs(choices) -> list[tuple]:
    return [choice if isinstance(choice, tuple) else (choice, choice) for choice in choices or ()]
