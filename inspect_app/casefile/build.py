"""Building the casefile: the one place a case is numbered, cross-referenced, judged overdue,
masked for the public and labelled.

It reads the frozen snapshot of a revision, or the snapshot the live case would freeze now, and
adds what only the live rows know (ids for links, an order's status and the unit's answers).
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspect_app import clock
from inspect_app.casefile.masking import WITHHELD_KINDS, case_redactor, public_record
from inspect_app.casefile.models import (
    Casefile,
    CertificateCheckEntry,
    ChecklistRow,
    FindingEntry,
    Inspector,
    OrderEntry,
    PenaltyEntry,
    PhotoEntry,
    Ref,
    Representative,
    SignatureEntry,
    SubjectFacts,
    View,
)
from inspect_app.casefile.snapshot import build_snapshot
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import Finding, RectificationOrder
from inspect_app.i18n import label, mask_id_number
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import find_basis
from inspect_app.redaction import Redactor, mask_name


@dataclass(frozen=True)
class _Live:
    """What the rows of the case add to a snapshot."""

    photo_ids: dict[str, int]
    findings: dict[int, Finding]
    orders: list[RectificationOrder]  # by id, as the snapshot lists them


def build_casefile(
    inspection: Inspection,
    at: datetime | None = None,
    view: View | str = View.FULL,
    snapshot: dict | None = None,
) -> Casefile:
    """The case at the instant `at` (default: now) as `view` reads it, from a revision's frozen
    `snapshot` or, without one, from the live case. The public never reads the live case of an
    issued record: a pending correction shows only once it is issued."""
    at = at or clock.utcnow()
    view = View(view)
    if snapshot is None and view == View.PUBLIC and inspection.revisions:
        snapshot = inspection.revisions[-1].snapshot
    record = snapshot if snapshot is not None else build_snapshot(inspection)
    redactor = case_redactor(inspection, record) if view == View.PUBLIC else None
    shown = public_record(record, redactor) if redactor else record
    live = _live(inspection)
    today = clock.local_day(at)
    photos = _photos(shown["photos"], live, redactor is not None)
    orders = _orders(shown["orders"], record["findings"], live, today, redactor)
    findings = _findings(shown["findings"], photos, orders, live)
    return Casefile(
        schema=record["schema"],
        view=view,
        at=at,
        today=today,
        live=snapshot is None,
        case_number=record["case_number"],
        campaign=record["campaign"],
        catalog_version=record["catalog_version"],
        subject=_subject(record["subject"]),
        region=record["region"],
        started_at=_datetime(record["started_at"]),
        place=shown["place"],
        representative=Representative(**shown["representative"]),
        inspectors=tuple(Inspector(**i) for i in shown["inspectors"]),
        checklist=tuple(_checklist_row(row) for row in shown["checklist"]),
        photos=photos,
        certificate_checks=tuple(_check(n, c) for n, c in _numbered(shown["certificate_checks"])),
        findings=findings,
        orders=orders,
        penalties=tuple(_penalty(n, p) for n, p in _numbered(shown["penalties"])),
        signatures=tuple(SignatureEntry(**s) for s in shown["signatures"]),
        quizzes=tuple(shown.get("quizzes") or ()),
    )


def _live(inspection: Inspection) -> _Live:
    photos = select(Photo.sha256, Photo.id).where(Photo.evidence_of(inspection.id))
    findings = select(Finding).where(Finding.inspection_id == inspection.id)
    findings = findings.options(selectinload(Finding.photos))
    orders = select(RectificationOrder).where(RectificationOrder.inspection_id == inspection.id)
    return _Live(
        photo_ids=dict(db.session.execute(photos).tuples().all()),
        findings={f.id: f for f in db.session.scalars(findings)},
        orders=list(db.session.scalars(orders.order_by(RectificationOrder.id))),
    )


def _numbered(entries: list) -> enumerate:
    return enumerate(entries, 1)


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _subject(subject: dict) -> SubjectFacts:
    return SubjectFacts(**subject, kind_label=label(subject["kind"], "SUBJECT_KIND_LABELS"))


def _checklist_row(row: dict) -> ChecklistRow:
    return ChecklistRow(**row, result_label=label(row["result"], "RESULT_LABELS"))


def _photos(entries: list[dict], live: _Live, public: bool) -> tuple[PhotoEntry, ...]:
    return tuple(
        PhotoEntry(
            number=number,
            id=live.photo_ids.get(p["sha256"]),
            sha256=p["sha256"],
            kind=p["kind"],
            kind_label=label(p["kind"], "PHOTO_KIND_LABELS"),
            item=p["item"],
            caption=p["caption"],
            captured_at=_datetime(p["captured_at"]),
            headcount_on_sheet=p["headcount_on_sheet"],
            headcount_in_photos=p["headcount_in_photos"],
            withheld=public and p["kind"] in WITHHELD_KINDS,
        )
        for number, p in _numbered(entries)
    )


def _orders(
    entries: list[dict], findings: list[dict], live: _Live, today: date, redactor: Redactor | None
) -> tuple[OrderEntry, ...]:
    finding_no = {f["id"]: n for n, f in _numbered(findings)}
    return tuple(
        _order(number, entry, finding_no, _row(live.orders, number), today, redactor)
        for number, entry in _numbered(entries)
    )


def _row(rows: list, number: int):
    return rows[number - 1] if number <= len(rows) else None


def _order(number, entry, finding_no, row, today: date, redactor) -> OrderEntry:
    deadline = _date(entry["deadline"])
    status = row.status if row is not None else None
    # A deadline extended after the record was issued (its own decision document).
    extended = row.deadline if row is not None and row.deadline != deadline else None
    due = extended or deadline
    overdue = status == "open" and due is not None and today > due
    shown_status = "overdue" if overdue else status
    note = row.reinspection_note if row is not None else ""
    return OrderEntry(
        number=number,
        id=row.id if row is not None else None,
        requirement=entry["requirement"],
        deadline=deadline,
        extended_to=extended,
        findings=tuple(Ref(finding_no[i], i) for i in entry["findings"] if i in finding_no),
        status=status,
        overdue=overdue,
        display_status=shown_status,
        status_label=label(status, "ORDER_STATUS_LABELS"),
        display_label=label(shown_status, "ORDER_STATUS_LABELS"),
        responses=len(row.responses) if row is not None else 0,
        reinspected_at=row.reinspected_at if row is not None else None,
        reinspection_note=redactor.text(note) if redactor else note or "",
    )


def _findings(entries, photos, orders, live: _Live) -> tuple[FindingEntry, ...]:
    photo_refs = {p.sha256: Ref(p.number, p.id) for p in photos}
    covering: dict[int, list[Ref]] = {}
    for order in orders:
        for finding in order.findings:
            covering.setdefault(finding.id, []).append(Ref(order.number, order.id))
    return tuple(
        _finding(number, entry, photo_refs, covering.get(entry["id"], []), live)
        for number, entry in _numbered(entries)
    )


def _finding(number, entry, photo_refs, orders: list[Ref], live: _Live) -> FindingEntry:
    row = live.findings.get(entry["id"])
    return FindingEntry(
        number=number,
        id=entry["id"],
        item=entry["item"],
        description=entry["description"],
        photos=tuple(photo_refs[sha] for sha in entry["photos"] if sha in photo_refs),
        orders=tuple(orders),
        from_certificate_check=bool(row and row.certificate_check_id),
        from_quiz=bool(row and row.quiz_attempt_id),
    )


def _check(number: int, check: dict) -> CertificateCheckEntry:
    """A certificate spot check with the name and certificate number masked (every view)."""
    masked = {
        "person": mask_name(check["person"]),
        "certificate_number": mask_id_number(check["certificate_number"]),
    }
    return CertificateCheckEntry(**{**check, **masked}, number=number)


def _penalty(number: int, penalty: dict) -> PenaltyEntry:
    """A penalty with its law named as when it was decided (the catalog only as a fallback)."""
    basis = find_basis(penalty["basis"])
    law = penalty.get("basis_law") or (basis.law_zh if basis else penalty["basis"])
    get = penalty.get
    return PenaltyEntry(
        number=number,
        party=penalty["party"],
        person_name=get("person_name"),
        violation=penalty["violation"],
        basis=penalty["basis"],
        basis_article=get("basis_article"),
        basis_law=get("basis_law"),
        law=law,
        procedure=get("procedure"),
        revoke_reason=get("revoke_reason"),
        fine_yuan=get("fine_yuan"),
        decision_no=get("decision_no"),
        decision_date=_date(get("decision_date")),
        measures=tuple(get("measures") or ()),
        revoked=bool(get("revoked")),
    )
