"""Liveness (/healthz) and readiness (/readyz: the database and the file storage)."""

import shutil

import pytest
from sqlalchemy.exc import OperationalError

from inspect_app.extensions import db
from inspect_app.storage.local import LocalStorage


def test_ready_when_database_and_storage_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok", "storage": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_not_ready_without_storage(app, client):
    shutil.rmtree(app.extensions["storage"].root)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "not ready"
    assert response.json["reason"] == "storage unreachable"
    assert response.json["checks"] == {"database": "ok", "storage": "unreachable"}
    assert str(app.extensions["storage"].root) not in response.get_data(as_text=True)


def test_not_ready_without_database(app, client, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused on db.host:5432"))

    monkeypatch.setattr(db.session, "execute", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["reason"] == "database unreachable"
    assert response.json["checks"]["storage"] == "ok"
    assert "db.host" not in response.get_data(as_text=True)  # causes go to the log only
    assert client.get("/healthz").status_code == 200  # alive all the same


def test_storage_check_needs_a_folder_it_can_create_files_in(tmp_path):
    with pytest.raises(OSError):
        LocalStorage(tmp_path / "missing").check()
    (tmp_path / "a-file").write_bytes(b"x")
    with pytest.raises(OSError):
        LocalStorage(tmp_path / "a-file").check()
    LocalStorage(tmp_path).check()
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]  # the probe left nothing
