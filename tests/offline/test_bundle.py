"""The offline bundle of a subject or a case: what the phone needs and nothing of another town;
its quiz papers are distinct and the server re-draws each one exactly."""

import json
from io import BytesIO

import pytest

from inspect_app.extensions import db
from inspect_app.quizzes import draw
from inspect_app.quizzes.models import QuizTemplate
from inspect_app.quizzes.offline_papers import PAPERS_PER_TEMPLATE, redraw
from inspect_app.quizzes.services import ensure_default_templates
from tests import factories
from tests.api.case_support import jpeg, key, put
from tests.offline.api_support import Phone, open_offline_case
from tests.quizzes.test_onsite_support import make_bank


@pytest.fixture
def phone(client, world):
    make_bank()
    ensure_default_templates()
    db.session.commit()
    return Phone(client, world.inspector_a)


def _town_b_words(world) -> list[str]:
    return [
        world.subject_b.name,
        world.person_b.name,
        world.person_b.id_number,
        world.certificate_b.number,
        world.inspector_b.display_name,
        world.town_b.name,
    ]


def test_a_subject_bundle_holds_what_a_new_case_needs_and_nothing_of_town_b(phone, world):
    person = factories.make_person(world.subject_a, name="孙八")
    certificate = factories.make_certificate(person)
    db.session.commit()
    response = phone.get(f"/api/v1/offline/subjects/{world.subject_a.id}")
    assert response.status_code == 200
    bundle = response.get_json()
    assert bundle["kind"] == "subject" and bundle["case"] is None
    assert bundle["subject"]["id"] == world.subject_a.id
    assert [p["name"] for p in bundle["people"]] == ["孙八"]
    assert [c["number"] for c in bundle["people"][0]["certificates"]] == [certificate.number]
    assert world.inspector_a.id in {o["id"] for o in bundle["officers"]}
    assert all(o["id"] != world.inspector_b.id for o in bundle["officers"])
    codes = {code for item in bundle["catalog"]["items"] for code in item["basis"]}
    assert codes and codes == {basis["code"] for basis in bundle["legal_bases"]}
    assert bundle["campaign"]["code"] == bundle["catalog"]["campaign"]
    text = json.dumps(bundle, ensure_ascii=False)
    assert not [word for word in _town_b_words(world) if word in text]


def test_each_template_has_distinct_papers_the_server_redraws(phone, world):
    bundle = phone.get(f"/api/v1/offline/subjects/{world.subject_a.id}").get_json()
    assert bundle["quiz_templates"]
    for template in bundle["quiz_templates"]:
        papers = template["papers"]
        assert len(papers) == PAPERS_PER_TEMPLATE
        assert len({draw.paper_key(p["question_ids"]) for p in papers}) == len(papers)
        row = db.session.get(QuizTemplate, template["id"])
        for paper in papers:
            assert redraw(row, paper["seed"]) == paper["question_ids"]
            assert [q["id"] for q in paper["questions"]] == paper["question_ids"]
            assert all(q["answer"] and q["options"] for q in paper["questions"])


def test_a_case_bundle_carries_the_case_as_it_stands(phone, world):
    case = open_offline_case(phone, world)
    put(phone, f"/api/v1/cases/{case['id']}/items/PU-1", json={"result": "compliant"})
    data = {"file": (BytesIO(jpeg(5)), "p.jpg"), "caption": "消防通道"}
    assert phone.post(f"/api/v1/cases/{case['id']}/photos", key=key(), data=data).status_code == 201
    bundle = phone.get(f"/api/v1/offline/cases/{case['id']}").get_json()
    state = bundle["case"]
    assert bundle["kind"] == "case" and state["id"] == case["id"]
    assert state["client_id"] == case["client_id"]
    assert state["items"]["PU-1"]["result"] == "compliant" and state["items"]["PU-1"]["version"]
    assert [p["caption"] for p in state["photos"]] == ["消防通道"]
    assert {slot["key"] for slot in state["signatures"]} >= {"representative"}
    assert state["catalog_version"] == bundle["catalog"]["version"]
    assert len(state["inspector_ids"]) == 2
    text = json.dumps(bundle, ensure_ascii=False)
    assert not [word for word in _town_b_words(world) if word in text]


def test_another_towns_bundles_are_not_found(phone, world):
    assert phone.get(f"/api/v1/offline/subjects/{world.subject_b.id}").status_code == 404
    assert phone.get(f"/api/v1/offline/cases/{world.inspection_b.id}").status_code == 404


def test_the_public_side_gets_no_bundle_and_the_shell_names_no_one(client, world):
    for url in (
        f"/api/v1/offline/subjects/{world.subject_a.id}",
        f"/api/v1/offline/cases/{world.inspection_b.id}",
    ):
        assert client.get(url).status_code == 401
    manifest = client.get("/manifest.webmanifest").get_data(as_text=True)
    names = [world.subject_a.name, world.inspector_a.display_name, *_town_b_words(world)]
    assert not [name for name in names if name in manifest]
    assert client.get("/offline/case").status_code == 302
