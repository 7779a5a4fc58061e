"""Browser fixtures: the demo app on a live local server, Debian's Chromium at a phone viewport.

Names are distinct from tests/conftest.py (whose `app` fixture is per test and per backend).
"""

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import update
from werkzeug.serving import WSGIRequestHandler, make_server

from inspect_app import create_app
from inspect_app.auth.models import UserSession
from inspect_app.demo import seed_demo
from inspect_app.extensions import db
from tests.browser.support import (
    CHROMIUM,
    LAUNCH_ARGS,
    SCREENS,
    PageWatch,
    phone_context_args,
    sign_in,
    sync_browser_clock,
)
from tests.conftest import make_config

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a passing test body: no console errors, no third-party requests."""
    result = yield
    watch = getattr(item, "page_watch", None)
    if watch is not None:
        watch.assert_clean()
    return result


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(scope="session")
def browser_app(tmp_path_factory):
    """The app on a file SQLite database with the demo data, CSRF on as in production."""
    path = tmp_path_factory.mktemp("browser") / "browser.sqlite3"
    app = create_app(make_config(f"sqlite:///{path}", WTF_CSRF_ENABLED=True))
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server_url(browser_app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, browser_app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


# One Playwright per process: the offline app's tests reuse these fixtures from their own folder,
# and a second sync Playwright in the same process refuses to start.
_SHARED: dict = {}


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    SCREENS.mkdir(parents=True, exist_ok=True)
    if not _SHARED:
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        _SHARED.update(playwright=playwright, browser=browser, users=0)
    _SHARED["users"] += 1
    yield _SHARED["browser"]
    _SHARED["users"] -= 1
    if not _SHARED["users"]:
        _SHARED["browser"].close()
        _SHARED["playwright"].stop()
        _SHARED.clear()


@pytest.fixture(scope="session")
def signed_in_state(chromium_browser, live_server_url) -> Callable[[str], dict]:
    """Storage state of a user signed in through the form, made once per user."""
    states: dict[str, dict] = {}

    def state_for(username: str) -> dict:
        if username not in states:
            context = chromium_browser.new_context(**phone_context_args())
            try:
                sign_in(context.new_page(), live_server_url, username)
                states[username] = context.storage_state()
            finally:
                context.close()
        return states[username]

    return state_for


@pytest.fixture
def page_watch(request, live_server_url) -> PageWatch:
    """Console errors and requests of every page this test opens."""
    watch = PageWatch(origin=live_server_url)
    request.node.page_watch = watch
    return watch


@pytest.fixture
def open_phone(
    browser_app, chromium_browser, signed_in_state, page_watch
) -> Iterator[Callable[..., Page]]:
    """Open a fresh phone (a new browser context); optionally already signed in."""
    contexts = []

    def _open(width: int = 390, user: str | None = None) -> Page:
        args = phone_context_args(width)
        if user is not None:
            args["storage_state"] = signed_in_state(user)
        context = chromium_browser.new_context(**args)
        sync_browser_clock(context)
        context.set_default_timeout(10_000)
        context.on("request", page_watch.on_request)
        context.on("console", page_watch.on_console)
        context.on("weberror", page_watch.on_page_error)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()
    _end_worker_mode(browser_app)


def _end_worker_mode(app) -> None:
    """A user's phones share one sign-in session (signed in once per user), and worker mode is
    kept on it: a quiz a test left in a worker's hands would follow the user into the next test."""
    with app.app_context():
        ended = {"worker_inspection_id": None, "worker_attempt_id": None}
        db.session.execute(update(UserSession).values(**ended))
        db.session.commit()


@pytest.fixture
def page(open_phone) -> Page:
    """A 390×844 phone, signed out, in Chinese."""
    return open_phone()
