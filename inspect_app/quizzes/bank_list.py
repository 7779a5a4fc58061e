"""The question bank's admin list: filters and search, read by code a page at a time."""

from sqlalchemy import Select, or_, select

from inspect_app.paging import TEXT_CURSOR, KeysetPage, keyset_page
from inspect_app.quizzes.models import Question

BANK_ORDER = (Question.code, Question.id)  # the unique code index; ix_question_topic_code


def question_query(topic: str = "", kind: str = "", q: str = "", status: str = "") -> Select:
    """Bank questions filtered by topic, kind, a search word and active/inactive, by code."""
    query = select(Question).order_by(*BANK_ORDER)
    if topic:
        query = query.where(Question.topic == topic)
    if kind:
        query = query.where(Question.kind == kind)
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                Question.code.ilike(pattern, escape="\\"), Question.text.ilike(pattern, escape="\\")
            )
        )
    if status in ("active", "inactive"):
        query = query.where(Question.active.is_(status == "active"))
    return query


def question_page(cursor: str, **filters) -> KeysetPage:
    """A page of the bank, by code, after the question the cursor names."""
    return keyset_page(
        question_query(**filters),
        BANK_ORDER,
        lambda question: (question.code, question.id),
        cursor,
        ascending=True,
        codec=TEXT_CURSOR,
    )
