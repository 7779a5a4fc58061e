"""The six items of 附件1 (and rows of 附件2), worded as in the town notice's forms."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class SelfCheckTopic:
    number: int
    check_item: str  # the production-unit check item it matches
    text: object  # lazy string: the form's wording in the user's language


ITEMS = (
    SelfCheckTopic(1, "PU-1", _l("Has the unit drawn up an annual education and training plan?")),
    SelfCheckTopic(2, "PU-2", _l("Are dedicated funds set aside for education and training?")),
    SelfCheckTopic(
        3,
        "PU-3",
        _l(
            "Is three-level training held, and are there records such as training plans "
            "and training content?"
        ),
    ),
    SelfCheckTopic(
        4,
        "PU-4",
        _l("Are there attendance records of training, such as photos and sign-in sheets?"),
    ),
    SelfCheckTopic(
        5,
        "PU-5",
        _l(
            "Are employees examined after training, and are the exams of poor quality or a "
            "mere formality?"
        ),
    ),
    SelfCheckTopic(
        6,
        "PU-6",
        _l(
            "Do special-operation workers hold special-operation certificates, and are the "
            "certificates within their validity?"
        ),
    ),
)

BY_NUMBER = {topic.number: topic for topic in ITEMS}


def item_text(number: int) -> str:
    return str(BY_NUMBER[number].text)
