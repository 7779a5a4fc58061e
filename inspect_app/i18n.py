"""Language and time-zone selection, and the Jinja filters that format for the user."""

from collections.abc import Callable
from datetime import date, datetime

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_date, format_datetime, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from inspect_app import clock, labels
from inspect_app.redaction import mask_id_number, mask_name, mask_phone, redacted
from inspect_app.sessions import STATELESS_PREFIX

_LANGUAGE_TAGS = {"zh_Hans": "zh_Hans", "zh": "zh_Hans", "zh-CN": "zh_Hans", "en": "en"}


def select_locale() -> str:
    """The language the user chose (a remembered cookie), else Simplified Chinese."""
    if not has_request_context():  # command line and background work: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if request.path.startswith(STATELESS_PREFIX):  # the API: the request's Accept-Language
        wanted = request.accept_languages.best_match((*languages, "zh", "zh-CN"))
        return _LANGUAGE_TAGS.get(wanted, current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """Babel formats every moment in the clock's zone."""
    return clock.zone().key


def html_lang() -> str:
    """The BCP 47 tag for <html lang>."""
    return "en" if select_locale() == "en" else "zh-CN"


def format_local_datetime(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A stored UTC moment as wall-clock time in the clock's zone (Babel converts)."""
    return format_datetime(value, fmt) if value else ""


def format_local_date(value: date | None) -> str:
    """A calendar date (already local) as YYYY-MM-DD."""
    return format_date(value, "yyyy-MM-dd") if value else ""


def label(value: str | None, table: str) -> str:
    """The translated label of a coded value, or the value itself."""
    return str(getattr(labels, table).get(value, value or ""))


def init_jinja(app: Flask) -> None:
    """Register filters and globals for templates."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        local_datetime=format_local_datetime,
        local_date=format_local_date,
        mask_id=mask_id_number,
        mask_phone=mask_phone,
        mask_name=mask_name,
        redacted=redacted,
        label=label,
    )
    app.jinja_env.globals.update(
        html_lang=html_lang,
        current_locale=select_locale,
        has_endpoint=lambda name: name in current_app.view_functions,
        feature_stylesheet=feature_stylesheet,
    )
    app.context_processor(bound_gettext)


def bound_gettext() -> dict[str, Callable]:
    """`gettext` for one render, bound to the translations of the locale in force when it
    starts (a record rendered under `force_locale` gets that locale's).

    It answers as the i18n extension's own (newstyle: escaped under autoescape, always
    %-formatted), which stays the global for macros imported without context. That one looks
    the translations up on every call, about 8 µs each, and a page makes 100-200 calls."""
    return {"gettext": _newstyle(get_translations().ugettext)}


def _newstyle(translate: Callable[[str], str]) -> Callable:
    @pass_context
    def gettext(context: Context, string: str, /, **variables) -> str:
        text = translate(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


FEATURE_STYLESHEETS = frozenset({"selfchecks", "stats", "dashboard", "settings"})


def feature_stylesheet() -> str | None:
    """The static path of the current blueprint's own stylesheet, loaded after the shared ones
    (app.css, cases.css, sections.css, and offline.css when signed in)."""
    blueprint = request.blueprint if has_request_context() else None
    return f"css/{blueprint}.css" if blueprint in FEATURE_STYLESHEETS else None
