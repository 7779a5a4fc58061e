"""Images for the signature tests, drawn with Pillow."""

import base64
import os
import struct
import zlib
from io import BytesIO

from PIL import Image, ImageDraw, PngImagePlugin

STROKES = (
    [(40, 150), (90, 60), (130, 140), (170, 70)],
    [(200, 120), (260, 80), (320, 130), (380, 90), (440, 140)],
    [(470, 60), (500, 150), (560, 100)],
)


def signature_image(size=(600, 200), mode="RGBA", strokes=STROKES, width=5) -> Image.Image:
    """A few dark strokes on a transparent (or white) background, as a phone's canvas makes."""
    background = (255, 255, 255, 0) if mode == "RGBA" else "white"
    image = Image.new(mode, size, background)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        draw.line(stroke, fill="#111827", width=width, joint="curve")
    return image


def encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def signature_png(**kwargs) -> bytes:
    """A drawn signature, with a text chunk that must not survive re-encoding."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "secret-phone-model")
    return encode(signature_image(**kwargs), pnginfo=info)


def jpeg_signature() -> bytes:
    return encode(signature_image(mode="RGB"), "JPEG", quality=90)


def svg_signature() -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200">'
        b'<path d="M40 150 L90 60 L130 140" stroke="black" stroke-width="5" fill="none"/></svg>'
    )


def blank_png() -> bytes:
    return encode(Image.new("RGBA", (600, 200), (255, 255, 255, 0)))


def tap_png() -> bytes:
    """A single tap: a dot a few pixels wide."""
    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).ellipse((300, 100, 306, 106), fill="black")
    return encode(image)


def oversized_png() -> bytes:
    """Wider than the pad can ever produce."""
    return encode(signature_image(size=(2400, 400), mode="RGB"))


def bomb_png() -> bytes:
    """A few bytes whose header claims 100,000 × 100,000 pixels."""
    png = encode(Image.new("L", (1, 1), 255))
    header = b"IHDR" + struct.pack(">II", 100_000, 100_000) + png[24:29]
    return png[:12] + header + struct.pack(">I", zlib.crc32(header)) + png[33:]


def heavy_png() -> bytes:
    """Within the pixel limits but over 1 MB: noise does not compress."""
    noise = Image.frombytes("RGB", (1000, 800), os.urandom(1000 * 800 * 3))
    return encode(noise)


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
