"""Report pages: access, the tables as on paper, downloads, filing and its status."""

import io
from datetime import UTC, date, datetime
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.stats import services
from inspect_app.stats import views as stats_views
from inspect_app.stats.models import MonthlyReport
from tests.pages import parse
from tests.stats.conftest import HOSTILE

FORM3 = "/reports/form3?region={}&month=2026-10"


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def body_rows(page) -> list[list[str]]:
    rows = page.select(".report-table tbody tr")
    return [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in rows]


@pytest.mark.parametrize(
    "path",
    ["/reports/form2", "/reports/form3", "/reports/typical-cases", "/reports/form3/export.csv"],
)
def test_inspectors_get_403(client, world, login, path):
    login(world.inspector_a)
    assert client.get(path).status_code == 403


def test_other_regions_and_unknown_codes_are_404(client, data, login):
    login(data.world.supervisor_a)
    assert client.get(FORM3.format("TB")).status_code == 404
    assert client.get(FORM3.format("C1")).status_code == 404
    assert client.get(FORM3.format("NOPE")).status_code == 404
    assert client.get("/reports/form2/export.xlsx?region=TB").status_code == 404
    client.post("/logout")
    login(data.world.county_supervisor)
    assert client.get(FORM3.format("TX")).status_code == 404
    assert client.get(FORM3.format("TB")).status_code == 200


def test_form3_page_shows_the_table_as_on_paper(client_request, data, login):
    login(data.world.county_supervisor)
    page = client_request.get(FORM3.format("C1"))
    header = page.select(".report-table thead tr")
    assert [
        (th.get_text(), th.get("rowspan"), th.get("colspan")) for th in header[0].find_all("th")
    ] == [
        ("Reporting unit", "2", None),
        ("Enterprises inspected", "2", None),
        ("Administrative penalties", None, "2"),
    ]
    assert body_rows(page) == [
        ["Town A", "4", HOSTILE, "1,000"],
        ["Unit A2", "3,000"],
        ["Unit in A", "17,000"],
        ["Town B", "1", "Unit in B", "6,000"],
        ["Total:", "5", "4", "27,000"],
    ]
    assert page.select_one(".report-scroll .report-table") is not None
    assert "Due by 2026-10-30." in page.select_one(".report-filing").get_text()


def test_a_county_page_names_the_first_units_of_each_town_and_counts_the_rest(
    client, client_request, data, login, monkeypatch
):
    """A county's month may hold thousands of penalized units: its page names the first of
    each town, counts the rest in a row of their own, and keeps the town's count and fines
    whole; the exports and the town's own page (what it files) name every one."""
    monkeypatch.setattr(stats_views, "LISTED_PER_TOWN", 2)
    login(data.world.county_supervisor)
    page = client_request.get(FORM3.format("C1"))
    assert body_rows(page) == [
        ["Town A", "4", HOSTILE, "1,000"],
        ["Unit A2", "3,000"],
        ["And 1 more penalized unit: the exports name every one.", "17,000"],
        ["Town B", "1", "Unit in B", "6,000"],
        ["Total:", "5", "4", "27,000"],
    ]
    assert page.select_one(".report-table td[rowspan='3']").get_text() == "Town A"
    exported = client.get("/reports/form3/export.csv?region=C1&month=2026-10")
    assert "Unit in A" in exported.get_data(as_text=True)
    client.post("/logout")
    login(data.world.supervisor_a)
    own = client_request.get(FORM3.format("TA"))
    assert [row[-2] for row in body_rows(own)[:3]] == [HOSTILE, "Unit A2", "Unit in A"]


def test_form2_page_blocks_and_note(client_request, data, login):
    login(data.world.county_supervisor)
    page = client_request.get("/reports/form2?region=C1&first=2026-03-01&last=2026-03-31")
    units = [td.get_text(strip=True) for td in page.select(".report-table td[rowspan='7']")]
    assert units == ["Town A", "Town B", "County (sum of its towns)"]
    totals = [r for r in body_rows(page) if "Total:" in r]
    assert [r[-3:] for r in totals] == [["3", "2", "1"], ["1", "1", "1"], ["4", "3", "2"]]
    assert "counts each enterprise once" in page.select_one(".report-note").get_text()


def test_form2_bad_period_is_explained(client, data, login):
    login(data.world.supervisor_a)
    response = client.get("/reports/form2?region=TA&first=2026-03-31&last=2026-03-01")
    assert response.status_code == 400
    assert "comes before" in parse(response).select_one(".error-summary").get_text()
    assert parse(response).select_one(".report-table") is None


def test_form3_bad_month_is_explained(client, data, login):
    login(data.world.supervisor_a)
    response = client.get("/reports/form3?region=TA&month=2026-13")
    assert response.status_code == 400
    assert "YYYY-MM" in parse(response).select_one(".error-summary").get_text()


def test_xlsx_download(client, data, login):
    login(data.world.supervisor_a)
    response = client.get("/reports/form3/export.xlsx?region=TA&month=2026-10")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    disposition = response.headers["Content-Disposition"]
    assert 'filename="form3_TA_2026-10.xlsx"' in disposition
    assert unquote(disposition.split("UTF-8''")[1]) == "Form 3_Town A_2026-10.xlsx"
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["C5"].value == "'" + HOSTILE
    assert client.get("/reports/form3/export.doc?region=TA&month=2026-10").status_code == 404


def test_csv_download_has_bom(client, data, login):
    login(data.world.supervisor_a)
    response = client.get("/reports/form2/export.csv?region=TA&month=2026-03")
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert "'" + HOSTILE not in response.data.decode("utf-8-sig")  # form 2 lists no names


def file(client, **fields):
    data = {"region": "TA", "month": "2026-10", "previous": "", "client_key": "k1"}
    data.update(fields)
    data.setdefault("filled_by_name", "周敏")
    return client.post("/reports/form3/file", data=data)


def reports() -> list[MonthlyReport]:
    return list(db.session.scalars(select(MonthlyReport)))


def audits(action: str) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
    return db.session.scalar(query)


def test_town_supervisor_files_once_even_on_a_double_tap(client, client_request, data, login):
    login(data.world.supervisor_a)
    assert file(client).status_code == 302
    assert file(client).status_code == 302  # the same client key: already done
    [report] = reports()
    assert report.filled_by_name == "周敏" and report.filed_by_id == data.world.supervisor_a.id
    assert report.figures["inspected"] == 4 and report.figures["fine_total"] == 21000
    assert report.figures["penalized"][2] == {"name": "Unit in A", "fine": 17000}
    assert audits("file_monthly_report") == 1
    page = client_request.get(FORM3.format("TA"))
    assert page.select_one(".report-filing .badge").get_text() == "Filed late"  # after 30 Oct
    assert page.select_one("input[name=previous]")["value"] == report.filed_at.isoformat()


def test_filing_again_replaces_and_is_audited(client, data, login):
    login(data.world.supervisor_a)
    file(client)
    previous = reports()[0].filed_at.isoformat()
    assert (
        file(client, client_key="k2", previous=previous, filled_by_name="李娜").status_code == 302
    )
    [report] = reports()
    assert report.filled_by_name == "李娜"
    assert audits("refile_monthly_report") == 1


def test_a_stale_page_gets_409_and_changes_nothing(client, data, login):
    login(data.world.supervisor_a)
    file(client)
    response = file(client, client_key="k2", previous="", filled_by_name="李娜")
    assert response.status_code == 409
    assert "filed by someone else" in parse(response).select_one(".report-filing .error").get_text()
    assert reports()[0].filled_by_name == "周敏"


@pytest.mark.parametrize(
    ("fields", "status"),
    [({"filled_by_name": "  "}, 422), ({"month": "2099-01"}, 422), ({"month": "2026-13"}, 422)],
)
def test_bad_filings_store_nothing(client, data, login, fields, status):
    login(data.world.supervisor_a)
    assert file(client, **fields).status_code == status
    assert reports() == []


def test_only_the_towns_own_supervisor_files(client, client_request, data, login):
    login(data.world.county_supervisor)
    assert file(client).status_code == 403
    assert file(client, region="C1").status_code == 403
    page = client_request.get(FORM3.format("TA"))
    assert page.select_one("form.filing-form") is None
    assert reports() == []


def test_county_sees_each_towns_filing_with_late_ones_highlighted(
    client_request, data, login, monkeypatch
):
    for town, filed in ((data.world.town_a, datetime(2026, 11, 2, 2, tzinfo=UTC)),):
        db.session.add(
            MonthlyReport(
                region_id=town.id,
                month="2026-10",
                filled_by_name="周敏",
                filed_at=filed,
                filed_by_id=data.world.supervisor_a.id,
                figures={},
            )
        )
    db.session.commit()
    login(data.world.county_supervisor)
    page = client_request.get(FORM3.format("C1"))
    states = {li.select_one(".filing-town").get_text(): li for li in page.select(".filing-list li")}
    assert states["Town A"].select_one(".badge").get_text() == "Filed late"
    assert "filing-late" in states["Town A"]["class"]
    assert states["Town B"].select_one(".badge").get_text() == "Not filed, overdue"
    assert "filing-late" in states["Town B"]["class"]


def test_on_time_and_pending(app, data, clock):
    clock.set_today(date(2026, 10, 30))
    db.session.add(
        MonthlyReport(
            region_id=data.world.town_a.id,
            month="2026-10",
            filled_by_name="周敏",
            filed_at=datetime(2026, 10, 30, 15, 59, tzinfo=UTC),
            filed_by_id=data.world.supervisor_a.id,
            figures={},
        )
    )
    db.session.commit()
    statuses = services.filing_statuses([data.world.town_a, data.world.town_b], "2026-10")
    assert [(s.state, s.is_late) for s in statuses] == [("on_time", False), ("pending", False)]
