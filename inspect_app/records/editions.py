"""The two editions of a record: the full one, and the public one (see casefile.masking)."""

from inspect_app.casefile.masking import (
    WITHHELD_KINDS,
    case_names,
    case_redactor,
    public_record,
    record_names,
    withheld_numbers,
)
from inspect_app.records.models import Edition

__all__ = [
    "WITHHELD_KINDS",
    "case_names",
    "case_redactor",
    "is_public",
    "public_record",
    "record_names",
    "withheld_numbers",
]


def is_public(edition: str) -> bool:
    return edition == Edition.PUBLIC
