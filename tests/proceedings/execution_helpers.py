"""A decided proceeding built straight from rows (the steps before the decision are not
exercised here), stored documents of any kind, and evidence photos."""

import itertools
from datetime import date, timedelta
from io import BytesIO

from PIL import Image

from inspect_app import clock
from inspect_app.documents.models import Document
from inspect_app.documents.services import next_number
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.pdf import render_document
from inspect_app.penalties.models import Penalty
from inspect_app.proceedings.models import Proceeding
from inspect_app.storage import storage
from tests.public.helpers import issued_case

_seq = itertools.count(1)
FACTS = "三级安全教育卡记载 72 学时培训均在同一天完成，培训记录不真实。"


def stored_document(case, kind: str, user, dated: date, proceeding=None, pages: int = 1):
    """A document row with a stored PDF of `pages` pages (not rendered from a kind template)."""
    number = next_number(case, kind, dated.year)
    body = "".join(
        f'<p style="page-break-after: always">{number} 第 {n} 页</p>' for n in range(1, pages + 1)
    )
    pdf = render_document(f"<html><body>{body}</body></html>")
    key, sha = storage().put(pdf.data, "documents", ".pdf")
    document = Document(
        inspection_id=case.id,
        proceeding_id=proceeding.id if proceeding else None,
        kind=kind,
        number=number,
        dated=dated,
        content={},
        public=False,
        storage_key=key,
        sha256=sha,
        size_bytes=len(pdf.data),
        pages=pdf.pages,
        created_by_id=user.id,
    )
    db.session.add(document)
    db.session.flush()
    return document


def decided(world, fine: int = 5000, decided_on: date | None = None, orders: int = 1, case=None):
    """A proceeding of an issued case (with `orders` orders) whose decision was made."""
    case = case or issued_case(world, orders=orders).inspection
    decided_on = decided_on or clock.today() - timedelta(days=2)
    n = next(_seq)
    proceeding = Proceeding(
        inspection_id=case.id,
        number=f"TA应急罚案〔2026〕{n}号",
        status="decided",
        party="unit",
        facts=FACTS,
        basis_code="SAFL-97-4",
        basis_law="《中华人民共和国安全生产法》",
        basis_article="第九十七条第四项",
        proposed_fine_yuan=fine,
        requested_by_id=world.inspector_a.id,
        filed_on=decided_on - timedelta(days=10),
        approved_by_id=world.supervisor_a.id,
        client_key=f"proceeding-{n}",
    )
    db.session.add(proceeding)
    db.session.flush()
    decision = stored_document(case, "decision", world.inspector_a, decided_on, proceeding)
    db.session.add(
        Penalty(
            inspection_id=case.id,
            party="unit",
            violation=FACTS,
            basis_code="SAFL-97-4",
            fine_yuan=fine,
            decision_no=decision.number,
            decision_date=decided_on,
            measures=["order_correction"],
            proceeding_id=proceeding.id,
            document_id=decision.id,
            client_key=f"penalty-{n}",
            created_by_id=world.inspector_a.id,
        )
    )
    db.session.commit()
    return proceeding


def evidence_photo(case, user, proceeding=None) -> Photo:
    n = next(_seq)
    out = BytesIO()
    Image.new("RGB", (64, 48), (n * 40 % 256, 90, 160)).save(out, "JPEG")
    key, sha = storage().put(out.getvalue(), "photos/original", ".jpg")
    photo = Photo(
        inspection_id=case.id,
        kind="site",
        caption=f"现场照片 {n}",
        sha256=sha,
        original_key=key,
        display_key=key,
        thumb_key=key,
        format="JPEG",
        width=64,
        height=48,
        size_bytes=len(out.getvalue()),
        idempotency_key=f"evidence-{n}",
        uploaded_by_id=user.id,
    )
    db.session.add(photo)
    db.session.flush()
    if proceeding is not None:
        proceeding.evidence.append(photo)
    db.session.commit()
    return photo
