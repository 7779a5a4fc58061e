"""The gallery, editing and access: scope, supervisors, headcounts, stale edits, audit."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, update

from inspect_app.audit.models import AuditEntry
from inspect_app.demo.media import jpeg
from inspect_app.evidence import services
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.errors import StaleEdit
from tests.evidence.conftest import only_photo, photo_count, served, store, stored_files
from tests.pages import parse


def test_inspector_of_another_town_gets_404_on_every_photo_url(app, client, world, login, case):
    photo = store(case, world.inspector_a, jpeg())
    login(world.inspector_b)
    base = f"/inspections/{case.id}/photos"
    for url in (base, f"{base}/{photo.id}/display", f"{base}/{photo.id}/thumb"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"{base}/{photo.id}/original").status_code == 404
    assert client.get(f"{base}/{photo.id}/edit").status_code == 404
    # Through a case the inspector may see, a photo of another case is still not found.
    own = f"/inspections/{world.inspection_b.id}/photos/{photo.id}"
    assert client.get(f"{own}/display").status_code == 404
    assert client.get(f"{own}/edit").status_code == 404


def test_supervisor_views_photos_but_cannot_upload_or_edit(
    app, client, client_request, world, login, case, upload
):
    photo = store(case, world.inspector_a, jpeg(), caption="Gate")
    login(world.supervisor_a)
    page = client_request.get(f"/inspections/{case.id}/photos")
    assert [c.get_text(strip=True) for c in page.select(".photo-caption")] == ["Gate"]
    assert page.select_one("form.upload-form") is None
    assert page.select_one(f"#photo-{photo.id} a[href$='/edit']") is None
    assert served(client, photo, "display").status_code == 200
    before = stored_files(app)
    assert upload(jpeg(6)).status_code == 403
    assert client.get(f"/inspections/{case.id}/photos/{photo.id}/edit").status_code == 403
    assert photo_count() == 1 and stored_files(app) == before


def test_sign_in_sheet_headcounts_are_saved_and_the_gap_shown(
    client_request, world, login, upload, case
):
    login(world.inspector_a)
    upload(jpeg(7), kind="sign_in_sheet", headcount_on_sheet="30", headcount_in_photos="18")
    upload(jpeg(8), kind="sign_in_sheet", headcount_on_sheet="10", headcount_in_photos="12")
    upload(jpeg(9), kind="site", headcount_on_sheet="5", headcount_in_photos="1")
    sheet, honest, site = db.session.scalars(select(Photo).order_by(Photo.id)).all()
    assert (sheet.headcount_on_sheet, sheet.headcount_in_photos) == (30, 18)
    assert (site.headcount_on_sheet, site.headcount_in_photos) == (None, None)
    page = client_request.get(f"/inspections/{case.id}/photos")
    gap = page.select_one(f"#photo-{sheet.id} .headcount-gap")
    assert gap is not None and "12" in gap.get_text()
    assert "photo-card-gap" in page.select_one(f"#photo-{sheet.id}")["class"]
    assert page.select_one(f"#photo-{honest.id} .headcount-gap") is None
    assert page.select_one(f"#photo-{site.id} .headcounts") is None


def test_stale_edit_is_refused_and_nothing_overwritten(
    app, client, client_request, world, login, case
):
    photo = store(case, world.inspector_a, jpeg(), kind="sign_in_sheet")
    login(world.inspector_a)
    url = f"/inspections/{case.id}/photos/{photo.id}/edit"
    form = client_request.get(url)
    version = form.select_one("input[name=version]")["value"]
    fields = {"kind": "sign_in_sheet", "headcount_on_sheet": "25", "version": version}
    assert client.post(url, data={**fields, "caption": "First"}).status_code == 302
    stale = client.post(url, data={**fields, "caption": "Second"})
    assert stale.status_code == 409
    page = parse(stale)
    with app.test_request_context():
        message = str(StaleEdit().message)
    assert message in page.select_one(".error-summary").get_text()
    assert page.select_one("input[name=caption]")["value"] == "Second"
    db.session.refresh(photo)
    assert (photo.caption, photo.headcount_on_sheet) == ("First", 25)


def test_audit_log_records_uploads_and_edits(client, world, login, upload, case):
    login(world.inspector_a)
    upload(jpeg(), kind="site", caption="Gate")
    photo = only_photo()
    url = f"/inspections/{case.id}/photos/{photo.id}/edit"
    client.post(url, data={"kind": "certificate", "caption": "Gate", "version": photo.version})
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "Photo")).all()
    assert [e.action for e in entries] == ["upload_photo", "edit_photo"]
    assert all(e.user_id == world.inspector_a.id and e.entity_id == photo.id for e in entries)
    assert entries[0].details["sha256"] == photo.sha256
    assert entries[1].details == {"kind": ["site", "certificate"]}


def test_upload_without_javascript_redirects_back_with_the_item_chosen(
    client_request, world, login, upload
):
    login(world.inspector_a)
    response = upload(jpeg(), as_json=False, item_code="PU-3", caption="Three-level plan")
    photo = only_photo()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/photos?item=PU-3#photo-{photo.id}")
    page = client_request.get(response.headers["Location"])
    assert page.select_one("select[name=item_code] option[selected]")["value"] == "PU-3"
    group = page.select_one("section.photo-group[data-group='PU-3']")
    assert group is not None and group.select_one(f"#photo-{photo.id}") is not None
    assert page.select_one(".flashes .notice-success") is not None


def test_json_answer_carries_the_card_to_insert(client, world, login, upload):
    login(world.inspector_a)
    body = upload(jpeg(), caption="Exit").get_json()
    card = BeautifulSoup(body["card_html"], "html.parser").select_one("li.photo-card")
    assert card["id"] == f"photo-{body['id']}" and card.img["src"] == body["thumb_url"]
    group = BeautifulSoup(body["group_html"], "html.parser").select_one("section.photo-group")
    assert group["data-group"] == body["group"] == ""


def test_save_racing_another_save_is_refused_as_stale(app, world, case):
    photo = store(case, world.inspector_a, jpeg(), caption="Gate")
    seen = photo.version
    with db.engine.begin() as other_phone:  # saves in between, after this one's version check
        other_phone.execute(
            update(Photo).where(Photo.id == photo.id).values(caption="Other", version=seen + 1)
        )
    with pytest.raises(StaleEdit):
        services.update_photo(
            photo,
            world.inspector_a,
            kind="site",
            caption="Mine",
            headcount_on_sheet=None,
            headcount_in_photos=None,
            version=seen,
        )
    db.session.rollback()
    assert db.session.get(Photo, photo.id).caption == "Other"
