"""Summary report drafts: the Word document's tables equal the dashboard's figures; no personal
data; highlighted places to write; the PDF of the figures; who may generate and download."""

import io

import pypdfium2
import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from flask_babel import force_locale

from inspect_app.dashboard.pages import build_dashboard
from inspect_app.extensions import db
from inspect_app.i18n import label
from inspect_app.regions.services import subtree_ids
from inspect_app.storage import storage
from inspect_app.summaries import services
from tests.dashboard.conftest import TODAY
from tests.pages import parse

PERSONAL = ("李四", "13800138000", "320623199001011234")


@pytest.fixture
def personal(data, world):
    """Personal data a careless draft could leak: the unit's contact, a representative."""
    world.subject_a.contact_name, world.subject_a.contact_phone = PERSONAL[:2]
    data.a1.representative_name = "李四"
    db.session.commit()
    return data


def draft_of(region, user):
    with force_locale("en"):
        draft = services.generate_summary(region, user, subtree_ids(region.id))
    db.session.commit()
    return draft


def cell_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def number(text: str) -> int:
    return int(text.replace(",", ""))


def all_text(doc) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_docx_holds_the_dashboards_figures(app, world, personal, fixed_today):
    draft = draft_of(world.county, world.county_supervisor)
    doc = Document(io.BytesIO(storage().read(draft.docx_key)))
    campaign = services.configured_campaign()
    period = services.summary_period(campaign, TODAY)
    assert (draft.first_month, draft.last_month) == ("2021-11", "2026-11")
    with force_locale("en"):
        board = build_dashboard(world.county, subtree_ids(world.county.id), period, TODAY)
    figures, problems, self_checks = doc.tables
    rows = {what: number(value) for what, value in cell_rows(figures)[1:]}
    totals = board.totals
    assert rows["Cases opened"] == totals["opened"]
    assert rows["Inspection records issued"] == totals["issued"] == 4  # A1, A2, A3, B1
    assert rows["Problems found (findings)"] == totals["findings"] == 8
    assert rows["Penalties decided"] == totals["penalties"]
    assert rows["Units penalized"] == board.fine_units
    assert rows["Fines (yuan)"] == totals["yuan"]
    found = [(r[0], r[1].split()[0], number(r[2]), number(r[3])) for r in cell_rows(problems)[1:-1]]
    expected = [
        ("Production unit", "PU-4", 5, 3),  # A1, A3, B1 ×3
        ("Production unit", "PU-6", 1, 1),
        ("Production unit", "—", 1, 1),  # A3's finding without an item comes last
        ("Training institution", "TI-2", 1, 1),
    ]
    assert found == expected
    with force_locale("en"):
        dashboard = {(label(i.kind, "SUBJECT_KIND_LABELS"), i.code or "—") for i in board.items}
        counts = {(i.code or "—"): (i.findings, i.cases) for i in board.items}
    assert {(kind, code) for kind, code, _, _ in found} == dashboard
    assert all(counts[code] == (n, cases) for _, code, n, cases in found)
    assert cell_rows(problems)[-1][2] == str(totals["findings"])
    assert cell_rows(self_checks)[-1][0] == "Total:"


def test_the_docx_has_the_six_sections_marked_places_and_no_personal_data(
    app, world, personal, fixed_today
):
    doc = Document(
        io.BytesIO(storage().read(draft_of(world.county, world.county_supervisor).docx_key))
    )
    text = all_text(doc)
    for heading in ("1. Work carried out", "2. Main methods", "3. Main problems found",
                    "4. Typical cases", "5. Analysis of causes", "6. Next steps"):  # fmt: skip
        assert heading in text
    marked = [
        run.text
        for p in doc.paragraphs
        for run in p.runs
        if run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert len(marked) == 5 + 2  # one per section to write, one per typical case (A1, B1)
    assert all(t.startswith("[To fill in:") for t in marked)
    assert "TA-2026-0001" in text and "TB-2026-0001" in text
    assert "Towns send their written summary to the county by 2022-09-21." in text
    assert "Provinces send theirs to the Ministry by 2022-10-15." in text
    for secret in (*PERSONAL, world.inspector_a.display_name, world.county_supervisor.display_name):
        assert secret not in text


def test_the_pdf_of_the_figures_renders(app, world, personal, fixed_today):
    draft = draft_of(world.town_a, world.supervisor_a)
    pdf = pypdfium2.PdfDocument(storage().read(draft.pdf_key))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Key figures" in text and "Problems found by check item" in text
    assert "2022-09-21" in text
    assert not any(secret in text for secret in PERSONAL)


def test_supervisors_generate_and_download_within_their_scope(client, world, data, login):
    login(world.county_supervisor)
    page = parse(client.get("/reports/summary?region=C1"))
    assert "2022-09-21" in page.select_one(".summary-due").get_text()
    assert client.post("/reports/summary/generate", data={"region": "C1"}).status_code == 302
    [link, pdf_link] = parse(client.get("/reports/summary?region=C1")).select(".summary-drafts a")
    response = client.get(link["href"])
    assert response.status_code == 200 and response.mimetype.endswith("document")
    assert Document(io.BytesIO(response.data)).tables
    assert client.get(pdf_link["href"]).data.startswith(b"%PDF")
    client.post("/logout")
    login(world.supervisor_a)
    assert client.get(link["href"]).status_code == 404  # the county's draft
    assert client.post("/reports/summary/generate", data={"region": "C1"}).status_code == 404
    client.post("/logout")
    login(world.inspector_a)
    assert client.get("/reports/summary?region=TA").status_code == 403
    assert client.post("/reports/summary/generate", data={"region": "TA"}).status_code == 403
