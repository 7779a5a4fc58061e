"""The typical-case publication list: issued typical cases in scope, no personal data at all."""

import csv
import io

import pypdfium2
import pytest

from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import ItemAnswer
from tests.pages import parse
from tests.stats.conftest import add_case, local

PERSONAL = ("李四", "代表人", "Insp_A", "13800138000", "签到表共 13 人", "finding text 42")


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def typical(data):
    w = data.world
    w.subject_a.contact_name, w.subject_a.contact_phone = "李四", "13800138000"
    case = add_case(
        w.subject_a,
        w.inspector_a,
        local(2026, 9, 8, 10),
        penalties=[(20000, "unit", False), (3000, "person", False), (9000, "unit", True)],
        typical=True,
    )
    db.session.add(
        ItemAnswer(
            inspection_id=case.id,
            item_code="PU-4",
            result="non_compliant",
            note="签到表共 13 人",
            answered_by_id=w.inspector_a.id,
        )
    )
    db.session.add(
        Finding(
            inspection_id=case.id,
            item_code="PU-4",
            description="finding text 42",
            client_key="f-42",
            created_by_id=w.inspector_a.id,
        )
    )
    add_case(w.subject_a, w.inspector_a, None, status="draft", typical=True)
    add_case(w.subject_b, w.inspector_b, local(2026, 9, 9, 10), typical=True)
    db.session.commit()
    return case


def rows(response) -> list[list[str]]:
    page = parse(response)
    found = page.select(".report-table tbody tr")
    return [[td.get_text(strip=True) for td in row.find_all("td")] for row in found]


def test_county_lists_issued_typical_cases_without_personal_data(client, data, typical, login):
    login(data.world.county_supervisor)
    response = client.get("/reports/typical-cases?region=C1")
    listed = rows(response)
    assert [row[3] for row in listed] == ["Unit in B", "Unit in A"]
    case_a = listed[1]
    assert case_a[:5] == [
        typical.case_number,
        "2026-09-08",
        "Town A",
        "Unit in A",
        "Production unit",
    ]
    assert case_a[5].startswith("PU-4 ")
    assert "20,000" in case_a[6] and "3,000" not in case_a[6] and "9,000" not in case_a[6]
    text = response.data.decode()
    assert not [word for word in PERSONAL if word in text]


def test_town_supervisor_sees_own_town_only(client, data, typical, login):
    login(data.world.supervisor_a)
    assert [row[3] for row in rows(client.get("/reports/typical-cases"))] == ["Unit in A"]
    assert client.get("/reports/typical-cases?region=TB").status_code == 404


def test_month_filter(client, data, typical, login):
    login(data.world.county_supervisor)
    assert rows(client.get("/reports/typical-cases?region=C1&month=2026-10")) == []
    assert len(rows(client.get("/reports/typical-cases?region=C1&month=2026-09"))) == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_exports_carry_no_personal_data(client, data, typical, login, fmt):
    login(data.world.county_supervisor)
    response = client.get(f"/reports/typical-cases/export.{fmt}?region=C1")
    assert response.status_code == 200
    if fmt == "csv":
        text = response.data.decode("utf-8-sig")
        assert [row[3] for row in list(csv.reader(io.StringIO(text)))[3:]] == [
            "Unit in B",
            "Unit in A",
        ]
    elif fmt == "pdf":
        pdf = pypdfium2.PdfDocument(response.data)
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
        assert "Unit in A" in text and "20,000" in text
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.data)).active
        text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
        assert typical.case_number in text
    assert not [word for word in PERSONAL if word in text]
