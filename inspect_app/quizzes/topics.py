"""Topic names (from the question bank's catalog) and the default quiz template of each
position.

A default template may name a topic the bank holds too few questions of: the draw then takes
what exists and says so, so these plans never block a quiz.
"""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from inspect_app.quizzes.bank import topic_names

# position → (template name, {topic: questions}) in the order the paper asks them.
DEFAULT_TEMPLATES = {
    "worker": (
        _l("Worker quiz"),
        {"safety_law": 3, "three_level": 2, "emergency_first_aid": 2, "fire": 2, "ppe": 1},
    ),
    "special_operator": (
        _l("Special operator quiz"),
        {
            "special_cert": 2,
            "electrical": 1,
            "welding_hot_work": 1,
            "work_at_height": 1,
            "safety_law": 2,
            "emergency_first_aid": 2,
            "fire": 1,
        },
    ),
    "safety_manager": (
        _l("Safety manager quiz"),
        {"safety_law": 3, "training_hours": 3, "three_level": 2, "emergency_first_aid": 2},
    ),
    "principal": (
        _l("Principal quiz"),
        {"safety_law": 4, "training_hours": 3, "emergency_first_aid": 2, "fire": 1},
    ),
}


def topic_labels() -> dict[str, str]:
    """{topic code: name} in the user's language, in the catalog's order."""
    return topic_names(str(get_locale() or ""))


def topic_label(topic: str) -> str:
    return topic_labels().get(topic, topic)
