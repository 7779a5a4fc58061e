"""Decode received photos, read their capture facts and make metadata-free display copies."""

import hashlib
import math
import re
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO

import pillow_heif
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from inspect_app import clock
from inspect_app.evidence.trailing import trailing_bytes

# Must run before "HEIF" is listed in Image.open(formats=...), or Pillow raises KeyError.
pillow_heif.register_heif_opener()

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
DISPLAY_MAX_SIDE = 1600
THUMBNAIL_MAX_SIDE = 320
JPEG_QUALITY = 82

NOT_AN_IMAGE = "not_an_image"
TOO_MANY_PIXELS = "too_many_pixels"
TRUNCATED = "truncated"
EMPTY = "empty"

_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_ROTATED_ORIENTATIONS = (5, 6, 7, 8)
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)
_EXIF_ERRORS = (*_DECODE_ERRORS, KeyError, IndexError, TypeError, ZeroDivisionError)


class ImageRejected(ValueError):
    """Received bytes that cannot become photo evidence; `reason` is one of the constants."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProcessedPhoto:
    """Facts about a received photo and its metadata-free JPEG copies."""

    sha256: str
    format: str
    width: int
    height: int
    captured_at: datetime | None
    gps: tuple[float, float] | None
    display: bytes
    thumbnail: bytes
    trailing_bytes: int = 0  # bytes after the image's end: a ZIP or a page riding along


def process_photo(data: bytes, *, max_pixels: int = 60_000_000) -> ProcessedPhoto:
    """Validate received photo bytes and derive facts, a display copy and a thumbnail."""
    if not data:
        raise ImageRejected(EMPTY)
    im = _open(data, max_pixels)
    stored_size = im.size
    _decode(im)
    exif = _read_exif(im)
    width, height = _upright_size(stored_size, exif.get(_ORIENTATION))
    icc = _rgb_icc_profile(im)
    display = _shrink(_to_rgb(_upright(im)), DISPLAY_MAX_SIDE)
    return ProcessedPhoto(
        sha256=hashlib.sha256(data).hexdigest(),
        format=im.format or "",
        width=width,
        height=height,
        captured_at=_captured_at(exif),
        gps=_gps(exif),
        display=_encode_jpeg(display, icc),
        thumbnail=_encode_jpeg(_shrink(display, THUMBNAIL_MAX_SIDE), icc),
        trailing_bytes=trailing_bytes(data, im.format or ""),
    )


@contextmanager
def _bombs_are_errors() -> Iterator[None]:
    """Treat Pillow's decompression-bomb warning as an error for this block only."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _open(data: bytes, max_pixels: int) -> ImageFile.ImageFile:
    """Identify the format from the content and check the pixel count before decoding."""
    try:
        with _bombs_are_errors():
            im = Image.open(BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(TOO_MANY_PIXELS) from exc
    except (UnidentifiedImageError, *_DECODE_ERRORS) as exc:
        raise ImageRejected(TRUNCATED if _claims_allowed_format(data) else NOT_AN_IMAGE) from exc
    if im.width * im.height > max_pixels:
        raise ImageRejected(TOO_MANY_PIXELS)
    return im


def _claims_allowed_format(data: bytes) -> bool:
    """Whether the leading bytes carry an allowed format's signature (so failure means damage)."""
    Image.init()
    accepts = (Image.OPEN[name][1] for name in ALLOWED_FORMATS if name in Image.OPEN)
    return any(accept(data[:16]) for accept in accepts if accept)


def _read_exif(im: Image.Image) -> Image.Exif:
    """Return the image's EXIF; damaged EXIF reads as empty rather than rejecting the photo."""
    try:
        exif = im.getexif()
        exif.get_ifd(_EXIF_IFD)
        exif.get_ifd(_GPS_IFD)
    except _EXIF_ERRORS:
        return Image.Exif()
    return exif


def _upright_size(size: tuple[int, int], orientation: object) -> tuple[int, int]:
    """Return the full-resolution size as a viewer sees it."""
    width, height = size
    return (height, width) if orientation in _ROTATED_ORIENTATIONS else (width, height)


def _decode(im: ImageFile.ImageFile) -> None:
    """Decode every pixel, so truncation is noticed, at reduced scale where JPEG allows."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("ImageFile.LOAD_TRUNCATED_IMAGES must stay False for evidence")
    if im.format in ("JPEG", "MPO"):
        # Must precede any load(); a box with the photo's own aspect ratio lets libjpeg pick 1/2.
        im.draft("RGB", _fit(im.size, DISPLAY_MAX_SIDE))
    try:
        im.load()
    except _DECODE_ERRORS as exc:
        raise ImageRejected(TRUNCATED) from exc


def _upright(im: Image.Image) -> Image.Image:
    """Rotate or mirror the pixels as the EXIF orientation says and drop that tag."""
    ImageOps.exif_transpose(im, in_place=True)
    return im


def _fit(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """Scale size down, keeping its aspect ratio, so the longest side is at most max_side."""
    scale = min(1.0, max_side / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _rgb_icc_profile(im: Image.Image) -> bytes | None:
    """Return the embedded ICC profile if it describes RGB, which is what the copies hold."""
    icc = im.info.get("icc_profile")
    # Bytes 16-19 of an ICC header name its colour space; a CMYK or grey profile on RGB is wrong.
    return icc if icc and icc[16:20] == b"RGB " else None


def _to_rgb(im: Image.Image) -> Image.Image:
    """Convert any decoded mode to 8-bit RGB, flattening transparency onto white."""
    if im.mode == "RGB":
        return im
    if im.has_transparency_data:
        return _flatten_onto_white(im.convert("RGBA"))
    if im.mode.startswith("I"):
        return im.convert("I").point(lambda value: value * (1 / 256)).convert("RGB")
    return im.convert("RGB")


def _flatten_onto_white(rgba: Image.Image) -> Image.Image:
    """Composite an RGBA image onto a white background."""
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _shrink(im: Image.Image, max_side: int) -> Image.Image:
    """Return the image at most max_side on its longest side; never upscale."""
    size = _fit(im.size, max_side)
    if size == im.size:
        return im
    return im.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def _encode_jpeg(im: Image.Image, icc: bytes | None) -> bytes:
    """Encode a fresh JPEG carrying only pixels and the colour profile."""
    im.info = {}  # JPEG save copies some entries (e.g. the comment) from info by default.
    buffer = BytesIO()
    im.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc)
    return buffer.getvalue()


def _captured_at(exif: Image.Exif) -> datetime | None:
    """Return DateTimeOriginal as UTC, using OffsetTimeOriginal or else the configured zone."""
    tags = exif.get_ifd(_EXIF_IFD)
    local = _parse_exif_datetime(tags.get(_DATETIME_ORIGINAL))
    if local is None:
        return None
    offset = _parse_exif_offset(tags.get(_OFFSET_TIME_ORIGINAL))
    if offset is None:  # the phone's wall clock, in the zone the inspections happen in
        return clock.from_local(local)
    return local.replace(tzinfo=offset).astimezone(UTC)


def _parse_exif_datetime(value: object) -> datetime | None:
    """Parse 'YYYY:MM:DD HH:MM:SS'; blank or zeroed values mean unknown."""
    try:
        return datetime.strptime(_exif_text(value)[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _parse_exif_offset(value: object) -> timezone | None:
    """Parse an EXIF offset such as '+08:00'."""
    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", _exif_text(value))
    if match is None or int(match[2]) > 14 or int(match[3]) > 59:
        return None
    offset = timedelta(hours=int(match[2]), minutes=int(match[3]))
    return timezone(-offset if match[1] == "-" else offset)


def _exif_text(value: object) -> str:
    """Return an EXIF ASCII value as clean text; some writers store bytes or pad with NULs."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value.strip("\x00 ") if isinstance(value, str) else ""


def _gps(exif: Image.Exif) -> tuple[float, float] | None:
    """Return (latitude, longitude) in signed decimal degrees, or None if absent or invalid."""
    tags = exif.get_ifd(_GPS_IFD)
    lat = _gps_degrees(tags.get(2), tags.get(1), "S")
    lon = _gps_degrees(tags.get(4), tags.get(3), "W")
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    return lat, lon


def _gps_degrees(value: object, ref: object, negative_ref: str) -> float | None:
    """Convert EXIF (degrees, minutes, seconds) rationals to signed decimal degrees."""
    try:
        parts = [float(part) for part in value]  # type: ignore[union-attr]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    degrees = sum(part / 60**index for index, part in enumerate(parts[:3]))
    if not parts or not math.isfinite(degrees):  # 0/0 rationals read as NaN
        return None
    return -degrees if _exif_text(ref).upper() == negative_ref else degrees
