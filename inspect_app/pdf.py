"""Render HTML to PDF with WeasyPrint, fetching nothing but data: URIs and our static files.

WeasyPrint's own fetcher would follow file:, http: and https: URLs; a record is built from user
text, so the fetcher here refuses everything else. Refusals are ordinary exceptions, which
WeasyPrint logs and skips (FatalURLFetchingError derives from BaseException and would abort).
"""

import logging
import math
import mimetypes
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageFile
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse
from werkzeug.security import safe_join

# Importing WeasyPrint switches Pillow to accepting truncated images, process-wide. Evidence
# must never be accepted half-received, so switch it back.
ImageFile.LOAD_TRUNCATED_IMAGES = False

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
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


_UNSUPPORTED = re.compile(r'unsupported by fonts: "(.+?)"')


class MissingGlyphs(RuntimeError):
    """The font lacks a character of the record (it would print as a box)."""

    @property
    def characters(self) -> list[str]:
        """The characters WeasyPrint named, in order, without repeats."""
        return list(dict.fromkeys(_UNSUPPORTED.findall(str(self))))


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf(html: str, stylesheet: Path | None = None, fetcher: LockedFetcher | None = None):
    """Render HTML to PDF bytes; refuse to produce a record with missing glyphs."""
    return render_document(html, stylesheet, fetcher).data


def render_document(
    html: str, stylesheet: Path | None = None, fetcher: LockedFetcher | None = None
) -> RenderedPdf:
    """Render HTML to PDF bytes with the page count; refuse missing glyphs."""
    fetcher = fetcher or LockedFetcher()
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        styles = [CSS(filename=str(stylesheet), url_fetcher=fetcher)] if stylesheet else []
        html_doc = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher)
        document = html_doc.render(stylesheets=styles)
        pdf = document.write_pdf()
    finally:
        logger.removeHandler(handler)
    missing = [m for m in handler.messages if ".notdef" in m or "glyph" in m.lower()]
    if missing:
        raise MissingGlyphs("; ".join(missing))
    return RenderedPdf(pdf, len(document.pages))


def print_jpeg(data: bytes, max_side: int = 1000, min_side: int = 800, quality: int = 70) -> bytes:
    """A print copy of a JPEG: longest side at most max_side, no EXIF, XMP or comments.

    JPEGs are decoded at a reduced scale (1/2, 1/4…) as long as the longest side stays at least
    min_side: a 1600 px display copy becomes 800 px (about 240 dpi in the record's photo frames)
    at a fraction of the cost of a full decode and resample.
    """
    with Image.open(BytesIO(data)) as image:
        ratio = min_side / max(image.size)
        if ratio < 1:
            image.draft("RGB", (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))
        copy = image.convert("RGB")
        icc = image.info.get("icc_profile")
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    out = BytesIO()
    copy.save(out, "JPEG", quality=quality, **({"icc_profile": icc} if icc else {}))
    return out.getvalue()
