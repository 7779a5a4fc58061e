"""The unit answers a rectification order: code, note and photos; throttles; all or nothing."""

import hmac
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from inspect_app.audit.models import AuditEntry
from inspect_app.demo.media import GPS, gps_exif, jpeg
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import OrderResponse
from inspect_app.public import services
from inspect_app.ratelimit import RateEvent
from tests.pages import parse
from tests.public.helpers import count, post_answer


def _files(app) -> set[Path]:
    return {p for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file()}


def _code_error(response) -> str:
    page = parse(response)
    return page.select_one(".field-error .error").get_text(strip=True)


def test_answer_with_photos_is_stored_and_shown(client, client_request, case):
    order = case.orders[0]
    photos = [jpeg(1, exif=gps_exif()), jpeg(2)]
    response = post_answer(client, case, order, code=case.code, photos=photos)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{case.url}#order-{order.id}")
    stored = db.session.query(OrderResponse).one()
    assert stored.order_id == order.id and stored.note == "已补齐培训档案并重新组织培训"
    assert len(stored.photos) == 2
    assert all(
        p.uploaded_by_id is None and p.inspection_id == case.inspection.id for p in stored.photos
    )
    assert stored.photos[0].gps_lat == pytest.approx(GPS[0], abs=1e-4)  # kept for the inspector
    entry = db.session.query(AuditEntry).filter_by(action="answer_order").one()
    assert entry.user_id is None and entry.details["order"] == order.id
    assert case.inspection.revision == 1  # an answer is not a change of the record

    page = client_request.get(case.url)
    card = page.select_one(f"#order-{order.id}")
    assert card.select_one(".public-awaiting")
    assert "已补齐培训档案并重新组织培训" in card.select_one(".public-answer-note").get_text()
    thumbs = card.select(".public-answer img")
    assert len(thumbs) == 2
    image = client.get(thumbs[0]["src"])
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.headers["Cache-Control"] == "no-store"


def test_wrong_code_is_refused_and_nothing_is_stored(app, client, case):
    """Nothing but the chosen photo, held for the next attempt (see test_held_photos)."""
    before = _files(app)
    response = post_answer(client, case, case.orders[0], code="WRONG123", photos=[jpeg(3)])
    assert response.status_code == 422
    with app.test_request_context():
        assert _code_error(response) == str(services.WRONG_CODE)
    page = parse(response)
    note = page.find(id=f"order-{case.orders[0].id}-note").get_text()
    assert "已补齐培训档案" in note  # what was typed is kept
    assert page.select_one("details.public-answer-box")["open"] is not None
    assert count(OrderResponse) == 0 and count(Photo) == 0
    added = _files(app) - before
    assert [p.relative_to(app.config["STORAGE_DIR"]).parts[0] for p in added] == ["held"]
    assert count(RateEvent) == 2  # counted per address and per case


def test_code_is_compared_in_constant_time_after_normalising(client, case, monkeypatch):
    calls, original = [], hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(services.hmac, "compare_digest", recording)
    typed = " " + case.code[:4].lower() + " " + case.code[4:].lower() + " "
    assert post_answer(client, case, case.orders[0], code=typed).status_code == 302
    assert calls == [(case.code.encode(), case.code.encode())]


def test_repeated_wrong_codes_delay_even_the_right_code(client, case, clock):
    clock.move_to(clock.now(), tick=False)
    order = case.orders[0]
    for n in range(5):
        response = post_answer(client, case, order, code=f"BAD{n}XXXX", key=f"w{n}")
        assert response.status_code == 422
    response = post_answer(client, case, order, code=case.code, key="right")
    assert response.status_code == 429
    assert "请等待 1 秒" in _code_error(response)
    assert count(OrderResponse) == 0
    # Another address is not held back by this one's mistakes.
    other = post_answer(client, case, order, address="203.0.113.9", code=case.code, key="other")
    assert other.status_code == 302


def test_wrong_codes_from_many_addresses_delay_the_case(client, case, clock):
    clock.move_to(clock.now(), tick=False)
    order = case.orders[0]
    for n in range(10):
        address = f"198.51.100.{n + 1}"
        assert post_answer(client, case, order, address=address, code="NOPE").status_code == 422
    response = post_answer(client, case, order, address="198.51.100.99", code=case.code)
    assert response.status_code == 429


def test_strangers_guessing_cannot_lock_the_unit_out_of_its_case(client, case, clock):
    """Forty wrong codes from many addresses in an hour: the unit waits a minute at most."""
    clock.move_to(clock.now(), tick=False)
    order = case.orders[0]
    for n in range(40):
        clock.shift(timedelta(seconds=61))
        address = f"198.51.100.{n + 1}"
        assert post_answer(client, case, order, address=address, code="NOPE").status_code == 422
    response = post_answer(client, case, order, address="203.0.113.5", code=case.code, key="u1")
    assert response.status_code == 429
    assert "请等待 60 秒" in _code_error(response)
    clock.shift(timedelta(seconds=60))
    response = post_answer(client, case, order, address="203.0.113.5", code=case.code, key="u2")
    assert response.status_code == 302


def test_answers_are_rate_limited_per_case(client, two_orders, monkeypatch):
    monkeypatch.setattr(services, "ANSWERS_PER_CASE", ("public_answer", 2, timedelta(hours=1)))
    case, (first, second) = two_orders, two_orders.orders
    assert post_answer(client, case, first, code=case.code, key="a1").status_code == 302
    assert post_answer(client, case, second, code=case.code, key="a2").status_code == 302
    response = post_answer(client, case, first, code=case.code, key="a3")
    assert response.status_code == 429
    assert count(OrderResponse) == 2


def test_one_bad_photo_refuses_the_whole_answer(app, client, case):
    before = _files(app)
    photos = [jpeg(4), b"this is not a photo at all"]
    response = post_answer(client, case, case.orders[0], code=case.code, photos=photos)
    assert response.status_code == 422
    message = parse(response).select_one(".field-error .error").get_text()
    assert "2" in message
    assert count(OrderResponse) == 0 and count(Photo) == 0
    assert _files(app) == before


def test_too_many_photos_are_refused(client, case):
    photos = [jpeg(10 + n) for n in range(services.MAX_RESPONSE_PHOTOS + 1)]
    response = post_answer(client, case, case.orders[0], code=case.code, photos=photos)
    assert response.status_code == 422
    assert count(OrderResponse) == 0


def test_note_is_required(client, case):
    response = post_answer(client, case, case.orders[0], code=case.code, note="  ")
    assert response.status_code == 422
    assert count(OrderResponse) == 0


def test_double_tap_stores_one_answer(client, case):
    order = case.orders[0]
    for _ in range(2):
        response = post_answer(client, case, order, code=case.code, photos=[jpeg(5)], key="same")
        assert response.status_code == 302
    assert count(OrderResponse) == 1 and count(Photo) == 1


def test_same_photo_twice_in_one_answer_is_kept_once(client, case):
    photo = jpeg(6)
    response = post_answer(client, case, case.orders[0], code=case.code, photos=[photo, photo])
    assert response.status_code == 302
    assert count(Photo) == 1


def test_public_photo_view_serves_only_answer_photos_as_copies(client, case, world):
    from inspect_app.evidence.services import store_photo

    evidence, _ = store_photo(
        case.inspection, world.inspector_a, jpeg(7), kind="sign_in_sheet", reason="补拍签到表"
    )
    db.session.commit()
    assert (
        post_answer(client, case, case.orders[0], code=case.code, photos=[jpeg(8)]).status_code
        == 302
    )
    sent = db.session.query(Photo).filter(Photo.response_id.isnot(None)).one()
    base = f"{case.url}/photos"
    assert client.get(f"{base}/{evidence.id}/thumb").status_code == 404
    assert client.get(f"{base}/{sent.id}/original").status_code == 404
    display = client.get(f"{base}/{sent.id}/display")
    assert display.status_code == 200
    assert Image.open(BytesIO(display.data)).getexif().get_ifd(0x8825) == {}


def test_gps_never_reaches_the_public_copies(client, case):
    post_answer(client, case, case.orders[0], code=case.code, photos=[jpeg(9, exif=gps_exif())])
    sent = db.session.query(Photo).one()
    for variant in ("display", "thumb"):
        data = client.get(f"{case.url}/photos/{sent.id}/{variant}").data
        assert b"GPS" not in data and b"Exif" not in data


def test_rectified_order_takes_no_answer(client, client_request, case, world):
    order = case.orders[0]
    order.status = "rectified"
    db.session.commit()
    page = client_request.get(case.url)
    assert not page.select("form.public-answer-form")
    response = post_answer(client, case, order, code=case.code)
    assert response.status_code == 422
    assert count(OrderResponse) == 0
