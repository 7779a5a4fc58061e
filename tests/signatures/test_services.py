"""Signature services: what counts as a signature, who may refuse, replacing, freezing, audit."""

import base64
import hashlib
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select

from inspect_app.audit.models import AuditEntry
from inspect_app.demo.builders import answer_every_item
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.issuing.services import issue_blockers, issue_record
from inspect_app.signatures import services
from inspect_app.signatures.models import Signature
from inspect_app.storage import storage
from tests.factories import make_inspection
from tests.signatures import drawing
from tests.signatures.helpers import inspector_keys, sign_everyone


@pytest.fixture
def case(world):
    return make_inspection(world)


def _stored_signature_files() -> list:
    return [key for key in storage().list_keys() if key.startswith("signatures/")]


def test_drawn_png_is_stored_reencoded_with_its_hash(case, world):
    key = inspector_keys(case)[0]
    signature = services.record_signature(case, world.inspector_a, key, drawing.signature_png())
    db.session.commit()

    stored = storage().read(signature.image_key)
    assert storage().exists(signature.image_key)
    assert hashlib.sha256(stored).hexdigest() == signature.image_sha256
    image = Image.open(BytesIO(stored))
    assert image.format == "PNG" and image.size == (600, 200)
    assert "Author" not in image.info  # metadata stripped
    assert image.convert("L").getpixel((0, 0)) == 255  # transparency flattened onto white
    assert (signature.role, signature.user_id) == ("inspector", world.inspector_a.id)
    assert signature.signer_name == case.inspectors[0].name
    assert signature.recorded_by_id == world.inspector_a.id and not signature.refused


@pytest.mark.parametrize(
    ("make_bytes", "expected"),
    [
        (drawing.jpeg_signature, "must be a PNG image"),
        (drawing.svg_signature, "must be a PNG image"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "must be a PNG image"),
        (lambda: bytes(range(256)) * 40, "must be a PNG image"),
        (drawing.oversized_png, "larger than 2000 × 1000 pixels"),
        (drawing.bomb_png, "larger than 2000 × 1000 pixels"),
        (drawing.heavy_png, "larger than 1 MB"),
        (drawing.blank_png, "blank or holds only a dot"),
        (drawing.tap_png, "blank or holds only a dot"),
        (lambda: b"", "Draw the signature in the box first"),
    ],
    ids=["jpeg", "svg", "broken-png", "garbage", "huge", "bomb", "heavy", "blank", "tap", "empty"],
)
def test_anything_but_a_drawn_png_is_refused_and_nothing_stored(case, world, make_bytes, expected):
    key = inspector_keys(case)[0]
    with pytest.raises(services.SignatureRejected) as refused:
        services.record_signature(case, world.inspector_a, key, make_bytes())
    assert expected in str(refused.value.message)
    assert _stored_signature_files() == []
    assert db.session.scalars(select(Signature)).all() == []


def test_truncated_png_is_refused():
    whole = drawing.signature_png()
    with pytest.raises(services.SignatureRejected):
        services.clean_signature_png(whole[: len(whole) // 2])


def test_unknown_signer_is_refused(case, world):
    with pytest.raises(CaseError):
        services.record_signature(case, world.inspector_a, "inspector:999999", b"x")
    with pytest.raises(CaseError):
        services.record_signature(case, world.inspector_a, "witness", b"x")


def test_a_colleague_signs_on_the_same_phone_and_it_is_recorded(case, world):
    colleague = case.inspectors[1]
    key = inspector_keys(case)[1]
    signature = services.record_signature(case, world.inspector_a, key, drawing.signature_png())
    assert signature.user_id == colleague.user_id
    assert signature.recorded_by_id == world.inspector_a.id
    assert signature.recorded_by_someone_else


def test_refusal_is_for_the_representative_only_and_needs_a_note(case, world):
    with pytest.raises(CaseError) as inspector_refuses:
        services.record_refusal(
            case, world.inspector_a, "does not want to", signer_key=inspector_keys(case)[0]
        )
    assert "Only the unit's representative" in str(inspector_refuses.value.message)
    with pytest.raises(CaseError) as blank:
        services.record_refusal(case, world.inspector_a, "   ")
    assert "Write down the refusal" in str(blank.value.message)

    refusal = services.record_refusal(case, world.inspector_a, "  拒绝签字，称不认可检查结论。 ")
    assert refusal.refused and refusal.image_key is None
    assert refusal.refusal_reason == "拒绝签字，称不认可检查结论。"
    assert refusal.role == "representative" and refusal.signer_name == "顾建国"


def test_signing_replaces_a_refusal_and_keeps_one_row_per_signer(case, world):
    services.record_refusal(case, world.inspector_a, "refused at first")
    db.session.commit()
    signed = services.record_signature(
        case, world.inspector_a, "representative", drawing.signature_png()
    )
    db.session.commit()
    rows = db.session.scalars(select(Signature)).all()
    assert rows == [signed] and signed.is_signed and signed.refusal_reason is None
    assert signed.version == 2


def test_the_same_drawing_twice_is_one_save(case, world):
    png = drawing.signature_png()
    first = services.record_signature(case, world.inspector_a, "representative", png, None, 0)
    db.session.commit()
    again = services.record_signature(case, world.inspector_a, "representative", png, None, 0)
    db.session.commit()
    assert again.id == first.id and again.version == 1
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("record_signature") == 1


def test_a_save_from_a_stale_page_is_refused(case, world):
    services.record_signature(case, world.inspector_a, "representative", drawing.signature_png())
    db.session.commit()
    other = drawing.signature_png(strokes=drawing.STROKES[:2])
    with pytest.raises(StaleEdit):  # this phone opened the page before anyone had signed
        services.record_signature(case, world.inspector_a, "representative", other, None, 0)
    with pytest.raises(StaleEdit):
        services.clear_signature(case, world.inspector_a, "representative", base_version=7)


def test_clearing_removes_the_entry_and_blocks_issuing_again(case, world):
    answer_every_item(case, world.inspector_a)
    db.session.commit()
    sign_everyone(case, world.inspector_a)
    assert issue_blockers(case) == []
    services.clear_signature(case, world.inspector_a, "representative")
    db.session.commit()
    assert services.find_slot(case, "representative").signature is None
    assert any("顾建国" in blocker for blocker in issue_blockers(case))


def test_signatures_are_frozen_once_the_record_is_issued(case, world):
    answer_every_item(case, world.inspector_a)
    db.session.commit()
    sign_everyone(case, world.inspector_a)
    issue_record(case, world.inspector_a)
    db.session.commit()
    before = {s.signer_key: s.version for s in db.session.scalars(select(Signature))}
    attempts = [
        lambda: services.record_signature(
            case, world.inspector_a, "representative", drawing.signature_png(), "typo"
        ),
        lambda: services.record_refusal(case, world.inspector_a, "changed mind", "typo"),
        lambda: services.clear_signature(case, world.inspector_a, "representative", "typo"),
    ]
    for attempt in attempts:
        with pytest.raises(services.SignaturesFrozen) as frozen:
            attempt()
        assert "can no longer be changed" in str(frozen.value.message)
    db.session.rollback()
    assert {s.signer_key: s.version for s in db.session.scalars(select(Signature))} == before


def test_every_change_is_audited(case, world):
    key = inspector_keys(case)[0]
    first = services.record_signature(case, world.inspector_a, key, drawing.signature_png())
    first_sha = first.image_sha256
    second = services.record_signature(
        case, world.inspector_a, key, drawing.signature_png(strokes=drawing.STROKES[1:])
    )
    services.record_refusal(case, world.inspector_a, "will not sign")
    services.clear_signature(case, world.inspector_a, key)
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    mine = [e for e in entries if e.entity == "Signature"]
    assert [e.action for e in mine] == [
        "record_signature",
        "record_signature",
        "record_refusal",
        "clear_signature",
    ]
    assert all(e.inspection_id == case.id and e.user_id == world.inspector_a.id for e in mine)
    assert mine[1].details["replaced_sha256"] == first_sha
    assert mine[1].details["sha256"] == second.image_sha256
    assert mine[2].details == {"signer": "representative", "note": "will not sign"}
    assert mine[3].details["signer"] == key


def test_data_uri_embeds_the_stored_png(case, world):
    signature = services.record_signature(
        case, world.inspector_a, "representative", drawing.signature_png()
    )
    uri = services.signature_data_uri(signature)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == storage().read(signature.image_key)
    refusal = services.record_refusal(case, world.inspector_a, "no")
    assert services.signature_data_uri(refusal) == ""


def test_slots_list_inspectors_then_the_representative(case, world):
    slots = services.signer_slots(case)
    assert [s.role for s in slots] == ["inspector", "inspector", "representative"]
    assert slots[0].cert_no == world.inspector_a.cert_no and slots[0].cert_no
    assert slots[2].position == "主要负责人" and slots[2].may_refuse
    assert not slots[0].may_refuse
