"""The items of a self-check: the six of 附件1 (and rows of 附件2), worded as in the town notice's
forms, and the institutions' items (catalog TI-1…4, EX-1…6) worded for self-assessment."""

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

TRAINING_ITEMS = (
    SelfCheckTopic(
        1,
        "TI-1",
        _l(
            "Does the institution meet the basic conditions for safety training: sound training "
            "rules, enough full- and part-time teachers, fixed premises and teaching facilities?"
        ),
    ),
    SelfCheckTopic(
        2,
        "TI-2",
        _l(
            "Has teaching followed the syllabus, without changed content, cut hours, mock exam "
            "questions drilled in place of theory, or practical training as a mere formality?"
        ),
    ),
    SelfCheckTopic(
        3,
        "TI-3",
        _l("Are training archives kept for every class, complete and true?"),
    ),
    SelfCheckTopic(
        4,
        "TI-4",
        _l(
            'Has the institution kept clear of collusion with exam sites, "guaranteed pass" '
            "classes, cheating, trading in certificates and excessive fees?"
        ),
    ),
)

EXAM_ITEMS = (
    SelfCheckTopic(
        1,
        "EX-1",
        _l(
            "Are the exam rules sound, and are the theory and practical exam premises and "
            "equipment up to standard?"
        ),
    ),
    SelfCheckTopic(
        2,
        "EX-2",
        _l("Has the site kept out of any training related to the exams it holds?"),
    ),
    SelfCheckTopic(
        3,
        "EX-3",
        _l("Is an exam plan made as required, and have exams been held strictly to it?"),
    ),
    SelfCheckTopic(
        4,
        "EX-4",
        _l("Have practical exams been held for real, not replaced by questions and answers?"),
    ),
    SelfCheckTopic(
        5,
        "EX-5",
        _l(
            "Have invigilators and assessors been present at every exam, with no exam staff "
            "breaking the rules, condoning, joining or organising cheating?"
        ),
    ),
    SelfCheckTopic(
        6,
        "EX-6",
        _l(
            "Is every exam video-recorded and the recording archived, is exam data accurate, "
            "and are the exam archives true?"
        ),
    ),
)

TOPICS = {"production_unit": ITEMS, "training_institution": TRAINING_ITEMS, "exam_site": EXAM_ITEMS}
BY_NUMBER = {topic.number: topic for topic in ITEMS}


def topics_for(kind: str) -> tuple[SelfCheckTopic, ...]:
    """The items a subject of this kind answers."""
    return TOPICS[kind]


def item_text(number: int, kind: str = "production_unit") -> str:
    return str({t.number: t for t in TOPICS[kind]}[number].text)
