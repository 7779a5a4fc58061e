"""Pictures for the demo data and the tests: phone JPEGs with EXIF, a sign-in sheet, training
photos and hand-drawn signatures."""

import math
import random
from datetime import datetime
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from inspect_app import clock

FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
)


def _font(size: int):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size, index=2 if path.endswith(".ttc") else 0)
    return ImageFont.load_default(size)


GPS = (31.230167, 121.475)  # 31°13'48.6"N 121°28'30"E, what gps_exif() writes by default


def jpeg(seed: int | None = None, size=(64, 48), color=(200, 30, 30), exif=None) -> bytes:
    """A small JPEG: plain `color`, or noise (different bytes per seed) when `seed` is given."""
    if seed is None:
        image = Image.new("RGB", size, color)
    else:
        image = Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))
    out = BytesIO()
    image.save(out, "JPEG", quality=90, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def gps_exif(
    gps: tuple[float, float] | None = GPS,
    *,
    taken: str | None = "2022:05:10 09:30:00",
    offset: str | None = None,
    maker: str | None = "PhoneMaker",
) -> Image.Exif:
    """EXIF as a phone writes it: a maker, the capture time on the local wall clock (with its
    offset when given) and the position in degrees, minutes and seconds."""
    exif = Image.Exif()
    if maker:
        exif[0x010F] = maker
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    if offset:
        exif.get_ifd(0x8769)[0x9011] = offset  # OffsetTimeOriginal
    if gps:
        exif.get_ifd(0x8825).update(_gps(*gps))
    return exif


def _phone_jpeg(image: Image.Image, taken: datetime, gps: tuple[float, float] | None) -> bytes:
    """A phone's JPEG: EXIF times on the local wall clock, with their offset, as phones write."""
    local = clock.to_local(taken)
    stamp, offset = local.strftime("%Y:%m:%d %H:%M:%S"), local.strftime("%z")
    exif = gps_exif(gps, taken=stamp, offset=f"{offset[:3]}:{offset[3:]}", maker=None)
    exif[0x0132] = stamp
    out = BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def _gps(lat: float, lon: float) -> dict:
    def dms(value: float) -> tuple[float, float, float]:
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
        return (float(degrees), float(minutes), seconds)

    return {1: "N", 2: dms(lat), 3: "E", 4: dms(lon)}


def sign_in_sheet(title: str, names: list[str], taken: datetime, gps=None) -> bytes:
    """A photographed sign-in sheet: a title, a table of names, some in the same hand."""
    image = Image.new("RGB", (1600, 1200), (246, 244, 236))
    draw = ImageDraw.Draw(image)
    draw.text((120, 60), title, fill=(20, 20, 20), font=_font(48))
    draw.text((120, 130), "签  到  表", fill=(20, 20, 20), font=_font(40))
    for row, name in enumerate(names):
        top = 210 + row * 64
        draw.rectangle((120, top, 1480, top + 64), outline=(60, 60, 60), width=2)
        draw.text((140, top + 10), f"{row + 1:>2}", fill=(40, 40, 40), font=_font(34))
        draw.text((260, top + 8), name, fill=(25, 35, 120), font=_font(38))
    return _phone_jpeg(image, taken, gps)


def training_photo(people: int, taken: datetime, gps=None) -> bytes:
    """A classroom seen from the back: a screen and a few heads."""
    image = Image.new("RGB", (1600, 1200), (214, 222, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((450, 120, 1150, 520), fill=(250, 250, 250), outline=(90, 90, 90), width=6)
    draw.text((560, 280), "安全生产教育培训", fill=(180, 30, 30), font=_font(56))
    for n in range(people):
        x, y = 220 + (n % 6) * 210, 760 + (n // 6) * 210
        draw.ellipse((x, y, x + 120, y + 140), fill=(40, 32, 28))
        draw.rectangle((x - 30, y + 130, x + 150, y + 330), fill=(70, 90, 130))
    return _phone_jpeg(image, taken, gps)


def signature(name: str) -> bytes:
    """A hand-drawn-looking signature as a PNG (strokes, not a font)."""
    image = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(image)
    seed = sum(ord(c) for c in name)
    for stroke in range(len(name) + 1):
        points = []
        for step in range(24):
            x = 40 + stroke * 150 + step * 5
            y = 100 + 45 * math.sin((step + seed + stroke * 7) / 3.0)
            points.append((x, y))
        draw.line(points, fill=(10, 10, 60), width=5)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
