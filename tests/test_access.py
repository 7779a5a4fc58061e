"""Sign-in by default, an explicit public list, and region scope on every URL."""

import pytest

from inspect_app.security import is_public_endpoint

PUBLIC_ENDPOINTS = {
    "auth.login",
    "main.set_language",
    "main.health",  # "ok": for a load balancer; reads and says nothing else
    "main.ready",  # whether the database and the storage answer; causes only in the log
    "static",
    "public.case",
    "public.answer",
    "public.check",
    "public.record_pdf",
    "public.full_record_pdf",  # only with the unlock the verification code gives
    "public.photo",
    "public.document_pdf",  # only documents the unit received, names masked
    "public_extensions.apply",  # asking for more time: with the verification code
    "proceedings_public.statement",  # the unit's statement, with the verification code
    "quizzes.worker_start",
    "quizzes.worker_question",
    "quizzes.worker_finish",
    "quizzes.worker_done",
    "selfchecks.fill",
    "selfcheck_problems.update",  # a listed problem's progress, behind the self-check's link
    "selfcheck_problems.link_report",  # the subject's own report PDF, behind its link
    "selfcheck_problems.link_photo",  # display copies of its own photos, behind its link
    "tips_public.form",  # the public tip-off form: signed token, limits, honeypot
    "tips_public.status",  # status and outcome of a tip, behind its query code
    "openapi.spec",  # the API's description holds no data
    "offline.service_worker",  # the offline app's script: no data
    "offline.manifest",  # what «Add to home screen» installs: no data
}
OBJECT_ARGS = {"subject_id", "person_id", "certificate_id", "inspection_id"}


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def _url_for_town_b(rule, world) -> str:
    values = {
        "subject_id": world.subject_b.id,
        "person_id": world.person_b.id,
        "certificate_id": world.certificate_b.id,
        "user_id": world.inspector_b.id,
        "region_id": world.town_b.id,
        "inspection_id": world.inspection_b.id,
        "code": "PU-1",
    }
    # Sub-objects of a case (photos, findings…) get id 1: the case itself is out of scope.
    return rule.build({name: values.get(name, 1) for name in rule.arguments})[1]


def test_public_list_is_explicit(app):
    public = {r.endpoint for r in app.url_map.iter_rules() if is_public_endpoint(app, r.endpoint)}
    assert public == PUBLIC_ENDPOINTS


def test_every_other_endpoint_requires_sign_in(app, client, world):
    for rule in _rules(app):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        url = _url_for_town_b(rule, world)
        method = "GET" if "GET" in rule.methods else min(rule.methods - {"HEAD", "OPTIONS"})
        response = client.open(url, method=method)
        if rule.endpoint.startswith("api."):  # the API answers with a problem, not a page
            assert response.status_code == 401, rule.endpoint
            assert response.mimetype == "application/problem+json", rule.endpoint
            continue
        assert response.status_code == 302, (rule.endpoint, response.status_code)
        assert response.headers["Location"].startswith("/login"), rule.endpoint


def test_inspector_of_town_a_gets_404_on_every_town_b_object(app, client, world, login):
    login(world.inspector_a)
    checked = 0
    for rule in _rules(app):
        if not OBJECT_ARGS & set(rule.arguments) or rule.endpoint.startswith("api."):
            continue  # the API ignores the session: tests/api/test_scope.py uses tokens
        url = _url_for_town_b(rule, world)
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url, method=method, data={"name": "hijack"})
            assert response.status_code == 404, (rule.endpoint, method, response.status_code)
            checked += 1
    assert checked >= 10
    assert world.subject_b.name == "Unit in B"


def test_town_supervisor_also_confined_to_own_town(client, world, login):
    login(world.supervisor_a)
    assert client.get(f"/subjects/{world.subject_a.id}").status_code == 200
    assert client.get(f"/subjects/{world.subject_b.id}").status_code == 404


def test_county_supervisor_reads_every_town_but_cannot_edit(client, world, login):
    login(world.county_supervisor)
    assert client.get(f"/subjects/{world.subject_a.id}").status_code == 200
    assert client.get(f"/subjects/{world.subject_b.id}").status_code == 200
    assert client.get(f"/subjects/{world.subject_b.id}/edit").status_code == 403
    assert client.get("/subjects/new").status_code == 403


def test_subject_list_shows_only_scope(client_request, world, login):
    login(world.inspector_a)
    soup = client_request.get("/subjects/")
    names = [s.get_text() for s in soup.select(".list-item strong")]
    assert names == ["Unit in A"]


def test_inspector_cannot_use_admin_pages(client, world, login):
    login(world.inspector_a)
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/regions").status_code == 403


@pytest.mark.parametrize("path", ["/admin/users/{id}/edit"])
def test_town_admin_cannot_reach_other_towns_accounts(app, client, world, login, path):
    from inspect_app.extensions import db
    from tests.factories import make_user

    town_admin = make_user(world.town_a, "admin", "admin_a")
    db.session.commit()
    login(town_admin)
    assert client.get(path.format(id=world.inspector_a.id)).status_code == 200
    assert client.get(path.format(id=world.inspector_b.id)).status_code == 404
    assert client.get(f"/admin/regions/{world.town_b.id}/edit").status_code == 404
