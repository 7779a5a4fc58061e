"""What the record template gets: masking, the page footer, the quiz hook, print copies."""

from io import BytesIO

import pytest
from PIL import Image

from inspect_app.pdf import print_jpeg
from inspect_app.records import context
from tests.records import helpers


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张小三", "张*三"),
        ("张三", "张*"),
        ("欧阳小明", "欧**明"),
        ("𠮷", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_names_keep_their_first_and_last_character(name, masked):
    assert context.mask_name(name) == masked


def test_the_footer_counts_pages_and_names_the_case(app):
    with app.test_request_context():
        content = str(context.footer_content("TA-2026-0001"))
    assert content.startswith('"第 " counter(page) " 页，共 " counter(pages) " 页')
    assert content.endswith('TA-2026-0001"') and content.count('"') == 6


def test_footer_text_cannot_break_out_of_its_css_string(app):
    with app.test_request_context():
        content = str(context.footer_content('X" } </style><img src=x>'))
    assert "</style>" not in content and '\\"' in content


def test_the_quiz_hook_passes_snapshot_quizzes_through():
    assert context.quiz_results({}) == []
    assert context.quiz_results({"quizzes": [{"score": 60}]}) == [{"score": 60}]


def test_print_copies_are_small_metadata_free_jpegs():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    source = BytesIO()
    Image.open(BytesIO(helpers.photo_bytes(1, (2560, 1920)))).save(source, "JPEG", exif=exif)
    copy = Image.open(BytesIO(print_jpeg(source.getvalue())))
    assert copy.format == "JPEG" and 800 <= max(copy.size) <= 1000
    assert not copy.getexif()
