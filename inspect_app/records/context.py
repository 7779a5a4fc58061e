"""What the record shows: the casefile of a revision's frozen snapshot (or of the live case for
a draft), plus what only the PDF needs (signature images, the QR code, the page footer).

Never ID numbers, phone numbers or GPS: the snapshot holds none, and the casefile masks names
(张*三) and certificate numbers (often the holder's ID number) of certificate spot checks.
"""

import re
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from inspect_app.casefile import View, build_casefile
from inspect_app.casefile.masking import case_redactor
from inspect_app.casefile.snapshot import build_snapshot
from inspect_app.catalogs import CatalogError, load_campaign
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.qr import qr_data_uri
from inspect_app.records.editions import is_public
from inspect_app.records.images import RecordFileMissing, annex_photos, signature_image
from inspect_app.records.models import Edition
from inspect_app.redaction import Redactor, mask_name
from inspect_app.signatures.models import Signature, shown_revision

__all__ = ["RecordFileMissing", "mask_name", "record_context", "verification"]

HASH_PREFIX = 16
_COUNTER = re.compile("\x00(pages?)\x00")


def record_context(
    inspection: Inspection, revision: Revision | None = None, edition: str = Edition.FULL
) -> dict:
    """What the template shows: the casefile of a revision's frozen snapshot, or of the live case
    (draft), in the full edition or the public one (see casefile.masking)."""
    number = revision.number if revision is not None else shown_revision(inspection)
    record = revision.snapshot if revision is not None else build_snapshot(inspection, number)
    view = View.PUBLIC if is_public(edition) else View.FULL
    casefile = build_casefile(inspection, view=view, snapshot=record)
    redactor = case_redactor(inspection, record) if view == View.PUBLIC else None
    return {
        "record": casefile,
        "revision": revision,
        "revision_reason": _reason(revision, redactor),
        "correction": revision is not None and revision.number > 1,
        "draft": revision is None,
        "edition": edition,
        "campaign_name": _campaign_name(casefile.campaign),
        "started_at": casefile.started_at,
        "checks": casefile.certificate_checks,
        "quizzes": list(casefile.quizzes),
        "findings": casefile.findings,
        "orders": casefile.orders,
        "on_site_decisions": [p for p in casefile.penalties if p.procedure == "simple"],
        "signatures": _signature_slots(inspection, record, number, redactor),
        "photos": annex_photos(inspection, casefile.shown_photos),
        "withheld_photos": casefile.withheld_photo_numbers,
        "verification": verification(inspection, revision, with_code=redactor is None),
        "footer_content": footer_content(
            None if revision is None else casefile.case_number, public=redactor is not None
        ),
    }


def verification(
    inspection: Inspection, revision: Revision | None, with_code: bool = True
) -> dict | None:
    """The QR code (public URL), the verification code (full edition only), the hash prefix."""
    if revision is None or not inspection.public_url:
        return None
    return {
        "url": inspection.public_url,
        "qr": qr_data_uri(inspection.public_url),
        "code": inspection.verification_code if with_code else None,
        "hash": revision.sha256[:HASH_PREFIX],
    }


def _reason(revision: Revision | None, redactor: Redactor | None) -> str:
    reason = revision.reason if revision is not None else ""
    return redactor.text(reason) if redactor else reason or ""


def quiz_results(record: dict) -> list:
    """The snapshot's quiz results (workers' papers and oral questions), when there are any."""
    return list(record.get("quizzes") or [])


def footer_content(case_number: str | None, public: bool = False) -> Markup:
    """The CSS content of the page footer: 第 x 页 共 y 页 · 案件编号 … (· 公开版, or · 草稿)."""
    label = _("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    if case_number:
        label += " · " + _("Case number %(number)s", number=case_number)
    else:
        label += " · " + _("Draft")
    if public:
        label += " · " + _("Public edition")
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


def _signature_slots(
    inspection: Inspection, record: dict, number: int, redactor: Redactor | None
) -> list:
    """Every inspector, then the representative, with what they gave for this revision (drafts
    may lack some). With a redactor (public edition): names masked and no signature image."""
    query = select(Signature).where(Signature.inspection_id == inspection.id)
    # This revision's own rows first; a revision frozen before signatures had revisions
    # lists rows of revision 1.
    rows = sorted(db.session.scalars(query), key=lambda row: (row.revision != number, row.id))
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
    slots += [_slot(e["role"], e["name"], "", "", e, rows) for e in given]
    if redactor is None:
        return [_full_slot(s) for s in slots]
    return [_public_slot(s, redactor) for s in slots]


def _slot(role, name, cert_no, position, entry: dict | None, rows: list[Signature]) -> dict:
    row = entry and next((r for r in rows if _same_signature(r, entry)), None)
    return {
        "role": role,
        "name": name,
        "cert_no": cert_no,
        "position": position,
        "entry": entry,
        "image": (row and row.image_key, entry["image_sha256"]) if _signed(entry) else None,
        "signed_at": row.signed_at if row else None,
    }


def _signed(entry: dict | None) -> bool:
    return entry is not None and not entry["refused"]


def _full_slot(slot: dict) -> dict:
    return {**slot, "image": signature_image(*slot["image"]) if slot["image"] else None}


def _public_slot(slot: dict, redactor: Redactor) -> dict:
    entry = slot["entry"] and {
        **slot["entry"],
        "name": mask_name(slot["entry"]["name"]),
        "refusal_reason": redactor.text(slot["entry"]["refusal_reason"]),
    }
    return {**slot, "name": mask_name(slot["name"]), "entry": entry, "image": None}


def _same_signature(row: Signature, entry: dict) -> bool:
    return (
        row.role == entry["role"]
        and row.signer_name == entry["name"]
        and row.refused == entry["refused"]
        and row.image_sha256 == entry["image_sha256"]
    )


def record_date(value: date | None) -> str:
    """2026年12月1日: the record is always Chinese, so its dates are written the Chinese way."""
    return format_date(value, "yyyy年M月d日") if value else ""


def record_datetime(value: datetime | None) -> str:
    """2026年11月20日 09:30 in the configured time zone (China Standard Time)."""
    return format_datetime(value, "yyyy年M月d日 HH:mm") if value else ""
