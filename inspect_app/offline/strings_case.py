"""The offline case page's words: the scripts read them from the page, translated here."""

from flask_babel import gettext as _

from inspect_app.labels import (
    CERTIFICATE_KIND_LABELS,
    CERTIFICATE_STATUS_LABELS,
    PHOTO_KIND_LABELS,
    POSITION_LABELS,
    RESULT_LABELS,
)
from inspect_app.quizzes.forms import VERDICT_LABELS


def strings() -> dict[str, str]:
    """Every string the offline case screens show, keyed by what the scripts call them."""
    return _screens() | _forms() | _messages() | _labels()


def _screens() -> dict[str, str]:
    return {
        "open": _("Open a case"),
        "checklist": _("Checklist"),
        "photos": _("Photos"),
        "checks": _("Certificates"),
        "quiz": _("Quiz"),
        "oral": _("Oral questions"),
        "findings": _("Findings"),
        "orders": _("Orders"),
        "sign": _("Signatures"),
        "issue": _("Issue"),
        "sections": _("Case sections"),
        "offline_case": _("Offline case"),
        "draft": _("Draft case"),
        "pending_sync": _("Waiting to sync"),
    }


def _forms() -> dict[str, str]:
    return {
        "place": _("Place of inspection"),
        "rep_name": _("Representative of the unit"),
        "rep_position": _("Representative's position"),
        "inspectors": _("Inspectors (at least two)"),
        "inspector": _("Inspector"),
        "start": _("Open the case"),
        "note": _("Note"),
        "save": _("Save"),
        "what_to_check": _("What to check"),
        "basis": _("Legal basis: {codes}"),
        "progress": _("{a} of {t} answered"),
        "take_photo": _("Take or choose photos"),
        "kind": _("Kind of photo"),
        "caption": _("Caption"),
        "item": _("Check item"),
        "whole_case": _("The whole case"),
        "no_photos": _("No photos yet."),
        "taken_at": _("Taken {when}"),
        "certificate": _("Certificate"),
        "no_certificate": _("No certificate on record"),
        "shown": _("Certificate shown on site"),
        "number_matches": _("Number matches the record"),
        "platform_verified": _("Checked on the national platform"),
        "yes": _("Yes"),
        "no": _("No"),
        "checked": _("Checked {when}"),
        "worker": _("Worker"),
        "worker_name": _("Name of a worker not on record"),
        "template": _("Quiz template"),
        "start_quiz": _("Start the quiz"),
        "finish_quiz": _("Finish and score"),
        "question_n": _("Question {n} of {t}"),
        "score": _("Score {score} ({passed})"),
        "passed": _("passed"),
        "failed": _("failed"),
        "rescored": _("The server scores it again when it syncs."),
        "no_paper": _("Every paper taken offline for this template is used."),
        "oral_text": _("Question asked"),
        "verdict": _("How it was answered"),
        "record": _("Record"),
        "description": _("What was found"),
        "finding_photos": _("Photos of this finding"),
        "requirement": _("What must be done"),
        "deadline": _("Deadline"),
        "of_findings": _("Findings it orders rectified"),
        "sign_here": _("Sign in the box"),
        "clear": _("Clear"),
        "refusal": _("The representative refuses to sign"),
        "refusal_text": _("What the representative said or did"),
        "record_refusal": _("Record the refusal"),
        "signed_at": _("Signed {when}"),
        "refused_at": _("Refused {when}"),
        "queue_issue": _("Issue the record"),
        "draft_notice": _(
            "Draft, not issued. The case number, the hash and the PDF are made on the server "
            "when this phone is back online."
        ),
        "issued_notice": _("Issued as {number}."),
        "open_case_page": _("Go to the case page"),
        "open_pdf": _("Record (PDF)"),
        "not_ready": _("Not ready"),
    }


def _messages() -> dict[str, str]:
    return {
        "saved_local": _("Saved on this phone; it syncs when online."),
        "need_note": _("Describe what is non-compliant."),
        "need_two": _("Choose at least two inspectors."),
        "need_field": _("Fill in this field."),
        "need_photo": _("Choose a photo."),
        "photo_failed": _("This photo could not be read. Take it again."),
        "storage_full": _("The phone's storage is full: nothing was saved. Free some space."),
        "no_bundle": _("This subject or case is not taken offline on this phone."),
        "no_case": _("This case is not on this phone."),
        "need_answers": _("Answer every question first."),
        "need_worker": _("Choose a worker or type a name."),
        "need_ink": _("Sign first: the box is empty."),
        "blocker_items": _("{n} check items are not answered."),
        "blocker_signatures": _("Signatures missing: {names}."),
        "deadline_past": _("The deadline cannot be before today."),
        "issue_queued": _("Queued: the record is issued when this phone is back online."),
        "cases_here": _("Cases on this phone"),
        "no_officers": _("This subject was taken offline without its region's inspectors."),
    }


def _labels() -> dict[str, str]:
    labels = {f"result_{k}": str(v) for k, v in RESULT_LABELS.items()}
    labels |= {f"kind_{k}": str(v) for k, v in PHOTO_KIND_LABELS.items()}
    labels |= {f"position_{k}": str(v) for k, v in POSITION_LABELS.items()}
    labels |= {f"cert_{k}": str(v) for k, v in CERTIFICATE_KIND_LABELS.items()}
    labels |= {f"certstatus_{k}": str(v) for k, v in CERTIFICATE_STATUS_LABELS.items()}
    return labels | {f"verdict_{k}": str(v) for k, v in VERDICT_LABELS.items()}
