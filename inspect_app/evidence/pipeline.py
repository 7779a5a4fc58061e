"""The one photo pipeline, for the inspector's uploads and the unit's answers alike: decode and
check the received bytes with Pillow, then store the original (content-addressed by sha256) and
its display and thumbnail copies, and give the photo row its file facts (EXIF time, GPS)."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import ImageFile

from inspect_app.evidence import imaging
from inspect_app.evidence.imaging import ProcessedPhoto, process_photo
from inspect_app.evidence.models import FORMAT_SUFFIXES
from inspect_app.storage import storage


def rejection_message(reason: str):
    """What the user is told when received bytes are refused, by ImageRejected.reason."""
    limit = current_app.config["MAX_PHOTO_PIXELS"] // 1_000_000
    messages = {
        imaging.NOT_AN_IMAGE: _l(
            "This file is not a photo the app can read. Send a JPEG, PNG, WebP or HEIC picture."
        ),
        imaging.TOO_MANY_PIXELS: _l(
            "The picture has too many pixels (over %(limit)s megapixels).", limit=limit
        ),
        imaging.TRUNCATED: _l("The file arrived incomplete. Try sending it again."),
        imaging.EMPTY: _l("The file is empty."),
    }
    return messages[reason]


def decode_photo(data: bytes) -> ProcessedPhoto:
    """Decode and check received bytes; raises imaging.ImageRejected."""
    # WeasyPrint turns this process-wide Pillow flag on when imported; evidence needs it off, or
    # truncated files would pass (imaging refuses to run with it on).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return process_photo(data, max_pixels=current_app.config["MAX_PHOTO_PIXELS"])


def store_photo_files(data: bytes, processed: ProcessedPhoto) -> dict:
    """Write the received bytes and both copies (content-addressed, so rewrites are harmless);
    returns the Photo columns that describe them."""
    # A polyglot (bytes after the image) is kept whole as evidence, but never as an image.
    polyglot = processed.trailing_bytes > 0
    suffix = ".bin" if polyglot else FORMAT_SUFFIXES.get(processed.format, ".bin")
    original_key, sha256 = storage().put(data, "photos/original", suffix)
    lat, lon = processed.gps or (None, None)
    return {
        "sha256": sha256,
        "original_key": original_key,
        "display_key": storage().put(processed.display, "photos/display", ".jpg")[0],
        "thumb_key": storage().put(processed.thumbnail, "photos/thumb", ".jpg")[0],
        "format": processed.format,
        "width": processed.width,
        "height": processed.height,
        "size_bytes": len(data),
        "trailing_bytes": processed.trailing_bytes,
        "captured_at": processed.captured_at,
        "gps_lat": lat,
        "gps_lon": lon,
    }
