"""The penalty form, the legal-basis choices it offers, and suggestions from the case's findings."""

import re
import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, StopValidation

from inspect_app.catalogs import LegalBasis, load_legal_bases, simple_procedure_limits
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.forms import choices_from
from inspect_app.i18n import select_locale
from inspect_app.inspections.forms import MultiCheckboxField
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import checklist_items
from inspect_app.labels import MEASURE_LABELS
from inspect_app.penalties.models import Party, Penalty, Procedure
from inspect_app.penalties.services import EXAM_MEASURES, law_name, yuan

PARTY_LABELS = {Party.UNIT.value: _l("The unit"), Party.PERSON.value: _l("A named person")}
_SEPARATORS = re.compile(r"[\s,，¥￥元]")


class YuanField(StringField):
    """A whole number of yuan; thousands separators allowed; what was typed is kept on error."""

    def process_formdata(self, valuelist) -> None:
        self.data = None
        text = _SEPARATORS.sub("", valuelist[0] if valuelist else "")
        if not text:
            return
        if re.fullmatch(r"\d+[.．]\d*", text):
            raise ValueError(_l("The fine is in whole yuan: leave out jiao and fen."))
        if re.fullmatch(r"[-－]\d+", text):
            raise ValueError(_l("The fine cannot be negative."))
        if not re.fullmatch(r"\d+", text):
            raise ValueError(_l("Enter the fine in yuan, digits only (for example 20000)."))
        self.data = int(text)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def pre_validate(self, form) -> None:
        if self.data is None and not self.process_errors:
            raise StopValidation(_l("Enter the fine in yuan; enter 0 if there is none."))


class PenaltyForm(FlaskForm):
    party = RadioField(_l("Party"), choices=choices_from(PARTY_LABELS), validate_choice=False)
    person_name = StringField(
        _l("Name of the person"),
        validators=[Length(max=64)],
        description=_l("Only when a person is penalised, e.g. the principal."),
    )
    violation = TextAreaField(_l("Violation"), validators=[Length(max=2000)])
    basis_code = SelectField(_l("Legal basis"), validate_choice=False)
    fine_yuan = YuanField(
        _l("Fine (yuan)"),
        description=_l("Whole yuan. Enter 0 for no fine."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12},
    )
    on_the_spot = BooleanField(_l("On-the-spot decision (simple procedure)"))
    measures = MultiCheckboxField(_l("Other measures"), validate_choice=False)
    decision_no = StringField(
        _l("Decision number"),
        validators=[Length(max=64)],
        description=_l("Leave blank until the decision is made."),
    )
    decision_date = DateField(_l("Decision date"), validators=[Optional()])
    version = HiddenField()
    client_key = HiddenField()

    def __init__(self, *args, subject_kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.basis_code.choices = basis_choices()
        hidden = () if subject_kind == "exam_site" else EXAM_MEASURES
        self.measures.choices = choices_from(
            {k: v for k, v in MEASURE_LABELS.items() if k not in hidden}
        )
        limits = {party: yuan(limit) for party, limit in simple_procedure_limits().items()}
        self.on_the_spot.description = _(
            "At most %(unit)s yuan for a unit or %(person)s yuan for a person, with a numbered "
            "decision form (Administrative Penalty Law Art. 51).",
            **limits,
        )

    def values(self) -> dict:
        """The fields as the penalty services take them."""
        simple = self.on_the_spot.data
        return {
            "party": self.party.data or "",
            "person_name": self.person_name.data,
            "violation": self.violation.data,
            "basis_code": self.basis_code.data or "",
            "fine_yuan": self.fine_yuan.data,
            "procedure": Procedure.SIMPLE if simple else Procedure.GENERAL,
            "decision_no": self.decision_no.data,
            "decision_date": self.decision_date.data,
            "measures": list(self.measures.data or []),
        }


def edit_form(penalty: Penalty, subject_kind: str, **kwargs) -> PenaltyForm:
    """The form for an existing penalty (its current values, or what was just posted)."""
    return PenaltyForm(
        obj=penalty, subject_kind=subject_kind, on_the_spot=penalty.is_simple, **kwargs
    )


def new_form(inspection: Inspection, finding_id: str | None) -> PenaltyForm:
    """A blank form with a fresh client key, filled from a finding when one was picked."""
    data = {"party": Party.UNIT.value, "client_key": secrets.token_urlsafe(16)}
    chosen = next((s for s in finding_suggestions(inspection) if str(s.id) == finding_id), None)
    if chosen is not None:
        data.update(violation=chosen.text, basis_code=chosen.basis_code)
    return PenaltyForm(data=data, subject_kind=inspection.subject.kind)


def range_text(basis: LegalBasis, party: str) -> str | None:
    """ "unit up to 100,000 yuan", "person 20,000–50,000 yuan", or None if no fine is set."""
    span = basis.range_for(party)
    if span is None:
        return None
    low, high = yuan(span[0]), yuan(span[1])
    if party == Party.UNIT:
        if span[0] == 0:
            return _("unit up to %(max)s yuan", max=high)
        return _("unit %(min)s–%(max)s yuan", min=low, max=high)
    if span[0] == 0:
        return _("person up to %(max)s yuan", max=high)
    return _("person %(min)s–%(max)s yuan", min=low, max=high)


def fine_summary(basis: LegalBasis) -> str:
    ranges = [text for party in Party if (text := range_text(basis, party))]
    return " / ".join(ranges) or _("no fine")


def option_label(basis: LegalBasis) -> str:
    """The article and its fine ranges; for an article without fines, the measures it provides."""
    if basis.measures and not any(basis.range_for(party) for party in Party):
        return f"{basis.article} · {'、'.join(str(MEASURE_LABELS[m]) for m in basis.measures)}"
    return f"{basis.article} · {fine_summary(basis)}"


def basis_choices() -> list[SelectChoice]:
    """A blank choice, then every basis grouped by law."""
    bases = load_legal_bases().values()
    return [
        SelectChoice("", _("Choose the legal basis")),
        *(SelectChoice(b.code, option_label(b), optgroup=law_name(b)) for b in bases),
    ]


@dataclass(frozen=True)
class BasisInfo:
    """What the form shows about one basis once it is chosen."""

    code: str
    law: str
    article: str
    summary: str
    ranges: str
    measures: tuple[str, ...]
    escalation: str | None


def basis_infos() -> list[BasisInfo]:
    """Every basis, in the user's language, for the panel under the basis choice."""
    bases = load_legal_bases()
    english = select_locale() == "en"
    return [
        BasisInfo(
            code=b.code,
            law=law_name(b),
            article=b.article,
            summary=b.summary_en if english else b.summary_zh,
            ranges=fine_summary(b),
            measures=b.measures,
            escalation=bases[b.escalation].article if b.escalation else None,
        )
        for b in bases.values()
    ]


@dataclass(frozen=True)
class Suggestion:
    """A finding of the case, offered as the violation, with its item's primary basis."""

    id: int
    text: str
    basis_code: str


def finding_suggestions(inspection: Inspection) -> list[Suggestion]:
    query = select(Finding).where(Finding.inspection_id == inspection.id).order_by(Finding.id)
    primary = {item.code: item.basis[0] for item in checklist_items(inspection)}
    return [
        Suggestion(f.id, f.description, primary.get(f.item_code or "", ""))
        for f in db.session.scalars(query)
    ]
