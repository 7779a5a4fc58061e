"""A case from opening to its printed record, through the API alone."""

import pypdfium2 as pdfium
import zxingcpp

from inspect_app.extensions import db
from tests import factories
from tests.api.case_support import PROBLEM, answer_all, jpeg, key, open_case
from tests.signatures.drawing import signature_png


def test_a_case_through_the_api_alone(api, world):
    # The subject registry's API is built beside this one; the subject comes from the factory.
    subject = factories.make_subject(world.town_a, name="洋口化工有限公司")
    db.session.commit()
    caller = api(world.inspector_a)
    case = open_case(caller, world, subject)
    base = f"/api/v1/cases/{case['id']}"
    assert case["status"] == "draft" and case["subject"]["id"] == subject.id

    answer_all(caller, case)
    assert caller.get(base).get_json()["progress"]["answered"] == case["progress"]["total"]

    photo_key = key()
    sent = [
        caller.post(
            base + "/photos",
            key=photo_key,
            data={"file": (_bytes(jpeg(7)), "sheet.jpg"), "kind": "sign_in_sheet"},
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in sent] == [201, 201]
    assert sent[1].headers["Idempotent-Replayed"] == "true"
    assert sent[0].get_json() == sent[1].get_json()
    photos = caller.get(base + "/photos").get_json()["items"]
    assert [p["id"] for p in photos] == [sent[0].get_json()["id"]]

    penalty = {"party": "unit", "violation": "培训记录不真实", "basis_code": "SAFL-97-4"}
    penalty |= {"refusal": "拒绝签收"}
    refused = caller.post(base + "/penalties", key=key(), json={**penalty, "fine_yuan": 5000})
    assert refused.status_code == 422 and refused.mimetype == PROBLEM
    assert "3,000" in refused.get_json()["errors"]["fine_yuan"][0]
    assert caller.get(base + "/penalties").get_json() == []
    imposed = caller.post(base + "/penalties", key=key(), json={**penalty, "fine_yuan": 2000})
    assert imposed.status_code == 201 and imposed.get_json()["fine_yuan"] == 2000

    for slot in caller.get(base + "/signatures").get_json():
        url = f"{base}/signatures/{slot['key']}"
        if slot["may_refuse"]:
            signed = caller.post(url + "/refusal", key=key(), json={"refusal": "拒绝签字"})
        else:
            signed = caller.post(url, key=key(), data={"image": (_bytes(signature_png()), "s.png")})
        assert signed.status_code == 201, signed.get_json()

    case = caller.get(base).get_json()
    assert case["blockers"] == []
    issued = caller.post(base + "/issue", key=key(), json={"version": case["version"]})
    assert issued.status_code == 200, issued.get_json()
    assert issued.get_json()["status"] == "issued" and issued.get_json()["case_number"]

    pdf = caller.get(base + "/record.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    link = caller.get(base + "/public-link").get_json()
    assert link["url"].startswith("https://inspect.test/c/") and len(link["verification_code"]) == 8
    assert _qr_codes(pdf.data) == [link["url"]]


def _bytes(data: bytes):
    from io import BytesIO

    return BytesIO(data)


def _qr_codes(pdf: bytes) -> list[str]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]
