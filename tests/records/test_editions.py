"""Each revision is stored in two editions, each once with its SHA-256: the full record the
inspector prints, and the public one behind the QR code (no code, names masked)."""

import hashlib

import pytest
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.issuing.services import issue_record
from inspect_app.records import services
from inspect_app.records.models import Edition, RecordFile
from inspect_app.storage import storage
from tests.records import helpers
from tests.records.helpers import flat, pdf_images, pdf_text, qr_codes
from tests.signatures.helpers import issue_correction


@pytest.fixture
def issued(world):
    case = helpers.complete_case(world, photos=2)
    issue_record(case, world.inspector_a)
    db.session.commit()
    return case


def _stored(case) -> dict[tuple[int, str], RecordFile]:
    rows = db.session.query(RecordFile).filter_by(inspection_id=case.id).all()
    return {(r.revision, r.edition): r for r in rows}


def test_issue_stores_both_editions_once_with_their_hashes(issued, world):
    stored = _stored(issued)
    assert set(stored) == {(1, "full"), (1, "public")}
    for row in stored.values():
        pdf = storage().read(row.storage_key)
        assert row.sha256 == hashlib.sha256(pdf).hexdigest() and row.size_bytes == len(pdf)
        assert row.pages == len(helpers.pdf_pages(pdf))
    assert stored[1, "full"].sha256 != stored[1, "public"].sha256
    record_finding(issued, world.inspector_a, "补记：培训档案缺页。", "PU-8", reason="补记")
    db.session.commit()
    assert set(_stored(issued)) == {(1, "full"), (1, "public")}  # the correction is pending
    issue_correction(issued, world.inspector_a)
    assert set(_stored(issued)) == {(n, e) for n in (1, 2) for e in ("full", "public")}


def test_an_edition_of_a_revision_is_stored_only_once(issued):
    db.session.add(
        RecordFile(
            inspection_id=issued.id,
            revision=1,
            edition=Edition.PUBLIC.value,
            storage_key="records/x.pdf",
            sha256="0" * 64,
            size_bytes=1,
            pages=1,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_both_editions_carry_the_same_qr_code_and_hash_but_only_the_full_one_the_code(issued):
    full = storage().read(services.record_file(issued, edition=Edition.FULL).storage_key)
    public = storage().read(services.record_file(issued, edition=Edition.PUBLIC).storage_key)
    assert qr_codes(full) == qr_codes(public) == [issued.public_url]
    full_text, public_text = flat(pdf_text(full)), flat(pdf_text(public))
    assert issued.record_sha256[:16] in full_text and issued.record_sha256[:16] in public_text
    assert issued.verification_code in full_text
    assert issued.verification_code not in public_text and "公开版" in public_text
    assert issued.representative_name in full_text
    assert issued.representative_name not in public_text
    assert "顾*国" in public_text
    for finding in helpers.FINDINGS:  # the record says the same, in both
        assert flat(finding) in public_text
    # The sign-in sheet (photo 1) and the signatures are in the full edition only.
    assert [kind for kind, _data in pdf_images(public)] == ["DCTDecode"]
    assert (
        sorted(kind for kind, _data in pdf_images(full)) == ["DCTDecode"] * 2 + ["FlateDecode"] * 3
    )


def test_inspectors_pages_serve_the_full_edition(client, login, world, issued):
    login(world.inspector_a)
    response = client.get(f"/inspections/{issued.id}/record.pdf")
    full = services.record_file(issued, edition=Edition.FULL)
    assert response.status_code == 200 and response.data == storage().read(full.storage_key)
    page = client.get(f"/inspections/{issued.id}").get_data(as_text=True)
    assert f"/c/{issued.public_token}/revisions" not in page


def test_a_draft_preview_is_the_full_record(world):
    case = helpers.complete_case(world, photos=1)
    text = flat(pdf_text(services.render_record(case, draft=True)))
    assert case.representative_name in text and "公开版" not in text


def test_the_cli_stores_the_editions_older_records_lack(app, issued):
    full = services.record_file(issued, edition=Edition.FULL)
    full_sha = full.sha256
    db.session.delete(services.record_file(issued, edition=Edition.PUBLIC))
    db.session.commit()  # as a record issued before the public edition existed
    result = app.test_cli_runner().invoke(args=["records", "store-editions"])
    assert result.exit_code == 0 and "stored 1 record PDFs" in result.output
    public = services.record_file(issued, edition=Edition.PUBLIC)
    assert public is not None
    assert issued.verification_code not in pdf_text(storage().read(public.storage_key))
    assert services.record_file(issued, edition=Edition.FULL).sha256 == full_sha
    again = app.test_cli_runner().invoke(args=["records", "store-editions"])
    assert "stored 0 record PDFs" in again.output
