"""The fine-range check and the other penalty rules, on real entries of the legal-basis catalog."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.catalogs import LegalBasis, legal_basis
from inspect_app.extensions import db
from inspect_app.penalties.models import Penalty
from inspect_app.penalties.services import PenaltyRefused
from tests import factories


def _count(model=Penalty) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _refused(impose, case, **values) -> dict[str, str]:
    with pytest.raises(PenaltyRefused) as caught:
        impose(case, **values)
    db.session.rollback()
    assert _count() == 0
    return caught.value.errors


def test_catalog_entries_used_here_have_the_expected_ranges():
    assert legal_basis("SAFL-97-4").range_for("unit") == (0, 100000)
    assert legal_basis("SAFL-97-4").range_for("person") is None
    assert legal_basis("TR-29").range_for("unit") == (10000, 30000)
    assert legal_basis("SAFL-94").range_for("person") == (20000, 50000)
    assert legal_basis("SAFL-94").range_for("unit") is None
    assert legal_basis("SOR-41-1").range_for("person") == (1000, 5000)


@pytest.mark.parametrize(
    ("party", "basis", "low", "high"),
    [
        ("unit", "TR-29", 10000, 30000),
        ("unit", "SAFL-108-REFUSED", 20000, 200000),
        ("person", "SAFL-94", 20000, 50000),
        ("person", "SOR-41-1", 1000, 5000),
    ],
)
def test_fine_range_boundaries(impose, case, party, basis, low, high):
    name = "顾建国" if party == "person" else None
    for fine in (low - 1, high + 1):
        errors = _refused(
            impose, case, party=party, person_name=name, basis_code=basis, fine_yuan=fine
        )
        message = errors["fine_yuan"]
        assert f"{low:,}" in message and f"{high:,}" in message
        assert legal_basis(basis).article in message
    for fine in (low, high):
        penalty = impose(case, party=party, person_name=name, basis_code=basis, fine_yuan=fine)
        assert penalty.fine_yuan == fine
    assert _count() == 2


def test_unit_fine_up_to_the_maximum_of_article_97(impose, case):
    assert "-1" not in _refused(impose, case, fine_yuan=-1)["fine_yuan"]
    message = _refused(impose, case, fine_yuan=100001)["fine_yuan"]
    assert "100,000" in message and "第九十七条第（四）项" in message
    assert impose(case, fine_yuan=0).fine_yuan == 0
    assert impose(case, fine_yuan=100000).fine_yuan == 100000


def test_article_without_a_person_fine_refuses_a_fine_on_a_person(impose, case):
    errors = _refused(impose, case, party="person", person_name="顾建国", fine_yuan=1)
    assert "person" in errors["fine_yuan"] and "第九十七条第（四）项" in errors["fine_yuan"]
    penalty = impose(case, party="person", person_name="顾建国", fine_yuan=0)
    assert penalty.fine_yuan == 0 and penalty.person_name == "顾建国"


def test_article_without_a_unit_fine_refuses_a_fine_on_the_unit(impose, case):
    errors = _refused(impose, case, basis_code="SAFL-94", fine_yuan=20000)
    assert "unit" in errors["fine_yuan"] and "第九十四条第一款" in errors["fine_yuan"]


@pytest.mark.parametrize("fine", [1.5, 100.0, "100", None, True])
def test_fine_must_be_a_whole_number_of_yuan(impose, case, fine):
    assert "whole number" in _refused(impose, case, fine_yuan=fine)["fine_yuan"]


def test_negative_fine_refused(impose, case):
    assert "negative" in _refused(impose, case, fine_yuan=-100)["fine_yuan"]


def test_on_the_spot_fine_on_a_unit_at_most_3000(impose, case):
    simple = {"procedure": "simple", "decision_no": "当场 001", "decision_date": clock.today()}
    message = _refused(impose, case, fine_yuan=3001, **simple)["fine_yuan"]
    assert "3,000" in message and "Art. 51" in message
    assert impose(case, fine_yuan=3000, **simple).procedure == "simple"


def test_on_the_spot_fine_on_a_person_at_most_200(impose, case, monkeypatch):
    """No person range in the catalog starts below ¥200, so a town's own table is simulated."""
    town_rule = LegalBasis(
        "TOWN-1", "某规定", "A rule", "第一条", "摘要", "Summary", None, None, 0, 1000
    )
    monkeypatch.setattr("inspect_app.penalties.models.legal_basis", lambda code: town_rule)
    simple = {"procedure": "simple", "decision_no": "当场 002", "decision_date": clock.today()}
    person = {"party": "person", "person_name": "顾建国", "measures": [], **simple}
    message = _refused(impose, case, fine_yuan=201, **person)["fine_yuan"]
    assert "200" in message and "Art. 51" in message
    assert impose(case, fine_yuan=200, **person).fine_yuan == 200


def test_on_the_spot_impossible_where_the_article_starts_above_the_limit(impose, case):
    simple = {"procedure": "simple", "decision_no": "当场 003", "decision_date": clock.today()}
    person = {"party": "person", "person_name": "顾建国", "basis_code": "SOR-41-1", "measures": []}
    assert "200" in _refused(impose, case, fine_yuan=1000, **person, **simple)["fine_yuan"]


def test_on_the_spot_decision_needs_a_decision_number(impose, case):
    errors = _refused(impose, case, fine_yuan=500, procedure="simple")
    assert "decision_no" in errors


def test_suspension_cannot_be_decided_on_the_spot(impose, case):
    simple = {"procedure": "simple", "decision_no": "当场 004", "decision_date": clock.today()}
    assert "measures" in _refused(impose, case, fine_yuan=0, measures=["suspension"], **simple)


def test_person_party_needs_a_name(impose, case):
    errors = _refused(impose, case, party="person", person_name="  ", basis_code="SAFL-94")
    assert "name" in errors["party"]


def test_unit_party_drops_a_stray_person_name(impose, case):
    assert impose(case, person_name="顾建国").person_name is None


def test_exam_qualification_measures_only_for_exam_sites(impose, case, world):
    measures = ["exam_qualification_suspension"]
    errors = _refused(impose, case, basis_code="N274-EXAM", fine_yuan=0, measures=measures)
    assert "exam" in errors["measures"]
    site = factories.make_subject(world.town_a, kind="exam_site", name="考试点")
    exam_case = factories.make_inspection(world, subject=site)
    penalty = impose(exam_case, basis_code="N274-EXAM", fine_yuan=0, measures=measures)
    assert penalty.measures == measures


def test_measure_not_listed_by_the_basis_is_allowed(impose, case):
    penalty = impose(case, basis_code="TR-29", fine_yuan=10000, measures=["police_referral"])
    assert penalty.measures == ["police_referral"]


def test_unknown_measure_and_unknown_basis_refused(impose, case):
    errors = _refused(impose, case, basis_code="NOPE", measures=["reprimand"])
    assert set(errors) >= {"basis_code", "measures"}


def test_decision_dates(impose, case):
    started = case.started_at.date()
    before = _refused(
        impose, case, decision_no="如应急罚〔2026〕1号", decision_date=started - timedelta(days=1)
    )
    assert "before the inspection" in before["decision_date"]
    future = clock.today() + timedelta(days=1)
    assert (
        "future" in _refused(impose, case, decision_no="x", decision_date=future)["decision_date"]
    )
    assert "decision_date" in _refused(impose, case, decision_no="如应急罚〔2026〕1号")
    assert "decision_no" in _refused(impose, case, decision_date=clock.today())


def test_every_problem_is_reported_at_once(impose, case):
    errors = _refused(impose, case, party="person", violation=" ", basis_code="", fine_yuan=-1)
    assert set(errors) == {"party", "violation", "basis_code", "fine_yuan"}


def test_same_client_key_creates_one_penalty_and_one_audit_row(impose, case):
    first = impose(case, client_key="tap-tap-0001")
    db.session.commit()
    second = impose(case, client_key="tap-tap-0001")
    db.session.commit()
    assert first.id == second.id and _count() == 1
    audit = select(func.count()).where(AuditEntry.action == "impose_penalty")
    assert db.session.scalar(audit) == 1


def test_the_basis_text_is_copied_at_decision_time(impose, case):
    penalty = impose(case, basis_code="TR-29", fine_yuan=10000)
    assert penalty.basis_law == "生产经营单位安全培训规定" and penalty.basis_article == "第二十九条"
