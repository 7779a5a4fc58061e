"""What each kind of document is called, how it is numbered and who receives it."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from inspect_app.documents.models import DocumentKind as K


@dataclass(frozen=True)
class KindInfo:
    title: str  # lazy: the document's name (Chinese on paper)
    mark: str  # the word in its number: 洋应急<mark>〔2026〕12号 (always Chinese, like the paper)
    public: bool  # the unit receives it: listed and downloadable on its public page


KINDS: dict[str, KindInfo] = {
    K.ORDER_NOTICE: KindInfo(_l("Order to rectify within a time limit"), "责改", True),
    K.EXTENSION_DECISION: KindInfo(_l("Decision on an extension of the deadline"), "延", True),
    K.REINSPECTION_OPINION: KindInfo(_l("Re-inspection opinion"), "复查", True),
    K.SIMPLE_DECISION: KindInfo(_l("On-the-spot penalty decision"), "当罚", True),
    K.FILING_APPROVAL: KindInfo(_l("Case filing approval form"), "立", False),
    K.PENALTY_NOTICE: KindInfo(_l("Notice of intended administrative penalty"), "罚告", True),
    K.STATEMENT_RECORD: KindInfo(_l("Record of statement and defence"), "申", False),
    K.HEARING_NOTICE: KindInfo(_l("Notice of the right to a hearing"), "听告", True),
    K.COLLECTIVE_DISCUSSION: KindInfo(_l("Record of collective discussion"), "集", False),
    K.DECISION: KindInfo(_l("Administrative penalty decision"), "罚", True),
    K.SERVICE_RECEIPT: KindInfo(_l("Service receipt"), "送", False),
    K.PAYMENT_REMINDER: KindInfo(_l("Notice to pay a fine"), "催", True),
    K.REFERRAL: KindInfo(_l("Case referral letter"), "移", False),
    K.CLOSING_APPROVAL: KindInfo(_l("Case closing approval form"), "结", False),
}

# The order of a case file (案卷): decision first, then filing, evidence and the steps in order
# (the filing rule's 卷内文件排列顺序), documents of one kind by date.
FILING_ORDER: tuple[str, ...] = (
    K.DECISION,
    K.FILING_APPROVAL,
    K.ORDER_NOTICE,
    K.EXTENSION_DECISION,
    K.REINSPECTION_OPINION,
    K.PENALTY_NOTICE,
    K.STATEMENT_RECORD,
    K.HEARING_NOTICE,
    K.COLLECTIVE_DISCUSSION,
    K.SERVICE_RECEIPT,
    K.PAYMENT_REMINDER,
    K.REFERRAL,
    K.SIMPLE_DECISION,
    K.CLOSING_APPROVAL,
)


def kind_info(kind: str) -> KindInfo:
    return KINDS[kind]
