"""What the record shows, built from a revision's frozen snapshot (or the live case for a draft).

Never ID numbers, phone numbers or GPS: the snapshot holds none, and certificate spot checks
show masked names (张*三) and certificate numbers (often the holder's ID number).
"""

import base64
import hashlib
import re
from datetime import date, datetime
from functools import lru_cache

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from inspect_app.catalogs import CatalogError, load_campaign
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.i18n import mask_id_number
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.inspections.snapshot import build_snapshot
from inspect_app.penalties.models import find_basis
from inspect_app.records.pdf import print_jpeg
from inspect_app.records.qr import qr_data_uri
from inspect_app.signatures.models import Signature
from inspect_app.storage import Storage, StorageError, storage

HASH_PREFIX = 16
PRINT_CACHE_SIZE = 64  # print copies (~100 kB each) kept in memory between renders
_COUNTER = re.compile("\x00(pages?)\x00")


class RecordFileMissing(CaseError):
    """A photo or signature image of the record is not in storage (or no longer matches)."""

    message = _l(
        "A stored photo or signature of this record is missing or damaged. Ask the administrator."
    )


def record_context(inspection: Inspection, revision: Revision | None = None) -> dict:
    """What the template shows: the frozen snapshot of a revision, or the live case (draft)."""
    record = revision.snapshot if revision is not None else build_snapshot(inspection)
    photos = _photos(inspection, record["photos"])
    photo_no = {p["sha256"]: p["number"] for p in photos}
    finding_no = {f["id"]: n for n, f in enumerate(record["findings"], 1)}
    return {
        "record": record,
        "revision": revision,
        "draft": revision is None,
        "campaign_name": _campaign_name(record["campaign"]),
        "started_at": _datetime(record["started_at"]),
        "checks": [_check(c) for c in record["certificate_checks"]],
        "quizzes": quiz_results(record),
        "findings": [_finding(f, n, photo_no) for n, f in enumerate(record["findings"], 1)],
        "orders": [_order(o, n, finding_no) for n, o in enumerate(record["orders"], 1)],
        "penalties": [_penalty(p) for p in record["penalties"]],
        "signatures": _signature_slots(inspection, record),
        "photos": photos,
        "verification": verification(inspection, revision),
        "footer_content": footer_content(None if revision is None else record["case_number"]),
    }


def verification(inspection: Inspection, revision: Revision | None) -> dict | None:
    """The QR code (public URL), the verification code and the record hash prefix."""
    if revision is None or not inspection.public_url:
        return None
    return {
        "url": inspection.public_url,
        "qr": qr_data_uri(inspection.public_url),
        "code": inspection.verification_code,
        "hash": revision.sha256[:HASH_PREFIX],
    }


def quiz_results(record: dict) -> list:
    """The snapshot's quiz results (workers' papers and oral questions), when there are any."""
    return list(record.get("quizzes") or [])


def mask_name(name: str | None) -> str:
    """张三丰 → 张*丰, 欧阳小明 → 欧**明, 张三 → 张*: the first and last character kept."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def footer_content(case_number: str | None) -> Markup:
    """The CSS content of the page footer: 第 x 页 共 y 页 · 案件编号 … (or · 草稿)."""
    label = _("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    if case_number:
        label += " · " + _("Case number %(number)s", number=case_number)
    else:
        label += " · " + _("Draft")
    pieces = _COUNTER.split(label)  # odd positions name a counter
    css = [f"counter({p})" if i % 2 else css_string(p) for i, p in enumerate(pieces) if p]
    return Markup(" ".join(css))


def css_string(text: str) -> str:
    """Text as a quoted CSS string that cannot close the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return '"' + escaped.replace("<", "\\3c ") + '"'


def _campaign_name(code: str) -> str:
    try:
        return load_campaign(code).name_zh
    except CatalogError:
        return code


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _check(check: dict) -> dict:
    """A certificate spot check with the name and certificate number masked."""
    return {
        "person": mask_name(check["person"]),
        "position": check["position"],
        "certificate_kind": check["certificate_kind"],
        "certificate_number": mask_id_number(check["certificate_number"]),
        "shown": check["shown"],
        "number_matches": check["number_matches"],
        "status": check["status"],
        "platform_verified": check["platform_verified"],
        "result": check["result"],
        "note": check["note"],
    }


def _finding(finding: dict, number: int, photo_no: dict[str, int]) -> dict:
    return {
        "number": number,
        "item": finding["item"],
        "description": finding["description"],
        "photos": [photo_no[sha] for sha in finding["photos"] if sha in photo_no],
    }


def _order(order: dict, number: int, finding_no: dict[int, int]) -> dict:
    return {
        "number": number,
        "requirement": order["requirement"],
        "deadline": _date(order["deadline"]),
        "findings": [finding_no[i] for i in order["findings"] if i in finding_no],
    }


def _penalty(penalty: dict) -> dict:
    """A penalty with its law named as when it was decided (the catalog only as a fallback)."""
    basis = find_basis(penalty["basis"])
    law = penalty.get("basis_law") or (basis.law_zh if basis else penalty["basis"])
    return {**penalty, "law": law, "decision_date": _date(penalty["decision_date"])}


def _photos(inspection: Inspection, entries: list[dict]) -> list[dict]:
    """The annex: print copies (≤ 1000 px, metadata-free JPEG) of every photo, numbered."""
    query = select(Photo).where(Photo.evidence_of(inspection.id))
    rows = {p.sha256: p for p in db.session.scalars(query)}
    return [
        {
            **entry,
            "number": number,
            "captured_at": _datetime(entry["captured_at"]),
            "src": _data_uri("image/jpeg", _print_copy(_display_key(rows, entry))),
        }
        for number, entry in enumerate(entries, 1)
    ]


def _display_key(rows: dict[str, Photo], entry: dict) -> str | None:
    row = rows.get(entry["sha256"])
    return row.display_key if row else None


def _print_copy(key: str | None) -> bytes:
    try:
        return _cached_print_copy(str(storage().root), key or "")
    except (OSError, StorageError) as error:
        raise RecordFileMissing() from error


@lru_cache(maxsize=PRINT_CACHE_SIZE)
def _cached_print_copy(root: str, key: str) -> bytes:
    """Print copies by storage key: a key names its content, so a cached copy never goes stale."""
    if not key:
        raise StorageError(key)
    return print_jpeg(Storage(root).read(key))


def _read(key: str | None) -> bytes:
    """The bytes of a stored photo copy or signature image; RecordFileMissing if gone."""
    if not key:
        raise RecordFileMissing()
    try:
        return storage().read(key)
    except (OSError, StorageError) as error:
        raise RecordFileMissing() from error


def _signature_slots(inspection: Inspection, record: dict) -> list[dict]:
    """Every inspector, then the representative, with what they gave (drafts may lack some)."""
    query = select(Signature).where(Signature.inspection_id == inspection.id)
    rows = list(db.session.scalars(query))
    required = [("inspector", i["name"], i["cert_no"], "") for i in record["inspectors"]]
    representative = record["representative"]
    required.append(("representative", representative["name"], "", representative["position"]))
    given = list(record["signatures"])
    slots = []
    for role, name, cert_no, position in required:
        entry = next((e for e in given if e["role"] == role and e["name"] == name), None)
        if entry is not None:
            given.remove(entry)
        slots.append(_slot(role, name, cert_no, position, entry, rows))
    return slots + [_slot(e["role"], e["name"], "", "", e, rows) for e in given]


def _slot(role, name, cert_no, position, entry: dict | None, rows: list[Signature]) -> dict:
    row = entry and next((r for r in rows if _same_signature(r, entry)), None)
    image = None
    if entry is not None and not entry["refused"]:
        data = _verified(_read(row and row.image_key), entry["image_sha256"])
        image = _data_uri("image/png", data)
    return {
        "role": role,
        "name": name,
        "cert_no": cert_no,
        "position": position,
        "entry": entry,
        "image": image,
        "signed_at": row.signed_at if row else None,
    }


def _same_signature(row: Signature, entry: dict) -> bool:
    return (
        row.role == entry["role"]
        and row.signer_name == entry["name"]
        and row.refused == entry["refused"]
        and row.image_sha256 == entry["image_sha256"]
    )


def _verified(data: bytes, sha256: str | None) -> bytes:
    """The stored signature image, only if it still has the hash the record froze."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RecordFileMissing()
    return data


def _data_uri(mimetype: str, data: bytes) -> str:
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"


def record_date(value: date | None) -> str:
    """2026年12月1日: the record is always Chinese, so its dates are written the Chinese way."""
    return format_date(value, "yyyy年M月d日") if value else ""


def record_datetime(value: datetime | None) -> str:
    """2026年11月20日 09:30 in the configured time zone (China Standard Time)."""
    return format_datetime(value, "yyyy年M月d日 HH:mm") if value else ""
