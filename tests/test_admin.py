"""Admin pages: accounts and regions."""

from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from tests.pages import parse


def _user_form(world, **overrides) -> dict:
    data = {
        "username": "new.inspector",
        "display_name": "新检查员",
        "cert_no": "32060099001",
        "role": "inspector",
        "region_id": str(world.town_a.id),
        "active": "y",
        "password": "a-long-enough-password",
    }
    data.update(overrides)
    return data


def _errors(response) -> str:
    return parse(response).select_one(".error-summary").get_text()


def test_admin_creates_an_inspector_who_can_sign_in(client, world, login):
    login(world.admin)
    assert client.post("/admin/users/new", data=_user_form(world)).status_code == 302
    user = db.session.scalar(select(User).where(User.username == "new.inspector"))
    assert (user.role, user.region_id, user.cert_no) == (
        "inspector",
        world.town_a.id,
        "32060099001",
    )
    assert user.password_hash != "a-long-enough-password"
    client.post("/logout")
    response = client.post(
        "/login", data={"username": "new.inspector", "password": "a-long-enough-password"}
    )
    assert response.status_code == 302


def test_inspector_without_certificate_number_refused(client, world, login):
    login(world.admin)
    response = client.post("/admin/users/new", data=_user_form(world, cert_no=""))
    assert response.status_code == 422
    assert "执法证号" in _errors(response)
    assert db.session.scalar(select(User).where(User.username == "new.inspector")) is None


def test_short_password_and_taken_username_refused(client, world, login):
    login(world.admin)
    response = client.post(
        "/admin/users/new", data=_user_form(world, username="insp_a", password="short")
    )
    text = _errors(response)
    assert "该用户名已被使用" in text
    assert "10" in text


def test_blank_password_on_edit_keeps_the_old_one(client, world, login):
    login(world.admin)
    old_hash = world.inspector_a.password_hash
    data = _user_form(world, username="insp_a", password="", display_name="改名")
    assert client.post(f"/admin/users/{world.inspector_a.id}/edit", data=data).status_code == 302
    assert world.inspector_a.display_name == "改名"
    assert world.inspector_a.password_hash == old_hash


def test_deactivating_an_account(client, world, login):
    login(world.admin)
    data = _user_form(world, username="insp_a", password="")
    data.pop("active")
    client.post(f"/admin/users/{world.inspector_a.id}/edit", data=data)
    assert world.inspector_a.active is False


def test_admin_adds_and_moves_regions(client, client_request, world, login):
    login(world.admin)
    data = {"code": "TC", "name": "Town C", "parent_id": str(world.county.id)}
    assert client.post("/admin/regions/new", data=data).status_code == 302
    town_c = db.session.scalar(select(Region).where(Region.code == "TC"))
    assert town_c.parent_id == world.county.id
    listing = client_request.get("/admin/regions").get_text()
    assert "Town C" in listing


def test_region_cannot_move_under_its_own_child(client, world, login):
    login(world.admin)
    data = {"code": "TA", "name": "Town A", "parent_id": str(world.town_a.id)}
    response = client.post(f"/admin/regions/{world.town_a.id}/edit", data=data)
    assert response.status_code == 422
    county = {"code": "C1", "name": "County", "parent_id": str(world.town_a.id)}
    response = client.post(f"/admin/regions/{world.county.id}/edit", data=county)
    assert response.status_code == 422
    assert world.county.parent_id is None


def test_duplicate_region_code_refused(client, world, login):
    login(world.admin)
    data = {"code": "TB", "name": "Again", "parent_id": str(world.county.id)}
    response = client.post("/admin/regions/new", data=data)
    assert "已有区域使用此代码" in _errors(response)


def _opened(client, url: str) -> dict:
    """The edit form's fields as the browser would send them back."""
    page = parse(client.get(url))
    data = {i["name"]: i.get("value", "") for i in page.select("form.form input[name]")}
    data |= {s["name"]: s.select_one("option[selected]")["value"] for s in page.select("select")}
    data.pop("active", None)
    if page.select_one("input[name=active][checked]") is not None:
        data["active"] = "y"
    return data


def test_a_stale_account_save_shows_both_sides_and_saves_nothing(client, world, login):
    login(world.admin)
    url = f"/admin/users/{world.inspector_a.id}/edit"
    mine, theirs = _opened(client, url), _opened(client, url)
    assert mine["fingerprint"]
    assert client.post(url, data=theirs | {"display_name": "张伟（改）"}).status_code == 302
    response = client.post(url, data=mine | {"display_name": "张伟甲", "cert_no": "32060099009"})
    assert response.status_code == 409
    db.session.expire_all()
    assert (world.inspector_a.display_name, world.inspector_a.cert_no) == (
        "张伟（改）",
        theirs["cert_no"],
    )
    page = parse(response)
    rows = {
        r.select_one("th").get_text(): tuple(c.get_text() for c in r.select("td"))
        for r in page.select(".stale-compare tbody tr")
    }
    assert rows["姓名"] == ("张伟（改）", "张伟甲")
    assert rows["执法证号"] == (theirs["cert_no"], "32060099009")
    assert page.select_one("input[name=display_name]")["value"] == "张伟甲"
    again = page.select_one("input[name=fingerprint]")["value"]
    resent = mine | {"display_name": "张伟甲", "cert_no": "32060099009", "fingerprint": again}
    assert client.post(url, data=resent).status_code == 302
    db.session.expire_all()
    assert world.inspector_a.display_name == "张伟甲"


def test_a_stale_region_save_is_refused(client, world, login):
    login(world.admin)
    url = f"/admin/regions/{world.town_a.id}/edit"
    mine, theirs = _opened(client, url), _opened(client, url)
    assert client.post(url, data=theirs | {"name": "洋口镇（新）"}).status_code == 302
    response = client.post(url, data=mine | {"name": "洋口"})
    assert response.status_code == 409
    cells = parse(response).select_one(".stale-compare tbody tr").select("td")
    assert [c.get_text() for c in cells] == ["洋口镇（新）", "洋口"]
    db.session.expire_all()
    assert world.town_a.name == "洋口镇（新）"
