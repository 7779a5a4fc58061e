"""The PDF core: locked fetcher, missing-glyph guard, QR codes that decode."""

import pypdfium2 as pdfium
import pytest
import zxingcpp

from inspect_app.pdf import FetchRefused, LockedFetcher, MissingGlyphs, render_pdf
from inspect_app.qr import qr_data_uri

PAGE = '<html lang="zh-CN"><body style="font-family: \'Noto Sans CJK SC\'">{}</body></html>'


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "".join(page.get_textpage().get_text_range() for page in document)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.com/x.png",
        "static:/../wsgi.py",
        "ftp://127.0.0.1/x",
    ],
)
def test_fetcher_refuses_everything_but_data_and_static(url):
    fetcher = LockedFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_data_uris_and_static_files():
    fetcher = LockedFetcher()
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    assert b"<svg" in fetcher.fetch("static:/img/icon.svg").read()


def test_markup_in_user_text_is_neither_fetched_nor_rendered():
    fetcher = LockedFetcher()
    hostile = '<img src="file:///etc/passwd"><img src="http://127.0.0.1/x.png">'
    escaped = hostile.replace("<", "&lt;").replace(">", "&gt;")
    pdf = render_pdf(PAGE.format(escaped), fetcher=fetcher)
    assert fetcher.refused == []  # nothing was even asked for
    assert 'src="file:///etc/passwd"' in _text(pdf).replace("\r\n", "")


def test_unescaped_images_are_refused_not_fetched():
    fetcher = LockedFetcher()
    render_pdf(
        PAGE.format('<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x">'),
        fetcher=fetcher,
    )
    assert fetcher.refused == ["file:///etc/passwd", "http://127.0.0.1:9/x"]


def test_rare_name_characters_render_without_boxes():
    pdf = render_pdf(PAGE.format("沈䶮 袁珺 蔡喆 𠮷野家"))
    assert "沈䶮" in _text(pdf)


def test_missing_glyphs_fail_loudly():
    with pytest.raises(MissingGlyphs):
        render_pdf(PAGE.format("名字𓀀"))


def test_qr_decodes_to_the_url():
    url = "https://inspect.example.gov.cn/c/" + "A" * 43
    pdf = render_pdf(PAGE.format(f'<img src="{qr_data_uri(url)}" style="width: 4cm">'))
    image = pdfium.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
