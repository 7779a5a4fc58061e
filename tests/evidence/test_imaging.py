"""Tests for the photo-evidence image core; every image is generated here with Pillow."""

import hashlib
import random
import warnings
from datetime import UTC, datetime
from io import BytesIO

import pytest
from PIL import Image, ImageCms, ImageFile, JpegImagePlugin
from PIL.TiffImagePlugin import IFDRational

from inspect_app.evidence import imaging
from inspect_app.evidence.imaging import ImageRejected, process_photo

RED, BLUE = (220, 20, 20), (20, 20, 220)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def encode(im: Image.Image, fmt: str = "JPEG", **params: object) -> bytes:
    """Return the image encoded in fmt."""
    buffer = BytesIO()
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


def noisy(size: tuple[int, int]) -> Image.Image:
    """Return a reproducible noisy RGB image, so encoders cannot compress it to nothing."""
    data = random.Random(0).randbytes(size[0] * size[1] * 3)
    return Image.frombytes("RGB", size, data)


def exif_with_facts(
    lat_ref: str = "N", lon_ref: str = "E", offset: str | None = None
) -> Image.Exif:
    """Return EXIF with GPS 31°13'48.6" 121°28'30" and DateTimeOriginal 2022-05-10 09:30."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: lat_ref, 2: (IFDRational(31), IFDRational(13), IFDRational(486, 10))})
    gps.update({3: lon_ref, 4: (IFDRational(121), IFDRational(28), IFDRational(30))})
    tags = exif.get_ifd(0x8769)
    tags[0x9003] = "2022:05:10 09:30:00"
    if offset:
        tags[0x9011] = offset
    return exif


def reason_for(data: bytes, **kwargs: int) -> str:
    """Return the rejection reason for data, failing if it is accepted."""
    with pytest.raises(ImageRejected) as caught:
        process_photo(data, **kwargs)
    return caught.value.reason


def opened(data: bytes) -> Image.Image:
    """Open derived bytes, loading them."""
    im = Image.open(BytesIO(data))
    im.load()
    return im


def test_sha256_is_of_the_received_bytes():
    data = encode(noisy((64, 48)), exif=exif_with_facts())
    assert process_photo(data).sha256 == hashlib.sha256(data).hexdigest()


def test_small_png_decompression_bomb_is_rejected():
    data = encode(Image.new("1", (14_000, 14_000)), "PNG")
    assert len(data) < 1_000_000
    assert reason_for(data) == imaging.TOO_MANY_PIXELS


def test_image_over_max_pixels_but_under_pillow_threshold_is_rejected():
    assert 60_000_000 < 8_000 * 8_000 < Image.MAX_IMAGE_PIXELS
    assert reason_for(encode(Image.new("1", (8_000, 8_000)), "PNG")) == imaging.TOO_MANY_PIXELS


def test_pillow_bomb_warning_rejects_locally_without_changing_global_filters():
    data = encode(Image.new("1", (12_000, 12_000)), "PNG")
    assert Image.MAX_IMAGE_PIXELS < 12_000**2 < 2 * Image.MAX_IMAGE_PIXELS
    filters_before = list(warnings.filters)
    assert reason_for(data, max_pixels=10**9) == imaging.TOO_MANY_PIXELS
    assert warnings.filters == filters_before


@pytest.mark.parametrize(
    "data",
    [
        b"Invoice 2024\nThis is a text file someone named photo.jpg\n",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>',
        encode(Image.new("P", (10, 10)), "GIF"),
        encode(Image.new("RGB", (10, 10)), "BMP"),
    ],
    ids=["text", "svg", "gif", "bmp"],
)
def test_non_images_and_disallowed_formats_are_rejected(data):
    assert reason_for(data) == imaging.NOT_AN_IMAGE


def test_empty_upload_is_rejected():
    assert reason_for(b"") == imaging.EMPTY


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_truncated_upload_is_rejected(fmt):
    data = encode(noisy((640, 480)), fmt)
    assert reason_for(data[: len(data) * 6 // 10]) == imaging.TRUNCATED
    assert reason_for(data[:40]) == imaging.TRUNCATED  # the connection dropped early
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_exif_orientation_6_comes_out_upright():
    stored = Image.new("RGB", (400, 300), BLUE)
    stored.paste(RED, (0, 0, 40, 300))  # band on the stored left edge, shown at the top
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = process_photo(encode(stored, exif=exif))
    display, thumbnail = opened(photo.display), opened(photo.thumbnail)
    assert (photo.width, photo.height) == display.size == (300, 400)
    assert thumbnail.size == (240, 320)
    for im in (display, thumbnail):
        top, bottom = im.getpixel((im.width // 2, 2)), im.getpixel((im.width // 2, im.height - 3))
        assert top[0] > 180 > top[2] and bottom[2] > 180 > bottom[0]


@pytest.mark.parametrize(
    ("refs", "offset", "gps", "utc"),
    [
        (("N", "E"), None, (31.230167, 121.475), (1, 30)),  # no offset: China Standard Time
        (("S", "W"), "+02:00", (-31.230167, -121.475), (7, 30)),
        (("N", "E"), "-05:30", (31.230167, 121.475), (15, 0)),
    ],
)
def test_capture_time_and_gps_are_read(refs, offset, gps, utc):
    photo = process_photo(encode(noisy((64, 48)), exif=exif_with_facts(*refs, offset=offset)))
    assert photo.gps == pytest.approx(gps, abs=1e-6)
    assert photo.captured_at == datetime(2022, 5, 10, *utc, tzinfo=UTC)
    assert photo.captured_at.utcoffset().total_seconds() == 0


def test_photo_without_exif_has_no_capture_facts():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "0000:00:00 00:00:00"
    photo = process_photo(encode(noisy((64, 48)), exif=exif))
    assert photo.captured_at is None and photo.gps is None


def test_copies_carry_no_metadata_but_keep_the_colour_profile():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(
        noisy((800, 600)), exif=exif_with_facts(), xmp=XMP, comment=b"case 12", icc_profile=icc
    )
    assert opened(source).getexif().get_ifd(0x8825)  # the source really carries GPS
    photo = process_photo(source)
    for data in (photo.display, photo.thumbnail):
        im = opened(data)
        assert len(im.getexif()) == 0 and not im.getexif().get_ifd(0x8825)
        assert not {"exif", "xmp", "comment"} & im.info.keys()
        assert b"Exif\x00\x00" not in data and b"xmpmeta" not in data
        assert im.info["icc_profile"] == icc


@pytest.mark.parametrize(
    ("size", "display_size"), [((4032, 3024), (1600, 1200)), ((800, 600), (800, 600))]
)
def test_copies_are_bounded_and_never_upscaled(size, display_size):
    photo = process_photo(encode(Image.new("RGB", size, BLUE)))
    assert (photo.width, photo.height) == size
    assert opened(photo.display).size == display_size
    assert opened(photo.thumbnail).size == (320, 240)


def test_large_jpeg_is_decoded_at_half_scale(monkeypatch):
    decoded_sizes = []
    original_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = original_draft(self, mode, size)
        decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    photo = process_photo(encode(Image.new("RGB", (4032, 3024), BLUE)))
    assert decoded_sizes == [(2016, 1512)]  # a square 1600 box would force a full decode
    assert (photo.width, photo.height) == (4032, 3024)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparent_png_is_flattened_onto_white(mode):
    im = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    im.paste((*RED, 255), (100, 0, 200, 100))
    source = im.convert(mode) if mode != "P" else im.convert("P", palette=Image.Palette.ADAPTIVE)
    if mode == "P":
        source.info["transparency"] = source.getpixel((0, 0))
    photo = process_photo(encode(source, "PNG"))
    display = opened(photo.display)
    assert photo.format == "PNG" and display.format == "JPEG" and display.mode == "RGB"
    assert min(display.getpixel((10, 50))) > 245


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        (Image.new("CMYK", (64, 48), (0, 255, 255, 0)), "JPEG"),
        (Image.new("L", (64, 48), 128), "JPEG"),
        (Image.new("I;16", (64, 48), 32_896), "PNG"),
        (Image.new("RGBA", (64, 48), (128, 128, 128, 200)), "WEBP"),
    ],
    ids=["cmyk-jpeg", "grey-jpeg", "16bit-png", "webp"],
)
def test_other_modes_become_rgb_jpeg(source, fmt):
    photo = process_photo(encode(source, fmt))
    display = opened(photo.display)
    assert photo.format == fmt and display.format == "JPEG" and display.mode == "RGB"
    if source.mode in ("L", "I;16"):
        assert 110 < display.getpixel((5, 5))[0] < 146  # scaled, not clipped to white


def test_heic_is_accepted_with_its_exif():
    photo = process_photo(encode(noisy((256, 192)), "HEIF", exif=exif_with_facts()))
    assert photo.format == "HEIF" and (photo.width, photo.height) == (256, 192)
    assert photo.gps == pytest.approx((31.230167, 121.475), abs=1e-6)
    assert photo.captured_at == datetime(2022, 5, 10, 1, 30, tzinfo=UTC)
    assert opened(photo.display).format == "JPEG" and opened(photo.thumbnail).format == "JPEG"


def test_multi_picture_jpeg_from_phones_is_accepted():
    first, second = Image.new("RGB", (64, 48), RED), Image.new("RGB", (32, 24), BLUE)
    data = encode(first, "MPO", save_all=True, append_images=[second])
    photo = process_photo(data)
    assert photo.format == "MPO" and opened(photo.display).size == (64, 48)
