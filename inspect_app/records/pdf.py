"""Render HTML to PDF with WeasyPrint, fetching nothing but data: URIs and our static files.

WeasyPrint's own fetcher would follow file:, http: and https: URLs; a record is built from user
text, so the fetcher here refuses everything else. Refusals are ordinary exceptions, which
WeasyPrint logs and skips (FatalURLFetchingError derives from BaseException and would abort).
"""

import logging
import mimetypes
from pathlib import Path

from PIL import ImageFile
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse
from werkzeug.security import safe_join

# Importing WeasyPrint switches Pillow to accepting truncated images, process-wide. Evidence
# must never be accepted half-received, so switch it back.
ImageFile.LOAD_TRUNCATED_IMAGES = False

STATIC_ROOT = Path(__file__).resolve().parent.parent.parent / "static"
STATIC_PREFIX = "static:/"


class FetchRefused(ValueError):
    """A URL the record may not load."""


class LockedFetcher(URLFetcher):
    """Serves data: URIs and files under static/ (as static:/path); refuses everything else."""

    def __init__(self, static_root: Path = STATIC_ROOT) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.static_root = static_root
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            return self._static(url)
        self.refused.append(url)
        raise FetchRefused(url)

    def _static(self, url: str) -> URLFetcherResponse:
        path = safe_join(str(self.static_root), url[len(STATIC_PREFIX) :])
        if path is None or not Path(path).is_file():
            self.refused.append(url)
            raise FetchRefused(url)
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime})


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class MissingGlyphs(RuntimeError):
    """The font lacks a character of the record (it would print as a box)."""


def render_pdf(html: str, stylesheet: Path | None = None, fetcher: LockedFetcher | None = None):
    """Render HTML to PDF bytes; refuse to produce a record with missing glyphs."""
    fetcher = fetcher or LockedFetcher()
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        styles = [CSS(filename=str(stylesheet), url_fetcher=fetcher)] if stylesheet else []
        document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=styles)
    finally:
        logger.removeHandler(handler)
    missing = [m for m in handler.messages if ".notdef" in m or "glyph" in m.lower()]
    if missing:
        raise MissingGlyphs("; ".join(missing[:3]))
    return pdf
