"""The same contract on every backend: the local folder and an S3 object store (moto's server)."""

import hashlib
import urllib.request
from pathlib import Path

import pytest
from flask import Flask, g

from inspect_app.storage import (
    StorageError,
    discard_new_files,
    make_storage,
    scratch_dir,
)

DATA = b"%PDF-1.7 stored bytes " * 1000


@pytest.fixture(params=["local", "s3"])
def backend(request, tmp_path):
    if request.param == "local":
        return make_storage("local", {"STORAGE_DIR": str(tmp_path / "files")})
    return make_storage("s3", request.getfixturevalue("s3_settings"))


def test_put_names_the_file_by_its_hash_and_is_idempotent(backend):
    key, digest = backend.put(DATA, "documents", ".pdf")
    assert digest == hashlib.sha256(DATA).hexdigest()
    assert key == f"documents/{digest[:2]}/{digest[2:4]}/{digest}.pdf"
    assert backend.put(DATA, "documents", ".pdf") == (key, digest)
    assert backend.read(key) == DATA and backend.size(key) == len(DATA)
    assert list(backend.list_keys()) == [key]


def test_exists_and_delete(backend):
    key, _ = backend.put(b"one", "signatures", ".png")
    assert backend.exists(key)
    backend.delete(key)
    assert not backend.exists(key)
    backend.delete(key)  # deleting what is gone is no error
    assert list(backend.list_keys()) == []


def test_a_missing_file_is_file_not_found(backend):
    key = "documents/00/00/" + "0" * 64 + ".pdf"
    assert not backend.exists(key)
    for read in (backend.read, backend.open, backend.size):
        with pytest.raises(FileNotFoundError):
            read(key)


@pytest.mark.parametrize("key", ["../outside.pdf", "/etc/passwd", "a/../../b", ""])
def test_keys_that_leave_the_storage_are_refused(backend, key):
    with pytest.raises((StorageError, FileNotFoundError)):
        backend.read(key)
    with pytest.raises(StorageError):
        backend.store(key, b"x")


def test_open_streams_with_size_etag_and_seeking(backend):
    key, digest = backend.put(DATA, "documents", ".pdf")
    opened = backend.open(key)
    assert opened.size == len(DATA) and opened.etag == digest
    assert opened.last_modified is not None
    with opened as stream:
        assert stream.read(10) == DATA[:10]
        stream.seek(5000)
        assert stream.read(100) == DATA[5000:5100]
        stream.seek(0)
        assert stream.read() == DATA


def test_store_replaces_the_whole_file(backend):
    key = "documents/aa/bb/" + "a" * 64 + ".pdf"
    backend.store(key, b"first")
    backend.store(key, b"second, longer")
    assert backend.read(key) == b"second, longer"


def test_a_failed_request_takes_back_the_files_it_created(backend):
    app = Flask(__name__)
    app.extensions["storage"] = backend
    old, _ = backend.put(b"kept from before", "photos/thumb", ".jpg")
    with app.test_request_context():
        new, _ = backend.put(b"made by this request", "photos/thumb", ".jpg")
        backend.put(b"kept from before", "photos/thumb", ".jpg")  # existed: not this request's
        assert g.new_storage_keys == [new]
        discard_new_files()
    assert backend.exists(old) and not backend.exists(new)


def test_only_the_object_store_signs_urls(backend, clock):
    key, _ = backend.put(DATA, "documents", ".pdf")
    headers = {"Content-Type": "application/pdf", "Content-Disposition": 'inline; filename="a.pdf"'}
    if not backend.signs_urls:
        with pytest.raises(NotImplementedError):
            backend.signed_url(key, 300, headers)
        return
    url = backend.signed_url(key, 300, headers)
    assert "X-Amz-Expires=300" in url and "X-Amz-Signature=" in url
    with urllib.request.urlopen(url) as answer:
        assert answer.read() == DATA
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"] == 'inline; filename="a.pdf"'


def test_upload_parts_go_under_the_instance_folder_by_default(app):
    """Without STORAGE_DIR (as `make run` starts), parts of resumable uploads still have a home."""
    app.config["STORAGE_DIR"] = ""
    assert scratch_dir() == Path(app.instance_path) / "uploads" / "partial"
