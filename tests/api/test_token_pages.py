"""The API tokens settings page, the admin's revoke, and the readable API page."""

from bs4 import BeautifulSoup

from inspect_app.api.models import ApiToken
from inspect_app.api.services import create_token
from inspect_app.extensions import db
from tests.conftest import csrf_token_from


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


def test_create_shows_the_token_once_and_it_works(client, login, world):
    login(world.inspector_a)
    page = client.get("/settings/tokens")
    assert page.status_code == 200
    created = client.post(
        "/settings/tokens", data={"name": "县里汇总", "csrf_token": csrf_token_from(page.text)}
    )
    plain = _soup(created).select_one("#new-token").text.strip()
    assert plain.startswith("ia1_")
    again = _soup(client.get("/settings/tokens"))
    assert again.select_one("#new-token") is None and plain not in again.text
    item = again.select_one(".token-item")
    assert "县里汇总" in item.text and plain[:10] in item.text
    api = client.get("/api/v1/regions", headers={"Authorization": f"Bearer {plain}"})
    assert api.status_code == 200


def test_a_blank_name_is_refused(client, login, world):
    login(world.inspector_a)
    page = client.get("/settings/tokens")
    response = client.post(
        "/settings/tokens", data={"name": "  ", "csrf_token": csrf_token_from(page.text)}
    )
    assert response.status_code == 422
    assert _soup(response).select_one(".error-summary") is not None
    assert db.session.query(ApiToken).count() == 0


def test_revoke_asks_first_then_ends_the_token(client, login, world):
    token, _plain = create_token(world.inspector_a, "phone")
    db.session.commit()
    login(world.inspector_a)
    confirm = client.get(f"/settings/tokens/{token.id}/revoke")
    assert confirm.status_code == 200 and "phone" in _soup(confirm).h1.text
    assert db.session.get(ApiToken, token.id).revoked_at is None
    done = client.post(
        f"/settings/tokens/{token.id}/revoke", data={"csrf_token": csrf_token_from(confirm.text)}
    )
    assert done.status_code == 302
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert _soup(client.get("/settings/tokens")).select(".token-item") == []


def test_another_user_s_token_is_a_404(client, login, world):
    token, _plain = create_token(world.inspector_b, "b")
    db.session.commit()
    login(world.inspector_a)
    assert client.get(f"/settings/tokens/{token.id}/revoke").status_code == 404


def test_admin_revokes_a_user_s_token_from_the_user_page(client, login, world):
    token, _plain = create_token(world.inspector_a, "lost phone")
    db.session.commit()
    login(world.admin)
    page = client.get(f"/admin/users/{world.inspector_a.id}/edit")
    form = _soup(page).select_one(f"form[action$='/tokens/{token.id}/revoke']")
    assert form is not None and "lost phone" in _soup(page).select_one(".user-tokens").text
    response = client.post(form["action"], data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    assert db.session.get(ApiToken, token.id).revoked_at is not None


def test_the_api_page_lists_every_operation_grouped_by_tag(app, client, login, world):
    login(world.inspector_a)
    soup = _soup(client.get("/help/api"))
    shown = {
        (op.select_one(".method").text, op.select_one(".api-path").text)
        for op in soup.select(".api-op")
    }
    spec = app.spec
    expected = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert shown == expected
    assert {h.text for h in soup.select(".api-group h2")} >= {"检查对象、人员和证书", "报表"}
    subjects = soup.select_one("#post-api-v1-subjects")
    assert "Idempotency-Key" in subjects.text and "uscc" in subjects.text
    english = client.get("/help/api", headers={"Accept-Language": "en"})
    assert english.status_code == 200
