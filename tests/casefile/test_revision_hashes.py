"""Every demo revision's stored hash is the SHA-256 of its snapshot's canonical bytes, and the
latest revision of an unchanged case is what the case builds into today."""

from sqlalchemy import select

from inspect_app.casefile.snapshot import build_snapshot, canonical_bytes, snapshot_hash
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Revision


def test_every_demo_revision_hash_verifies(demo_app):
    revisions = list(db.session.scalars(select(Revision)))
    assert len(revisions) >= 6
    for revision in revisions:
        assert revision.snapshot["schema"] == 1
        assert snapshot_hash(revision.snapshot) == revision.sha256, revision.id


def test_latest_revision_is_rebuilt_byte_for_byte(demo_app):
    issued = [c for c in db.session.scalars(select(Inspection)) if c.revisions]
    assert issued
    for case in issued:
        latest = case.revisions[-1]
        assert canonical_bytes(build_snapshot(case)) == canonical_bytes(latest.snapshot)
