"""Masking for the public side: names, ID numbers and phone numbers, also inside free text."""

import pytest

from inspect_app.redaction import Redactor, mask_name, mask_numbers, redacted
from tests.factories import valid_id_number


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张*丰"),
        ("欧阳小明", "欧**明"),
        ("张三", "张*"),
        ("张", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name_keeps_the_first_and_last_character_and_is_idempotent(name, masked):
    assert mask_name(name) == masked
    assert mask_name(mask_name(name)) == masked


def test_numbers_in_text_are_masked():
    id_number = valid_id_number(n=5)
    text = f"身份证号{id_number}，手机 139-1234-5678，座机 0513-84123456，罚款 20000 元"
    masked = mask_numbers(text)
    assert id_number not in masked and id_number[:4] in masked and id_number[-4:] in masked
    assert "1234-5678" not in masked and "139****5678" in masked
    assert "84123456" not in masked
    assert "20000" in masked  # amounts are not phone numbers


def test_redactor_masks_known_names_longest_first():
    redactor = Redactor(["欧阳晓峰", "欧阳", "王五", " ", None, "张"])
    text = redactor.text("欧阳晓峰与王五在场，电话13811112222。")
    assert text == "欧**峰与王*在场，电话138****2222。"
    assert redactor.text("") == "" and redactor.text(None) == ""


def test_redacted_filter_leaves_text_alone_without_a_redactor():
    assert redacted("王五在场", None) == "王五在场"
    assert redacted("王五在场", Redactor(["王五"])) == "王*在场"
