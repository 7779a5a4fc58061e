"""The full edition of the record opens on the public page only with the verification code."""

from http.cookies import SimpleCookie

from inspect_app.extensions import db
from inspect_app.public import services, unlock
from inspect_app.records import services as records
from inspect_app.records.models import Edition
from inspect_app.storage import storage
from tests.pages import parse
from tests.public.helpers import issued_case
from tests.records.helpers import pdf_text


def _full(case) -> str:
    return f"{case.url}/revisions/1/full.pdf"


def _check(client, case, code: str, address: str = "198.51.100.7", **headers):
    return client.post(
        f"{case.url}/check",
        data={"code": code},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def _unlock_cookie(response) -> SimpleCookie:
    cookie = SimpleCookie()
    for header in response.headers.getlist("Set-Cookie"):
        cookie.load(header)
    return cookie


def _private_headers(response) -> None:
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_without_the_code_the_full_edition_is_refused_with_an_explanation(client, case):
    response = client.get(_full(case))
    assert response.status_code == 403 and response.mimetype == "text/html"
    _private_headers(response)
    page = parse(response)
    assert page.h1.get_text(strip=True) == "请先输入验证码"
    assert page.select_one("a.button-primary")["href"] == f"{case.url}#check"
    assert case.code not in response.get_data(as_text=True)


def test_a_wrong_code_is_refused_in_the_users_language(app, client, case):
    response = _check(client, case, "WRONG123")
    assert response.status_code == 422 and unlock.COOKIE not in _unlock_cookie(response)
    with app.test_request_context():
        expected = str(services.WRONG_CODE)
    assert parse(response).select_one("#check .field-error .error").get_text(strip=True) == expected
    assert expected == "验证码与本案件不符。"  # Chinese by default
    client.set_cookie("lang", "en")
    english = _check(client, case, "WRONG456")
    assert english.status_code == 422
    message = parse(english).select_one("#check .field-error .error").get_text(strip=True)
    assert message == "The verification code does not match this case."
    assert client.get(_full(case)).status_code == 403


def test_the_right_code_opens_the_full_edition_for_this_case_only(client, client_request, case):
    response = _check(client, case, case.code.lower())
    assert response.status_code == 200
    _private_headers(response)
    morsel = _unlock_cookie(response)[unlock.COOKIE]
    assert morsel["path"] == case.url and morsel["httponly"] and morsel["samesite"] == "Strict"
    assert int(morsel["max-age"]) == 15 * 60
    assert case.code not in morsel.value and case.inspection.public_token not in morsel.value
    link = parse(response).select_one(".public-check-result a.public-full-link")["href"]
    assert link == _full(case)

    full = client.get(link)
    assert full.status_code == 200 and full.mimetype == "application/pdf"
    _private_headers(full)
    stored = records.record_file(case.inspection, 1, Edition.FULL)
    assert full.data == storage().read(stored.storage_key)
    assert case.code in pdf_text(full.data)
    page = client_request.get(case.url)  # the page now offers the full edition too
    assert [a["href"] for a in page.select("#record a.public-full-link")] == [link]


def test_an_unlock_opens_no_other_case_and_cannot_be_forged(client, case, world):
    other = issued_case(world)
    value = _unlock_cookie(_check(client, case, case.code))[unlock.COOKIE].value
    client.set_cookie(unlock.COOKIE, value, path=other.url)
    assert client.get(_full(other)).status_code == 403
    # Change a whole character of the signature: the last one carries padding bits, so
    # changing only it may leave the signature's bytes as they were.
    forged = value[:-6] + ("A" if value[-6] != "A" else "B") + value[-5:]
    client.set_cookie(unlock.COOKIE, forged, path=case.url)
    assert client.get(_full(case)).status_code == 403


def test_the_unlock_expires(app, client, case):
    _check(client, case, case.code)
    assert client.get(_full(case)).status_code == 200
    app.config["PUBLIC_UNLOCK_SECONDS"] = -1  # any cookie is now older than its lifetime
    assert client.get(_full(case)).status_code == 403


def test_a_withdrawn_link_closes_the_full_edition(client, case):
    _check(client, case, case.code)
    case.inspection.public_revoked_at = case.inspection.issued_at
    db.session.commit()
    assert client.get(_full(case)).status_code == 410


def test_repeated_wrong_codes_throttle_the_check_and_open_nothing(client, case):
    for n in range(5):
        assert _check(client, case, f"BAD{n}XXXX").status_code == 422
    response = _check(client, case, case.code)
    assert response.status_code == 429 and unlock.COOKIE not in _unlock_cookie(response)
    assert client.get(_full(case)).status_code == 403


def test_downloads_never_render(client, case, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a download must not render")

    monkeypatch.setattr(records, "render_document", refuse)
    monkeypatch.setattr(records, "render_record_document", refuse)
    assert client.get(f"{case.url}/revisions/1.pdf").status_code == 200
    _check(client, case, case.code)
    assert client.get(_full(case)).status_code == 200
