"""Masking personal data in what anyone may read: people's names, ID numbers, phone numbers.

The public side (the page behind the QR code and the public edition of the record) shows names
as 张*三 and never a whole ID or phone number, also inside free text typed by an inspector.
"""

import re
from collections.abc import Iterable

# 18-digit resident ID numbers (last character may be X) and the old 15-digit ones.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# Mobile numbers, also written 139-1234-5678 or 139 1234 5678, and landlines with an area code.
PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}-\d{7,8})(?!\d)")


def mask_name(name: str | None) -> str:
    """张三丰 → 张*丰, 欧阳小明 → 欧**明, 张三 → 张*: the first and last character kept."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(value: str | None) -> str:
    """Keep the first four and last four characters of an ID number."""
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "*" * len(value)


def mask_phone(value: str | None) -> str:
    """Keep the first three and last four digits of a phone number."""
    if not value:
        return ""
    return value[:3] + "****" + value[-4:] if len(value) >= 8 else "****"


def mask_numbers(text: str) -> str:
    """Every ID number and phone number in a text, masked."""
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    return PHONE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group())), text)


class Redactor:
    """Masks the names of known people, and every ID or phone number, in free text."""

    def __init__(self, names: Iterable[str | None]) -> None:
        known = {n.strip() for n in names if n and len(n.strip()) >= 2}
        longest_first = sorted(known, key=lambda n: (-len(n), n))
        self._names = re.compile("|".join(map(re.escape, longest_first))) if known else None

    def text(self, text: str | None) -> str:
        if not text:
            return text or ""
        if self._names is not None:
            text = self._names.sub(lambda m: mask_name(m.group()), text)
        return mask_numbers(text)

    def name(self, name: str | None) -> str:
        return mask_name(name)


def redacted(text: str | None, redactor: object = None) -> str:
    """Jinja filter: the text as the public side shows it when a Redactor is given, else as is."""
    return redactor.text(text) if isinstance(redactor, Redactor) else (text or "")
