"""Every kind of enforcement document, as the demo's cases made them: stored once with its hash,
printable (no missing glyph: rendering refuses one), and the unit's copies lead to its page."""

import hashlib
from pathlib import Path

from sqlalchemy import select

from inspect_app.documents.kinds import FILING_ORDER, KINDS
from inspect_app.documents.models import Document, DocumentKind
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.storage import storage
from tests.records.helpers import flat, pdf_text, qr_codes

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "documents"


def test_every_kind_has_a_title_a_template_and_a_place_in_the_case_file():
    assert set(KINDS) == set(DocumentKind) == set(FILING_ORDER)
    assert {kind.value for kind in DocumentKind} <= {p.stem for p in TEMPLATES.glob("*.html")}


def test_the_demo_documents_are_stored_as_hashed_and_lead_to_the_case(demo_app):
    documents = list(db.session.scalars(select(Document).order_by(Document.id)))
    assert len({d.kind for d in documents}) >= 10
    for document in documents:
        data = storage().read(document.storage_key)
        assert hashlib.sha256(data).hexdigest() == document.sha256, document.number
        text = flat(pdf_text(data))
        assert flat(document.number) in text and str(KINDS[document.kind].title) in text
        if document.public:
            case = db.session.get(Inspection, document.inspection_id)
            shown = storage().read(document.public_storage_key)
            assert hashlib.sha256(shown).hexdigest() == document.public_sha256
            # On site, before the record is issued, the case has no link yet to print.
            linked = case.issued_at is not None and document.created_at >= case.issued_at
            assert qr_codes(shown) == ([case.public_url] if linked else []), document.number
