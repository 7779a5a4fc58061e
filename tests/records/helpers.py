"""A complete case built with the real services, and ways to read the PDFs it produces."""

import hashlib
import itertools
import random
from datetime import timedelta
from io import BytesIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter

from inspect_app.demo.builders import answer_every_item
from inspect_app.evidence.services import store_photo
from inspect_app.extensions import db
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.inspections.services import required_signers
from inspect_app.penalties.services import impose_penalty
from inspect_app.signatures.services import record_refusal, record_signature
from inspect_app.spotchecks.services import record_certificate_check
from tests import factories
from tests.signatures.drawing import signature_png

_seq = itertools.count(1)
OPERATOR = "张小三"
OPERATOR_ID = factories.valid_id_number(n=417)
OPERATOR_PHONE = "13912345678"
FINDINGS = (
    "签到表 32 人，培训照片中仅 18 人，签到表疑似代签。",
    "三级安全教育卡记载 72 学时培训均在同一天完成。",
)


def photo_bytes(seed: int, size=(1600, 1200)) -> bytes:
    """A JPEG that compresses like a phone photo: gradients, shapes and a little grain."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        box = (x, y, x + rng.randrange(80, 500), y + rng.randrange(60, 400))
        draw.rectangle(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    grain = Image.frombytes(
        "L", (size[0] // 4, size[1] // 4), rng.randbytes(size[0] * size[1] // 16)
    )
    grain = grain.resize(size).filter(ImageFilter.BoxBlur(1)).convert("RGB")
    out = BytesIO()
    Image.blend(image, grain, 0.15).save(out, "JPEG", quality=88)
    return out.getvalue()


def add_photos(case, user, count: int, size=(1600, 1200)) -> list:
    photos = []
    for n in range(count):
        kind = "sign_in_sheet" if n == 0 else "training_photo"
        photo, _created = store_photo(
            case,
            user,
            photo_bytes(next(_seq), size),
            kind=kind,
            caption=f"现场照片 {n + 1}",
            item_code="PU-4",
            idempotency_key=f"record-photo-{next(_seq)}",
            **(
                {"headcount_on_sheet": 32, "headcount_in_photos": 18}
                if kind == "sign_in_sheet"
                else {}
            ),
        )
        photos.append(photo)
    db.session.commit()
    return photos


def spot_check(case, user):
    """A special operator whose certificate number is his ID number (as is common)."""
    person = factories.make_person(
        case.subject, name=OPERATOR, id_number=OPERATOR_ID, phone=OPERATOR_PHONE
    )
    certificate = factories.make_certificate(person, number=OPERATOR_ID)
    check = record_certificate_check(
        case, user, person, certificate.id, True, True, True, "", None, None
    )
    db.session.commit()
    return check


def sign(case, user, refuse: bool = False) -> None:
    for key, _name in required_signers(case):
        if key == "representative" and refuse:
            record_refusal(case, user, "对检查结论有异议，拒绝签名。")
        else:
            record_signature(case, user, key, signature_png())
    db.session.commit()


def complete_case(world, photos: int = 3, refuse: bool = False, **fields):
    """A draft with every section filled: answers, photos, a spot check, findings, an order,
    a penalty and signatures (or the representative's refusal)."""
    user = world.inspector_a
    case = factories.make_inspection(world, **fields)
    answer_every_item(case, user, {"PU-4": "见问题", "PU-3": "见问题"})
    stored = add_photos(case, user, photos)
    spot_check(case, user)
    first = record_finding(case, user, FINDINGS[0], "PU-4", photo_ids=[p.id for p in stored[:2]])
    second = record_finding(case, user, FINDINGS[1], "PU-3")
    issue_order(
        case,
        user,
        [first.id, second.id],
        "重新组织三级安全教育培训并如实建档。",
        factories.inspection_day() + timedelta(days=30),
    )
    impose_penalty(
        case,
        user,
        party="unit",
        person_name=None,
        violation="未如实记录安全生产教育和培训情况。",
        basis_code="SAFL-97-4",
        fine_yuan=20000,
        decision_no="",
        decision_date=None,
        measures=["order_correction"],
    )
    db.session.commit()
    sign(case, user, refuse)
    return case


def pdf_pages(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def flat(text: str) -> str:
    """Text without line breaks and spaces (PDF extraction breaks lines where the layout did)."""
    return "".join(text.split())


def qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    image = pdfium.PdfDocument(pdf)[page].render(scale=200 / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def pdf_images(pdf: bytes) -> list[tuple[str, bytes]]:
    """Every image the PDF embeds, as (filter, stream bytes): JPEG photos stay DCTDecode, the
    PNG signatures become FlateDecode; the vector QR code is no image at all."""
    document = pdfium.PdfDocument(pdf)
    found = []
    for page in document:
        for image in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=15):
            found.append(
                (",".join(image.get_filters()), bytes(image.get_data(decode_simple=False)))
            )
    return found


def print_copy_hashes(photos) -> set[str]:
    """The SHA-256 of the print copy each photo gets in a record (see records.images)."""
    from inspect_app.pdf import print_jpeg
    from inspect_app.storage import storage

    return {hashlib.sha256(print_jpeg(storage().read(p.display_key))).hexdigest() for p in photos}
