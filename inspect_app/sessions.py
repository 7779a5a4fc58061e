"""Signed-cookie sessions whose Secure flag follows the request's scheme."""

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

STATELESS_PREFIX = "/api/"  # the JSON API authenticates each request by its bearer token


class SchemeAwareSessionInterface(SecureCookieSessionInterface):
    """Secure cookies whenever the page was served over HTTPS (directly or via a trusted proxy).

    The cookie is signed with a timestamp and Flask refuses it once PERMANENT_SESSION_LIFETIME
    has passed since the last request, so an idle session expires on the server's word too.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app: Flask, request):
        """API requests never read the cookie: a signed-in browser cannot act through the API.
        Static files neither: they are the same for everyone and set no cookie."""
        if request.path.startswith(STATELESS_PREFIX) or _is_static(app, request.path):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response) -> None:
        if request.path.startswith(STATELESS_PREFIX) or _is_static(app, request.path):
            return
        super().save_session(app, session, response)


def _is_static(app: Flask, path: str) -> bool:
    return path.startswith((app.static_url_path or "/static").rstrip("/") + "/")


def init_app(app: Flask) -> None:
    """Use the session interface, and trust X-Forwarded-* only from the configured proxies."""
    app.session_interface = SchemeAwareSessionInterface()
    proxies = int(app.config.get("TRUSTED_PROXIES", 0))
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
