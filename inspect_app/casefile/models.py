"""A case as typed, frozen data: what every page, the PDF, the public page and the API show.

Numbers are positions (1, 2, …) in the order things were recorded; cross references carry the
number shown and, for the live case, the row's id (for links). In the public view every name is
masked, free text is redacted and photos of a withheld kind are marked `withheld`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class View(StrEnum):
    """Who reads the casefile: the inspector and the full record, or anyone (the public)."""

    FULL = "full"
    PUBLIC = "public"


@dataclass(frozen=True)
class Ref:
    """A numbered thing another one points to: `number` as shown, `id` of its row (or None)."""

    number: int
    id: int | None = None


@dataclass(frozen=True)
class SubjectFacts:
    name: str
    uscc: str | None
    address: str | None
    kind: str
    high_risk: bool
    kind_label: str


@dataclass(frozen=True)
class Representative:
    name: str
    position: str


@dataclass(frozen=True)
class Inspector:
    name: str
    cert_no: str | None


@dataclass(frozen=True)
class ChecklistRow:
    code: str
    text: str
    result: str | None
    note: str
    result_label: str


@dataclass(frozen=True)
class PhotoEntry:
    number: int
    id: int | None
    sha256: str
    kind: str
    kind_label: str
    item: str | None
    caption: str
    captured_at: datetime | None
    headcount_on_sheet: int | None
    headcount_in_photos: int | None
    withheld: bool  # a sign-in sheet, exam paper or certificate in the public view


@dataclass(frozen=True)
class CertificateCheckEntry:
    """A certificate spot check; name and certificate number masked in every view."""

    number: int
    person: str
    position: str | None
    certificate_kind: str | None
    certificate_number: str
    shown: bool
    number_matches: bool | None
    status: str | None
    platform_verified: bool
    result: str
    note: str


@dataclass(frozen=True)
class FindingEntry:
    number: int
    id: int
    item: str | None
    description: str
    photos: tuple[Ref, ...]
    orders: tuple[Ref, ...]  # the orders covering it, by their numbers
    from_certificate_check: bool
    from_quiz: bool


@dataclass(frozen=True)
class OrderEntry:
    number: int
    id: int | None
    requirement: str
    deadline: date | None  # as the record states it
    extended_to: date | None  # the deadline granted later on the unit's request, if any
    findings: tuple[Ref, ...]
    status: str | None  # open, rectified, … (None when the row is gone)
    overdue: bool  # still open after its deadline on the casefile's day
    display_status: str | None  # "overdue" or the status
    status_label: str
    display_label: str
    responses: int  # answers the unit sent on the public page
    reinspected_at: datetime | None
    reinspection_note: str


@dataclass(frozen=True)
class PenaltyEntry:
    number: int
    party: str
    person_name: str | None
    violation: str
    basis: str
    basis_article: str | None
    basis_law: str | None
    law: str  # the law as named when decided (the catalog as a fallback)
    procedure: str | None
    revoke_reason: str | None
    fine_yuan: int | None
    decision_no: str | None
    decision_date: date | None
    measures: tuple[str, ...]
    revoked: bool


@dataclass(frozen=True)
class SignatureEntry:
    role: str
    name: str
    image_sha256: str | None
    refused: bool
    refusal_reason: str | None


@dataclass(frozen=True)
class Casefile:
    """One case at one instant (`at`), as one view reads it."""

    schema: int
    view: View
    at: datetime
    today: date  # `at` as a calendar day in the configured zone: overdue is measured on it
    live: bool  # built from the live case rather than a revision's frozen snapshot
    case_number: str | None
    campaign: str
    catalog_version: int
    subject: SubjectFacts
    region: str
    started_at: datetime | None
    place: str
    representative: Representative
    inspectors: tuple[Inspector, ...]
    checklist: tuple[ChecklistRow, ...]
    photos: tuple[PhotoEntry, ...]
    certificate_checks: tuple[CertificateCheckEntry, ...]
    findings: tuple[FindingEntry, ...]
    orders: tuple[OrderEntry, ...]
    penalties: tuple[PenaltyEntry, ...]
    signatures: tuple[SignatureEntry, ...]
    quizzes: tuple[Mapping[str, Any], ...]  # workers' papers and oral questions, as recorded

    @property
    def shown_photos(self) -> tuple[PhotoEntry, ...]:
        return tuple(p for p in self.photos if not p.withheld)

    @property
    def withheld_photo_numbers(self) -> list[int]:
        return [p.number for p in self.photos if p.withheld]

    def finding(self, finding_id: int) -> FindingEntry | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    def order(self, order_id: int) -> OrderEntry | None:
        return next((o for o in self.orders if o.id == order_id), None)
