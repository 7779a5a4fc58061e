"""Helpers for the whole offline inspection: the phone (a persistent profile), its IndexedDB, the
screens' checks and screenshots, and the casefile compared with an online twin."""

import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import (
    CHROMIUM,
    LAUNCH_ARGS,
    SCREENS,
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    PageWatch,
    phone_context_args,
    sync_browser_clock,
)

# Keys of a casefile that hold ids, instants or what follows from them (the case number is given
# at issue, a quiz's seconds are its phone times): everything else must be equal.
VOLATILE = {"id", "at", "today", "case_number", "started_at", "captured_at", "seconds"}


@dataclass
class Phone:
    """One phone: a browser profile on disk, opened and closed like the browser app."""

    browser_type: object
    profile: Path
    watch: PageWatch
    context: BrowserContext | None = None

    def open(self, offline: bool) -> Page:
        args = phone_context_args()
        self.context = self.browser_type.launch_persistent_context(
            str(self.profile),
            executable_path=CHROMIUM,
            headless=True,
            args=LAUNCH_ARGS,
            offline=offline,  # from the start: a sync at launch must find no network
            **args,
        )
        sync_browser_clock(self.context)
        self.context.set_default_timeout(15_000)
        self.context.on("request", self.watch.on_request)
        self.context.on("console", self.watch.on_console)
        self.context.on("weberror", self.watch.on_page_error)
        pages = self.context.pages
        return pages[0] if pages else self.context.new_page()

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


class Shots:
    """Numbered screenshots (offline-case-01-open.png…), each page checked first: no sideways
    scrolling, tap targets and text large enough."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, page: Page, step: str) -> Path:
        self.count += 1
        sideways = page.evaluate(SIDEWAYS_JS)
        assert sideways["scrollWidth"] <= sideways["innerWidth"], (step, sideways["wide"])
        assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == [], step
        assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == [], step
        SCREENS.mkdir(parents=True, exist_ok=True)
        path = SCREENS / f"offline-case-{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def photo_jpeg(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> Path:
    """A photo as a phone camera saves it: large, JPEG."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 97):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(40, 40, 40), width=9)
    image.save(path, "JPEG", quality=90)
    return path


def local_case(page: Page, local_id: str) -> dict:
    """The case as this phone keeps it (IndexedDB store "cases")."""
    return page.evaluate("(id) => InspectOffline.db.get('cases', id)", local_id)


def outbox(page: Page) -> list[dict]:
    script = """() => InspectOffline.db.all('outbox')
        .then(ops => ops.map(o => ({kind: o.kind, status: o.status, error: o.error})))"""
    return page.evaluate(script)


def go(page: Page, screen: str, heading: str) -> None:
    page.locator("nav.case-tabs").get_by_role("link", name=heading, exact=True).tap()
    expect(page).to_have_url(re.compile(f"/{screen}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def sign_on(page: Page, slot) -> None:
    """Draw a signature with a finger-like stroke across the slot's pad."""
    box = slot.locator("canvas").bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.6)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(
            x + w * (0.1 + step * 0.03), y + h * (0.6 - 0.25 * ((step % 4) - 1.5) / 1.5)
        )
    page.mouse.up()


def stripped(value):
    """The casefile without ids and instants (VOLATILE keys), for comparing two cases."""
    if isinstance(value, dict):
        return {k: stripped(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stripped(v) for v in value]
    return value
