"""The offline app's pages, its service worker at the root scope, its manifest, and the device
token a signed-in page asks for before the phone goes off the network."""

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, user_logged_out

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.i18n import html_lang
from inspect_app.offline import strings_case, strings_platform
from inspect_app.offline.services import LOGOUT_FIELD, issue_device_token, revoke_device_token
from inspect_app.security import public

bp = Blueprint("offline", __name__)

SERVICE_WORKER = Path("js", "offline", "sw.js")
THEME_COLOUR = "#0b5cad"  # --brand in app.css
ICONS = (
    ("img/icon-192.png", "192x192", "any"),
    ("img/icon-512.png", "512x512", "any"),
    ("img/icon-maskable-512.png", "512x512", "maskable"),
)


@bp.get("/offline/")
def ready():
    """What this phone holds offline, its size and when it was refreshed."""
    return render_template("offline/ready.html", strings=strings_platform.strings())


@bp.get("/offline/outbox")
def outbox():
    """Every operation waiting to sync, with its error or conflict."""
    return render_template("offline/outbox.html", strings=strings_platform.strings())


@bp.get("/offline/case")
def case():
    """The case screens that work without the network (the case is chosen in the address)."""
    strings = strings_platform.strings() | strings_case.strings()
    return render_template("offline/case.html", strings=strings)


@bp.post("/offline/device")
def device_token():
    """A device token for this phone's outbox (the page sends its CSRF token in a header)."""
    token, plain = issue_device_token(current_user)
    db.session.commit()
    user = {"id": current_user.id, "name": current_user.display_name}
    user["region_id"] = current_user.region_id
    expires_at = token.expires_at.isoformat().replace("+00:00", "Z")
    # Seconds left, for the phone to count on its own clock: a phone's date is often wrong.
    expires_in = int((token.expires_at - clock.utcnow()).total_seconds())
    answer = {"token": plain, "token_id": token.id, "expires_at": expires_at, "user": user}
    return jsonify(answer | {"expires_in": expires_in}), 201


@bp.get("/sw.js")
@public
def service_worker():
    """The service worker, served from the root so that its scope is the whole app."""
    path = Path(current_app.static_folder or "", SERVICE_WORKER)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
@public
def manifest():
    """The web app manifest: what «Add to home screen» installs."""
    icons = [
        {"src": url_for("static", filename=src), "sizes": sizes, "type": "image/png"}
        | {"purpose": purpose}
        for src, sizes, purpose in ICONS
    ]
    body = {
        "name": _("On-site enforcement inspection"),
        "short_name": _("Enforcement inspection"),
        "lang": html_lang(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "no-cache"
    return response


@user_logged_out.connect
def _revoke_at_logout(_app, user=None, **_extra) -> None:
    """Signing out ends the device token the logout form names (its scripts fill the field)."""
    value = request.form.get(LOGOUT_FIELD, "") if request.method == "POST" else ""
    if user is None or not value.isdigit() or not 0 < int(value) < 2**31:
        return
    if revoke_device_token(user, int(value)):
        db.session.commit()
