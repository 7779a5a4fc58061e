"""Filing 附件2: the self-check phase by default, the due day, late filings, amendments."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.selfchecks.models import SelfCheckItem
from inspect_app.stats import form2_filing
from inspect_app.stats.models import SelfCheckSummaryAmendment, SelfCheckSummaryFiling
from tests.pages import parse

PAGE = "/reports/form2?region={}"
# The catalog's phase starts 2021-11-01; the fixture's last answer came in on 2026-04-01 (local).
PHASE = ("2021-11-01", "2026-04-01")
# Town A over the whole phase: the fixture's March self-checks and the one of 1 April.
TOWN_A_ROWS = [[4, 2, 2], [4, 2, 0], [4, 1, 1], [4, 0, 0], [4, 0, 0], [4, 0, 0], [4, 3, 1]]


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def file(client, **fields):
    data = {"region": "TA", "previous": "", "client_key": "k1", "filled_by_name": "周敏"}
    data.update(fields)
    return client.post("/reports/form2/file", data=data)


def filings() -> list[SelfCheckSummaryFiling]:
    return list(db.session.scalars(select(SelfCheckSummaryFiling)))


def audits(action: str) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
    return db.session.scalar(query)


def test_the_page_defaults_to_the_self_check_phase(client_request, data, login):
    login(data.world.supervisor_a)
    page = client_request.get(PAGE.format("TA"))
    assert (page.select_one("#first")["value"], page.select_one("#last")["value"]) == PHASE
    total = [td.get_text(strip=True) for td in page.select(".report-table tbody tr")[-1]("td")]
    assert total[-3:] == ["4", "3", "1"]
    text = page.select_one(".report-filing").get_text(" ", strip=True)
    assert "Due by 2022-04-05." in text
    assert "covers the self-check phase, 2021-11-01 to 2026-04-01" in text


def test_a_town_files_its_phase_once_even_on_a_double_tap(client_request, client, data, login):
    login(data.world.supervisor_a)
    assert client_request.get(PAGE.format("TA")).select_one("#reason") is None  # first: no reason
    assert file(client).status_code == 302
    assert file(client).status_code == 302
    [filing] = filings()
    assert (filing.first_day.isoformat(), filing.last_day.isoformat()) == PHASE
    assert filing.figures["rows"] == TOWN_A_ROWS
    assert audits("file_form2") == 1
    page = client_request.get(PAGE.format("TA") + "&first=2026-03-01&last=2026-03-31")
    assert page.select_one(".report-filing .badge").get_text() == "Filed late"
    assert page.select_one("#reason") is not None  # filing again is an amendment
    assert page.select_one("#filing-changed") is None


def test_an_amendment_needs_a_reason_and_keeps_what_was_filed(client_request, client, data, login):
    login(data.world.supervisor_a)
    file(client)
    previous = filings()[0].filed_at.isoformat()
    item = db.session.scalar(
        select(SelfCheckItem).where(SelfCheckItem.number == 2, SelfCheckItem.has_problem)
    )
    # Rectified within the period filed (附件2 counts a problem from the moment it was rectified).
    moment = item.self_check.submitted_at + timedelta(hours=1)
    item.rectified, item.progress, item.rectified_at = True, "rectified", moment
    db.session.commit()
    assert client_request.get(PAGE.format("TA")).select_one("#filing-changed") is not None
    refused = file(client, client_key="k2", previous=previous, reason="  ")
    assert refused.status_code == 422
    assert "reason" in parse(refused).select_one(".report-filing .error").get_text()
    assert db.session.scalar(select(func.count(SelfCheckSummaryAmendment.id))) == 0
    reason = "Item 2 rectified after the first filing"
    assert file(client, client_key="k2", previous=previous, reason=reason).status_code == 302
    [filing] = filings()
    [amendment] = filing.amendments
    assert amendment.reason == reason and amendment.before["figures"]["rows"] == TOWN_A_ROWS
    assert filing.figures["rows"][1] == [4, 2, 1]
    assert audits("amend_form2") == 1
    page = client_request.get(PAGE.format("TA"))
    assert reason in page.select_one(".filing-amendments").get_text()
    assert page.select_one("#filing-changed") is None


def test_a_stale_page_gets_409_and_changes_nothing(client, data, login):
    login(data.world.supervisor_a)
    file(client)
    response = file(client, client_key="k2", filled_by_name="李娜", reason="again")
    assert response.status_code == 409
    assert filings()[0].filled_by_name == "周敏"


def test_only_the_towns_own_supervisor_files(client, client_request, data, login):
    login(data.world.county_supervisor)
    assert file(client).status_code == 403
    assert file(client, region="C1").status_code == 403
    assert client_request.get(PAGE.format("TA")).select_one("form.filing-form") is None
    assert filings() == []


def test_the_county_sees_late_and_missing_filings(client_request, data, login):
    db.session.add(
        SelfCheckSummaryFiling(
            region_id=data.world.town_a.id,
            campaign="training-formality-2021",
            first_day=date(2021, 11, 1),
            last_day=date(2022, 3, 31),
            filled_by_name="周敏",
            filed_at=datetime(2022, 4, 6, 2, tzinfo=UTC),
            filed_by_id=data.world.supervisor_a.id,
            figures={},
        )
    )
    db.session.commit()
    login(data.world.county_supervisor)
    page = client_request.get(PAGE.format("C1"))
    states = {li.select_one(".filing-town").get_text(): li for li in page.select(".filing-list li")}
    assert states["Town A"].select_one(".badge").get_text() == "Filed late"
    assert states["Town B"].select_one(".badge").get_text() == "Not filed, overdue"
    assert all("filing-late" in li["class"] for li in states.values())


@pytest.mark.parametrize("app_config", [{"FORM2_DUE_DAY": "04-10"}])
def test_the_due_day_is_configurable_and_a_filing_before_it_is_on_time(app, world, clock):
    assert form2_filing.due_date("training-formality-2021") == date(2022, 4, 10)
    clock.set_today(date(2022, 4, 10))
    form2_filing.file_form2(world.town_a, world.supervisor_a, "周敏", "k1", "")
    [status] = form2_filing.form2_filing(world.town_a).filings
    assert status.state == "on_time"
    [pending] = form2_filing.form2_filing(world.town_b).filings
    assert pending.state == "pending"
