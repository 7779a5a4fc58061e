"""The public page leaks nothing private: seeded ID numbers, phones, GPS, sign-in sheets, accounts.

The demo data set has all of them: people with ID numbers and phones, subjects with contact
phones, sign-in sheet and training photos with GPS. Each issued demo case also gets an answer
with a GPS-tagged photo. Then the page and every same-origin address it links are fetched and
searched, the PDF record as text, the images for metadata.
"""

from urllib.parse import urlsplit

import pypdfium2
import pytest
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.demo.media import gps_exif, jpeg
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import RectificationOrder
from inspect_app.inspections.models import Inspection
from inspect_app.subjects.models import Person, Subject
from tests.pages import parse
from tests.public.helpers import post_answer


@pytest.fixture
def demo(demo_app):
    return [c for c in db.session.scalars(select(Inspection)) if c.public_token]


def _private_values() -> set[str]:
    values = set()
    for person in db.session.scalars(select(Person)):
        values |= {person.id_number or "", person.phone or ""}
    values |= {s.contact_phone for s in db.session.scalars(select(Subject))}
    values |= {u.username for u in db.session.scalars(select(User))}
    for photo in db.session.scalars(select(Photo)):
        for degrees in (photo.gps_lat, photo.gps_lon):
            if degrees is not None:
                values |= {f"{degrees:.{places}f}" for places in range(3, 7)} | {repr(degrees)}
        if photo.kind == "sign_in_sheet":
            values |= {photo.sha256, photo.original_key, photo.display_key, photo.thumb_key}
            values |= {f"/photos/{photo.id}/"}
    return {v for v in values if v}


def _answer_every_case(client, cases) -> None:
    for n, case in enumerate(cases):
        order = db.session.scalar(
            select(RectificationOrder).where(RectificationOrder.inspection_id == case.id)
        )
        if order is not None and case.status != "closed":
            issued = type("Case", (), {"url": f"/c/{case.public_token}"})()
            issued.answer_url = lambda o, url=issued.url: f"{url}/orders/{o.id}/answer"
            photo = jpeg(100 + n, exif=gps_exif())
            response = post_answer(
                client, issued, order, code=case.verification_code, photos=[photo], key=f"leak-{n}"
            )
            assert response.status_code == 302


def _linked(page) -> set[str]:
    """Same-origin addresses the page links to (anchors on the page itself left out)."""
    found = {a.get("href") for a in page.find_all("a")} | {
        i.get("src") for i in page.find_all("img")
    }
    found |= {link.get("href") for link in page.find_all("link")}
    return {u for u in found if u and not u.startswith("#") and not urlsplit(u).netloc}


def _text_of(response) -> str:
    if response.mimetype == "application/pdf":
        document = pypdfium2.PdfDocument(response.data)
        return "".join(page.get_textpage().get_text_range() for page in document)
    if response.mimetype == "image/jpeg":
        assert b"Exif" not in response.data and b"GPS" not in response.data
        return ""
    return response.get_data(as_text=True)


def test_public_pages_and_everything_they_link_leak_nothing(demo_client, demo):
    client = demo_client
    assert len(demo) >= 5
    _answer_every_case(client, demo)
    private = _private_values()
    assert any(len(v) == 18 and v[:6].isdigit() for v in private)  # ID numbers are in the set
    assert any(v.startswith("32.55") for v in private)  # and the demo photos' GPS
    fetched = 0
    for case in demo:
        response = client.get(f"/c/{case.public_token}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert case.verification_code not in html
        assert "/inspections/" not in html
        texts = [html]
        for url in _linked(parse(response)):
            linked = client.get(url)
            assert linked.status_code == 200, url
            if not url.startswith("/static/"):  # the same files for everyone, no case data
                texts.append(_text_of(linked))
                fetched += 1
        for text in texts:
            leaked = sorted(v for v in private if v in text)
            assert not leaked, (case.case_number, leaked)
    assert fetched > len(demo)  # pages link their PDFs and the answers' photos
