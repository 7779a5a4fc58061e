"""Golden files for three demo cases, made independent of the instant the suite runs at.

The demo data is built relative to the frozen clock, and CI runs the suite at other instants
(TEST_NOW), so before comparing a text with its golden file `normalise` rewrites what moves:

- every date (ISO `2026-11-06`, ISO moments in UTC, Chinese `2026年11月6日`) becomes `D-12`,
  its distance in days from today on the clock (moments keep their local time: `D-12T09:30`);
- case numbers `320623105-2026-0003` lose their year and sequence (`320623105-YYYY-NNNN`), as
  do decision numbers (`〔2026〕003号` → `〔YYYY〕NNN号`) and years in captions (`2026 年度`);
- SHA-256 hashes, hash prefixes, public tokens and verification codes become numbered
  placeholders (`<hash1>`, `<token1>`, …) in order of first appearance, so equal values stay
  equal.

A PDF's text is compared without whitespace (`flat`): line breaks fall where the layout put
them, and a date of another length moves them. The golden file keeps the readable text.

Run with UPDATE_GOLDEN=1 to rewrite the golden files from the current behaviour.
"""

import os
import re
from datetime import date, datetime
from pathlib import Path

from inspect_app import clock

GOLDEN = Path(__file__).parent / "golden"
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)?")
ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
ZH_DAY = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CASE_NUMBER = re.compile(r"\b([0-9A-Z]+)-20\d\d-\d{4}\b")
DECISION_NUMBER = re.compile(r"〔20\d\d〕\d+号")
CAPTION_YEAR = re.compile(r"20\d\d(\s*)年度")
HEX = re.compile(r"(?<![0-9a-f])[0-9a-f]{16}(?:[0-9a-f]{48})?(?![0-9a-f])")
TOKEN_URL = re.compile(r"/c/([A-Za-z0-9_-]{16,})")


def relative(day: date) -> str:
    delta = (day - clock.today()).days
    return f"D{delta:+d}" if delta else "D"


def _moment(match: re.Match) -> str:
    moment = datetime.fromisoformat(match.group().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return f"{relative(moment.date())}T{moment:%H:%M}"
    local = clock.to_local(moment)
    return f"{relative(local.date())}T{local:%H:%M}"


def _day(match: re.Match) -> str:
    return relative(date(*(int(g) for g in match.groups())))


class _Numbered:
    """Replaces each distinct value with `<label N>`, N counting from 1 in order of appearance."""

    def __init__(self, label: str) -> None:
        self.label, self.seen = label, {}

    def __call__(self, value: str) -> str:
        number = self.seen.setdefault(value, len(self.seen) + 1)
        return f"<{self.label}{number}>"


def normalise(text: str, secrets: tuple[str, ...] = ()) -> str:
    """The text with what depends on the instant (or on chance) replaced; see the module doc."""
    codes = _Numbered("code")
    for secret in secrets:
        if secret:
            text = text.replace(secret, codes(secret))
    tokens, hashes = _Numbered("token"), _Numbered("hash")
    text = TOKEN_URL.sub(lambda m: "/c/" + tokens(m.group(1)), text)
    text = ISO_MOMENT.sub(_moment, text)
    text = ISO_DAY.sub(_day, text)
    text = ZH_DAY.sub(_day, text)
    text = CASE_NUMBER.sub(r"\1-YYYY-NNNN", text)
    text = DECISION_NUMBER.sub("〔YYYY〕NNN号", text)
    text = CAPTION_YEAR.sub(r"YYYY\1年度", text)
    return HEX.sub(lambda m: hashes(m.group()), text)


def flat(text: str) -> str:
    return "".join(text.split())


def check_golden(name: str, text: str, loose_lines: bool = False) -> None:
    """The text equals the golden file `name` (or rewrites it, with UPDATE_GOLDEN=1);
    `loose_lines` compares without whitespace (a PDF's line breaks)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {name}: run with UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if loose_lines:
        text, expected = flat(text), flat(expected)
    assert text == expected, f"{name} differs from its golden file"
