"""What each document of a proceeding states, frozen as JSON (dates as ISO strings).

The templates (templates/documents/<kind>.html) print only this; person names are printed
through `person(...)`, which masks them in the public edition.
"""

from datetime import date

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.catalogs.procedure import procedure_rules
from inspect_app.documents.services import base_content
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings.models import Proceeding

# 行政复议 within 60 days (行政复议法 Art. 20), 行政诉讼 within 6 months (行政诉讼法 Art. 46).
REVIEW_DAYS = 60
LAWSUIT_MONTHS = 6


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def party_part(inspection: Inspection, proceeding: Proceeding) -> dict:
    """The agency, the unit, the party and the intended penalty on its basis."""
    return base_content(inspection) | {
        "party": proceeding.party,
        "person_name": proceeding.person_name,
        "proceeding_number": proceeding.number,
        "facts": proceeding.facts,
        "basis": {
            "code": proceeding.basis_code,
            "law": proceeding.basis_law,
            "article": proceeding.basis_article,
        },
        "fine_yuan": proceeding.proposed_fine_yuan,
        "measures": list(proceeding.proposed_measures or []),
    }


def evidence_part(proceeding: Proceeding) -> list[dict]:
    """The photos linked as evidence, as the case file lists them."""
    return [
        {
            "kind": photo.kind,
            "caption": photo.caption,
            "taken_on": iso(clock.local_day(photo.captured_at)) if photo.captured_at else None,
        }
        for photo in proceeding.evidence
    ]


def filing_approval(
    inspection: Inspection, proceeding: Proceeding, approver: User, opinion: str
) -> dict:
    """立案审批表: source, party, facts, basis, proposer, and the approver's opinion."""
    started = clock.local_day(inspection.started_at)
    return party_part(inspection, proceeding) | {
        "source": {
            "inspection_on": iso(started),
            "findings": [finding.description for finding in proceeding.findings],
        },
        "evidence": evidence_part(proceeding),
        "proposer": {
            "name": proceeding.requested_by.display_name,
            "on": iso(clock.local_day(proceeding.requested_at)),
        },
        "approver": {"name": approver.display_name, "opinion": opinion, "on": iso(clock.today())},
    }


def notice(inspection: Inspection, proceeding: Proceeding, kind: str) -> dict:
    """告知书 and 听证告知书: the intended penalty and the deadlines of the party's rights."""
    rules = procedure_rules()
    return party_part(inspection, proceeding) | {
        "kind": kind,
        "evidence": evidence_part(proceeding),
        "notified_on": iso(proceeding.notified_on),
        "statement_days": rules.statement_days,
        "statement_due": iso(proceeding.statement_due),
        "hearing_offered": proceeding.hearing_offered,
        "hearing_days": rules.hearing_request_days,
        "hearing_due": iso(proceeding.hearing_due),
        "public_url": inspection.public_url,
    }


def statement_record(
    inspection: Inspection, proceeding: Proceeding, statement, recorder: User, given_on: date
) -> dict:
    """陈述申辩笔录: what the party said, taken down by an inspector."""
    return party_part(inspection, proceeding) | {
        "given_on": iso(given_on),
        "text": statement.text,
        "hearing_requested": statement.hearing_requested,
        "recorder": recorder.display_name,
        "statement_person": statement_person(proceeding),
    }


def statement_person(proceeding: Proceeding) -> str | None:
    return proceeding.person_name if proceeding.party == "person" else None


def discussion(inspection: Inspection, proceeding: Proceeding, recorder: User) -> dict:
    """集体讨论记录: date, who took part, what they concluded."""
    return party_part(inspection, proceeding) | {
        "discussed_on": iso(proceeding.discussed_on),
        "members": proceeding.discussion_members,
        "conclusion": proceeding.discussion_conclusion,
        "statements": statements_part(proceeding),
        "recorder": recorder.display_name,
    }


def statements_part(proceeding: Proceeding) -> list[dict]:
    return [
        {
            "source": s.source,
            "on": iso(clock.local_day(s.received_at)),
            "text": s.text,
            "hearing_requested": s.hearing_requested,
        }
        for s in proceeding.statements
    ]


def decision(inspection: Inspection, proceeding: Proceeding, decided: dict) -> dict:
    """行政处罚决定书 (行政处罚法 Art. 59): party, facts and evidence, basis, the penalty, how and
    by when to pay, remedies, agency and date."""
    rules = procedure_rules()
    return party_part(inspection, proceeding) | {
        "evidence": evidence_part(proceeding),
        "notified_on": iso(proceeding.notified_on),
        "statements": statements_part(proceeding),
        "review": decided["review"],
        "hearing_held_on": iso(proceeding.hearing_held_on),
        "discussed_on": iso(proceeding.discussed_on),
        "fine_yuan": decided["fine_yuan"],
        "measures": decided["measures"],
        "exam_measure": decided.get("exam_measure"),
        "decided_on": iso(decided["decided_on"]),
        "payment_days": rules.payment_days,
        "late_rate_percent": rules.late_rate_per_day_percent,
        "review_days": REVIEW_DAYS,
        "lawsuit_months": LAWSUIT_MONTHS,
    }
