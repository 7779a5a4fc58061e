"""Plain helpers for the browser tests: phone settings, sign-in, screenshots, page checks."""

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page

from inspect_app import clock
from inspect_app.demo import DEMO_PASSWORD

SCREENS = Path(__file__).resolve().parents[1] / "output" / "screens"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling Google hosts.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE_HEIGHT = 844
TAP_MIN = 44  # px, CSS pixels
TEXT_MIN = 16  # px

# The document itself answered with an error status (an expected 404 or 422 page).
STATUS_ERROR = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


def phone_context_args(width: int = 390) -> dict:
    return {
        "viewport": {"width": width, "height": PHONE_HEIGHT},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
    }


def sync_browser_clock(context: BrowserContext) -> None:
    """The page's Date starts where the app's (test) clock is, then runs on in real time."""
    context.clock.install(time=clock.utcnow())


def china_today() -> date:
    """Today as the app sees it (China Standard Time)."""
    return clock.today()


def sign_in(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form (by field id, so it works in either language)."""
    page.goto(base_url + "/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(base_url + "/")


def screenshot(page: Page, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@dataclass
class PageWatch:
    """What the pages of one test logged and fetched; checked after the test body."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    allowed_statuses: set[int] = field(default_factory=set)

    def allow_status(self, status: int) -> None:
        """The test expects a page answered with this HTTP error status (e.g. 404, 422)."""
        self.allowed_statuses.add(status)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

    def on_page_error(self, error) -> None:
        self.console_errors.append(f"uncaught: {getattr(error, 'error', error)}")

    def on_request(self, request) -> None:
        self.requests.append(request.url)

    def third_party(self) -> list[str]:
        own = urlsplit(self.origin)
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
                foreign.append(url)
        return foreign

    def unexpected_errors(self) -> list[str]:
        found = []
        for text in self.console_errors:
            match = STATUS_ERROR.match(text)
            if match and int(match.group(1)) in self.allowed_statuses:
                continue
            found.append(text)
        return found

    def assert_clean(self) -> None:
        foreign = self.third_party()
        assert not foreign, f"requests to hosts other than the app: {foreign}"
        errors = self.unexpected_errors()
        assert not errors, f"console errors: {errors}"


# Run in the page: everything that the user can tap, too short.
SHORT_TAP_TARGETS_JS = """
(minimum) => {
  const short = [];
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '')
      .trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} "${text}"`;
  };
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea')) {
    if (el.type === 'hidden') continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    // Off-screen until focused (the skip link): not a tap target.
    if (box.right <= 0 || box.bottom <= 0) continue;
    let height = box.height;
    if (el.type === 'checkbox' || el.type === 'radio') {
      for (const label of el.labels) {
        height = Math.max(height, label.getBoundingClientRect().height);
      }
    }
    if (height + 0.01 < minimum) short.push(`${describe(el)}: ${height.toFixed(1)}px`);
  }
  return short;
}
"""

# Run in the page: text-bearing elements whose computed font size is too small.
SMALL_TEXT_JS = """
(minimum) => {
  const small = [];
  const selector = 'body, p, li, dt, dd, label, input, select, textarea, button, h1, h2, h3';
  for (const el of document.querySelectorAll(selector)) {
    if (['hidden', 'checkbox', 'radio'].includes(el.type)) continue;  // no text of their own
    const box = el.getBoundingClientRect();
    if (el !== document.body && (box.width === 0 || box.height === 0)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size + 0.01 < minimum) {
      const text = (el.innerText || el.value || '').trim().slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${text}": ${size}px`);
    }
  }
  return small;
}
"""

SIDEWAYS_JS = """
() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
})
"""
