"""On-the-spot penalty decisions (当场处罚决定书, simple procedure, 行政处罚法 Art. 51–52).

The inspector decides on site: a warning and/or a small fine, within Art. 51's limits and the
article's range. The party signs the decision on the phone, or the inspector writes down the
refusal (Art. 52: a refusal is noted on the decision). Saving checks everything first, then
stores the signature image, issues the numbered decision form and records the penalty, in the
caller's transaction: the view commits, or rolls everything back.
"""

import secrets
from dataclasses import dataclass

from flask_babel import gettext as _

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.catalogs.procedure import procedure_rules
from inspect_app.documents.models import Document, DocumentKind
from inspect_app.documents.services import DocumentNotPrintable, base_content, issue_document
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, NotEditable
from inspect_app.inspections.models import Inspection, Status
from inspect_app.pdf import MissingGlyphs
from inspect_app.penalties.models import Party, Penalty, Procedure, find_basis
from inspect_app.penalties.services import PenaltyRefused, check_penalty, penalty_by_client_key
from inspect_app.signatures.services import MAX_REFUSAL_CHARS, clean_signature_png
from inspect_app.storage import storage

# Measures an on-the-spot decision may carry besides the fine (Art. 51: warnings and small fines;
# an order to correct goes with any penalty, Art. 28).
SIMPLE_MEASURES = ("warning", "order_correction")
# check_penalty wants the number of the decision form; the form gets its number when issued.
_NUMBER_ON_ISSUE = "—"
REVIEW_DAYS = 60  # 行政复议法 (2023) Art. 20: apply within 60 days of knowing of the decision
LAWSUIT_MONTHS = 6  # 行政诉讼法 Art. 46: sue within 6 months of knowing of the decision


@dataclass(frozen=True)
class PartySignature:
    """What the party did with the decision: signed (PNG bytes) or refused (the note)."""

    png: bytes | None = None
    refusal: str | None = None


def decide_on_the_spot(
    inspection: Inspection,
    user: User,
    *,
    party: str,
    person_name: str | None,
    violation: str,
    basis_code: str,
    fine_yuan: int,
    measures: list[str],
    signature: PartySignature,
    client_key: str | None = None,
) -> Penalty:
    """Check, then issue the 当场处罚决定书 and record its penalty; a client key already used
    returns that decision instead (a double tap)."""
    if client_key and (existing := penalty_by_client_key(client_key, inspection)):
        return existing
    if inspection.status == Status.CLOSED:
        raise NotEditable()
    values = _checked(inspection, locals())
    signed = _signed(signature, values)
    content = decision_content(inspection, values, signed)
    document = _issue(inspection, user, content)
    db_values = {**values, "decision_no": document.number}
    penalty = Penalty(
        inspection_id=inspection.id,
        client_key=client_key or secrets.token_urlsafe(16),
        created_by=user,
        **db_values,
    )
    _link(penalty, document)
    record_audit(
        user,
        "impose_penalty",
        penalty,
        inspection,
        **db_values,
        document=document.number,
        signature=signed.get("sha256"),
        refusal=signed.get("refusal"),
    )
    return penalty


def _issue(inspection: Inspection, user: User, content: dict) -> Document:
    """The numbered decision form; text no font can print is refused with its characters."""
    try:
        return issue_document(inspection, DocumentKind.SIMPLE_DECISION, user, content)
    except DocumentNotPrintable as error:
        cause = error.__cause__
        found = "".join(cause.characters) if isinstance(cause, MissingGlyphs) else "?"
        message = _(
            "The decision cannot be printed: no font has the character(s) %(chars)s. "
            "Write them another way.",
            chars=found,
        )
        raise PenaltyRefused({"": message}) from error


def _checked(inspection: Inspection, given: dict) -> dict:
    """The penalty's values by the usual rules, on the spot, dated today; every problem at once."""
    raw = {name: given[name] for name in ("party", "person_name", "violation", "basis_code")}
    raw |= {"fine_yuan": given["fine_yuan"], "measures": list(given["measures"] or [])}
    raw |= {"procedure": Procedure.SIMPLE, "decision_date": clock.today()}
    errors: dict[str, str] = {}
    if set(raw["measures"]) - set(SIMPLE_MEASURES):
        errors["measures"] = _(
            "On the spot only a warning and an order to correct can go with the fine. "
            "Open a penalty proceeding for other measures."
        )
    try:
        values = check_penalty(inspection, {**raw, "decision_no": _NUMBER_ON_ISSUE})
    except PenaltyRefused as refused:
        errors = {**refused.errors, **errors}
    if problem := _signature_problem(given["signature"]):
        errors["signature"] = problem
    if errors:
        raise PenaltyRefused(errors)
    if not values["fine_yuan"] and "warning" not in values["measures"]:
        raise PenaltyRefused(
            {"fine_yuan": _("An on-the-spot decision gives a warning, a fine, or both.")}
        )
    return values


def _signature_problem(signature: PartySignature) -> str | None:
    refusal = (signature.refusal or "").strip()
    if signature.png and refusal:
        return _("Either the party signs or you record the refusal, not both.")
    if not signature.png and not refusal:
        return _("The party signs the decision, or you record that the party refused to sign.")
    if len(refusal) > MAX_REFUSAL_CHARS:
        return _("Keep the note under %(count)s characters.", count=MAX_REFUSAL_CHARS)
    return None


def _signed(signature: PartySignature, values: dict) -> dict:
    """The signature stored (its key and hash), or the refusal; a bad drawing is refused."""
    if not signature.png:
        return {"refusal": (signature.refusal or "").strip()}
    try:
        png = clean_signature_png(signature.png)
    except CaseError as error:
        raise PenaltyRefused({"signature": str(error.message)}) from error
    key, digest = storage().put(png, "signatures", ".png")
    return {"storage_key": key, "sha256": digest, "signer": _signer(values)}


def _signer(values: dict) -> str:
    return values["person_name"] if values["party"] == Party.PERSON else ""


def _link(penalty: Penalty, document: Document) -> None:
    db.session.add(penalty)
    db.session.flush()
    penalty.document_id = document.id
    db.session.flush()


def decision_content(inspection: Inspection, values: dict, signed: dict) -> dict:
    """Everything the decision form states, frozen (dates as ISO strings)."""
    basis = find_basis(values["basis_code"])
    return {
        **base_content(inspection),
        "party": values["party"],
        "person_name": values["person_name"],
        "representative": {
            "name": inspection.representative_name,
            "position": inspection.representative_position,
        },
        "violation": values["violation"],
        "basis": {
            "code": values["basis_code"],
            "law": values["basis_law"],
            "article": values["basis_article"],
            "summary": basis.summary_zh if basis else "",
        },
        "fine_yuan": values["fine_yuan"],
        "measures": values["measures"],
        "decided_on": values["decision_date"].isoformat(),
        "place": inspection.place,
        "payment_days": procedure_rules().payment_days,
        "late_rate_per_day_percent": procedure_rules().late_rate_per_day_percent,
        "review_days": REVIEW_DAYS,
        "lawsuit_months": LAWSUIT_MONTHS,
        "inspectors": [{"name": i.name, "cert_no": i.cert_no} for i in inspection.inspectors],
        "party_signature": signed,
    }
