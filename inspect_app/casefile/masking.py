"""The public view of a case: the same case, as anyone holding the link may read it.

Every person's name masked (张*三), ID and phone numbers masked in free text, no verification
code, no sign-in sheet, exam paper or certificate photos, and no signature images (a signature
writes the name out). The full edition, with all of that, opens after the verification code.
"""

from sqlalchemy import select, union

from inspect_app.evidence.models import PhotoKind
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import Penalty
from inspect_app.quizzes.models import OralQuestion, QuizAttempt
from inspect_app.redaction import Redactor, mask_name
from inspect_app.signatures.models import Signature
from inspect_app.subjects.models import Person

WITHHELD_KINDS = frozenset({PhotoKind.SIGN_IN_SHEET, PhotoKind.EXAM_PAPER, PhotoKind.CERTIFICATE})


def case_redactor(inspection: Inspection, record: dict | None = None) -> Redactor:
    """Masks everyone this case (and its record, when given) could name."""
    return Redactor(case_names(inspection) | (record_names(record) if record else set()))


def case_names(inspection: Inspection) -> set[str]:
    """The unit's people, workers quizzed, signers, parties fined, representative, inspectors."""
    case = inspection.id
    query = union(
        select(Person.name).where(Person.subject_id == inspection.subject_id),
        select(QuizAttempt.worker_name).where(QuizAttempt.inspection_id == case),
        select(OralQuestion.worker_name).where(OralQuestion.inspection_id == case),
        select(Penalty.person_name).where(Penalty.inspection_id == case),
        select(Signature.signer_name).where(Signature.inspection_id == case),
    )
    names = set(db.session.scalars(query))
    names |= {inspection.representative_name, *(i.name for i in inspection.inspectors)}
    return {n for n in names if n}


def record_names(record: dict) -> set[str]:
    """Every person a record snapshot names."""
    names = {record["representative"]["name"]}
    names |= {i["name"] for i in record["inspectors"]}
    names |= {s["name"] for s in record["signatures"]}
    names |= {c["person"] for c in record["certificate_checks"]}
    names |= {p["person_name"] for p in record["penalties"] if p.get("person_name")}
    names |= {q["worker"] for q in record.get("quizzes") or []}
    return {n for n in names if n}


def public_record(record: dict, redactor: Redactor) -> dict:
    """A copy of a snapshot with names masked and free text redacted; nothing else changes."""
    text = redactor.text
    representative = record["representative"]
    shown = {
        **record,
        "place": text(record["place"]),
        "representative": {**representative, "name": mask_name(representative["name"])},
        "inspectors": [{**i, "name": mask_name(i["name"])} for i in record["inspectors"]],
        "checklist": [{**row, "note": text(row["note"])} for row in record["checklist"]],
        "photos": [{**p, "caption": text(p["caption"])} for p in record["photos"]],
        "certificate_checks": [
            {**c, "person": mask_name(c["person"]), "note": text(c["note"])}
            for c in record["certificate_checks"]
        ],
        "findings": [{**f, "description": text(f["description"])} for f in record["findings"]],
        "orders": [{**o, "requirement": text(o["requirement"])} for o in record["orders"]],
        "penalties": [_penalty(p, redactor) for p in record["penalties"]],
        "signatures": [
            {**s, "name": mask_name(s["name"]), "refusal_reason": text(s["refusal_reason"])}
            for s in record["signatures"]
        ],
    }
    if "quizzes" in record:
        shown["quizzes"] = [_quiz_entry(q, redactor) for q in record["quizzes"]]
    return shown


def _penalty(penalty: dict, redactor: Redactor) -> dict:
    person = penalty.get("person_name")
    return {
        **penalty,
        "person_name": mask_name(person) if person else person,
        "violation": redactor.text(penalty["violation"]),
        "revoke_reason": redactor.text(penalty.get("revoke_reason")),
    }


def _quiz_entry(entry: dict, redactor: Redactor) -> dict:
    oral = [_oral(o, redactor) for o in entry["oral"]]
    return {**entry, "worker": mask_name(entry["worker"]), "oral": oral}


def _oral(oral: dict, redactor: Redactor) -> dict:
    return {**oral, "text": redactor.text(oral["text"]), "note": redactor.text(oral["note"])}


def withheld_numbers(record: dict) -> list[int]:
    """The annex numbers of the photos the public edition leaves out (numbers stay the same)."""
    return [n for n, p in enumerate(record["photos"], 1) if p["kind"] in WITHHELD_KINDS]
