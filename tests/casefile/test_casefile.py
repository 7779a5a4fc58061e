"""build_casefile numbers, cross-references, judges overdue at an instant, masks the public view,
and casefile_dict is plain JSON."""

import json
from datetime import timedelta

import pytest

from inspect_app import clock
from inspect_app.casefile import View, build_casefile, casefile_dict
from inspect_app.casefile.masking import case_names
from tests.casefile.test_golden import CASES, demo_case


def test_numbers_and_cross_references(demo_app):
    case = demo_case(CASES["chemical"])
    casefile = build_casefile(case)
    assert [f.number for f in casefile.findings] == [1, 2, 3]
    assert [p.number for p in casefile.photos] == list(range(1, len(casefile.photos) + 1))
    (order,) = casefile.orders
    assert [(r.number, r.id) for r in order.findings] == [
        (f.number, f.id) for f in casefile.findings
    ]
    for finding in casefile.findings:
        assert [(r.number, r.id) for r in finding.orders] == [(1, order.id)]
    photo_ids = {p.id for p in casefile.photos}
    assert {r.id for f in casefile.findings for r in f.photos} <= photo_ids
    assert casefile.findings[2].from_quiz and not casefile.findings[0].from_quiz
    assert casefile.finding(casefile.findings[1].id) is casefile.findings[1]
    assert casefile.order(order.id) is order


def test_overdue_is_judged_on_the_day_of_the_instant(demo_app):
    case = demo_case(CASES["fireworks"])
    (order,) = build_casefile(case).orders
    assert order.overdue and order.display_status == "overdue" and order.status == "open"
    before = clock.day_start(order.deadline) + timedelta(hours=12)  # noon on the deadline day
    (on_time,) = build_casefile(case, at=before).orders
    assert not on_time.overdue and on_time.display_status == "open"


def test_public_view_masks_names_and_withholds_personal_photos(demo_app):
    case = demo_case(CASES["chemical"])
    full, public = build_casefile(case), build_casefile(case, view=View.PUBLIC)
    text = json.dumps(casefile_dict(public), ensure_ascii=False)
    assert not [n for n in case_names(case) if len(n) >= 2 and n in text]
    assert public.representative.name != full.representative.name
    assert public.withheld_photo_numbers == [
        p.number for p in full.photos if p.kind in {"sign_in_sheet", "exam_paper", "certificate"}
    ]
    assert public.withheld_photo_numbers and not any(p.withheld for p in full.photos)
    assert [p.number for p in public.photos] == [p.number for p in full.photos]


def test_a_revision_builds_as_frozen(demo_app):
    case = demo_case(CASES["chemical"])
    first, latest = case.revisions[0], case.revisions[-1]
    assert len(case.revisions) == 2
    old = build_casefile(case, snapshot=first.snapshot)
    assert not old.penalties and build_casefile(case, snapshot=latest.snapshot).penalties
    assert not old.live and build_casefile(case).live
    assert build_casefile(case).penalties[0].law


@pytest.mark.parametrize("key", sorted(CASES))
def test_casefile_dict_is_json_with_iso_dates(demo_app, key):
    casefile = build_casefile(demo_case(CASES[key]))
    data = json.loads(json.dumps(casefile_dict(casefile)))
    assert data["schema"] == 1 and data["view"] == "full"
    assert data["at"].endswith("+00:00")
    assert data["today"] == clock.local_day(casefile.at).isoformat()
    order = data["orders"][0]
    assert order["deadline"] == casefile.orders[0].deadline.isoformat()
    assert order["findings"][0] == {"number": 1, "id": casefile.findings[0].id}
    assert isinstance(order["display_label"], str) and order["display_label"]
