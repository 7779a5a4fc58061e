"""Issuing: blocked until complete; gapless numbers; frozen, hashed revisions."""

import threading

import pytest

from inspect_app import clock, create_app
from inspect_app.casefile.snapshot import build_snapshot, snapshot_hash
from inspect_app.clock import utcnow
from inspect_app.demo.builders import answer_every_item
from inspect_app.extensions import db
from inspect_app.inspections.errors import NumberTaken
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import claim_case_seq, peek_case_seq
from inspect_app.issuing.services import issue_blockers, issue_record
from inspect_app.records.services import record_files
from tests import factories
from tests.conftest import make_config
from tests.inspections.helpers import make_ready, sign_all
from tests.pages import parse
from tests.signatures.helpers import issue_correction


def _flashes(response) -> list[str]:
    soup = parse(response)
    return [n.get_text() for n in soup.select(".notice")]


def test_issuing_blocked_until_complete(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    response = client.post(f"/inspections/{case.id}/issue", follow_redirects=True)
    messages = _flashes(response)
    assert any("还有 7 个检查项目未填写结论" in m for m in messages)
    assert any("尚缺签名或拒签记录" in m for m in messages)
    db.session.expire_all()
    assert case.status == "draft" and case.case_number is None

    answer_every_item(case, world.inspector_a)
    db.session.commit()
    assert [b for b in issue_blockers(case) if "尚缺签名或拒签记录" in b]
    sign_all(case, world.inspector_a)
    assert issue_blockers(case) == []


def test_issue_numbers_freezes_and_hashes(client, world, login, monkeypatch):
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    login(world.inspector_a)
    response = client.post(f"/inspections/{case.id}/issue", data={"version": case.version})
    assert response.status_code == 302
    db.session.expire_all()
    year = utcnow().year
    assert case.case_number == f"TA-{year}-0001"
    assert case.status == "issued" and case.revision == 1
    revision = case.revisions[0]
    assert revision.sha256 == case.record_sha256 == snapshot_hash(build_snapshot(case))
    assert revision.snapshot["case_number"] == case.case_number
    assert len(revision.sha256) == 64


def test_issue_twice_is_refused(world):
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    issue_record(case, world.inspector_a)
    db.session.commit()
    from inspect_app.inspections.errors import NotEditable

    with pytest.raises(NotEditable):
        issue_record(case, world.inspector_a)


def test_numbers_are_per_region_and_year_without_gaps(world):
    numbers = []
    for subject in (world.subject_a, world.subject_a, world.subject_b):
        if subject is world.subject_b:
            case = factories.make_inspection(world, subject=subject)
            case.inspectors[0].user_id = world.inspector_b.id
        else:
            case = factories.make_inspection(world, subject=subject)
        make_ready(case, world.inspector_a)
        issue_record(case, world.inspector_a)
        db.session.commit()
        numbers.append(case.case_number.rsplit("-", 1)[1])
    assert numbers == ["0001", "0002", "0001"]


def test_change_after_issue_needs_a_reason_and_makes_a_correction(
    client, client_request, world, login
):
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    issue_record(case, world.inspector_a)
    db.session.commit()
    login(world.inspector_a)
    url = f"/inspections/{case.id}/answers/PU-1"
    version = case.answer_for("PU-1").version
    refused = client.post(
        url, json={"result": "non_compliant", "note": "计划未执行", "version": version}
    )
    assert refused.status_code == 422
    assert "修改须填写原因" in refused.json["error"]
    ok = client.post(
        url,
        json={
            "result": "non_compliant",
            "note": "计划未执行",
            "version": version,
            "reason": "补充检查结论",
        },
    )
    assert ok.status_code == 200
    db.session.expire_all()
    assert (case.revision, case.pending_correction) == (1, ["补充检查结论"])
    issue_correction(case, world.inspector_a)
    first, second = case.revisions
    assert (case.revision, second.number, second.reason) == (2, 2, "补充检查结论")
    assert first.snapshot["checklist"][0]["result"] == "compliant"  # the old one is unchanged
    assert second.snapshot["checklist"][0]["result"] == "non_compliant"
    assert case.record_sha256 == second.sha256 != first.sha256
    old = client_request.get(f"/inspections/{case.id}/revisions/1")
    assert "计划未执行" not in old.get_text()


def test_revision_pages_are_scoped(client, world, login):
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    issue_record(case, world.inspector_a)
    db.session.commit()
    login(world.inspector_b)
    assert client.get(f"/inspections/{case.id}/revisions/1").status_code == 404
    client.post("/logout")
    login(world.inspector_a)
    assert client.get(f"/inspections/{case.id}/revisions/9").status_code == 404


def _issue_in_thread(worker_app, username, case_id, version, results, barrier):
    """One phone: signed in, it posts the issue form when every phone is ready."""
    client = worker_app.test_client()
    client.post("/login", data={"username": username, "password": factories.PASSWORD})
    barrier.wait()
    response = client.post(
        f"/inspections/{case_id}/issue", data={"version": version}, follow_redirects=True
    )
    results.append((response.status_code, _flashes(response)))


def test_concurrent_issuing_keeps_numbers_unique_and_gapless(app, world, database_uri):
    """Six phones issue six cases of one town at the same moment, each in its own app/process.

    Each renders its PDF before it writes, so no phone waits on another's rendering; a phone
    whose number was taken meanwhile renders again with the next one.
    """
    cases = []
    for _ in range(6):
        case = factories.make_inspection(world)
        make_ready(case, world.inspector_a)
        cases.append((case.id, case.version))
    username = world.inspector_a.username
    db.session.remove()
    storage_dir = app.config["STORAGE_DIR"]
    worker_apps = [create_app(make_config(database_uri, STORAGE_DIR=storage_dir)) for _ in cases]
    results: list[tuple[int, str]] = []
    barrier = threading.Barrier(len(cases), timeout=60)
    threads = [
        threading.Thread(
            target=_issue_in_thread,
            args=(worker_app, username, case_id, version, results, barrier),
        )
        for worker_app, (case_id, version) in zip(worker_apps, cases, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(cases)
    for status, notices in results:
        assert status == 200 and any("已出具" in n for n in notices), notices
    issued = [db.session.get(Inspection, case_id) for case_id, _ in cases]
    numbers = sorted(int(case.case_number.rsplit("-", 1)[1]) for case in issued)
    assert numbers == list(range(1, len(cases) + 1))
    for case in issued:  # each stored PDF belongs to its own number
        assert [f.revision for f in record_files(case)] == [1]
        assert case.revisions[0].snapshot["case_number"] == case.case_number


def test_typical_case_marked_by_supervisor_only(client, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    assert client.post(f"/inspections/{case.id}/typical", data={"typical": "1"}).status_code == 403
    client.post("/logout")
    login(world.county_supervisor)
    assert client.post(f"/inspections/{case.id}/typical", data={"typical": "1"}).status_code == 302
    db.session.expire_all()
    assert case.typical is True


def test_audit_log_readable_by_supervisors(client, client_request, world, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    assert client.get(f"/inspections/{case.id}/audit").status_code == 403
    client.post("/logout")
    login(world.county_supervisor)
    page = client_request.get(f"/inspections/{case.id}/audit")
    assert [n.get_text() for n in page.select(".audit strong")] == ["open_inspection"]


def test_a_number_taken_meanwhile_is_refused(app, world):
    """The claim fails, and nothing is written, when another record took the number first."""
    region_id, year = world.town_a.id, clock.today().year
    assert peek_case_seq(region_id, year) == 1
    claim_case_seq(region_id, year, 1)
    with pytest.raises(NumberTaken):
        claim_case_seq(region_id, year, 1)
    assert peek_case_seq(region_id, year) == 2
