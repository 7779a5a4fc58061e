"""The case file of a closed proceeding: one PDF whose contents give the pages of the merged
file, and a ZIP of the stored originals whose manifest hashes are those of the files."""

import hashlib
import json
import re
import zipfile
from io import BytesIO

import pytest
from pypdf import PdfReader

from inspect_app import clock
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.records.services import record_file
from inspect_app.storage import storage
from tests.dossier.conftest import url
from tests.pages import parse
from tests.proceedings.execution_helpers import decided
from tests.records.helpers import flat


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client


def expected_order(p):
    case = db.session.get(Inspection, p.inspection_id)
    documents = db.session.query(Document).filter_by(inspection_id=case.id)
    numbers = {d.kind: d.number for d in documents}
    kinds = ["decision", "filing_approval", "record", "order_notice", "service_receipt"]
    kinds.append("closing_approval")
    return [case.case_number if k == "record" else numbers[k] for k in kinds]


def test_case_file_pdf_has_a_cover_and_contents_with_the_merged_pages(closed, client):
    response = client.get(url(closed, "pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = PdfReader(BytesIO(response.data))
    pages = [flat(page.extract_text()) for page in reader.pages]
    assert "行政处罚案卷" in pages[0] and closed.number in pages[0]
    assert "卷内目录" in pages[1]
    contents = "\n".join(
        p.extract_text() for p in reader.pages if "卷内目录" in flat(p.extract_text())
    )
    numbers = expected_order(closed)
    positions = [contents.index(n) for n in numbers]
    assert positions == sorted(positions)  # filing order
    starts = _starts(contents, numbers)
    assert "卷内目录" in pages[starts[0] - 2] and "卷内目录" not in pages[starts[0] - 1]
    for number, start in zip(numbers, starts, strict=True):
        assert flat(number) in pages[start - 1], (number, start)
    case_number = db.session.get(Inspection, closed.inspection_id).case_number
    record = record_file(db.session.get(Inspection, closed.inspection_id))
    assert starts[3] - starts[2] == record.pages and case_number in pages[starts[2] - 1]
    assert starts[2] - starts[1] == 2  # the two-page filing approval
    assert len(reader.pages) == starts[-1]  # the closing approval: one page, the last
    outline = [item.title for item in reader.outline]
    assert outline[0].startswith("行政处罚决定书") and len(outline) == len(numbers)


def _starts(contents: str, numbers: list[str]) -> list[int]:
    """The start page printed after each document number and its date (年月日)."""
    found = []
    for number in numbers:
        after = contents[contents.index(number) + len(number) :]
        match = re.match(r" \d{4}年\d{1,2}月\d{1,2}日 (\d+) ", after)
        assert match, after[:40]
        found.append(int(match.group(1)))
    return found


def test_case_file_zip_holds_the_stored_originals_and_their_hashes(closed, client):
    response = client.get(url(closed, "zip"))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(BytesIO(response.data))
    manifest = json.loads(archive.read("manifest.json"))
    names = [f["name"] for f in manifest["files"]]
    assert sorted([*names, "manifest.json"]) == sorted(archive.namelist())
    for entry in manifest["files"]:
        data = archive.read(entry["name"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["size_bytes"] == len(data)
    kinds = [f["kind"] for f in manifest["files"]]
    assert kinds[:2] == ["decision", "filing_approval"] and kinds.count("photo:site") == 2
    assert names[0].startswith("01-行政处罚决定书-") and names[0].endswith(".pdf")
    assert all(n.startswith("证据照片/") for n in names if n.endswith(".jpg"))
    receipt = next(f for f in manifest["files"] if f["kind"] == "service_receipt")
    assert receipt["number"] and receipt["date"] == clock.today().isoformat()
    assert manifest["proceeding_number"] == closed.number


def _flashes(client, response) -> list[str]:
    assert response.status_code == 302
    page = parse(client.get(response.headers["Location"]))
    return [n.get_text(strip=True) for n in page.select(".notice-error")]


@pytest.mark.parametrize("suffix", ["pdf", "zip"])
def test_an_altered_or_missing_file_is_refused(closed, english, suffix):
    receipt = db.session.query(Document).filter_by(kind="service_receipt").one()
    key = receipt.storage_key
    storage().store(key, storage().read(key) + b"%")
    messages = _flashes(english, english.get(url(closed, suffix)))
    assert len(messages) == 1 and "does not match its hash" in messages[0]
    assert receipt.number in messages[0]
    storage().delete(key)
    messages = _flashes(english, english.get(url(closed, suffix)))
    assert len(messages) == 1 and "is missing" in messages[0]


def test_no_case_file_before_closing(world, english, login):
    p = decided(world)
    login(world.inspector_a)
    for suffix in ("pdf", "zip"):
        messages = _flashes(english, english.get(url(p, suffix)))
        assert messages == ["The case file is made once the proceeding is closed."]


def test_the_case_file_is_only_for_its_region(closed, client, world, login):
    client.post("/logout")
    login(world.inspector_b)
    assert client.get(url(closed, "pdf")).status_code == 404
    assert client.get(url(closed, "zip")).status_code == 404
