"""Home and the language switch."""

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from inspect_app.auth.access import safe_next
from inspect_app.main.services import home_summary, readiness_problems
from inspect_app.security import public

bp = Blueprint("main", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def home():
    return render_template("main/home.html", summary=home_summary(current_user))


@bp.post("/language")
@public
def set_language():
    lang = request.form.get("lang", "")
    target = safe_next(request.form.get("next")) or url_for("main.home")
    response = redirect(target)
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"],
            lang,
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


@bp.get("/healthz")
@public
def health():
    """Liveness for a load balancer or monitor: the app answers; nothing is read or written."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/readyz")
@public
def ready():
    """Readiness: the database answers and the file storage is reachable (else 503 and why)."""
    problems = readiness_problems()
    checks = {name: problems.get(name, "ok") for name in ("database", "storage")}
    if problems:
        reason = "; ".join(f"{name} {problem}" for name, problem in problems.items())
        response = jsonify(status="not ready", reason=reason, checks=checks)
        response.status_code = 503
    else:
        response = jsonify(status="ready", checks=checks)
    response.headers["Cache-Control"] = "no-store"
    return response
