"""Worker mode: while a worker answers a quiz on the inspector's phone, every request but that
quiz's own pages goes back to the quiz. Only taking the phone back (the case PIN or the
inspector's password, quizzes/handover.py) ends it; signing out is refused too.

The mode lives on the server-side sign-in session, not in the signed cookie: the service worker
and the status bar send requests in parallel, and a response that left the server with an older
cookie would otherwise land last and quietly end the mode mid-quiz."""

from flask import jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.auth.sessions import current_session
from inspect_app.errors import wants_json
from inspect_app.extensions import db
from inspect_app.quizzes.models import QuizAttempt
from inspect_app.quizzes.services import question_step

ALLOWED = frozenset({"quizzes.question", "quizzes.finish", "quizzes.take_back", "static"})


def current() -> dict | None:
    """{"inspection": id, "attempt": id} while the phone is in a worker's hands."""
    if not current_user.is_authenticated:
        return None
    row = current_session()
    if row is None or row.worker_attempt_id is None:
        return None
    return {"inspection": row.worker_inspection_id, "attempt": row.worker_attempt_id}


def holds(attempt: QuizAttempt) -> bool:
    """The session is in worker mode for this attempt."""
    mode = current()
    return mode is not None and mode.get("attempt") == attempt.id


def enter(attempt: QuizAttempt) -> None:
    """Put this browser's session in worker mode (the caller commits)."""
    row = current_session()
    if row is not None:
        row.worker_inspection_id, row.worker_attempt_id = attempt.inspection_id, attempt.id


def leave() -> None:
    """End worker mode on this browser's session (the caller commits)."""
    row = current_session()
    if row is not None:
        row.worker_inspection_id = row.worker_attempt_id = None


def resume_url(mode: dict) -> str:
    """Where the worker is: the first question not answered yet, or the end of the quiz."""
    ids = {"inspection_id": mode["inspection"], "attempt_id": mode["attempt"]}
    attempt = db.session.get(QuizAttempt, mode["attempt"])
    step = question_step(attempt, 1) if attempt is not None and not attempt.is_finished else None
    if step is None:
        return url_for("quizzes.take_back", **ids)
    return url_for("quizzes.question", number=(step.unanswered or (1,))[0], **ids)


def guard():
    """Before every request: in worker mode, only the quiz's own pages answer."""
    mode = current()  # None once the session has ended: nothing left to guard
    if mode is None:
        return None
    args = request.view_args or {}
    here = (args.get("inspection_id"), args.get("attempt_id"))
    if request.endpoint in ALLOWED and (
        request.endpoint == "static" or here == (mode["inspection"], mode["attempt"])
    ):
        return None
    if wants_json():
        message = _l("This phone is in worker mode: only the quiz can be used.")
        return jsonify(ok=False, error=str(message)), 403
    return redirect(resume_url(mode), code=303)
