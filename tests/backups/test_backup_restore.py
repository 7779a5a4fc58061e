"""`flask backup create` and `backup restore`: a restored instance holds every row and every
stored file of the original, hashes intact; a damaged archive is refused before anything is
written."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from inspect_app import create_app
from inspect_app.casefile.snapshot import snapshot_hash
from inspect_app.documents.models import Document
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.records.models import RecordFile
from inspect_app.signatures.models import Signature
from inspect_app.storage import scratch_dir, storage
from tests.conftest import make_config


def _invoke(app, *args: str):
    """Run `flask backup …` on that app (the CLI uses whichever app's context is current)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=["backup", *args])


def _rows(app) -> dict[str, list[tuple]]:
    """Every row of every table, in key order, read from that app's database."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
        }


def _files(app) -> dict[str, str]:
    with app.app_context():
        return {
            key: hashlib.sha256(storage().read(key)).hexdigest() for key in storage().list_keys()
        }


def _empty_twin(app, tmp_path: Path):
    """A new instance of the same database kind with no tables and no files."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        name = f"{url.database}_restored"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        target = url.set(database=name).render_as_string(hide_password=False)
    return create_app(make_config(target, STORAGE_DIR=str(tmp_path / "restored-files")))


def _store_some_files(app) -> None:
    with app.app_context():
        storage().put(b"%PDF-1.7 a record", "records", ".pdf")
        storage().put(b"\x89PNG a signature", "signatures", ".png")
        part = scratch_dir() / "3-7-upload-key.part"  # an upload under way: not kept
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(b"the first half of a photo")


def _assert_same_instance(source, restored) -> None:
    source_rows, restored_rows = _rows(source), _rows(restored)
    assert restored_rows == source_rows
    files = _files(source)
    assert not any(key.startswith("partial/") for key in files)
    assert _files(restored) == files
    assert all(key.rsplit("/", 1)[-1].startswith(digest) for key, digest in files.items())


def test_a_backup_restores_the_demo_into_an_empty_instance(demo_app, tmp_path):
    archive = tmp_path / "backup.tar"
    created = _invoke(demo_app, "create", "-o", str(archive))
    assert created.exit_code == 0, created.output
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert Path(f"{archive}.sha256").read_text() == f"{digest}  backup.tar\n"
    restored = create_app(
        make_config(
            f"sqlite:///{tmp_path / 'new.sqlite3'}", STORAGE_DIR=str(tmp_path / "new-files")
        )
    )
    result = _invoke(restored, "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert _rows(restored) == _rows(demo_app)
    assert _files(restored) == _files(demo_app)
    with restored.app_context():
        revisions = db.session.scalars(select(Revision)).all()
        assert revisions
        for revision in revisions:  # every record's hash still proves its frozen content
            assert snapshot_hash(revision.snapshot) == revision.sha256
        for case in db.session.scalars(select(Inspection).where(Inspection.revision > 0)):
            assert case.record_sha256 == max(case.revisions, key=lambda r: r.number).sha256
        stored = [(f.storage_key, f.sha256) for f in db.session.scalars(select(RecordFile))]
        stored += [(d.storage_key, d.sha256) for d in db.session.scalars(select(Document))]
        stored += [(p.original_key, p.sha256) for p in db.session.scalars(select(Photo))]
        signatures = db.session.scalars(select(Signature).where(Signature.image_key.is_not(None)))
        stored += [(s.image_key, s.image_sha256) for s in signatures]
        assert {"records", "documents", "photos", "signatures"} <= {
            k.split("/")[0] for k, _ in stored
        }
        for key, sha256 in stored:  # every file a row points at, byte for byte
            assert hashlib.sha256(storage().read(key)).hexdigest() == sha256, key


def test_a_backup_round_trips_on_each_database(app, world, tmp_path):
    _store_some_files(app)
    archive = tmp_path / "backup.tar"
    assert _invoke(app, "create", "-o", str(archive)).exit_code == 0
    assert _invoke(app, "verify", str(archive)).exit_code == 0
    restored = _empty_twin(app, tmp_path)
    result = _invoke(restored, "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert "restored" in result.output
    _assert_same_instance(app, restored)
    with restored.app_context():
        db.engine.dispose()


def test_a_restore_needs_an_empty_instance(app, world, tmp_path):
    archive = tmp_path / "backup.tar"
    assert _invoke(app, "create", "-o", str(archive)).exit_code == 0
    result = _invoke(app, "restore", str(archive))
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert _invoke(app, "create", "-o", str(archive)).exit_code != 0  # never overwritten


def _rewrite(archive: Path, change) -> None:
    """Copy the archive member by member through change(name, data) -> data | None (drop)."""
    members = []
    with tarfile.open(archive) as old:
        for member in old.getmembers():
            members.append((member, old.extractfile(member).read()))
    with tarfile.open(archive, "w") as new:
        for member, data in members:
            data = change(member.name, data)
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))


def _flip_a_file(name: str, data: bytes) -> bytes:
    return data[:-1] + b"?" if name.startswith("files/records/") else data


def _drop_a_file(name: str, data: bytes) -> bytes | None:
    return None if name.startswith("files/signatures/") else data


def _edit_manifest(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["files"] = manifest["files"][1:]
    return json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "keep_checksum", "message"),
    [
        (_flip_a_file, True, "checksum mismatch with backup.tar.sha256"),
        (_flip_a_file, False, "hash mismatch: stored file records/"),
        (_drop_a_file, False, "missing file: files/signatures/"),
        (_edit_manifest, False, "checksum mismatch: manifest.json does not match SHA256SUMS"),
    ],
)
def test_a_damaged_archive_is_refused_before_anything_is_written(
    app, world, tmp_path, change, keep_checksum, message
):
    _store_some_files(app)
    archive = tmp_path / "backup.tar"
    assert _invoke(app, "create", "-o", str(archive)).exit_code == 0
    _rewrite(archive, change)
    if not keep_checksum:
        Path(f"{archive}.sha256").unlink()
    target = create_app(
        make_config(f"sqlite:///{tmp_path / 'new.sqlite3'}", STORAGE_DIR=str(tmp_path / "new"))
    )
    for command in ("verify", "restore"):
        result = _invoke(target, command, str(archive))
        assert result.exit_code == 1
        assert message in result.output, result.output
    assert _files(target) == {}
    with target.app_context():
        assert inspect(db.engine).get_table_names() == []  # nothing restored


def test_a_file_that_is_no_archive_is_refused(app, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file at all" * 100)
    result = _invoke(app, "restore", str(junk))
    assert result.exit_code == 1
    assert "not a readable backup archive" in result.output
    assert "no such file" in _invoke(app, "restore", str(tmp_path / "absent.tar")).output
