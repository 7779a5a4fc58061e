"""The order notice (责令限期整改指令书): made when the record is issued, one for every order."""

from inspect_app import clock
from inspect_app.documents.models import DocumentKind
from inspect_app.documents.services import case_documents, next_number, region_prefix
from inspect_app.extensions import db
from inspect_app.findings.documents import issue_order_notice
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.storage import storage
from tests.public.helpers import future_deadline
from tests.records.helpers import flat, pdf_text, qr_codes


def _notices(case):
    return [d for d in case_documents(case.inspection) if d.kind == DocumentKind.ORDER_NOTICE]


def test_issuing_the_record_makes_one_notice_for_every_order(two_orders):
    (notice,) = _notices(two_orders)
    assert notice.content["order_ids"] == [o.id for o in two_orders.orders]
    assert notice.number == f"Town A应急责改〔{clock.today().year}〕1号"
    pdf = storage().read(notice.storage_key)  # rendering raises on a missing glyph
    text = flat(pdf_text(pdf))
    assert "责令限期整改指令书" in text
    assert "补齐第1项培训档案" in text and "补齐第2项培训档案" in text
    assert "第六十五条第一款第（二）项" in text
    assert "被检查单位负责人（签收）" in text
    assert qr_codes(pdf) == [two_orders.inspection.public_url]


def test_the_public_edition_masks_the_officers_names(case, world):
    (notice,) = _notices(case)
    full = flat(pdf_text(storage().read(notice.storage_key)))
    public = flat(pdf_text(storage().read(notice.public_storage_key)))
    name = case.inspection.inspectors[0].name
    assert name in full and name not in public
    assert "公开版" in public
    assert qr_codes(storage().read(notice.public_storage_key)) == [case.inspection.public_url]


def test_a_later_notice_lists_only_the_orders_not_yet_notified(case, world):
    user = world.inspector_a
    inspection = case.inspection
    finding = record_finding(
        inspection, user, "新增问题", "PU-4", client_key="late-f", reason="更正"
    )
    order = issue_order(
        inspection, user, [finding.id], "补齐档案", future_deadline(), "late-o", "更正"
    )
    db.session.commit()
    later = issue_order_notice(inspection, user)
    db.session.commit()
    assert later.content["order_ids"] == [order.id] and later.content["supplement"]
    assert later.content["orders"][0]["number"] == 2
    assert issue_order_notice(inspection, user) is None
    assert len(_notices(case)) == 2


def test_documents_are_numbered_under_the_town_and_per_kind(case):
    case = case.inspection
    assert region_prefix("洋口镇") == "洋口" and region_prefix("如东县") == "如东"
    assert region_prefix("镇") == "镇"
    first = next_number(case, "decision", 2026)
    assert first == "Town A应急罚〔2026〕1号"
    assert next_number(case, "decision", 2026) == "Town A应急罚〔2026〕2号"
    assert next_number(case, "decision", 2027) == "Town A应急罚〔2027〕1号"
    assert next_number(case, "filing_approval", 2026) == "Town A应急立〔2026〕1号"
