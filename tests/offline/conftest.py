"""The browser fixtures for the offline app's tests (the same live server and phone)."""

from pathlib import Path

import pytest

from tests.browser.conftest import (  # noqa: F401 (fixtures are found by name)
    browser_app,
    chromium_browser,
    live_server_url,
    open_phone,
    page,
    page_watch,
    pytest_runtest_call,
    signed_in_state,
)

HERE = Path(__file__).resolve().parent
BROWSER_FILES = ("test_outbox_", "test_prepare_", "test_whole_")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE) and item.path.name.startswith(BROWSER_FILES):
            item.add_marker(pytest.mark.browser)
