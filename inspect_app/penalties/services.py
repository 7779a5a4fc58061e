"""Imposing and revoking penalties, each fine checked against its legal basis.

New penalties are on-the-spot decisions (penalties.decisions) or the decision of a proceeding;
`impose_penalty` records one as given (the demo's history, older data) and `check_penalty` is
the rule book both use.

The catalog only suggests; the inspector decides. Refused is only what the law does not allow:
a fine outside the article's range or where it sets none, an on-the-spot fine above Art. 51's
limit, exam-qualification measures for a subject that is not an exam site. A measure the basis
does not list is allowed (another article may provide it) and only flagged in the UI.
"""

import secrets
from datetime import date
from functools import lru_cache

from babel import Locale, numbers
from flask_babel import format_number, get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.catalogs import LegalBasis, simple_procedure_limits
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import (
    case_started_local,
    check_version,
    commit_change,
    prepare_change,
)
from inspect_app.labels import MEASURE_LABELS
from inspect_app.penalties.models import Party, Penalty, Procedure, find_basis

EXAM_MEASURES = ("exam_qualification_suspension", "exam_qualification_revocation")
# Art. 51 allows only warnings and small fines on the spot; these need the general procedure.
GENERAL_ONLY_MEASURES = ("suspension", *EXAM_MEASURES)
FIELDS = (
    "party", "person_name", "violation", "basis_code", "fine_yuan", "procedure",
    "decision_no", "decision_date", "measures",
)  # fmt: skip


class PenaltyRefused(CaseError):
    """The penalty breaks a rule; `errors` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())))
        self.errors = errors


def impose_penalty(
    inspection: Inspection,
    user: User,
    *,
    party: str,
    person_name: str | None,
    violation: str,
    basis_code: str,
    fine_yuan: int,
    decision_no: str,
    decision_date: date | None,
    measures: list[str],
    procedure: str = Procedure.GENERAL,
    client_key: str | None = None,
    reason: str | None = None,
) -> Penalty:
    """Record a penalty on the case; a client key already used returns that penalty instead."""
    if client_key and (existing := penalty_by_client_key(client_key, inspection)):
        return existing
    prepare_change(inspection, reason)
    values = check_penalty(inspection, {k: v for k, v in locals().items() if k in FIELDS})
    key = client_key or secrets.token_urlsafe(16)
    penalty = Penalty(inspection_id=inspection.id, client_key=key, created_by=user, **values)
    db.session.add(penalty)
    record_audit(user, "impose_penalty", penalty, inspection, **values)
    commit_change(inspection, user, reason)
    return penalty


def revoke_penalty(
    penalty: Penalty, user: User, *, version: int | None, reason: str | None
) -> Penalty:
    """Mark a penalty revoked; it stays on the record, struck through, out of the totals."""
    if penalty.is_revoked:
        return penalty
    check_version(penalty, version)
    reason = (reason or "").strip()
    if not reason:
        raise PenaltyRefused({"reason": _("Give the reason for revoking this penalty.")})
    prepare_change(penalty.inspection, reason)
    penalty.revoked_at, penalty.revoke_reason = utcnow(), reason
    record_audit(user, "revoke_penalty", penalty, penalty.inspection, reason=reason)
    commit_change(penalty.inspection, user, reason)
    return penalty


def penalty_by_client_key(client_key: str, inspection: Inspection) -> Penalty | None:
    """The penalty a form with this key already created on this case, if any."""
    found = db.session.scalar(select(Penalty).where(Penalty.client_key == client_key))
    if found is not None and found.inspection_id != inspection.id:
        raise CaseError(_("This form was already used for another case. Reload the page."))
    return found


def case_penalties(inspection: Inspection) -> list[Penalty]:
    """The case's penalties in the order they were recorded, revoked ones included."""
    query = select(Penalty).where(Penalty.inspection_id == inspection.id).order_by(Penalty.id)
    return list(db.session.scalars(query))


def unlisted_measures(basis_code: str, measures: list[str]) -> list[str]:
    """The chosen measures that the chosen basis does not provide."""
    basis = find_basis(basis_code)
    return [m for m in measures if basis is not None and m not in basis.measures]


def law_name(basis: LegalBasis) -> str:
    """The law's name in the user's language."""
    english = str(get_locale() or "").startswith("en")
    return basis.law_en if english else basis.law_zh


def check_penalty(inspection: Inspection, raw: dict) -> dict:
    """The values cleaned for saving, or PenaltyRefused listing every problem by field."""
    values = _normalise(raw)
    basis = find_basis(values["basis_code"])
    problems = {
        "party": _party_problem(values),
        "violation": None if values["violation"] else _("Describe the violation."),
        "basis_code": None if basis else _("Choose the legal basis from the list."),
        "fine_yuan": _fine_problem(values, basis),
        "measures": _measures_problem(inspection, values),
        "decision_no": _decision_no_problem(values),
        "decision_date": _decision_date_problem(inspection, values),
    }
    if errors := {field: message for field, message in problems.items() if message}:
        raise PenaltyRefused(errors)
    values["basis_law"], values["basis_article"] = basis.law_zh, basis.article
    return values


def _normalise(raw: dict) -> dict:
    """Trimmed text, no name for a unit, known measures once each in catalog order."""
    values = dict(raw)
    for name in ("person_name", "violation", "decision_no"):
        values[name] = (values.get(name) or "").strip()
    if values["party"] != Party.PERSON:
        values["person_name"] = None
    values["procedure"] = values.get("procedure") or Procedure.GENERAL
    chosen = set(values.get("measures") or ())
    values["measures"] = [m for m in MEASURE_LABELS if m in chosen] + sorted(
        chosen - set(MEASURE_LABELS)
    )
    return values


def _party_problem(values: dict) -> str | None:
    if values["party"] not in set(Party):
        return _("Choose the unit or a named person.")
    if values["party"] == Party.PERSON and not values["person_name"]:
        return _("Enter the name of the person penalised.")
    return None


def _fine_problem(values: dict, basis: LegalBasis | None) -> str | None:
    """Whole yuan, ≥ 0, within the basis's range for the party, and Art. 51 on the spot."""
    fine = values["fine_yuan"]
    if isinstance(fine, bool) or not isinstance(fine, int):
        return _("Enter the fine as a whole number of yuan.")
    if fine < 0:
        return _("The fine cannot be negative.")
    if values["procedure"] not in set(Procedure):
        return _("Choose the general or the simple procedure.")
    if basis is None or values["party"] not in set(Party):
        return None
    return _range_problem(fine, basis, values["party"]) or _simple_problem(fine, values)


def _range_problem(fine: int, basis: LegalBasis, party: str) -> str | None:
    """Outside [min, max] of the article, or any fine where the article sets none."""
    span, where = basis.range_for(party), {"law": law_name(basis), "article": basis.article}
    if span is None:
        if not fine:
            return None
        if party == Party.UNIT:
            return _("%(law)s %(article)s provides no fine on a unit: enter 0.", **where)
        return _("%(law)s %(article)s provides no fine on a person: enter 0.", **where)
    low, high = span
    if low <= fine <= high:
        return None
    if low == 0:
        return _(
            "The fine can be at most %(max)s yuan (%(law)s %(article)s).", max=yuan(high), **where
        )
    return _(
        "The fine must be between %(min)s and %(max)s yuan (%(law)s %(article)s).",
        min=yuan(low),
        max=yuan(high),
        **where,
    )


def _simple_problem(fine: int, values: dict) -> str | None:
    """On the spot: a unit at most ¥3,000, a person at most ¥200 (Art. 51)."""
    limit = simple_procedure_limits()[values["party"]]
    if values["procedure"] != Procedure.SIMPLE or fine <= limit:
        return None
    if values["party"] == Party.UNIT:
        return _(
            "On the spot (simple procedure) a unit can be fined at most %(max)s yuan "
            "(Administrative Penalty Law Art. 51). Use the general procedure.",
            max=yuan(limit),
        )
    return _(
        "On the spot (simple procedure) a person can be fined at most %(max)s yuan "
        "(Administrative Penalty Law Art. 51). Use the general procedure.",
        max=yuan(limit),
    )


def _measures_problem(inspection: Inspection, values: dict) -> str | None:
    """Known codes; exam qualifications only for exam sites; nothing heavy on the spot."""
    chosen = values["measures"]
    if set(chosen) - set(MEASURE_LABELS):
        return _("Choose measures from the list.")
    if inspection.subject.kind != "exam_site" and set(chosen) & set(EXAM_MEASURES):
        return _(
            "Suspending or revoking an exam qualification applies only to exam institutions "
            "and exam sites."
        )
    heavy = [m for m in chosen if m in GENERAL_ONLY_MEASURES]
    if values["procedure"] == Procedure.SIMPLE and heavy:
        return _(
            "%(measure)s cannot be decided on the spot: use the general procedure.",
            measure=MEASURE_LABELS[heavy[0]],
        )
    return None


def _decision_no_problem(values: dict) -> str | None:
    """A number needs a date; an on-the-spot decision always has a numbered form."""
    if values["decision_no"]:
        return None
    if values["procedure"] == Procedure.SIMPLE:
        return _("An on-the-spot decision needs the number of its decision form.")
    if values.get("decision_date"):
        return _("Enter the decision number for this decision date.")
    return None


def _decision_date_problem(inspection: Inspection, values: dict) -> str | None:
    """Not before the inspection day, not after today (China Standard Time)."""
    day = values.get("decision_date")
    if day is None:
        if values["decision_no"]:
            return _("Enter the date of the decision.")
        return None
    started = case_started_local(inspection).date()
    if day < started:
        return _(
            "The decision cannot be dated before the inspection (%(date)s).",
            date=started.isoformat(),
        )
    if day > clock.today():
        return _("The decision date cannot be in the future.")
    return None


def yuan(amount: int) -> str:
    """An amount with the locale's thousands separators: 100000 → "100,000".

    What format_number gives, without its cost per call (a report lists thousands of fines):
    where the locale groups whole numbers by threes (zh, en), its separator is read once."""
    locale = get_locale()
    separator = _threes_separator(str(locale)) if locale is not None else None
    if separator is None or not isinstance(amount, int):
        return format_number(amount)
    return f"{amount:,}".replace(",", separator)


@lru_cache(maxsize=16)
def _threes_separator(locale: str) -> str | None:
    """The locale's thousands separator if it groups by threes, else None."""
    parsed = Locale.parse(locale)
    pattern = numbers.parse_pattern(parsed.decimal_formats[None])
    if pattern.grouping != (3, 3):
        return None
    return numbers.get_group_symbol(parsed)
