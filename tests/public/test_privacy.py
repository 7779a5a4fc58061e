"""Whoever holds the link learns no names, ID or phone numbers, and not the verification code.

A case full of personal data (tests/public/privacy_case.py) is issued; then its public page and
every address on the same host that the page links to are fetched and searched: HTML as text,
PDFs as extracted text and embedded images, photos for metadata.
"""

import hashlib
from urllib.parse import urlsplit

import pytest

from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.redaction import mask_name
from tests.pages import parse
from tests.public.privacy_case import (
    FINED,
    HOLDER,
    PEOPLE,
    REPRESENTATIVE,
    SHOWN_KINDS,
    WITHHELD_KINDS,
    WORKER,
    private_case,
)
from tests.records.helpers import flat, pdf_images, pdf_text, print_copy_hashes


@pytest.fixture
def private(world):
    return private_case(world)


def _linked(page) -> set[str]:
    """Every href and src on the page that stays on this host (anchors on the page left out)."""
    found = {node.get("href") for node in page.find_all(href=True)}
    found |= {node.get("src") for node in page.find_all(src=True)}
    return {u for u in found if not u.startswith("#") and not urlsplit(u).netloc}


def _readable(response) -> str:
    if response.mimetype == "application/pdf":
        return flat(pdf_text(response.data))
    if response.mimetype.startswith("image/"):
        assert b"Exif" not in response.data and b"GPS" not in response.data
        return ""
    return flat(response.get_data(as_text=True))


def _leaks(text: str, private: dict[str, str]) -> list[str]:
    return sorted(what for what, value in private.items() if flat(value) in text)


def test_the_page_and_everything_it_links_hold_no_personal_data(client, private):
    response = client.get(private.url)
    assert response.status_code == 200
    page = parse(response)
    texts = {private.url: flat(page.get_text(" "))}
    links = _linked(page)
    assert any(u.endswith(".pdf") for u in links)
    for url in links:
        linked = client.get(url)
        assert linked.status_code == 200, url
        texts[url] = _readable(linked)
    secrets = private.private_values()
    leaked = {url: _leaks(text, secrets) for url, text in texts.items()}
    assert leaked == {url: [] for url in texts}
    findings = texts[private.url]
    # The texts are there, masked: the quiz gap, the failed check and the inspector's own words.
    for name in (WORKER, HOLDER, FINED):
        assert flat(mask_name(name)) in findings, name
    assert "1101**********" in findings  # the ID number typed into a finding, masked


def test_the_page_links_the_public_edition_only(client, client_request, private):
    page = client_request.get(private.url)
    pdfs = [u for u in _linked(page) if u.endswith(".pdf")]
    records = [u for u in pdfs if not u.startswith(f"{private.url}/documents/")]
    assert records == [f"{private.url}/revisions/1.pdf"]  # and the documents it received
    assert client.get(f"{private.url}/revisions/1/full.pdf").status_code == 403


def test_public_edition_masks_names_and_leaves_out_code_signatures_and_personal_photos(
    client, private
):
    pdf = client.get(f"{private.url}/revisions/1.pdf").data
    text = flat(pdf_text(pdf))
    assert _leaks(text, private.private_values()) == []
    on_record = set(PEOPLE) - {FINED}  # penalties are no longer part of the record
    for name in (*on_record, *private.inspectors):
        assert flat(mask_name(name)) in text, name
    assert private.inspection.record_sha256[:16] in text  # the hash is still printed
    assert "公开版" in text
    images = pdf_images(pdf)
    assert {kind for kind, _data in images} == {"DCTDecode"}  # no signature (PNG) images
    photos = db.session.query(Photo).filter_by(inspection_id=private.inspection.id).all()
    shown = print_copy_hashes([p for p in photos if p.kind in SHOWN_KINDS])
    withheld = print_copy_hashes([p for p in photos if p.kind in WITHHELD_KINDS])
    embedded = {hashlib.sha256(data).hexdigest() for _kind, data in images}
    assert len(images) == len(SHOWN_KINDS) and embedded == shown
    assert not embedded & withheld
    assert all(f"照片{n}" in text for n in (3, 4, 5))  # listed as left out, numbers kept


def test_full_edition_has_everything_once_the_code_is_entered(client, private):
    response = client.post(f"{private.url}/check", data={"code": private.code})
    assert response.status_code == 200
    full = client.get(f"{private.url}/revisions/1/full.pdf")
    assert full.status_code == 200 and full.mimetype == "application/pdf"
    text = flat(pdf_text(full.data))
    assert private.code in text and REPRESENTATIVE in text
    kinds = [kind for kind, _data in pdf_images(full.data)]
    assert kinds.count("DCTDecode") == len(SHOWN_KINDS) + len(WITHHELD_KINDS)
    assert kinds.count("FlateDecode") == 3  # two inspectors and the representative signed
