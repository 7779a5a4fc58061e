"""A record PDF that cannot be generated for good: staff read why, the public side does not.

The reason quotes what could not be printed, which may be characters of a person's name, so the
public page and its waiting page say only that the PDF cannot be generated.
"""

import pytest
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.jobs.models import RenderJob
from tests.pages import parse
from tests.records import helpers

pytestmark = pytest.mark.queued  # renders wait for the worker (tests/conftest.py)

REASON = "无法打印的字：𪚥（施𪚥）"


@pytest.fixture
def failed_for_good(client, login, world):
    case = helpers.complete_case(world, photos=0)
    login(world.inspector_a)
    client.post(f"/inspections/{case.id}/issue", data={"version": case.version})
    job = db.session.scalar(select(RenderJob).where(RenderJob.inspection_id == case.id))
    job.status, job.permanent, job.error = "failed", True, REASON
    db.session.commit()
    return db.session.get(Inspection, case.id)


def test_staff_read_why_the_pdf_cannot_be_generated(client, failed_for_good):
    notice = parse(client.get(f"/inspections/{failed_for_good.id}")).select_one(".pdf-pending")
    assert REASON in notice.text


def test_the_public_side_says_it_cannot_without_the_reason(client, failed_for_good):
    client.post("/logout")
    public = f"/c/{failed_for_good.public_token}"
    for path in (public, f"{public}/revisions/1.pdf"):
        response = client.get(path)
        notice = parse(response).select_one(".pdf-pending")
        assert notice is not None and "notice-error" in notice["class"], path
        assert "𪚥" not in response.get_data(as_text=True), path
