"""Bearer tokens: the API's only credential. Cookies are ignored on API paths, so a page's
session can never make an API write (and the API needs no CSRF token)."""

from apiflask import HTTPTokenAuth
from flask import Flask, request
from flask_login import current_user

from inspect_app.api.services import user_for_token
from inspect_app.extensions import csrf, login_manager
from inspect_app.sessions import STATELESS_PREFIX as API_PREFIX

token_auth = HTTPTokenAuth(scheme="Bearer", description="A token from «API tokens» in settings.")


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


@token_auth.verify_token
def _verify(_token: str):
    """The user was loaded from the same header by Flask-Login's request loader."""
    return current_user if current_user.is_authenticated else None


def _load_user_from_header(req):
    if not req.path.startswith(API_PREFIX):
        return None
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return user_for_token(token.strip())


def init_app(app: Flask, bp) -> None:
    """Load API users from their bearer token; exempt the stateless API from CSRF."""
    login_manager.request_loader(_load_user_from_header)
    csrf.exempt(bp)
