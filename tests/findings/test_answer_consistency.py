"""One record, one story: a finding under an item answered compliant proposes changing the
answer to non-compliant, and a record that still says both cannot be issued."""

import pytest
from sqlalchemy import select

from inspect_app.audit.models import AuditEntry
from inspect_app.demo.builders import answer_every_item
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.findings.services import record_finding
from inspect_app.inspections.errors import CaseError, NotReady
from inspect_app.inspections.services import answer_item
from inspect_app.issuing.services import issue_record
from tests import factories
from tests.findings.helpers import count
from tests.findings.test_quiz_findings import _quizzed
from tests.inspections.helpers import make_ready
from tests.pages import parse
from tests.quizzes.test_onsite_support import make_quiz_case
from tests.signatures.helpers import issue_correction

PU8_ZH = "如实记录安全生产教育和培训情况，培训档案真实完整，无档案造假"
PU8_EN = "Safety training is recorded truthfully; training archives are true and complete"


def _url(case, rest: str = "findings") -> str:
    return f"/inspections/{case.id}/{rest}"


def _form_data(form) -> dict:
    """What the browser sends for this form: inputs (ticked boxes only), text, choices."""
    data: dict = {}
    for node in form.select("input[name]"):
        if node.get("type") in ("checkbox", "radio") and not node.has_attr("checked"):
            continue
        data.setdefault(node["name"], []).append(node.get("value", ""))
    for node in form.select("textarea[name]"):
        data[node["name"]] = [node.get_text().removeprefix("\n")]
    for node in form.select("select[name]"):
        chosen = node.select_one("option[selected]")
        data[node["name"]] = [chosen["value"] if chosen else ""]
    return data


def _result(case, code: str):
    db.session.expire_all()
    answer = case.answer_for(code)
    return (answer.result, answer.note) if answer else None


@pytest.fixture
def gap_case(world):
    """A draft case with every item answered compliant and a quiz far below the unit's score."""
    qcase = make_quiz_case(world)
    answer_every_item(qcase.inspection, world.inspector_a)
    db.session.commit()
    attempt = _quizzed(qcase, world, right=3, recorded=95)
    return qcase.inspection, attempt


def test_quiz_gap_suggestion_proposes_non_compliant_and_changes_it(
    client, client_request, world, login, gap_case
):
    case, attempt = gap_case
    login(world.inspector_a)
    page = client_request.get(_url(case))
    suggestion = page.select_one(f"#suggestion-quiz-{attempt.id}")
    notice = suggestion.select_one(".answer-notice")
    assert "PU-8" in notice.get_text() and PU8_ZH in notice.get_text()
    box = notice.select_one("input[type=checkbox][name=answer_non_compliant]")
    assert box.has_attr("checked")
    assert notice.select_one("input[name=answer_seen]")["value"] == "PU-8"

    data = _form_data(suggestion.select_one("form"))
    response = client.post(_url(case, "findings/new"), data=data, follow_redirects=True)
    assert response.status_code == 200
    description = data["description"][0]
    assert _result(case, "PU-8") == ("non_compliant", description)
    flashes = [n.get_text() for n in parse(response).select(".flashes .notice")]
    assert any("PU-8" in text and "不符合" in text for text in flashes), flashes
    assert client_request.get(_url(case)).select(".suggestion") == []  # not offered twice
    query = select(AuditEntry).where(
        AuditEntry.inspection_id == case.id, AuditEntry.action == "answer_item"
    )
    last = db.session.scalars(query.order_by(AuditEntry.id.desc())).first()
    assert (last.details["item"], last.details["result"]) == ("PU-8", "non_compliant")


def test_keeping_the_answer_is_said_and_blocks_issuing(
    client, client_request, world, login, gap_case
):
    case, attempt = gap_case
    login(world.inspector_a)
    page = client_request.get(_url(case, f"findings/new?from=quiz-{attempt.id}"))
    notice = page.select_one(".finding-form .answer-notice")
    assert notice.select_one("#answer_non_compliant").has_attr("checked")
    data = _form_data(page.select_one("form.finding-form"))
    data.pop("answer_non_compliant")  # the inspector unticks the proposal
    kept = client.post(_url(case, "findings/new"), data=data, follow_redirects=True)
    assert count(Finding, inspection_id=case.id, item_code="PU-8") == 1
    assert _result(case, "PU-8")[0] == "compliant"
    errors = [n.get_text() for n in parse(kept).select(".flashes .notice-error")]
    assert len(errors) == 1 and "PU-8" in errors[0]

    make_ready(case, world.inspector_a)  # signatures in; PU-8 still answered compliant
    response = client.post(_url(case, "issue"), follow_redirects=True)
    blockers = [n.get_text() for n in parse(response).select(".flashes .notice-error")]
    assert [b for b in blockers if "PU-8" in b and PU8_ZH in b], blockers
    db.session.expire_all()
    assert case.status == "draft" and case.case_number is None


def test_refusal_to_issue_speaks_the_users_language(client, world, login, gap_case):
    case, _attempt = gap_case
    record_finding(case, world.inspector_a, "档案不实", "PU-8", answer_non_compliant=False)
    make_ready(case, world.inspector_a)
    db.session.commit()
    login(world.inspector_a)
    client.post("/language", data={"lang": "en", "next": "/"})
    response = client.post(_url(case, "issue"), follow_redirects=True)
    blockers = [n.get_text() for n in parse(response).select(".flashes .notice-error")]
    assert [b for b in blockers if "PU-8" in b and PU8_EN in b and "compliant" in b], blockers


def test_a_compliant_item_chosen_by_hand_shows_the_proposal_first(client, world, login):
    case = factories.make_inspection(world)
    answer_every_item(case, world.inspector_a)
    db.session.commit()
    login(world.inspector_a)
    data = {"description": "三级教育卡学时均记为同一天", "item_code": "PU-3", "client_key": "h1"}
    first = client.post(_url(case, "findings/new"), data=data)
    assert first.status_code == 422 and count(Finding, inspection_id=case.id) == 0
    page = parse(first)
    assert page.select_one(".error-summary a[href='#item_code']") is not None
    notice = page.select_one(".answer-notice")
    assert notice.select_one("input[name=answer_seen]")["value"] == "PU-3"
    assert notice.select_one("#answer_non_compliant").has_attr("checked")

    second = client.post(_url(case, "findings/new"), data=_form_data(page.select_one("form")))
    assert second.status_code == 302
    assert _result(case, "PU-3") == ("non_compliant", data["description"])
    assert _result(case, "PU-1")[0] == "compliant"


def test_issued_record_cannot_keep_both(client, world, login):
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    issue_record(case, world.inspector_a)
    db.session.commit()
    login(world.inspector_a)
    data = {"description": "补记：档案造假", "item_code": "PU-8", "answer_seen": "PU-8"}
    data |= {"client_key": "i1", "reason": "现场遗漏"}
    refused = client.post(_url(case, "findings/new"), data=data)
    assert refused.status_code == 422
    error = parse(refused).select_one(".answer-notice .error").get_text()
    assert "PU-8" in error and PU8_ZH in error
    assert count(Finding, inspection_id=case.id) == 0 and case.revision == 1

    saved = client.post(_url(case, "findings/new"), data={**data, "answer_non_compliant": "y"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert case.pending_correction == ["现场遗漏"]  # the finding and the changed answer
    issue_correction(case, world.inspector_a)
    assert case.revision == 2  # one revision
    pu8 = next(i for i in case.revisions[-1].snapshot["checklist"] if i["code"] == "PU-8")
    assert pu8["result"] == "non_compliant"
    with pytest.raises(CaseError, match="PU-8"):
        answer_item(case, "PU-8", "compliant", "", world.inspector_a, reason="改回")
    db.session.rollback()


def test_issuing_refused_while_a_compliant_item_carries_a_finding(world):
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    record_finding(case, world.inspector_a, "档案缺页", "PU-8", answer_non_compliant=False)
    db.session.commit()
    with pytest.raises(NotReady) as refused:
        issue_record(case, world.inspector_a)
    assert [b for b in refused.value.blockers if b.startswith("PU-8 " + PU8_ZH)]
    assert count(Finding, inspection_id=case.id, item_code="PU-8") == 1
    answer_item(case, "PU-8", "non_compliant", "档案缺页", world.inspector_a)
    issue_record(case, world.inspector_a)
    assert case.case_number
