"""Checking a drawn signature and re-encoding it as a clean PNG."""

from io import BytesIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from inspect_app.inspections.errors import CaseError

MAX_PNG_BYTES = 1_000_000
MAX_WIDTH, MAX_HEIGHT = 2000, 1000
MIN_INK_PIXELS = 50  # a tap leaves a dot, not a signature
MIN_INK_EXTENT = 30  # px: the drawn strokes must span at least this far
DARK = 128  # grey level below which a pixel counts as ink
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


class SignatureRejected(CaseError):
    message = _l("This signature cannot be saved.")


def clean_signature_png(data: bytes) -> bytes:
    """Check drawn signature bytes and re-encode them as a metadata-free greyscale PNG."""
    if not data:
        raise SignatureRejected(_("Draw the signature in the box first."))
    if len(data) > MAX_PNG_BYTES:
        raise SignatureRejected(_("The signature image is larger than 1 MB."))
    image = _open_png(data)
    if image.width > MAX_WIDTH or image.height > MAX_HEIGHT:
        raise _too_many_pixels()
    grey = _on_white(_load(image))
    if not _has_enough_ink(grey):
        raise SignatureRejected(
            _("The box is blank or holds only a dot. Sign your name across the box.")
        )
    return _encode_png(grey)


def _open_png(data: bytes) -> Image.Image:
    """Identify the bytes as PNG by content (header only, no pixels decoded yet)."""
    try:
        return Image.open(BytesIO(data), formats=["PNG"])
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except _DECODE_ERRORS as error:
        raise SignatureRejected(
            _("The signature must be a PNG image drawn on this page.")
        ) from error


def _too_many_pixels() -> SignatureRejected:
    return SignatureRejected(
        _(
            "The signature image is larger than %(width)s × %(height)s pixels.",
            width=MAX_WIDTH,
            height=MAX_HEIGHT,
        )
    )


def _load(image: Image.Image) -> Image.Image:
    try:
        image.load()
    except _DECODE_ERRORS as error:
        raise SignatureRejected(_("The signature image is damaged. Sign again.")) from error
    return image


def _on_white(image: Image.Image) -> Image.Image:
    """Greyscale pixels with any transparency flattened onto white paper."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(paper, rgba).convert("L")
    return image.convert("L")


def _has_enough_ink(grey: Image.Image) -> bool:
    ink = grey.point(lambda value: 255 if value < DARK else 0)
    box = ink.getbbox()
    if box is None:
        return False
    extent = max(box[2] - box[0], box[3] - box[1])
    return sum(ink.histogram()[255:]) >= MIN_INK_PIXELS and extent >= MIN_INK_EXTENT


def _encode_png(grey: Image.Image) -> bytes:
    grey.info = {}  # no text chunks, times or profiles: pixels only
    buffer = BytesIO()
    grey.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
