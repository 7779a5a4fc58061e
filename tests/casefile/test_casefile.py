"""build_casefile numbers, cross-references, judges overdue at an instant, masks the public view,
and casefile_dict is plain JSON."""

import json
from datetime import timedelta

import pytest

from inspect_app import clock
from inspect_app.casefile import View, build_casefile, casefile_dict
from inspect_app.casefile.masking import case_names
from inspect_app.inspections.models import Revision
from inspect_app.records.services import render_record_document
from tests.casefile.test_golden import CASES, demo_case
from tests.records.helpers import flat, pdf_text


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


OLD_PENALTY = {  # as snapshots held every penalty before penalties left the record
    "party": "unit",
    "person_name": None,
    "violation": "未如实记录安全生产教育和培训情况。",
    "basis": "SAFL-97-4",
    "basis_article": "第九十七条第四项",
    "basis_law": "《中华人民共和国安全生产法》",
    "procedure": "general",
    "revoke_reason": None,
    "fine_yuan": 20000,
    "decision_no": "（如东）应急罚〔2026〕7号",
    "decision_date": "2026-11-20",
    "measures": ["order_correction"],
    "revoked": False,
}


def test_a_revision_builds_as_frozen(demo_app):
    case = demo_case(CASES["chemical"])
    latest = case.revisions[-1]
    assert not build_casefile(case, snapshot=latest.snapshot).live and build_casefile(case).live
    # The fine decided after the visit is the penalty's own business, not the record's.
    assert case.revision == 1 and not case.pending_correction
    assert latest.snapshot["penalties"] == [] and not build_casefile(case).penalties


def test_an_old_snapshot_with_penalties_still_builds_and_renders(demo_app):
    case = demo_case(CASES["chemical"])
    old = {**case.revisions[-1].snapshot, "penalties": [OLD_PENALTY]}
    (penalty,) = build_casefile(case, snapshot=old).penalties
    assert penalty.law == "《中华人民共和国安全生产法》" and penalty.fine_yuan == 20000
    assert build_casefile(case, snapshot=old, view=View.PUBLIC).penalties
    revision = Revision(
        number=2,
        reason="作出行政处罚决定",
        snapshot=old,
        sha256="0" * 64,
        created_at=clock.utcnow(),
    )
    text = flat(pdf_text(render_record_document(case, revision).data))
    assert "更正" in text and "作出行政处罚决定" in text
    assert "应急罚〔2026〕7号" not in text  # the record no longer prints penalties


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
