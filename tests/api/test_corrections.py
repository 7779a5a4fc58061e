"""The API side of a correction (更正): signatures go to the open revision, then the correction
is issued once; a retry makes no second revision."""

from io import BytesIO

from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.inspections.models import Revision
from inspect_app.issuing.services import issue_record
from tests.records import helpers
from tests.signatures.helpers import correction_png

LATE_FINDING = "补记：安全培训档案缺页。"
REASON = "现场遗漏一项问题"


def _revisions() -> int:
    return db.session.scalar(select(func.count()).select_from(Revision))


def test_api_signs_the_open_revision_and_issues_the_correction(api, world):
    user = world.inspector_a
    case = helpers.complete_case(world, photos=0)
    issue_record(case, user)
    db.session.commit()
    caller = api(user)
    base = f"/api/v1/cases/{case.id}"
    frozen = caller.post(base + "/signatures/representative", "s0", data={"image": _file()})
    assert frozen.status_code == 422 and "更正" in frozen.get_json()["detail"]
    record_finding(case, user, LATE_FINDING, "PU-8", reason=REASON)
    db.session.commit()
    assert caller.get(base).get_json()["pending_correction"] == [REASON]
    for slot in caller.get(base + "/signatures").get_json():
        assert slot["signature"] is None  # nobody has signed revision 2 yet
        url = f"{base}/signatures/{slot['key']}"
        signed = caller.post(url, "s-" + slot["key"], data={"image": _file()})
        assert signed.status_code == 201, signed.get_json()
    version = caller.get(base).get_json()["version"]
    issued = caller.post(base + "/correction", "c1", json={"version": version})
    assert issued.status_code == 201, issued.get_json()
    assert issued.get_json()["number"] == 2 and issued.get_json()["reason"] == REASON
    retried = caller.post(base + "/correction", "c1", json={"version": version})
    assert retried.status_code == 201 and retried.get_json() == issued.get_json()
    stale = caller.post(base + "/correction", "c2", json={"version": version})
    assert stale.status_code == 409
    again = caller.post(base + "/correction", "c3", json={"version": None})
    assert again.status_code == 422 and again.get_json()["detail"]
    assert _revisions() == 2


def _file():
    return (BytesIO(correction_png()), "signature.png", "image/png")
