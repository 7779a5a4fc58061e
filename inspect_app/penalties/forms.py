"""The on-the-spot decision form, its legal-basis choices, and suggestions from the findings."""

import base64
import binascii
import re
import secrets
from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation

from inspect_app.catalogs import LegalBasis, load_legal_bases, simple_procedure_limits
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.forms import choices_from
from inspect_app.i18n import select_locale
from inspect_app.inspections.forms import MultiCheckboxField
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import checklist_items
from inspect_app.labels import MEASURE_LABELS
from inspect_app.penalties.decisions import SIMPLE_MEASURES, PartySignature
from inspect_app.penalties.models import Party
from inspect_app.penalties.services import law_name, yuan
from inspect_app.signatures.forms import DATA_URL_PREFIX, MAX_DATA_URL_CHARS
from inspect_app.signatures.services import MAX_REFUSAL_CHARS

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


class DecisionForm(FlaskForm):
    """The on-the-spot decision (当场处罚决定书): the penalty, then the party's signature or the
    refusal noted by the inspector."""

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
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12},
    )
    measures = MultiCheckboxField(_l("Also"), validate_choice=False)
    signature = HiddenField()
    refusal = TextAreaField(
        _l("What the party said or did"),
        validators=[Length(max=MAX_REFUSAL_CHARS)],
        description=_l("For example: refused to sign after the decision was read out."),
    )
    client_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.basis_code.choices = basis_choices()
        self.measures.choices = choices_from({m: MEASURE_LABELS[m] for m in SIMPLE_MEASURES})
        limits = {party: yuan(limit) for party, limit in simple_procedure_limits().items()}
        self.fine_yuan.description = _(
            "Whole yuan, 0 for a warning only. On the spot at most %(unit)s yuan for a unit or "
            "%(person)s yuan for a person (Administrative Penalty Law Art. 51).",
            **limits,
        )

    @property
    def refused(self) -> bool:
        """The inspector records a refusal (its own button) instead of the drawn signature."""
        return "refused" in request.form

    def values(self) -> dict:
        """The fields as decide_on_the_spot takes them."""
        return {
            "party": self.party.data or "",
            "person_name": self.person_name.data,
            "violation": self.violation.data,
            "basis_code": self.basis_code.data or "",
            "fine_yuan": self.fine_yuan.data,
            "measures": list(self.measures.data or []),
            "signature": self._party_signature(),
        }

    def _party_signature(self) -> PartySignature:
        if self.refused:
            return PartySignature(refusal=self.refusal.data or "")
        return PartySignature(png=_png(self.signature.data))


def _png(data_url: str | None) -> bytes | None:
    """The pad's PNG data URL decoded; anything else gives bytes the image check refuses."""
    value = data_url or ""
    if not value:
        return None
    if not value.startswith(DATA_URL_PREFIX) or len(value) > MAX_DATA_URL_CHARS:
        return b"not a png"
    try:
        return base64.b64decode(value[len(DATA_URL_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return b"not a png"


def new_form(inspection: Inspection, finding_id: str | None) -> DecisionForm:
    """A blank form with a fresh client key, filled from a finding when one was picked."""
    data = {"party": Party.UNIT.value, "client_key": secrets.token_urlsafe(16)}
    chosen = next((s for s in finding_suggestions(inspection) if str(s.id) == finding_id), None)
    if chosen is not None:
        data.update(violation=chosen.text, basis_code=chosen.basis_code)
    return DecisionForm(data=data)


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
