"""Referring a case to another agency: the letter, the result, and what is refused."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.proceedings.models import Referral
from inspect_app.storage import storage
from tests.pages import parse
from tests.records.helpers import flat, pdf_text


def days_ago(n: int) -> str:
    return (clock.today() - timedelta(days=n)).isoformat()


def referral_form(case, **fields) -> dict:
    photos = [p.id for p in sorted(case_photos(case), key=lambda p: p.id)]
    data = {
        "agency_kind": "police",
        "agency_name": "如东县公安局",
        "referred_on": days_ago(1),
        "facts": "该单位伪造特种作业操作证3本，供无证人员上岗作业。",
        "basis": "",
        "evidence": "现场检查记录1份\n伪造的特种作业操作证复印件3份\n\n询问笔录2份",
        "photos": photos,
        "contact": "王明",
        "contact_phone": "0513-84100000",
        "client_key": "ref-1",
    }
    data.update(fields)
    return data


def case_photos(case):
    from inspect_app.evidence.models import Photo

    return list(db.session.scalars(select(Photo).where(Photo.inspection_id == case.id)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audits(action: str) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
    return db.session.scalar(query)


def refer(client, case, **fields):
    return client.post(f"/inspections/{case.id}/referrals/new", data=referral_form(case, **fields))


def test_a_referral_makes_its_letter_and_is_listed_on_the_case(client, world, login, case):
    login(world.inspector_a)
    response = refer(client, case)
    assert response.status_code == 302
    referral = db.session.scalar(select(Referral))
    assert referral.evidence == ["现场检查记录1份", "伪造的特种作业操作证复印件3份", "询问笔录2份"]
    assert len(referral.photos) == 2
    document = db.session.scalar(select(Document))
    assert (document.kind, document.public, document.content["referral_id"]) == (
        "referral", False, referral.id)  # fmt: skip
    text = flat(pdf_text(storage().read(document.storage_key)))
    for expected in ("案件移送书", "如东县公安局", "行政执法机关移送涉嫌犯罪案件的规定", "3项",
                     "伪造的特种作业操作证复印件3份", "王明", flat(case.subject.name)):  # fmt: skip
        assert expected in text, expected
    assert audits("refer_case") == 1 and audits("issue_document") == 1

    page = parse(client.get(f"/inspections/{case.id}"))
    item = page.select_one(f"#referral-{referral.id}")
    assert "如东县公安局" in item.get_text()
    link = item.select_one("a[href$='.pdf']")
    assert client.get(link["href"]).mimetype == "application/pdf"


def test_a_double_tap_refers_once(client, world, login, case):
    login(world.inspector_a)
    assert refer(client, case).status_code == 302
    assert refer(client, case).status_code == 302
    assert (count(Referral), count(Document)) == (1, 1)


@pytest.mark.parametrize(
    ("fields", "field_id"),
    [
        ({"referred_on": "2099-01-01"}, None),
        ({"agency_kind": "market", "basis": ""}, "basis"),
        ({"evidence": " \n "}, "evidence"),
        ({"agency_name": ""}, "agency_name"),
    ],
)
def test_bad_referrals_are_refused_and_store_nothing(client, world, login, case, fields, field_id):
    login(world.inspector_a)
    if "referred_on" in fields:
        fields = {"referred_on": (clock.today() + timedelta(days=1)).isoformat()}
    response = refer(client, case, **fields)
    assert response.status_code == 422
    page = parse(response)
    assert page.select_one(".error-summary") is not None
    if field_id:
        assert page.select_one(f"#{field_id}-error") is not None
    assert (count(Referral), count(Document)) == (0, 0)


def test_a_draft_case_cannot_be_referred(client, world, login, case):
    case.status = "draft"
    db.session.commit()
    login(world.inspector_a)
    assert refer(client, case).status_code == 422
    assert count(Referral) == 0


def result_url(case, referral) -> str:
    return f"/inspections/{case.id}/referrals/{referral.id}/result"


def test_the_result_is_recorded_once_and_checked(client, world, login, case):
    login(world.inspector_a)
    refer(client, case, referred_on=days_ago(5))
    referral = db.session.scalar(select(Referral))
    url, version = result_url(case, referral), referral.version
    before = client.post(
        url, data={"result": "已立案", "result_on": days_ago(6), "version": version}
    )
    assert before.status_code == 422
    assert parse(before).select_one(".error-summary") is not None
    future = (clock.today() + timedelta(days=1)).isoformat()
    ahead = client.post(url, data={"result": "已立案", "result_on": future, "version": version})
    assert ahead.status_code == 422

    done = {"result": "公安机关已立案侦查", "result_on": days_ago(2), "version": version}
    assert client.post(url, data=done).status_code == 302
    assert client.post(url, data=done).status_code == 302  # a double tap: already recorded
    db.session.refresh(referral)
    assert (referral.result, referral.result_on.isoformat()) == ("公安机关已立案侦查", days_ago(2))
    assert audits("record_referral_result") == 1

    stale = {"result": "不予立案", "result_on": days_ago(1), "version": version}
    response = client.post(url, data=stale)
    assert response.status_code == 409
    db.session.refresh(referral)
    assert referral.result == "公安机关已立案侦查"
    page = parse(client.get(f"/inspections/{case.id}"))
    assert "公安机关已立案侦查" in page.select_one(f"#referral-{referral.id}").get_text()


def test_a_supervisor_reads_but_cannot_refer(client, world, login, case):
    login(world.supervisor_a)
    assert client.get(f"/inspections/{case.id}/referrals/new").status_code == 403
