"""The casefile as JSON-ready data: the same fields, dates and moments in ISO 8601."""

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from inspect_app.casefile.models import Casefile


def casefile_dict(casefile: Casefile) -> dict:
    """Plain dicts, lists, strings, numbers and booleans; moments in UTC, days as YYYY-MM-DD."""
    return _plain(casefile)


def _plain(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # a lazy label
