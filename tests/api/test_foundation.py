"""Bearer tokens, problem details, cursor pagination and the description."""

from inspect_app.api.models import ApiToken
from inspect_app.api.services import revoke_token
from inspect_app.extensions import db
from tests import factories

PROBLEM = "application/problem+json"


def test_no_token_is_a_401_problem(client, world):
    response = client.get("/api/v1/regions")
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = response.get_json()
    assert body["status"] == 401 and body["instance"] == "/api/v1/regions"


def test_a_signed_in_browser_cannot_use_the_api(client, login, world):
    login(world.inspector_a)
    assert client.get("/inspections/").status_code == 200
    response = client.get("/api/v1/regions")
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_wrong_and_revoked_tokens_are_refused(client, world, token_for):
    token = token_for(world.inspector_a)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/regions", headers=headers).status_code == 200
    wrong = {"Authorization": f"Bearer {token[:-2]}xx"}
    assert client.get("/api/v1/regions", headers=wrong).status_code == 401
    revoke_token(db.session.scalar(db.select(ApiToken)), world.inspector_a)
    db.session.commit()
    assert client.get("/api/v1/regions", headers=headers).status_code == 401


def test_a_deactivated_user_s_token_stops_working(client, world, token_for):
    headers = {"Authorization": f"Bearer {token_for(world.inspector_a)}"}
    world.inspector_a.active = False
    db.session.commit()
    assert client.get("/api/v1/regions", headers=headers).status_code == 401


def test_tokens_are_stored_hashed(world, token_for):
    plain = token_for(world.inspector_a)
    stored = db.session.scalar(db.select(ApiToken))
    assert plain not in (stored.token_sha256, stored.prefix) and len(stored.token_sha256) == 64


def test_regions_follow_the_token_s_scope(api, world):
    town = api(world.inspector_a).get("/api/v1/regions").get_json()
    assert [r["id"] for r in town["items"]] == [world.town_a.id]
    county = api(world.county_supervisor).get("/api/v1/regions").get_json()
    ids = {r["id"] for r in county["items"]}
    assert {world.county.id, world.town_a.id, world.town_b.id} <= ids


def test_cursor_pagination_walks_every_row_once(api, world):
    for n in range(5):
        factories.make_region(f"T{n}", parent=world.county)
    db.session.commit()
    caller = api(world.admin)
    seen, cursor = [], None
    while True:
        url = "/api/v1/regions?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = caller.get(url).get_json()
        assert len(page["items"]) <= 2
        seen += [r["id"] for r in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert (
        seen == sorted(seen)
        and len(seen) == len(set(seen)) == db.session.query(factories.Region).count()
    )


def test_a_forged_cursor_is_a_400_problem(api, world):
    response = api(world.admin).get("/api/v1/regions?cursor=not-ours")
    assert response.status_code == 400 and response.mimetype == PROBLEM
    assert response.get_json()["type"].endswith("/cursor")


def test_field_errors_speak_the_request_s_language(api, world):
    caller = api(world.admin)
    zh = caller.get("/api/v1/regions?limit=0").get_json()
    assert zh["status"] == 422 and zh["errors"]["limit"] == ["请输入 1 到 200 之间的数字。"]
    assert zh["title"] == "无法受理"  # not the 500 page's "something went wrong"
    en = caller.get("/api/v1/regions?limit=x", headers={"Accept-Language": "en"}).get_json()
    assert en["errors"]["limit"] == ["Enter a whole number."]


def test_unknown_api_urls_are_404_problems(api, world):
    response = api(world.admin).get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.mimetype == PROBLEM


def test_the_description_is_public_openapi_3_1(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/regions" in spec["paths"]
    assert (
        "BearerAuth" in spec["components"]["securitySchemes"]
        or spec["components"]["securitySchemes"]
    )
    assert not any(path.startswith("/inspections") for path in spec["paths"])
