"""QR codes as inline SVG data URIs (vector: sharp in print at any size)."""

import base64
from functools import lru_cache
from io import BytesIO

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg(text: str) -> bytes:
    """An SVG QR code for text, error correction M, quiet zone of four modules."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = BytesIO()
    code.make_image(image_factory=SvgPathImage).save(out)
    return out.getvalue()


@lru_cache(maxsize=256)
def qr_data_uri(text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text)).decode("ascii")
