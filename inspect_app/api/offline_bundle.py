"""The offline bundle: everything a phone needs to inspect a subject, or to go on with a case,
without signal. Only the subject's own people and its region's inspectors are in it."""

from dataclasses import asdict

from flask import current_app

from inspect_app import clock
from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_findings import _finding_out, _order_out
from inspect_app.api.cases import case_out
from inspect_app.api.catalogs import _campaign
from inspect_app.api.offline_schemas import BundleOut
from inspect_app.api.quizzes import attempt_out
from inspect_app.auth.access import scope_ids
from inspect_app.catalogs import load_catalog, load_legal_bases
from inspect_app.evidence import services as photos
from inspect_app.findings import queries as findings
from inspect_app.inspections import queries
from inspect_app.inspections.models import Inspection
from inspect_app.quizzes import results
from inspect_app.quizzes.offline_papers import offline_papers, papers_with_questions
from inspect_app.quizzes.services import quiz_templates
from inspect_app.signatures import services as signatures
from inspect_app.spotchecks import services as checks
from inspect_app.subjects.models import Subject
from inspect_app.subjects.queries import get_subject

TAG = "Offline"


@bp.get("/offline/subjects/<int:subject_id>")
@bp.auth_required(token_auth)
@bp.output(BundleOut)
@bp.doc(tags=[TAG])
def get_subject_bundle(subject_id: int):
    """What a phone needs to open and work a new case for this subject without signal."""
    subject = get_subject(subject_id, scope_ids())
    campaign = current_app.config["DEFAULT_CAMPAIGN"]
    return _bundle("subject", subject, campaign, None)


@bp.get("/offline/cases/<int:case_id>")
@bp.auth_required(token_auth)
@bp.output(BundleOut)
@bp.doc(tags=[TAG])
def get_case_bundle(case_id: int):
    """What a phone needs to go on with this case without signal, with the case as it stands."""
    inspection = queries.get_inspection(case_id)
    bundle = _bundle("case", inspection.subject, inspection.campaign, inspection.catalog_version)
    return bundle | {"case": case_state(inspection)}


def _bundle(kind: str, subject: Subject, campaign: str, version: int | None) -> dict:
    catalog = load_catalog(campaign, subject.kind, version)
    codes = {code for item in catalog.items for code in item.basis}
    bases = load_legal_bases()
    return {
        "kind": kind,
        "generated_at": clock.utcnow().isoformat().replace("+00:00", "Z"),
        "subject": subject,
        "people": [_person(p) for p in sorted(subject.people, key=lambda p: p.id)],
        "officers": [
            {"id": u.id, "name": u.display_name, "cert_no": u.cert_no}
            for u in queries.inspectors_for(subject.region_id)
        ],
        "campaign": _campaign(campaign),
        "catalog": catalog,
        "legal_bases": [asdict(bases[code]) for code in sorted(codes)],
        "quiz_templates": [_template(t) for t in quiz_templates()],
        "case": None,
    }


def _person(person) -> dict:
    fields = ("id", "subject_id", "name", "position", "id_number", "appointed_on", "phone")
    return {name: getattr(person, name) for name in (*fields, "created_at", "version")} | {
        "certificates": sorted(person.certificates, key=lambda c: c.id)
    }


def _template(template) -> dict:
    names = ("id", "name", "position", "pass_mark", "time_limit_minutes")
    values = {name: getattr(template, name) for name in names}
    return values | {"papers": papers_with_questions(offline_papers(template))}


def case_state(inspection: Inspection) -> dict:
    """The case in the shape the phone keeps it: every part with its version."""
    return case_out(inspection) | {
        "subject_id": inspection.subject_id,
        "inspector_ids": [i.user_id for i in inspection.inspectors],
        "items": {answer.item_code: answer for answer in inspection.answers},
        "photos": photos.case_photos(inspection),
        "checks": {str(k): v for k, v in checks.checks_by_person(inspection).items()},
        "quizzes": [attempt_out(a) for a in results.case_attempts(inspection)],
        "oral": results.case_oral_questions(inspection),
        "findings": [_finding_out(f) for f in findings.case_findings(inspection)],
        "orders": [_order_out(o) for o in findings.case_orders(inspection)],
        "signatures": signatures.signer_slots(inspection),
    }
