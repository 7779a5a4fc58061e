"""Translations: complete, compilable, current; both languages render; the choice is remembered."""

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from inspect_app.i18n import format_local_datetime
from tests.pages import parse

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "inspect_app" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    catalog = _catalog("zh_Hans")
    for message in catalog:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, f"fuzzy: {message.id!r}"
        # A plural message (ngettext) has its forms as tuples; Chinese has one form.
        sources = message.id if message.pluralizable else (message.id,)
        forms = message.string if message.pluralizable else (message.string,)
        assert all(forms), f"untranslated: {message.id!r}"
        for form in forms:
            for source in sources:
                assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(form))


def test_catalogs_hold_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            "--no-location",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    for locale in ("zh_Hans", "en"):
        missing = extracted - {m.id for m in _catalog(locale) if m.id}
        assert not missing, f"{locale} lacks {sorted(missing)[:5]} — run `make extract`"


@pytest.mark.parametrize("locale", ["zh_Hans", "en"])
def test_catalogs_compile(tmp_path, locale):
    with open(tmp_path / "messages.mo", "wb") as handle:
        write_mo(handle, _catalog(locale))
    assert (tmp_path / "messages.mo").stat().st_size > 0


def _page(client, path="/login"):
    return parse(client.get(path))


def test_chinese_by_default(client):
    soup = _page(client)
    assert soup.html["lang"] == "zh-CN"
    assert soup.h1.get_text() == "登录"


def test_english_by_choice_and_remembered(client, world, login):
    response = client.post("/language", data={"lang": "en", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert "lang=en" in response.headers["Set-Cookie"]
    soup = _page(client)
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text() == "Sign in"
    login(world.inspector_a)
    assert _page(client, "/subjects/").h1.get_text() == "Subjects"
    client.post("/language", data={"lang": "zh_Hans"})
    assert _page(client, "/subjects/").h1.get_text() == "检查对象"


def test_unknown_language_and_foreign_next_are_ignored(client):
    response = client.post("/language", data={"lang": "fr", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert not any(c.startswith("lang=") for c in response.headers.getlist("Set-Cookie"))
    assert _page(client).html["lang"] == "zh-CN"


def test_switch_is_on_every_page(client, world, login):
    login(world.inspector_a)
    for path in ("/", "/subjects/", f"/subjects/{world.subject_a.id}", "/nowhere"):
        form = _page(client, path).select_one("form.lang-switch")
        assert form is not None, path
        assert {b["value"] for b in form.select("button")} == {"zh_Hans", "en"}


def test_times_shown_in_china_standard_time(app):
    with app.test_request_context():
        assert (
            format_local_datetime(datetime(2024, 1, 31, 16, 30, tzinfo=UTC)) == "2024-02-01 00:30"
        )


@pytest.mark.parametrize("app_config", [{"TIMEZONE": "Asia/Urumqi"}])
def test_time_zone_is_configurable(app, app_config):
    with app.test_request_context():
        assert (
            format_local_datetime(datetime(2024, 1, 31, 16, 30, tzinfo=UTC)) == "2024-01-31 22:30"
        )


# A page's templates translate through a gettext bound once per render (i18n.bound_gettext);
# imported macros keep the extension's global one. Both must answer alike.
PAGE = """{{ _("Home") }}|{{ _("Hello, %(name)s", name="<b>") }}|{{ m.home() }}"""
MACRO = """{% macro home() %}{{ _("Home") }}{% endmacro %}"""


def _render_page(app):
    from flask import render_template_string

    macro = app.jinja_env.from_string(MACRO).module
    return render_template_string(PAGE, m=macro)


def test_templates_translate_in_the_request_language(app):
    from flask_babel import refresh

    with app.test_request_context("/"):
        assert _render_page(app) == "首页|您好，&lt;b&gt;|首页"
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        refresh()  # Babel keeps the locale in `g`, and the test's app context outlives a request
        assert _render_page(app) == "Home|Hello, &lt;b&gt;|Home"


def test_a_forced_locale_holds_for_the_whole_render(app):
    from flask_babel import force_locale

    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert _render_page(app).startswith("Home|")
        with force_locale("zh_Hans"):
            assert _render_page(app) == "首页|您好，&lt;b&gt;|首页"
        assert _render_page(app).startswith("Home|")
