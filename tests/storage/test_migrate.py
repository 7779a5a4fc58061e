"""`storage migrate`: every file to the other backend, each checked by its SHA-256, resumable;
a file that does not match its hash is refused with a non-zero exit."""

import hashlib

import pytest

from inspect_app.extensions import db
from inspect_app.issuing.services import issue_record
from inspect_app.storage import digest_of, make_storage, storage
from inspect_app.storage.migrate import referenced_keys
from tests.records import helpers


@pytest.fixture
def issued(world):
    case = helpers.complete_case(world, photos=2)
    issue_record(case, world.inspector_a)
    db.session.commit()
    return case


@pytest.fixture
def s3_target(app, s3_settings):
    """The app still on its folder, with the S3 settings of an empty bucket beside."""
    app.config.update({k: v for k, v in s3_settings.items() if k != "STORAGE_BACKEND"})
    return make_storage("s3", s3_settings)


def _migrate(app, to: str):
    return app.test_cli_runner().invoke(args=["storage", "migrate", "--to", to])


def test_local_to_s3_and_back_copies_every_file_verified(app, issued, s3_target, tmp_path):
    local = storage()
    keys = set(local.list_keys())
    assert referenced_keys() <= keys and len(keys) >= 5  # record, photos (3 sizes), signatures
    result = _migrate(app, "s3")
    assert result.exit_code == 0, result.output
    assert f"copied {len(keys)} " in result.output and "hash mismatches 0" in result.output
    assert set(s3_target.list_keys()) == keys
    for key in keys:
        assert s3_target.read(key) == local.read(key)

    again = _migrate(app, "s3")  # resumable: what is there is checked, not copied again
    assert again.exit_code == 0 and f"copied 0 (0 bytes), already there {len(keys)}" in again.output

    app.config.update(STORAGE_BACKEND="s3", STORAGE_DIR=str(tmp_path / "back"))
    app.extensions["storage"] = s3_target
    back = _migrate(app, "local")
    assert back.exit_code == 0, back.output
    returned = make_storage("local", {"STORAGE_DIR": str(tmp_path / "back")})
    assert set(returned.list_keys()) == keys
    for key in keys:
        assert hashlib.sha256(returned.read(key)).hexdigest() == digest_of(key)


def test_a_file_that_does_not_match_its_hash_is_refused(app, issued, s3_target):
    damaged = sorted(referenced_keys())[0]
    storage().store(damaged, storage().read(damaged) + b"flipped")
    result = _migrate(app, "s3")
    assert result.exit_code == 1
    assert f"mismatch at the source\t{damaged}" in result.output
    assert "hash mismatches 1" in result.output and "refused" in result.output
    assert not s3_target.exists(damaged)
    assert len(list(s3_target.list_keys())) == len(list(storage().list_keys())) - 1


def test_a_file_named_by_the_database_but_stored_nowhere_fails_the_run(app, issued, s3_target):
    lost = sorted(referenced_keys())[-1]
    storage().delete(lost)
    result = _migrate(app, "s3")
    assert result.exit_code == 1 and f"missing\t{lost}" in result.output


def test_the_configured_backend_is_no_target(app):
    result = _migrate(app, "local")
    assert result.exit_code == 1 and "already local" in result.output


def test_an_unreachable_target_stops_the_run_with_a_message(app, issued):
    app.config.update(S3_BUCKET="gone", S3_ENDPOINT_URL="http://127.0.0.1:9")
    result = _migrate(app, "s3")
    assert result.exit_code == 1 and "cannot be reached" in result.output
    assert "Traceback" not in result.output


def test_an_s3_target_without_a_bucket_is_refused(app):
    result = _migrate(app, "s3")
    assert result.exit_code == 1 and "S3_BUCKET" in result.output
