"""A question-bank workbook that unpacks too large, or declares too many cells, is refused
before any spreadsheet parser opens it, with a message, and nothing is stored."""

import io
import zipfile

import pytest

from inspect_app.quizzes import bank_io
from tests.pages import parse
from tests.quizzes.test_bank_support import HEADER, question_count, row, xlsx_bytes
from tests.quizzes.test_bank_views import _upload


def _with_sheet(sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A real workbook whose first sheet is replaced (and members added)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([row()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _bomb() -> bytes:
    """Under 200 KB on disk, 200 MB unpacked."""
    return _with_sheet(b"<worksheet/>", {"xl/media/padding.bin": b"\0" * (200 * 1024 * 1024)})


def _many_cells(count: int) -> bytes:
    cells = b'<c r="A1" t="n"><v>1</v></c>' * count
    return _with_sheet(
        b"<worksheet><sheetData><row r='1'>" + cells + b"</row></sheetData></worksheet>"
    )


def _declared(ref: bytes) -> bytes:
    return _with_sheet(b'<worksheet><dimension ref="' + ref + b'"/><sheetData/></worksheet>')


@pytest.fixture
def no_parser(monkeypatch):
    """Fail loudly if the workbook ever reaches openpyxl."""

    def refuse(*args, **kwargs):
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(bank_io, "load_workbook", refuse)


def test_a_zip_bomb_is_refused_before_parsing(no_parser):
    data = _bomb()
    assert len(data) < 400 * 1024
    with pytest.raises(bank_io.FileUnreadable) as refused:
        bank_io.read_xlsx(data)
    assert "40 MB" in refused.value.message


def test_lying_size_headers_do_not_help(no_parser):
    """The zip's headers claim small members; the running count still stops it."""
    data = bytearray(_bomb())
    start = data.find(b"PK\x01\x02", data.find(b"padding.bin") - 100)
    for offset in range(len(data) - 4):
        if data[offset : offset + 4] == b"PK\x01\x02":
            name_len = int.from_bytes(data[offset + 28 : offset + 30], "little")
            name = bytes(data[offset + 46 : offset + 46 + name_len])
            if name == b"xl/media/padding.bin":
                data[offset + 24 : offset + 28] = (1000).to_bytes(4, "little")
    assert start >= 0
    with pytest.raises(bank_io.FileUnreadable):
        bank_io.check_xlsx_archive(bytes(data))


def test_too_many_cells_are_refused_before_parsing(no_parser):
    with pytest.raises(bank_io.FileUnreadable) as refused:
        bank_io.read_xlsx(_many_cells(bank_io.MAX_CELLS + 1))
    assert str(bank_io.MAX_CELLS) in refused.value.message


def test_a_huge_declared_area_is_refused(no_parser):
    with pytest.raises(bank_io.FileUnreadable):
        bank_io.read_xlsx(_declared(b"A1:XFD5000"))


def test_an_ordinary_workbook_still_passes():
    rows = bank_io.read_xlsx(xlsx_bytes([row(code=f"Q-{n}") for n in range(50)]))
    assert rows[0][1][: len(HEADER)] == list(HEADER)
    assert len(rows) == 51


def test_the_import_page_refuses_a_bomb_with_a_message(client, world, login, no_parser):
    login(world.admin)
    before = question_count()
    response = _upload(client, _bomb(), "bank.xlsx")
    assert response.status_code == 422
    assert "40 MB" in parse(response).get_text()
    assert question_count() == before
