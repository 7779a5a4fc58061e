"""Schemas of the offline bundle: what a phone stores to work a subject or a case without
signal (the same shapes as the API's own resources)."""

from apiflask import Schema
from apiflask.fields import Dict, Integer, List, Nested, String

from inspect_app.api.case_checks import CheckOut
from inspect_app.api.case_findings import FindingOut, OrderOut
from inspect_app.api.case_oral import OralOut
from inspect_app.api.case_photos import PhotoOut
from inspect_app.api.case_schemas import AnswerOut, CaseOut
from inspect_app.api.case_signatures import SlotOut
from inspect_app.api.catalogs import CampaignOut, CatalogOut, LegalBasisOut
from inspect_app.api.quizzes import AttemptOut, OptionOut
from inspect_app.api.registry_schemas import CertificateOut, PersonOut, SubjectOut


class BundlePerson(PersonOut):
    certificates = List(Nested(CertificateOut))


class OfficerOut(Schema):
    id = Integer()
    name = String()
    cert_no = String(allow_none=True)


class PaperQuestion(Schema):
    id = Integer()
    kind = String()
    text = String()
    options = List(Nested(OptionOut))
    answer = String(metadata={"description": "The right labels: the phone scores locally."})


class PaperOut(Schema):
    seed = Integer()
    question_ids = List(Integer())
    questions = List(Nested(PaperQuestion))


class TemplateOut(Schema):
    id = Integer()
    name = String()
    position = String(allow_none=True)
    pass_mark = Integer()
    time_limit_minutes = Integer(allow_none=True)
    papers = List(
        Nested(PaperOut),
        metadata={"description": "Distinct papers drawn ahead (from the template's position)."},
    )


class CaseState(CaseOut):
    """The case as the phone keeps it: its own fields with every part and its version."""

    subject_id = Integer()
    inspector_ids = List(Integer())
    items = Dict(keys=String(), values=Nested(AnswerOut), metadata={"description": "By item code."})
    photos = List(Nested(PhotoOut))
    checks = Dict(keys=String(), values=Nested(CheckOut), metadata={"description": "By person id."})
    quizzes = List(Nested(AttemptOut))
    oral = List(Nested(OralOut))
    findings = List(Nested(FindingOut))
    orders = List(Nested(OrderOut))
    signatures = List(Nested(SlotOut))


class BundleOut(Schema):
    kind = String(metadata={"enum": ["subject", "case"]})
    generated_at = String(metadata={"description": "ISO 8601, UTC."})
    subject = Nested(SubjectOut)
    people = List(Nested(BundlePerson))
    officers = List(Nested(OfficerOut), metadata={"description": "Inspectors of its region."})
    campaign = Nested(CampaignOut)
    catalog = Nested(CatalogOut)
    legal_bases = List(Nested(LegalBasisOut), metadata={"description": "Used by the catalog."})
    quiz_templates = List(Nested(TemplateOut))
    case = Nested(CaseState, allow_none=True, metadata={"description": "null for a subject."})
