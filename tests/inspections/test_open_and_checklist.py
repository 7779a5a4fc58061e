"""Opening a case and answering the checklist."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, ItemAnswer
from inspect_app.inspections.services import checklist_items
from tests import factories
from tests.pages import parse


def _open_form(world, second, **overrides):
    data = {
        "started_at": "2026-11-20T09:30",
        "place": "洋口镇海滨路 8 号",
        "inspector_ids": [world.inspector_a.id, second.id],
        "representative_name": "顾建国",
        "representative_position": "主要负责人",
    }
    data.update(overrides)
    return data


def _count(model=Inspection):
    return db.session.scalar(select(func.count()).select_from(model))


def test_open_a_case_with_two_inspectors(client, world, login):
    second = factories.make_user(world.town_a, "inspector", "second")
    db.session.commit()
    login(world.inspector_a)
    before = _count()
    url = f"/subjects/{world.subject_a.id}/inspections/new"
    response = client.post(url, data=_open_form(world, second))
    assert response.status_code == 302
    case = db.session.scalar(select(Inspection).order_by(Inspection.id.desc()))
    assert _count() == before + 1
    assert case.started_at == datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    assert [i.cert_no for i in case.inspectors] == [world.inspector_a.cert_no, second.cert_no]
    assert (case.status, case.catalog_version, case.case_number) == ("draft", 1, None)


def test_one_inspector_is_not_enough(client, world, login):
    login(world.inspector_a)
    before = _count()
    data = _open_form(world, world.inspector_a, inspector_ids=[world.inspector_a.id])
    response = client.post(f"/subjects/{world.subject_a.id}/inspections/new", data=data)
    assert response.status_code == 422
    assert "执法人员不得少于两人" in parse(response).find(id="inspector_ids-error").get_text()
    assert _count() == before


def test_inspectors_of_other_towns_cannot_be_chosen(client, world, login):
    login(world.inspector_a)
    data = _open_form(world, world.inspector_b)
    response = client.post(f"/subjects/{world.subject_a.id}/inspections/new", data=data)
    assert response.status_code == 422


def test_supervisor_cannot_open_cases(client, world, login):
    login(world.county_supervisor)
    assert client.get(f"/subjects/{world.subject_a.id}/inspections/new").status_code == 403


def test_pu7_only_for_high_risk_subjects(app, world):
    ordinary = factories.make_inspection(world)
    risky_subject = factories.make_subject(world.town_a, industry="hazardous_chemicals")
    risky = factories.make_inspection(world, subject=risky_subject)
    assert "PU-7" not in [i.code for i in checklist_items(ordinary)]
    assert "PU-7" in [i.code for i in checklist_items(risky)]


def _answer(client, case, code, **body):
    return client.post(f"/inspections/{case.id}/answers/{code}", json=body)


def test_each_answer_saves_on_its_own_with_progress(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    response = _answer(client, case, "PU-1", result="compliant", note="")
    assert response.status_code == 200
    assert response.json == {"ok": True, "version": 1, "answered": 1, "total": 7}
    response = _answer(client, case, "PU-2", result="not_applicable", note="")
    assert response.json["answered"] == 2


def test_non_compliant_needs_a_note(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    response = _answer(client, case, "PU-4", result="non_compliant", note="  ")
    assert response.status_code == 422
    assert _count(ItemAnswer) == 0
    assert _answer(client, case, "PU-4", result="non_compliant", note="无签到表").status_code == 200


def test_unknown_item_and_result_refused(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    assert _answer(client, case, "PU-99", result="compliant").status_code == 422
    assert _answer(client, case, "PU-7", result="compliant").status_code == 422  # not high risk
    assert _answer(client, case, "PU-1", result="maybe").status_code == 422
    assert _count(ItemAnswer) == 0


def test_save_from_a_stale_version_is_refused(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    first = _answer(client, case, "PU-1", result="compliant", note="")
    version = first.json["version"]
    # A second phone saves on top of the first...
    assert (
        _answer(
            client, case, "PU-1", result="non_compliant", note="缺计划", version=version
        ).status_code
        == 200
    )
    # ...and the first phone, still holding the old version, is refused.
    stale = _answer(client, case, "PU-1", result="compliant", note="", version=version)
    assert stale.status_code == 409
    assert "他人已修改" in stale.json["error"]
    answer = db.session.scalar(select(ItemAnswer))
    assert (answer.result, answer.note) == ("non_compliant", "缺计划")


def test_form_post_works_without_javascript(client, client_request, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    response = client.post(
        f"/inspections/{case.id}/answers/PU-3",
        data={"result": "compliant", "note": "三级教育卡齐全"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/inspections/{case.id}/checklist#PU-3")
    page = client_request.get(f"/inspections/{case.id}/checklist")
    assert page.select_one("#PU-3 input[value=compliant]").has_attr("checked")
    assert page.select_one("#PU-3 textarea").get_text() == "三级教育卡齐全"


def test_supervisor_reads_but_cannot_answer(client, world, login):
    case = factories.make_inspection(world)
    login(world.supervisor_a)
    assert client.get(f"/inspections/{case.id}/checklist").status_code == 200
    assert _answer(client, case, "PU-1", result="compliant").status_code == 403


def test_signed_out_phone_gets_json_401(client, world):
    case = factories.make_inspection(world)
    response = _answer(client, case, "PU-1", result="compliant")
    assert response.status_code == 401
    assert response.json["ok"] is False


def test_every_answer_is_audited(client, world, login):
    from inspect_app.audit.models import AuditEntry

    case = factories.make_inspection(world)
    login(world.inspector_a)
    _answer(client, case, "PU-1", result="compliant", note="ok")
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.inspection_id == case.id).order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["open_inspection", "answer_item"]
    assert entries[1].user_id == world.inspector_a.id
    assert entries[1].details["item"] == "PU-1"
