"""Signature pages: the list, the signing page, refusals, the image view, issuing, permissions."""

import hashlib

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from inspect_app.demo.builders import answer_every_item
from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.inspections.models import Inspection
from inspect_app.signatures.models import Signature
from inspect_app.storage import storage
from tests.factories import make_inspection
from tests.pages import parse
from tests.signatures import drawing
from tests.signatures.helpers import inspector_keys, sign_everyone


@pytest.fixture
def case(world):
    return make_inspection(world)


def url(case, *parts) -> str:
    return "/".join([f"/inspections/{case.id}/signatures", *parts])


def post_signature(client, case, key, png=None, **extra):
    data = {"signature": drawing.data_url(png or drawing.signature_png()), **extra}
    return client.post(url(case, key), data=data)


def stored_rows():
    return db.session.scalars(select(Signature)).all()


def test_list_shows_one_card_per_signer_with_sign_buttons(client_request, world, login, case):
    login(world.inspector_a)
    page = client_request.get(url(case))
    cards = page.select("li.signature-slot")
    assert [c.select_one(".signature-name").get_text() for c in cards] == [
        case.inspectors[0].name,
        case.inspectors[1].name,
        "顾建国",
    ]
    assert world.inspector_a.cert_no in cards[0].select_one(".meta").get_text()
    assert "主要负责人" in cards[2].select_one(".meta").get_text()
    links = [c.select_one(".actions a")["href"] for c in cards]
    keys = [*inspector_keys(case), "representative"]
    assert links == [url(case, key) for key in keys]
    assert all("signature-missing" in c["class"] for c in cards)


def test_signing_page_has_statement_pad_and_a_no_script_message(client_request, world, login, case):
    login(world.inspector_a)
    page = client_request.get(url(case, inspector_keys(case)[0]))
    form = page.select_one("form.signature-form")
    assert form.select_one(".signature-statement").get_text().strip()
    assert form.select_one("[data-js-needed]") is not None  # JS hides it, shows the pad
    assert form.select_one("[data-signature-pad]").has_attr("hidden")
    assert form.select_one("canvas.signature-canvas") is not None
    assert form.select_one('input[type=hidden][name="signature"]') is not None
    assert form.select_one('input[name="version"]')["value"] == "0"
    assert page.select_one("details.signature-refusal") is None  # inspectors must sign
    assert "Only the unit's representative" in page.get_text()
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(src.split("?")[0].endswith("/static/js/signature-pad.js") for src in scripts)


def test_colleague_slot_says_to_hand_over_the_phone(client_request, world, login, case):
    login(world.inspector_a)
    page = client_request.get(url(case, inspector_keys(case)[1]))
    assert "Hand the phone to " + case.inspectors[1].name in page.get_text()


def test_representative_page_offers_the_refusal_form(client_request, world, login, case):
    login(world.inspector_a)
    page = client_request.get(url(case, "representative"))
    refusal = page.select_one("details.signature-refusal")
    assert not refusal.has_attr("open")
    form = refusal.select_one("form")
    assert form["action"] == url(case, "representative", "refusal")
    assert form.select_one("textarea[name=refusal]").has_attr("required")


def test_saving_a_drawn_signature_shows_it_on_the_list(client, client_request, world, login, case):
    login(world.inspector_a)
    key = inspector_keys(case)[0]
    response = post_signature(client, case, key, version="0")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#signer-inspector-{world.inspector_a.id}")
    signature = stored_rows()[0]
    page = client_request.get(url(case))
    card = page.select_one(f"#signer-inspector-{world.inspector_a.id}")
    image = card.select_one("img.signature-image")
    assert image["src"] == url(case, f"{signature.id}.png")
    assert card.select_one(".actions a").get_text(strip=True).startswith("Change")

    served = client.get(image["src"])
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert hashlib.sha256(served.data).hexdigest() == signature.image_sha256
    assert served.headers["Cache-Control"] == "private, no-store"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (drawing.data_url(drawing.jpeg_signature(), "image/jpeg"), "must be a PNG image"),
        (drawing.data_url(drawing.jpeg_signature()), "must be a PNG image"),
        (drawing.data_url(drawing.svg_signature(), "image/svg+xml"), "must be a PNG image"),
        (drawing.data_url(drawing.blank_png()), "blank or holds only a dot"),
        (drawing.data_url(drawing.oversized_png()), "larger than 2000 × 1000 pixels"),
        ("data:image/png;base64,%%%not-base64%%%", "must be a PNG image"),
        ("", "Draw the signature in the box first"),
        ("data:image/png;base64," + "A" * 1_400_000, "larger than 1 MB"),
    ],
    ids=["jpeg", "jpeg-as-png", "svg", "blank", "huge", "bad-base64", "empty", "too-long"],
)
def test_bad_signatures_are_refused_on_the_page(client, world, login, case, value, expected):
    login(world.inspector_a)
    response = client.post(url(case, "representative"), data={"signature": value})
    assert response.status_code == 422
    error = parse(response).select_one("[data-pad-error]")
    assert expected in error.get_text() and not error.has_attr("hidden")
    assert stored_rows() == []
    assert not [key for key in storage().list_keys() if key.startswith("signatures/")]


def test_unknown_signer_is_404(client, world, login, case):
    login(world.inspector_a)
    assert client.get(url(case, "witness")).status_code == 404
    assert client.get(url(case, "inspector:999999")).status_code == 404
    assert post_signature(client, case, f"inspector:{world.inspector_b.id}").status_code == 404
    assert client.post(url(case, "witness", "refusal"), data={"refusal": "x"}).status_code == 404
    assert client.post(url(case, "witness", "clear")).status_code == 404


def test_refusal_needs_a_note_and_then_replaces_the_signature(
    client, client_request, world, login, case
):
    login(world.inspector_a)
    response = client.post(url(case, "representative", "refusal"), data={"refusal": "  "})
    assert response.status_code == 422
    page = parse(response)
    assert page.select_one("details.signature-refusal").has_attr("open")
    assert "Write down the refusal" in page.select_one(".signature-refusal .error").get_text()
    assert stored_rows() == []

    note = "当场宣读后拒绝签字，称不认可检查结论。"
    response = client.post(url(case, "representative", "refusal"), data={"refusal": note})
    assert response.status_code == 302
    card = client_request.get(url(case)).select_one("#signer-representative")
    assert "signature-refused" in card["class"]
    assert card.select_one(".signature-refusal-note").get_text() == note
    assert card.select_one("img") is None


def test_an_inspector_cannot_refuse(client, world, login, case):
    login(world.inspector_a)
    key = inspector_keys(case)[1]
    response = client.post(url(case, key, "refusal"), data={"refusal": "busy"})
    assert response.status_code == 422
    assert "Inspectors on the case must sign" in parse(response).get_text()
    assert stored_rows() == []


def test_a_save_from_a_stale_page_is_409_and_keeps_the_drawing(client, world, login, case):
    login(world.inspector_a)
    assert post_signature(client, case, "representative", version="0").status_code == 302
    other = drawing.signature_png(strokes=drawing.STROKES[:1] + drawing.STROKES[2:])
    response = post_signature(client, case, "representative", png=other, version="0")
    assert response.status_code == 409
    page = parse(response)
    assert "Someone else changed this" in page.select_one("[data-pad-error]").get_text()
    assert page.select_one('input[name="signature"]')["value"] == drawing.data_url(other)
    assert page.select_one('form.signature-form input[name="version"]')["value"] == "1"


def test_remove_lets_the_person_sign_again(client, world, login, case):
    login(world.inspector_a)
    post_signature(client, case, "representative")
    response = client.post(url(case, "representative", "clear"), data={"version": "1"})
    assert response.status_code == 302
    assert stored_rows() == []


def _issue(client, case):
    return client.post(f"/inspections/{case.id}/issue", follow_redirects=True)


def test_issuing_waits_for_every_signature_then_succeeds(client, world, login, case):
    answer_every_item(case, world.inspector_a)
    db.session.commit()
    sign_everyone(case, world.inspector_a, skip=("representative",))
    login(world.inspector_a)
    page = parse(_issue(client, case))
    errors = [n.get_text() for n in page.select(".notice-error")]
    assert any("Missing signature or refusal note" in e and "顾建国" in e for e in errors)
    assert db.session.get(Inspection, case.id).case_number is None

    refusal = {"refusal": "拒绝签字。"}
    client.post(url(case, "representative", "refusal"), data=refusal, follow_redirects=True)
    page = parse(_issue(client, case))
    issued = db.session.get(Inspection, case.id)
    assert issued.case_number and issued.status == "issued"
    assert issued.case_number in page.select_one(".notice-success").get_text()


def test_signatures_cannot_change_after_issue(client, client_request, world, login, case):
    answer_every_item(case, world.inspector_a)
    db.session.commit()
    sign_everyone(case, world.inspector_a)
    login(world.inspector_a)
    _issue(client, case)
    before = [(s.id, s.version, s.image_sha256) for s in stored_rows()]

    key = inspector_keys(case)[0]
    response = post_signature(client, case, key, reason="correction")
    assert response.status_code == 422
    assert "can no longer be changed" in parse(response).get_text()
    refusal = client.post(url(case, "representative", "refusal"), data={"refusal": "late"})
    assert refusal.status_code == 422
    assert client.post(url(case, key, "clear")).status_code == 422
    assert [(s.id, s.version, s.image_sha256) for s in stored_rows()] == before

    page = client_request.get(url(case))
    assert page.select(".signature-slot .actions") == []
    assert len(page.select("img.signature-image")) == 3
    assert client_request.get(url(case, key)).select_one("form.signature-form") is None


def test_a_pending_correction_is_signed_on_the_same_pages(
    client, client_request, world, login, case
):
    answer_every_item(case, world.inspector_a)
    db.session.commit()
    sign_everyone(case, world.inspector_a)
    login(world.inspector_a)
    _issue(client, case)
    record_finding(case, world.inspector_a, "补记问题", "PU-8", reason="Late finding")
    db.session.commit()
    page = client_request.get(url(case))
    assert "Late finding" in page.select_one(".correction-notice").get_text()
    assert page.select_one(".signature-progress").get_text(" ", strip=True).startswith("0 of 3")
    assert len(page.select(".signature-slot .actions a")) == 3
    key = inspector_keys(case)[0]
    signing = client_request.get(url(case, key))
    assert "revision 2" in signing.select_one(".correction-notice").get_text()
    assert signing.select_one("form.signature-form")
    response = post_signature(client, case, key, drawing.signature_png(width=9))
    assert response.status_code == 302
    by_revision = sorted((s.revision, s.signer_key) for s in stored_rows())
    assert by_revision.count((2, key)) == 1 and len(by_revision) == 4
    refusal = {"refusal": "不同意更正。"}
    assert client.post(url(case, "representative", "refusal"), data=refusal).status_code == 302
    first = {s.signer_key: s for s in stored_rows() if s.revision == 1}
    assert not first["representative"].refused  # revision 1 keeps what was given on site


def test_image_is_404_outside_scope_or_case(client, world, login, case):
    sign_everyone(case, world.inspector_a)
    signature = stored_rows()[0]
    login(world.inspector_b)  # town B
    assert client.get(url(case, f"{signature.id}.png")).status_code == 404
    login(world.inspector_a)
    other = f"/inspections/{world.inspection_b.id}/signatures/{signature.id}.png"
    assert client.get(other).status_code == 404
    assert client.get(url(case, "999999.png")).status_code == 404


def test_refusal_has_no_image(client, world, login, case):
    login(world.inspector_a)
    client.post(url(case, "representative", "refusal"), data={"refusal": "no"})
    assert client.get(url(case, f"{stored_rows()[0].id}.png")).status_code == 404


def test_supervisor_reads_but_cannot_sign(client, client_request, world, login, case):
    sign_everyone(case, world.inspector_a, skip=("representative",))
    login(world.supervisor_a)
    page = client_request.get(url(case))
    assert len(page.select("li.signature-slot")) == 3
    assert page.select(".signature-slot .actions") == []
    image = page.select_one("img.signature-image")["src"]
    assert client.get(image).status_code == 200
    assert client.get(url(case, "representative")).status_code == 403
    assert post_signature(client, case, "representative").status_code == 403
    refusal = client.post(url(case, "representative", "refusal"), data={"refusal": "x"})
    assert refusal.status_code == 403
    assert len(stored_rows()) == 2


def test_block_partial_embeds_images_for_the_pdf(app, world, case):
    from flask import render_template

    from inspect_app.signatures.services import signer_slots

    sign_everyone(case, world.inspector_a)
    with app.test_request_context():
        html = render_template(
            "partials/_signatures_block.html", slots=signer_slots(case), embed_signatures=True
        )
    sources = [img["src"] for img in BeautifulSoup(html, "html.parser").select("img")]
    assert len(sources) == 3 and all(s.startswith("data:image/png;base64,") for s in sources)
