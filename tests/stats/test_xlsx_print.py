"""Every XLSX export printed by LibreOffice: no text overprints another, one page wide.

Many offices open the exports in WPS or LibreOffice, which keep the row heights stored in the
file. All exports are converted to PDF in one LibreOffice call (it takes seconds to start), then
`pdftotext -bbox` gives each word's box: no two boxes may overlap (a wrapped text taller than
its row spills over the next row's text; a note drawn over the total row does the same), every
page shows the first and last column headers (repeated header rows, one page wide), and no
word runs past the page.
"""

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspect_app.extensions import db
from inspect_app.inspections.models import ItemAnswer
from inspect_app.quizzes.bank import export_questions, load_starter_bank
from inspect_app.stats import exports, services, tables
from tests.stats.conftest import add_case, local

pytestmark = pytest.mark.libreoffice

SOFFICE = shutil.which("soffice") or "soffice"  # scripts/system-deps.sh test installs it
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
TOLERANCE = 1.0  # points two boxes may share (rounding of the font's ascent and descent)


@pytest.fixture
def database_uri(tmp_path):
    """The layout does not depend on the database: SQLite only, one conversion per export."""
    return "sqlite:///" + str(tmp_path / "test.sqlite3")


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def overlaps(self, other: "Word") -> bool:
        wide = min(self.x1, other.x1) - max(self.x0, other.x0)
        tall = min(self.y1, other.y1) - max(self.y0, other.y0)
        return wide > TOLERANCE and tall > TOLERANCE


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return "".join(word.text for word in self.words)


def pages_of(pdf: Path) -> list[Page]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        Page(float(w), float(h), [Word(*map(float, m[:4]), m[4]) for m in WORD.findall(body)])
        for w, h, body in PAGE.findall(html)
    ]


def overlapping(page: Page) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap, found by a sweep down the page."""
    found, words = [], sorted(page.words, key=lambda word: word.y0)
    for index, word in enumerate(words):
        for other in words[index + 1 :]:
            if other.y0 >= word.y1 - TOLERANCE:
                break
            if word.overlaps(other):
                found.append((word.text, other.text))
    return found


def problems(pdf: Path, first_header: str, last_header: str) -> list[str]:
    pages, found = pages_of(pdf), []
    if not pages:
        return ["no page"]
    for number, page in enumerate(pages, start=1):
        if max(page.width, page.height) > 843 or min(page.width, page.height) > 596:
            found.append(f"page {number} is not A4")
        found += [f"page {number}: {a!r} overlaps {b!r}" for a, b in overlapping(page)]
        past = [word.text for word in page.words if word.x1 > page.width]
        found += [f"page {number}: {text!r} past the edge" for text in past]
        for header in (first_header, last_header):
            if re.sub(r"\s", "", header) not in page.text:
                found.append(f"page {number} lacks the header {header!r}")
    return found


def convert_all(files: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """Every workbook to PDF in one LibreOffice run, with a profile of its own."""
    for name, data in files.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    profile = (folder / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    command += ["--outdir", str(folder), *(str(folder / f"{name}.xlsx") for name in files)]
    subprocess.run(command, check=True, capture_output=True, timeout=240)
    return {name: folder / f"{name}.pdf" for name in files}


def headers(data: bytes) -> tuple[str, str]:
    """The texts of the first and last column in the first header row of a workbook."""
    sheet = load_workbook(io.BytesIO(data)).active
    row = 3 if sheet.print_title_rows.startswith("$3") else 1
    cells = [c.value for c in sheet[row] if c.value is not None]
    return str(cells[0]), str(cells[-1])


@pytest.fixture
def typical(data):
    """A typical case with a long list of non-compliant items, so its row wraps a lot."""
    w = data.world
    case = add_case(w.subject_a, w.inspector_a, local(2026, 10, 8, 10), typical=True)
    for code in ("PU-1", "PU-3", "PU-4", "PU-5", "PU-6"):
        db.session.add(
            ItemAnswer(
                inspection_id=case.id,
                item_code=code,
                result="non_compliant",
                answered_by_id=w.inspector_a.id,
            )
        )
    add_case(w.subject_b, w.inspector_b, local(2026, 10, 9, 10), typical=True)
    db.session.commit()
    return case


def all_exports(data) -> dict[str, bytes]:
    w = data.world
    phase = services.date_period(date(2026, 3, 1), date(2026, 3, 31))
    form2 = {r.code: services.form2_report(r, phase) for r in (w.town_a, w.county)}
    return {
        "form2_town": exports.write_xlsx(tables.form2_table(form2[w.town_a.code])),
        "form2_county": exports.write_xlsx(tables.form2_table(form2[w.county.code])),
        "form3_county": exports.write_xlsx(
            tables.form3_table(services.form3_report(w.county, "2026-10"))
        ),
        "typical": exports.write_xlsx(
            tables.typical_table(w.county, services.typical_case_list(w.county), "")
        ),
        "questions": export_questions("xlsx"),
    }


def test_every_export_prints_without_overlaps_one_page_wide(app, data, typical, tmp_path):
    load_starter_bank()
    db.session.commit()
    files = all_exports(data)
    pdfs = convert_all(files, tmp_path)
    found = {name: problems(pdfs[name], *headers(files[name])) for name in files}
    assert {name: issues for name, issues in found.items() if issues} == {}
    assert len(pages_of(pdfs["questions"])) > 1  # the header rows repeat on every page
