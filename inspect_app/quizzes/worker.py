"""The worker's own phone: the link in the QR code serves one attempt, for 30 minutes.

No sign-in, no script, nothing of the case but the unit's name. An unknown link answers 404;
an expired or finished one 410. Kept out of search engines, caches and Referer headers.
"""

from flask import redirect, render_template, request, url_for

from inspect_app.extensions import csrf, db
from inspect_app.quizzes import links, services
from inspect_app.quizzes.pages import bp, run_step
from inspect_app.quizzes.results import attempt_results
from inspect_app.security import public

LINK = "/q/<token>"
LAYOUT = "quizzes/worker_layout.html"


class LinkUnavailable(Exception):
    """No attempt behind this link (404), or it has expired or is finished (410)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@bp.after_request
def _private(response):
    if (request.endpoint or "").startswith("quizzes.worker_"):
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(LinkUnavailable)
def _unavailable(error: LinkUnavailable):
    return render_template("quizzes/link_unavailable.html", code=error.code), error.code


def _live(token: str):
    """The attempt this link serves, or LinkUnavailable."""
    attempt = links.find_token_attempt(token)
    if attempt is None:
        raise LinkUnavailable(404)
    if attempt.is_finished or not links.link_is_live(attempt):
        raise LinkUnavailable(410)
    return attempt


@bp.get(LINK)
@public
def worker_start(token: str):
    attempt = _live(token)
    step = services.question_step(attempt, 1)
    subject = services.case_subject_name(attempt)
    return render_template(
        "quizzes/worker_start.html", attempt=attempt, step=step, subject=subject, token=token
    )


@bp.route(LINK + "/<int:number>", methods=["GET", "POST"])
@public
@csrf.exempt
def worker_question(token: str, number: int):
    attempt = _live(token)
    urls = {
        "step": lambda n: url_for(".worker_question", token=token, number=n),
        "finish": url_for(".worker_finish", token=token),
        "done": url_for(".worker_done", token=token),
        "layout": LAYOUT,
        "csrf": False,
    }
    return run_step(attempt, number, urls, links.answer_from_link)


@bp.post(LINK + "/finish")
@public
@csrf.exempt
def worker_finish(token: str):
    attempt = _live(token)
    services.finish_attempt(attempt)
    db.session.commit()
    return redirect(url_for(".worker_done", token=token))


@bp.get(LINK + "/done")
@public
def worker_done(token: str):
    """The score, once, while the link has not expired."""
    attempt = links.find_token_attempt(token)
    if attempt is None or not attempt.is_finished:
        raise LinkUnavailable(404)
    if not links.link_is_live(attempt):
        raise LinkUnavailable(410)
    result = attempt_results([attempt])[0]
    return render_template("quizzes/worker_done.html", attempt=attempt, result=result)
