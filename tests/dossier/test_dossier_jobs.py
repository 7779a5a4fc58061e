"""The case file's PDF is made by the worker and stored: the download says 生成中 (202) until
its documents and then the file itself are stored, and serves the stored file after."""

import pytest
from sqlalchemy import select

from inspect_app.dossier import services
from inspect_app.extensions import db
from inspect_app.jobs.models import RenderJob
from inspect_app.storage import storage
from tests.dossier.conftest import url
from tests.jobs.test_render_jobs import drain
from tests.pages import parse

pytestmark = pytest.mark.queued  # renders wait for the worker (tests/conftest.py)


def test_the_case_file_is_made_by_the_worker_then_served_stored(closed, client, monkeypatch):
    made = []
    real = services.dossier_pdf

    def spy(inspection, proceeding):
        made.append(proceeding.id)
        return real(inspection, proceeding)

    monkeypatch.setattr(services, "dossier_pdf", spy)
    waiting = client.get(url(closed, "pdf"))  # its documents are still with the worker
    assert waiting.status_code == 202 and waiting.headers["Retry-After"] == "3"
    assert parse(waiting).select_one('meta[http-equiv="refresh"]') is not None
    assert client.get(url(closed, "zip")).status_code == 202
    drain()
    waiting = client.get(url(closed, "pdf"))  # now the file itself
    assert waiting.status_code == 202 and made == []
    assert parse(waiting).select_one(".pdf-pending") is not None
    drain()
    assert made == [closed.id]
    job = db.session.scalar(select(RenderJob).filter_by(kind="dossier"))
    assert job.status == "done" and storage().exists(job.result_key)
    first = client.get(url(closed, "pdf"))
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.get_data() == storage().read(job.result_key)
    assert client.get(url(closed, "pdf")).get_data() == first.get_data()
    assert made == [closed.id]  # served again, not made again
    assert client.get(url(closed, "zip")).status_code == 200
