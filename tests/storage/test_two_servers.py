"""Two app servers on one database and one S3 store: phones issue through both at once, numbers
stay unique and gapless, and every stored file is served by either server."""

import tempfile
import threading
from pathlib import Path

import pytest

from inspect_app import create_app
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.records.services import record_files
from tests import factories
from tests.conftest import make_config
from tests.inspections.helpers import make_ready

PER_SERVER = 3


@pytest.fixture
def app_config(s3_settings):
    return s3_settings


def _phone(server, username: str, case_id: int, version: int, results: list, barrier) -> None:
    client = server.test_client()
    client.post("/login", data={"username": username, "password": factories.PASSWORD})
    barrier.wait()
    response = client.post(f"/inspections/{case_id}/issue", data={"version": version})
    results.append(response.status_code)


def _server(database_uri: str, s3_settings: dict):
    """Another app server: its own local folder (left empty), the shared database and store."""
    return create_app(
        make_config(database_uri, STORAGE_DIR=tempfile.mkdtemp(prefix="server-"), **s3_settings)
    )


def test_two_servers_issue_at_once_and_serve_each_others_files(
    app, world, database_uri, s3_settings
):
    cases = []
    for _ in range(2 * PER_SERVER):
        case = factories.make_inspection(world)
        make_ready(case, world.inspector_a)
        cases.append((case.id, case.version))
    username = world.inspector_a.username
    db.session.remove()
    servers = [_server(database_uri, s3_settings) for _ in range(2)]
    results: list[int] = []
    barrier = threading.Barrier(len(cases), timeout=60)
    threads = [
        threading.Thread(
            target=_phone,
            args=(servers[index % 2], username, case_id, version, results, barrier),
        )
        for index, (case_id, version) in enumerate(cases)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert sorted(results) == [302] * len(cases)

    issued = [db.session.get(Inspection, case_id) for case_id, _ in cases]
    numbers = sorted(int(case.case_number.rsplit("-", 1)[1]) for case in issued)
    assert numbers == list(range(1, len(cases) + 1))
    for server in servers:  # nothing landed in either server's own folder
        folder = server.config["STORAGE_DIR"]
        assert not [path for path in Path(folder).rglob("*") if path.is_file()]
    for server in servers:
        client = server.test_client()
        client.post("/login", data={"username": username, "password": factories.PASSWORD})
        for case in issued:
            stored = record_files(case)
            assert [f.revision for f in stored] == [1]
            response = client.get(f"/inspections/{case.id}/record.pdf")
            assert response.status_code == 200, case.case_number
            assert response.data.startswith(b"%PDF") and len(response.data) == stored[0].size_bytes
