"""Findings: suggestions, one-tap adding, double taps, evidence, stale edits, deleting, audit."""

from datetime import date, timedelta

from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.findings import services
from inspect_app.findings.models import Finding
from tests import factories
from tests.findings.helpers import (
    add_photo,
    audit_actions,
    audit_entry,
    count,
    failed_check,
    non_compliant,
    textarea,
)
from tests.pages import parse


def day(offset: int) -> date:
    """make_inspection's inspection day (China Standard Time) plus `offset` days."""
    return factories.inspection_day() + timedelta(days=offset)


def _url(case, rest: str = "findings") -> str:
    return f"/inspections/{case.id}/{rest}"


def _suggestion_keys(page) -> list[str]:
    return [li["id"].removeprefix("suggestion-") for li in page.select(".suggestion")]


def _one_tap_data(page, key: str) -> dict:
    """What the "Add as finding" form of a suggestion posts."""
    form = page.select_one(f"#suggestion-{key} form")
    data: dict = {}
    for node in form.select("input[type=hidden]"):
        data.setdefault(node["name"], []).append(node["value"])
    return data


def _finding_form(**overrides) -> dict:
    data = {"description": "培训档案缺 2025 年记录", "item_code": "PU-8", "client_key": "k-find-1"}
    data.update(overrides)
    return data


def test_suggestions_come_from_non_compliant_items_and_go_once_recorded(
    client, client_request, world, login
):
    case = factories.make_inspection(world)
    non_compliant(case, world.inspector_a, "PU-4")
    non_compliant(case, world.inspector_a, "PU-5", "试卷千人一面")
    photo = add_photo(case, world.inspector_a, item_code="PU-4")
    login(world.inspector_a)

    page = client_request.get(_url(case))
    assert _suggestion_keys(page) == ["PU-4", "PU-5"]
    data = _one_tap_data(page, "PU-4")
    assert data["description"][0].startswith("PU-4")
    assert "签到表 32 人，培训照片仅 18 人" in data["description"][0]
    assert data["photo_ids"] == [str(photo.id)]

    response = client.post(_url(case, "findings/new"), data=data)
    assert response.status_code == 302
    finding = db.session.scalar(select(Finding).where(Finding.inspection_id == case.id))
    assert finding.item_code == "PU-4" and [p.id for p in finding.photos] == [photo.id]
    assert response.headers["Location"].endswith(f"#finding-{finding.id}")
    assert _suggestion_keys(client_request.get(_url(case))) == ["PU-5"]


def test_failed_certificate_check_is_suggested_until_a_finding_rests_on_it(
    client, client_request, world, login
):
    case = factories.make_inspection(world)
    check = failed_check(case, world.inspector_a)
    login(world.inspector_a)
    page = client_request.get(_url(case))
    key = f"check-{check.id}"
    assert _suggestion_keys(page) == [key]
    data = _one_tap_data(page, key)
    assert "周*" in data["description"][0] and "周立" not in data["description"][0]

    assert client.post(_url(case, "findings/new"), data=data).status_code == 302
    finding = db.session.scalar(select(Finding).where(Finding.inspection_id == case.id))
    assert finding.certificate_check_id == check.id and finding.item_code is None
    assert _suggestion_keys(client_request.get(_url(case))) == []


def test_edit_before_adding_opens_the_form_prefilled(client_request, world, login):
    case = factories.make_inspection(world)
    non_compliant(case, world.inspector_a, "PU-4")
    photo = add_photo(case, world.inspector_a, item_code="PU-4")
    login(world.inspector_a)
    page = client_request.get(_url(case))
    edit_link = page.select_one("#suggestion-PU-4 a.button")["href"]
    form = client_request.get(edit_link)
    assert "签到表 32 人" in textarea(form, "description")
    assert form.select_one("#item_code option[selected]")["value"] == "PU-4"
    assert form.select_one(f"input[name=photo_ids][value='{photo.id}']").has_attr("checked")
    assert form.select_one("input[name=client_key]")["value"]


def test_double_tap_with_the_same_client_key_records_one_finding(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    first = client.post(_url(case, "findings/new"), data=_finding_form())
    second = client.post(_url(case, "findings/new"), data=_finding_form())
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Finding, inspection_id=case.id) == 1
    assert audit_actions(case).count("record_finding") == 1


def test_twin_request_that_stored_the_key_first_wins(client, world, login, monkeypatch):
    """Two taps in flight: the later one hits the unique key instead of seeing the row."""
    case = factories.make_inspection(world)
    login(world.inspector_a)
    assert client.post(_url(case, "findings/new"), data=_finding_form()).status_code == 302
    monkeypatch.setattr(services, "_already_done", lambda *args: None)
    response = client.post(_url(case, "findings/new"), data=_finding_form())
    assert response.status_code == 302
    assert count(Finding, inspection_id=case.id) == 1


def test_photo_of_another_case_or_unknown_item_refused(client, world, login):
    case = factories.make_inspection(world)
    other = factories.make_inspection(world)
    foreign = add_photo(other, world.inspector_a)
    login(world.inspector_a)
    response = client.post(
        _url(case, "findings/new"), data=_finding_form(photo_ids=[str(foreign.id)])
    )
    assert response.status_code == 422
    page = parse(response)
    assert page.find(id="photo_ids-error").get_text(strip=True)
    assert textarea(page, "description") == "培训档案缺 2025 年记录"  # typing kept

    response = client.post(_url(case, "findings/new"), data=_finding_form(item_code="EX-1"))
    assert response.status_code == 422
    assert parse(response).find(id="item_code-error").get_text(strip=True)
    assert count(Finding, inspection_id=case.id) == 0


def test_description_required(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    response = client.post(_url(case, "findings/new"), data=_finding_form(description="  "))
    assert response.status_code == 422
    assert parse(response).select_one(".error-summary a[href='#description']") is not None
    assert count(Finding, inspection_id=case.id) == 0


def test_findings_list_shows_item_evidence_and_orders(client, client_request, world, login):
    case = factories.make_inspection(world)
    photo = add_photo(case, world.inspector_a, item_code="PU-4")
    login(world.inspector_a)
    client.post(_url(case, "findings/new"), data=_finding_form(photo_ids=[str(photo.id)]))
    finding = db.session.scalar(select(Finding).where(Finding.inspection_id == case.id))
    order = {"finding_ids": [str(finding.id)], "requirement": "补齐档案", "client_key": "k-o"}
    client.post(_url(case, "orders/new"), data={**order, "deadline": day(15).isoformat()})

    item = client_request.get(_url(case)).find(id=f"finding-{finding.id}")
    assert item.select_one(".finding-text").get_text() == "培训档案缺 2025 年记录"
    assert item.select_one(".tag").get_text() == "PU-8"
    src = item.select_one(".finding-photos img")["src"]
    assert src == f"/inspections/{case.id}/photos/{photo.id}/thumb"
    assert item.select_one(".finding-orders a")["href"].startswith("#order-")


def test_edit_finding_and_stale_edit_refused(client, client_request, world, login):
    case = factories.make_inspection(world)
    photo = add_photo(case, world.inspector_a)
    login(world.inspector_a)
    client.post(_url(case, "findings/new"), data=_finding_form())
    finding = db.session.scalar(select(Finding).where(Finding.inspection_id == case.id))
    edit = _url(case, f"findings/{finding.id}/edit")
    opened = client_request.get(edit).find(id="version")["value"]

    data = {"description": "改写的描述", "item_code": "PU-8", "version": opened}
    assert client.post(edit, data={**data, "photo_ids": [str(photo.id)]}).status_code == 302
    db.session.expire_all()
    assert finding.description == "改写的描述" and [p.id for p in finding.photos] == [photo.id]

    response = client.post(edit, data={**data, "description": "第二部手机的旧版本"})
    assert response.status_code == 409
    assert textarea(parse(response), "description") == "第二部手机的旧版本"
    db.session.expire_all()
    assert finding.description == "改写的描述"


def test_changing_only_the_photos_still_makes_older_forms_stale(world, app):
    case = factories.make_inspection(world)
    photo = add_photo(case, world.inspector_a)
    finding = services.record_finding(case, world.inspector_a, "描述", "PU-4", client_key="k1")
    db.session.commit()
    old = finding.version
    services.update_finding(finding, world.inspector_a, "描述", "PU-4", [photo.id], old)
    db.session.commit()
    assert finding.version == old + 1


def test_delete_finding_needs_no_covering_order(client, client_request, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    client.post(_url(case, "findings/new"), data=_finding_form(client_key="a"))
    client.post(_url(case, "findings/new"), data=_finding_form(client_key="b"))
    kept, loose = db.session.scalars(
        select(Finding).where(Finding.inspection_id == case.id).order_by(Finding.id)
    ).all()
    order = {"finding_ids": [str(kept.id)], "requirement": "补齐", "deadline": day(11).isoformat()}
    client.post(_url(case, "orders/new"), data={**order, "client_key": "o"})

    confirm = client_request.get(_url(case, f"findings/{kept.id}/delete"))
    assert confirm.select_one("button[type=submit].button-danger") is None
    refused = client.post(_url(case, f"findings/{kept.id}/delete"), data={"version": "1"})
    assert refused.status_code == 422
    assert db.session.get(Finding, kept.id) is not None

    confirm = client_request.get(_url(case, f"findings/{loose.id}/delete"))
    version = confirm.find(id="version")["value"]
    loose_id, text = loose.id, loose.description
    deleted = client.post(_url(case, f"findings/{loose_id}/delete"), data={"version": version})
    assert deleted.status_code == 302
    assert db.session.get(Finding, loose_id) is None
    entry = audit_entry(case, "delete_finding")
    assert entry.entity_id == loose_id and entry.details["description"] == text


def test_audit_rows_for_record_and_update(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    client.post(_url(case, "findings/new"), data=_finding_form())
    finding = db.session.scalar(select(Finding).where(Finding.inspection_id == case.id))
    edit = {"description": "新描述", "item_code": "", "version": str(finding.version)}
    client.post(_url(case, f"findings/{finding.id}/edit"), data=edit)
    recorded = audit_entry(case, "record_finding")
    assert recorded.user_id == world.inspector_a.id and recorded.entity == "Finding"
    assert recorded.details["item"] == "PU-8"
    updated = audit_entry(case, "update_finding")
    assert updated.details["before"]["description"] == "培训档案缺 2025 年记录"
    assert updated.details["after"] == {
        "description": "新描述",
        "item": None,
        "certificate_check": None,
        "quiz_attempt": None,
        "photos": [],
    }
