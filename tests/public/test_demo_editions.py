"""The demo data stores both editions of every issued case, and no public edition of a demo case
holds a sign-in sheet (or other personal) photo, a signature, the code or a whole name."""

import hashlib

from sqlalchemy import select

from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.records.editions import WITHHELD_KINDS, case_names
from inspect_app.records.models import RecordFile
from inspect_app.storage import storage
from tests.records.helpers import flat, pdf_images, pdf_text, print_copy_hashes


def _editions(case) -> dict[tuple[int, str], bytes]:
    rows = db.session.scalars(select(RecordFile).where(RecordFile.inspection_id == case.id))
    found = {}
    for row in rows:
        data = storage().read(row.storage_key)
        assert hashlib.sha256(data).hexdigest() == row.sha256
        found[row.revision, row.edition] = data
    return found


def test_demo_cases_have_both_editions_and_public_ones_hold_nothing_personal(demo_app):
    issued = [c for c in db.session.scalars(select(Inspection)) if c.public_token]
    assert len(issued) >= 5
    withheld_seen = 0
    for case in issued:
        editions = _editions(case)
        revisions = range(1, case.revision + 1)
        assert set(editions) == {(n, e) for n in revisions for e in ("full", "public")}
        photos = list(db.session.scalars(select(Photo).where(Photo.evidence_of(case.id))))
        withheld = print_copy_hashes([p for p in photos if p.kind in WITHHELD_KINDS])
        withheld_seen += len(withheld)
        names = {flat(n) for n in case_names(case) if len(n) >= 2}
        for number in revisions:
            public = editions[number, "public"]
            text = flat(pdf_text(public))
            images = pdf_images(public)
            assert not {hashlib.sha256(d).hexdigest() for _k, d in images} & withheld
            assert all(kind == "DCTDecode" for kind, _data in images), case.case_number
            assert case.verification_code not in text
            assert sorted(n for n in names if n in text) == [], case.case_number
            assert case.verification_code in flat(pdf_text(editions[number, "full"]))
    assert withheld_seen > 0  # the demo has sign-in sheets, so the check above means something
