"""Findings the case proposes: non-compliant items, failed certificate checks, quiz gaps."""

from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _

from inspect_app.catalogs import CheckItem
from inspect_app.findings.queries import case_findings, case_photos, proposed_findings
from inspect_app.inspections import services as cases
from inspect_app.inspections.models import Inspection, Result
from inspect_app.quizzes.results import quiz_suggestions

RECORDS_ITEM = "PU-8"  # training records true and complete


@dataclass(frozen=True)
class Suggestion:
    """A finding that a non-compliant answer or a failed certificate check points to."""

    description: str
    item_code: str | None = None
    certificate_check_id: int | None = None
    photo_ids: tuple[int, ...] = ()
    quiz_attempt_id: int | None = None

    @property
    def key(self) -> str:
        if self.quiz_attempt_id:
            return f"quiz-{self.quiz_attempt_id}"
        return self.item_code or f"check-{self.certificate_check_id}"


def suggested_findings(inspection: Inspection) -> list[Suggestion]:
    """Non-compliant items, failed certificate checks and quiz gaps no finding rests on yet."""
    findings = case_findings(inspection)
    notes = {a.item_code: a.note.strip() for a in inspection.answers}
    used = {  # a quiz finding covers its item when the item's note is its own description
        f.item_code
        for f in findings
        if f.item_code and (not f.quiz_attempt_id or f.description == notes.get(f.item_code))
    }
    items = [s for s in _item_suggestions(inspection) if s.item_code not in used]
    checks = [Suggestion(text, None, c.id) for c, text in proposed_findings(inspection)]
    quizzed = {f.quiz_attempt_id for f in findings if f.quiz_attempt_id}
    gaps = [s for s in _quiz_suggestions(inspection) if s.quiz_attempt_id not in quizzed]
    return items + checks + gaps  # proposed_findings leaves out checks a finding rests on


def suggestion_for(inspection: Inspection, key: str | None) -> Suggestion | None:
    """The current suggestion with this key (to prefill the form), if any."""
    return next((s for s in suggested_findings(inspection) if s.key == key), None)


def _item_suggestions(inspection: Inspection) -> list[Suggestion]:
    notes = {a.item_code: a.note for a in inspection.answers if a.result == Result.NON_COMPLIANT}
    photos: dict[str, list[int]] = {}
    for photo in case_photos(inspection):
        photos.setdefault(photo.item_code or "", []).append(photo.id)
    return [
        Suggestion(
            _describe(item, notes[item.code]), item.code, None, tuple(photos.get(item.code, ()))
        )
        for item in cases.checklist_items(inspection)
        if item.code in notes
    ]


def _quiz_suggestions(inspection: Inspection) -> list[Suggestion]:
    """A gap of 30 points or more between recorded and re-test scores: records may be false."""
    codes = {item.code for item in cases.checklist_items(inspection)}
    item_code = RECORDS_ITEM if RECORDS_ITEM in codes else None
    return [
        Suggestion(text, item_code, quiz_attempt_id=attempt.id)
        for attempt, text in quiz_suggestions(inspection)
    ]


def _describe(item: CheckItem, note: str) -> str:
    text = item.text(str(get_locale() or ""))
    if not note.strip():
        return _("%(code)s not met (%(text)s).", code=item.code, text=text)
    return _("%(code)s not met (%(text)s): %(note)s", code=item.code, text=text, note=note.strip())
