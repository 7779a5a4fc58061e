"""A refused answer keeps the photos chosen: the form carries their refs, nothing to pick again.

The page works without JavaScript and no browser refills a file input, so the server holds the
photos (never serving them) for the next attempt, bound to that order of that case.
"""

from datetime import timedelta
from pathlib import Path

from inspect_app.clock import utcnow
from inspect_app.demo.media import jpeg
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import OrderResponse
from inspect_app.public import services, uploads
from inspect_app.public.models import HeldPhoto
from tests.pages import parse
from tests.public.helpers import answer_form, count, post_answer


def _held_files(app) -> set[Path]:
    return {p for p in (Path(app.config["STORAGE_DIR"]) / "held").rglob("*") if p.is_file()}


def _kept(response, order) -> str:
    return parse(response).find(id=f"order-{order.id}-kept")["value"]


def _post(client, case, order, kept="", forget=False, **fields):
    data = answer_form(order, **fields)
    data[f"order-{order.id}-kept"] = kept
    if forget:
        data[f"order-{order.id}-forget_kept"] = "y"
    return client.post(
        case.answer_url(order),
        data=data,
        content_type="multipart/form-data",
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )


def test_wrong_code_keeps_the_photo_for_the_next_attempt(app, client, case):
    order = case.orders[0]
    refused = post_answer(client, case, order, code="WRONG123", photos=[jpeg(31)])
    assert refused.status_code == 422
    kept = _kept(refused, order)
    held = db.session.query(HeldPhoto).one()
    assert kept == held.ref and len(kept) >= 32
    assert (held.inspection_id, held.order_id, held.filename) == (
        case.inspection.id,
        order.id,
        "photo0.jpg",
    )
    listed = parse(refused).select_one(".public-held").get_text(" ", strip=True)
    assert "photo0.jpg" in listed
    assert held.ref not in parse(refused).select_one(".public-held").get_text()  # only in the field

    sha256 = held.sha256
    sent = _post(client, case, order, kept=kept, code=case.code, photos=[])
    assert sent.status_code == 302
    answer = db.session.query(OrderResponse).one()
    assert [p.sha256 for p in answer.photos] == [sha256]
    assert count(HeldPhoto) == 0 and _held_files(app) == set()


def test_missing_note_keeps_the_photo_and_adds_new_ones(client, case):
    order = case.orders[0]
    refused = post_answer(client, case, order, code=case.code, note=" ", photos=[jpeg(32)])
    assert refused.status_code == 422
    again = _post(
        client, case, order, kept=_kept(refused, order), code=case.code, photos=[jpeg(33)]
    )
    assert again.status_code == 302
    assert len(db.session.query(OrderResponse).one().photos) == 2


def test_missing_code_keeps_the_photo(client, case):
    order = case.orders[0]
    refused = post_answer(client, case, order, code="", photos=[jpeg(34)])
    assert refused.status_code == 422
    assert parse(refused).select_one(f"#order-{order.id}-code[aria-invalid]")
    assert count(HeldPhoto) == 1 and _kept(refused, order)


def test_a_bad_photo_is_not_held(client, case):
    order = case.orders[0]
    refused = post_answer(client, case, order, code="WRONG123", photos=[b"not a photo"])
    assert refused.status_code == 422
    assert count(HeldPhoto) == 0 and _kept(refused, order) == ""


def test_held_photos_are_bound_to_their_order_and_case(app, client, two_orders, world):
    from tests.public.helpers import issued_case

    case, (first, second) = two_orders, two_orders.orders
    ref = _kept(post_answer(client, case, first, code="WRONG123", photos=[jpeg(35)]), first)
    other = issued_case(world)
    for target_case, target in ((case, second), (other, other.orders[0])):
        response = _post(client, target_case, target, kept=ref, code=target_case.code)
        assert response.status_code == 422
        with app.test_request_context():
            gone = str(services.HELD_GONE)
        assert parse(response).select_one(".field-error .error").get_text(strip=True) == gone
    assert count(OrderResponse) == 0 and count(HeldPhoto) == 1


def test_held_photos_are_never_served(client, case):
    order = case.orders[0]
    ref = _kept(post_answer(client, case, order, code="WRONG123", photos=[jpeg(36)]), order)
    held = db.session.query(HeldPhoto).one()
    page = client.get(case.url).get_data(as_text=True)
    assert ref not in page and held.sha256 not in page and held.storage_key not in page
    assert count(Photo) == 0


def test_forgetting_the_kept_photos_deletes_them(app, client, case):
    order = case.orders[0]
    ref = _kept(post_answer(client, case, order, code="WRONG123", photos=[jpeg(37)]), order)
    sent = _post(client, case, order, kept=ref, forget=True, code="WRONG123")
    assert sent.status_code == 422 and _kept(sent, order) == ""
    assert count(HeldPhoto) == 0 and _held_files(app) == set()


def test_held_photos_expire_after_a_day(app, client, case):
    order = case.orders[0]
    ref = _kept(post_answer(client, case, order, code="WRONG123", photos=[jpeg(38)]), order)
    held = db.session.query(HeldPhoto).one()
    held.created_at = utcnow() - uploads.HOLD_FOR - timedelta(minutes=1)
    old = held.sha256
    db.session.commit()
    response = _post(client, case, order, kept=ref, code=case.code)
    assert response.status_code == 422  # the unit is told to choose the photo again
    post_answer(client, case, order, code="WRONG123", photos=[jpeg(39)], key="k2")
    assert old not in [h.sha256 for h in db.session.query(HeldPhoto)]  # purged
    assert len(_held_files(app)) == 1


def test_an_order_holds_a_few_photos_at_most(client, case):
    order = case.orders[0]
    for n in range(uploads.MAX_HELD_PER_ORDER + 3):
        address = f"198.51.100.{n + 10}"  # one address would be throttled after 5 wrong codes
        photos = [jpeg(40 + n)]
        post_answer(client, case, order, address, code="WRONG123", photos=photos, key=f"h{n}")
    assert count(HeldPhoto) == uploads.MAX_HELD_PER_ORDER
