"""The record PDF rendered at issue and at each revision: content, QR, hash, glyphs, privacy."""

import hashlib
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.inspections.services import answer_item
from inspect_app.issuing.services import issue_record
from inspect_app.jobs.models import RenderJob
from inspect_app.pdf import LockedFetcher
from inspect_app.records import services
from inspect_app.records.context import RecordFileMissing
from inspect_app.records.models import RecordFile
from inspect_app.redaction import mask_id_number
from inspect_app.storage import storage
from tests import factories
from tests.records import helpers
from tests.records.helpers import flat, pdf_pages, pdf_text, qr_codes
from tests.signatures.helpers import issue_correction


def _issue(case, world) -> RecordFile:
    issue_record(case, world.inspector_a)
    db.session.commit()
    return services.record_file(case)


def _stored_pdf(record: RecordFile) -> bytes:
    return storage().read(record.storage_key)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_issue_stores_the_pdf_once_with_its_hash(world):
    case = helpers.complete_case(world)
    record = _issue(case, world)
    pdf = _stored_pdf(record)
    assert record.revision == 1 and record.sha256 == hashlib.sha256(pdf).hexdigest()
    assert record.size_bytes == len(pdf) and record.pages == len(pdf_pages(pdf))
    assert pdf.startswith(b"%PDF-")
    text = flat(pdf_text(pdf))
    assert case.case_number in text and flat(case.subject.name) in text
    for finding in helpers.FINDINGS:
        assert flat(finding) in text
    assert case.verification_code in text and case.record_sha256[:16] in text


def test_qr_code_holds_the_public_url(app, client, world):
    case = helpers.complete_case(world, photos=1)
    pdf = _stored_pdf(_issue(case, world))
    assert case.public_url.startswith(app.config["PUBLIC_BASE_URL"] + "/c/")
    assert qr_codes(pdf) == [case.public_url]
    if "public.case" in app.view_functions:  # the public page answers at the encoded path
        assert client.get(urlparse(case.public_url).path).status_code == 200


def test_a_revision_stores_a_second_pdf_with_the_same_qr_code(world):
    case = helpers.complete_case(world, photos=1)
    first = _issue(case, world)
    url = case.public_url
    record_finding(case, world.inspector_a, "补记：安全培训档案缺页。", "PU-8", reason="现场遗漏")
    db.session.commit()
    assert [r.revision for r in services.record_files(case)] == [1]  # until it is signed
    issue_correction(case, world.inspector_a)
    second = services.record_file(case)
    assert [r.revision for r in services.record_files(case)] == [1, 2]
    assert second.sha256 != first.sha256 and case.public_url == url
    pdf = _stored_pdf(second)
    assert qr_codes(pdf) == qr_codes(_stored_pdf(first)) == [url]
    text = flat(pdf_text(pdf))
    assert "补记：安全培训档案缺页。" in text and "现场遗漏" in text
    assert "补记：安全培训档案缺页。" not in flat(pdf_text(_stored_pdf(first)))


def test_spot_checks_mask_names_and_never_print_id_numbers_or_phones(world):
    case = helpers.complete_case(world, photos=1)
    text = flat(pdf_text(_stored_pdf(_issue(case, world))))
    assert "张*三" in text and helpers.OPERATOR not in text
    assert mask_id_number(helpers.OPERATOR_ID) in text
    assert helpers.OPERATOR_ID not in text and helpers.OPERATOR_PHONE not in text
    for person in case.subject.people:
        assert person.id_number not in text


def test_rare_name_characters_print_without_missing_glyphs(world):
    subject = factories.make_subject(world.town_a, name="沈䶮袁珺蔡喆𠮷野家有限公司")
    case = helpers.complete_case(world, photos=0, subject=subject, representative_name="吉喆")
    text = pdf_text(_stored_pdf(_issue(case, world)))  # render_pdf raises on a missing glyph
    assert "沈䶮袁珺蔡喆𠮷野家有限公司" in flat(text) and "吉喆" in text


def test_characters_no_font_has_stop_the_issue_with_a_message(world):
    case = helpers.complete_case(world, photos=0)
    answer_item(case, "PU-1", "non_compliant", "培训计划 👍 未落实", world.inspector_a)
    db.session.commit()
    with pytest.raises(services.RecordNotPrintable) as refused:
        issue_record(case, world.inspector_a)
    db.session.rollback()
    assert "👍" in str(refused.value.message)
    assert db.session.get(Inspection, case.id).is_draft and _count(RecordFile) == 0


def test_a_render_failure_after_the_issue_leaves_the_record_issued_and_the_job_failed(
    world, monkeypatch
):
    """The worker renders after the commit: a broken renderer no longer undoes the issue; the
    job is failed, with its error, for the queue to retry (tests/jobs) and the admins to see."""
    case = helpers.complete_case(world, photos=1)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(services, "render_document", broken)
    issue_record(case, world.inspector_a)
    db.session.commit()  # the job runs as the commit enqueues it (immediate mode)
    case = db.session.get(Inspection, case.id)
    assert not case.is_draft and case.case_number and case.revision == 1
    assert _count(Revision) == 1 and _count(RecordFile) == 0
    job = db.session.scalar(select(RenderJob))
    assert job.status == "failed" and "renderer down" in job.error and job.attempts == 1


def test_a_missing_signature_file_stops_the_issue(world):
    case = helpers.complete_case(world, photos=0)
    key = next(s.image_key for s in _signatures(case) if s.image_key)
    storage().delete(key)
    with pytest.raises(RecordFileMissing):
        issue_record(case, world.inspector_a)
    db.session.rollback()
    assert db.session.get(Inspection, case.id).is_draft and _count(RecordFile) == 0


def _signatures(case):
    from inspect_app.signatures.models import Signature

    return db.session.scalars(select(Signature).where(Signature.inspection_id == case.id))


def test_the_refusal_to_sign_is_printed(world):
    case = helpers.complete_case(world, photos=0, refuse=True)
    text = flat(pdf_text(_stored_pdf(_issue(case, world))))
    assert "对检查结论有异议，拒绝签名。" in text


def test_user_text_is_neither_fetched_nor_rendered_as_markup(world):
    case = helpers.complete_case(world, photos=1)
    hostile = '<img src="file:///etc/passwd"><img src="http://127.0.0.1/x.png">'
    record_finding(case, world.inspector_a, hostile, "PU-8")
    db.session.commit()
    fetcher = RecordingFetcher()
    pdf = services.render_record(case, draft=True, fetcher=fetcher)
    assert fetcher.refused == []
    assert fetcher.asked and all(u.startswith(("data:", "static:/")) for u in fetcher.asked)
    assert flat(hostile) in flat(pdf_text(pdf))


class RecordingFetcher(LockedFetcher):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


def test_ten_photos_stay_under_three_megabytes(world):
    case = helpers.complete_case(world, photos=0)
    helpers.add_photos(case, world.inspector_a, 10, size=(2560, 1920))
    record = _issue(case, world)
    assert record.size_bytes < 3_000_000
    text = flat(pdf_text(_stored_pdf(record)))
    assert all(f"现场照片{n}" in text for n in range(1, 11))


def test_the_draft_preview_says_draft_on_every_page(world):
    case = helpers.complete_case(world, photos=2)
    pdf = services.render_record(case, draft=True)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2 and all("草稿" in page for page in pages)
    assert qr_codes(pdf) == []  # no public link before the issue
    assert _count(RecordFile) == 0  # a preview is never stored


def test_an_empty_draft_previews_with_every_section_and_unsigned_slots(world):
    case = factories.make_inspection(world)
    text = pdf_text(services.render_record(case, draft=True))
    assert "草稿" in text and case.representative_name in text
    assert all(officer.name in text for officer in case.inspectors)
