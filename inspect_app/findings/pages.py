"""What the finding and order pages are built from: their forms and the facts they show."""

from flask_babel import get_locale
from flask_babel import gettext as _

from inspect_app import i18n
from inspect_app.findings import consistency
from inspect_app.findings import queries as reads
from inspect_app.findings.forms import FindingForm, OrderForm
from inspect_app.inspections.services import checklist_items


def suggested_fields(suggestion) -> dict:
    """The finding form's fields filled in from a suggestion (none: empty)."""
    if suggestion is None:
        return {}
    return {
        "description": suggestion.description,
        "item_code": suggestion.item_code,
        "certificate_check_id": suggestion.certificate_check_id,
        "quiz_attempt_id": suggestion.quiz_attempt_id,
        "photo_ids": list(suggestion.photo_ids),
    }


def finding_form(inspection, **kwargs) -> FindingForm:
    items = checklist_items(inspection)
    photos = reads.case_photos(inspection)
    kwargs.update(items=items, photos=photos, compliant=consistency.compliant_codes(inspection))
    return FindingForm(locale=str(get_locale() or ""), **kwargs)


def compliant_items(inspection) -> dict[str, str]:
    """{code: "PU-8 text"} of the items answered compliant."""
    codes = consistency.compliant_codes(inspection)
    return {
        i.code: consistency.item_label(i) for i in checklist_items(inspection) if i.code in codes
    }


def order_defaults(inspection) -> dict:
    """The deadline filled in, and every finding no order covers yet ticked."""
    uncovered = [f.id for f in reads.case_findings(inspection) if not f.orders]
    return {"deadline": reads.default_deadline(inspection), "finding_ids": uncovered}


def order_form(inspection, **kwargs) -> OrderForm:
    day = reads.inspection_day(inspection)
    hint = _(
        "Not before the inspection date (%(date)s). A common period is %(days)s days.",
        date=i18n.format_local_date(day),
        days=reads.DEFAULT_PERIOD_DAYS,
    )
    findings = reads.case_findings(inspection)
    return OrderForm(findings=findings, earliest=day, hint=hint, **kwargs)
