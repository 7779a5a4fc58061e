"""The order notice (责令限期整改指令书): made when the record is issued, one for every order."""

from inspect_app.documents.models import DocumentKind
from inspect_app.documents.services import case_documents
from inspect_app.storage import storage
from tests.records.helpers import flat, pdf_text, qr_codes


def _notices(case):
    return [d for d in case_documents(case.inspection) if d.kind == DocumentKind.ORDER_NOTICE]


def test_issuing_the_record_makes_one_notice_for_every_order(two_orders):
    (notice,) = _notices(two_orders)
    assert notice.content["order_ids"] == [o.id for o in two_orders.orders]
    assert notice.public and notice.public_storage_key
    pdf = storage().read(notice.storage_key)
    text = flat(pdf_text(pdf))
    assert "责令限期整改指令书" in text
    assert "补齐第1项培训档案" in text and "补齐第2项培训档案" in text
    assert qr_codes(pdf) == [two_orders.inspection.public_url]
