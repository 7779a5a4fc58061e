"""Corrections (更正): a change to an issued record waits for its own signatures, then becomes the
next revision. A revision never prints earlier signatures under changed content."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app import clock as app_clock
from inspect_app import create_app
from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.inspections.services import answer_item, required_signers
from inspect_app.issuing.corrections import NoCorrection, issue_correction
from inspect_app.issuing.services import issue_record
from inspect_app.penalties.services import impose_penalty
from inspect_app.records import services
from inspect_app.records.context import record_context, record_date
from inspect_app.records.models import Edition
from inspect_app.signatures.models import Signature
from inspect_app.signatures.services import SignaturesFrozen, record_signature
from inspect_app.storage import storage
from tests import factories
from tests.conftest import make_config
from tests.pages import parse
from tests.records import helpers
from tests.records.helpers import flat, pdf_images, pdf_text
from tests.signatures.helpers import correction_png
from tests.signatures.helpers import issue_correction as sign_and_issue_correction

LATE_FINDING = "补记：安全培训档案缺页。"
REASON = "现场遗漏一项问题"


def _pdf(case, number: int, edition=Edition.FULL) -> bytes:
    return storage().read(services.record_file(case, number, edition).storage_key)


def _signature_images(pdf: bytes) -> set[bytes]:
    """The PNG signatures a PDF embeds (photos stay JPEG: DCTDecode)."""
    return {data for kind, data in pdf_images(pdf) if "DCTDecode" not in kind}


def _revisions() -> int:
    return db.session.scalar(select(func.count()).select_from(Revision))


@pytest.fixture
def issued(world):
    case = helpers.complete_case(world, photos=1)
    issue_record(case, world.inspector_a)
    db.session.commit()
    return case


def test_a_revision_never_prints_old_signatures_under_changed_content(
    client, client_request, world, clock, issued
):
    user = world.inspector_a
    first_pdf = _pdf(issued, 1)
    public_url = f"/c/{issued.public_token}"
    record_finding(issued, user, LATE_FINDING, "PU-8", reason=REASON)
    db.session.commit()
    # No revision yet: the record, its PDF and the public page stay at revision 1.
    assert (issued.revision, issued.pending_correction) == (1, [REASON])
    assert [f.revision for f in services.record_files(issued)] == [1]
    page = client_request.get(public_url)
    assert LATE_FINDING not in page.select_one("#findings").get_text()
    assert not page.select_one("#revision-2")
    # The correction is signed days later, with other drawings, then issued.
    clock.shift(timedelta(days=3))
    signed_on = record_date(clock.today())
    revision = sign_and_issue_correction(issued, user)
    assert (revision.number, revision.reason, issued.pending_correction) == (2, REASON, [])
    second_pdf = _pdf(issued, 2)
    text = flat(pdf_text(second_pdf))
    assert "更正" in text and REASON in text and LATE_FINDING in text
    names = [s["name"] for s in revision.snapshot["signatures"]]
    assert len(names) == 3 and all(flat(name) in text for name in names)
    assert text.count(signed_on) >= 3  # the new signers' dates
    old_images, new_images = _signature_images(first_pdf), _signature_images(second_pdf)
    assert len(new_images) == 1 and not old_images & new_images  # one drawing, three signers
    slots = record_context(issued, revision)["signatures"]
    assert {record_date(app_clock.to_local(s["signed_at"]).date()) for s in slots} == {signed_on}
    assert "更正" not in flat(pdf_text(first_pdf))
    page = client_request.get(public_url)
    assert LATE_FINDING in page.select_one("#findings").get_text()
    assert page.select_one("#revision-2")


def test_revision_one_keeps_its_own_signatures(world, issued):
    record_finding(issued, world.inspector_a, LATE_FINDING, "PU-8", reason=REASON)
    db.session.commit()
    first = issued.revisions[0].snapshot["signatures"]
    sign_and_issue_correction(issued, world.inspector_a, refuse=True)
    second = issued.revisions[1].snapshot["signatures"]
    by_role = {s["role"]: s for s in second}
    assert by_role["representative"]["refused"] and by_role["representative"]["refusal_reason"]
    assert {s["image_sha256"] for s in first}.isdisjoint({s["image_sha256"] for s in second})
    rows = db.session.scalars(select(Signature).where(Signature.inspection_id == issued.id))
    assert sorted({s.revision for s in rows}) == [1, 2]


def test_correction_needs_every_signature_of_its_own_revision(world, issued):
    record_finding(issued, world.inspector_a, LATE_FINDING, "PU-8", reason=REASON)
    db.session.commit()
    from inspect_app.inspections.errors import NotReady

    with pytest.raises(NotReady) as refused:
        issue_correction(issued, world.inspector_a)
    assert any(issued.representative_name in str(b) for b in refused.value.blockers)
    db.session.rollback()
    assert _revisions() == 1


def test_signatures_are_frozen_without_a_pending_correction(world, issued):
    with pytest.raises(SignaturesFrozen):
        record_signature(issued, world.inspector_a, "representative", correction_png())
    db.session.rollback()
    with pytest.raises(NoCorrection):
        issue_correction(issued, world.inspector_a)


def test_a_further_change_lapses_the_correction_signatures(world, issued):
    user = world.inspector_a
    record_finding(issued, user, LATE_FINDING, "PU-8", reason=REASON)
    record_signature(issued, user, "representative", correction_png())
    db.session.commit()
    record_finding(issued, user, "补记：应急预案未演练。", "PU-8", reason="再补一项问题")
    db.session.commit()
    assert issued.pending_correction == [REASON, "再补一项问题"]
    rows = db.session.scalars(select(Signature).where(Signature.revision == 2))
    assert list(rows) == []
    revision = sign_and_issue_correction(issued, user)
    assert revision.reason == f"{REASON}；再补一项问题"


def test_case_page_panel_issues_the_correction_once(client, client_request, world, login):
    case = helpers.complete_case(world, photos=0)
    issue_record(case, world.inspector_a)
    db.session.commit()
    record_finding(case, world.inspector_a, LATE_FINDING, "PU-8", reason=REASON)
    db.session.commit()
    login(world.inspector_a)
    page = client_request.get(f"/inspections/{case.id}")
    panel = page.select_one(".correction-panel")
    assert panel.select_one("#correction-title").get_text(strip=True) == "更正待签署"
    assert [li.get_text(strip=True) for li in panel.select(".correction-reasons li")] == [REASON]
    assert panel.select_one("button[disabled]")  # nobody has signed the correction yet
    assert len(panel.select(".correction-signers a")) == 3
    for key in ("representative", *(f"inspector:{i.user_id}" for i in case.inspectors)):
        record_signature(case, world.inspector_a, key, correction_png())
    db.session.commit()
    page = client_request.get(f"/inspections/{case.id}")
    form = page.select_one(".correction-panel form")
    assert not form.select_one("button[disabled]")
    data = {"version": form.select_one("[name=version]")["value"]}
    done = parse(client.post(form["action"], data=data, follow_redirects=True))
    assert "更正已出具" in done.select_one(".flashes .notice-success").get_text()
    again = parse(client.post(form["action"], data=data, follow_redirects=True))
    assert again.select_one(".flashes .notice-error").get_text(strip=True)  # a clear message
    assert _revisions() == 2 and case.revision == 2
    assert not parse(client.get(f"/inspections/{case.id}")).select_one(".correction-panel")


def test_drafts_have_no_correction(world):
    case = helpers.complete_case(world, photos=0)
    with pytest.raises(NoCorrection):
        issue_correction(case, world.inspector_a)


def _issue_correction_in_thread(worker_app, username, case_id, version, results, barrier):
    """One phone of two: signed in, it taps "Issue the correction" when both are ready."""
    client = worker_app.test_client()
    client.post("/login", data={"username": username, "password": factories.PASSWORD})
    barrier.wait()
    response = client.post(
        f"/inspections/{case_id}/correction", data={"version": version}, follow_redirects=True
    )
    page = parse(response)
    results.append((response.status_code, [n.get_text() for n in page.select(".flashes div")]))


def test_two_phones_issuing_one_correction_make_one_revision(app, world, database_uri):
    case = helpers.complete_case(world, photos=0)
    issue_record(case, world.inspector_a)
    record_finding(case, world.inspector_a, LATE_FINDING, "PU-8", reason=REASON)
    for key, _name in required_signers(case):
        record_signature(case, world.inspector_a, key, correction_png())
    db.session.commit()
    case_id, version, username = case.id, case.version, world.inspector_a.username
    db.session.remove()
    config = make_config(database_uri, STORAGE_DIR=app.config["STORAGE_DIR"])
    workers = [create_app(config) for _ in range(2)]
    results: list = []
    barrier = threading.Barrier(2, timeout=60)
    threads = [
        threading.Thread(
            target=_issue_correction_in_thread,
            args=(worker, username, case_id, version, results, barrier),
        )
        for worker in workers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(status for status, _notes in results) == [200, 200]
    notes = sorted(" ".join(n) for _status, n in results)
    assert sum("更正已出具" in n for n in notes) == 1 and all(notes), notes  # the other: why
    assert _revisions() == 2
    assert [f.revision for f in services.record_files(db.session.get(Inspection, case_id))] == [
        1,
        2,
    ]


def test_the_record_names_an_on_site_decision_in_one_line_and_no_other_penalty(world):
    case = helpers.complete_case(world, photos=0)  # with a general-procedure penalty
    impose_penalty(
        case,
        world.inspector_a,
        party="unit",
        person_name=None,
        violation="现场未按规定组织三级安全教育。",
        basis_code="SAFL-97-4",
        fine_yuan=3000,
        decision_no="（如东）应急当罚〔2026〕1号",
        decision_date=factories.inspection_day(),
        measures=[],
        procedure="simple",
    )
    db.session.commit()
    issue_record(case, world.inspector_a)
    db.session.commit()
    (entry,) = case.revisions[0].snapshot["penalties"]
    assert entry["procedure"] == "simple"
    text = flat(pdf_text(_pdf(case, 1)))
    assert "已当场作出行政处罚决定（简易程序），决定书文号：（如东）应急当罚〔2026〕1号。" in text
    assert "现场未按规定组织三级安全教育" not in text
    assert "未如实记录安全生产教育和培训情况" not in text and "20,000" not in text


def test_undoing_the_change_withdraws_the_correction(world, issued):
    user = world.inspector_a
    answer = issued.answer_for("PU-1")
    before = (answer.result, answer.note)
    answer_item(issued, "PU-1", "non_compliant", "计划未执行", user, answer.version, "改判")
    record_signature(issued, user, "representative", correction_png())
    db.session.commit()
    assert issued.pending_correction == ["改判"]
    answer_item(issued, "PU-1", *before, user, answer.version, "改回")
    db.session.commit()
    assert issued.pending_correction == [] and issued.revision == 1
    assert db.session.scalars(select(Signature).where(Signature.revision == 2)).all() == []


def test_a_change_the_record_does_not_state_joins_no_correction(world, issued):
    user = world.inspector_a
    record_finding(issued, user, LATE_FINDING, "PU-8", reason=REASON)
    record_signature(issued, user, "representative", correction_png())
    db.session.commit()
    impose_penalty(  # decided in its own proceeding: not part of the record
        issued,
        user,
        party="unit",
        person_name=None,
        violation="培训记录不真实。",
        basis_code="SAFL-97-4",
        fine_yuan=20000,
        decision_no="",
        decision_date=None,
        measures=[],
        reason="立案后作出处罚",
    )
    db.session.commit()
    assert issued.pending_correction == [REASON]
    assert db.session.scalars(select(Signature).where(Signature.revision == 2)).one()
