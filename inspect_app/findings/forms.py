"""Forms for findings and rectification orders. Business rules live in services."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from inspect_app.findings.services import deadline_too_early, new_client_key
from inspect_app.forms import choices_of
from inspect_app.inspections.forms import MultiCheckboxField


class ChangeForm(FlaskForm):
    """Hidden bookkeeping every form here carries: double-tap key, row version, reason."""

    client_key = HiddenField(default=new_client_key, validators=[Length(max=64)])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500)])

    def creation_fields(self) -> dict:
        return {"client_key": self.client_key.data or "", "reason": self.reason.data}

    def change_fields(self) -> dict:
        return {"version": self.version.data, "reason": self.reason.data}


class FindingForm(ChangeForm):
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(_l("Describe the finding.")), Length(max=2000)],
        description=_l("What is wrong, in the words that go on the record."),
    )
    item_code = SelectField(
        _l("Check item"),
        validate_choice=False,
        description=_l("Optional: the check item this finding rests on."),
    )
    photo_ids = MultiCheckboxField(_l("Evidence photos"), coerce=int, validate_choice=False)
    certificate_check_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    quiz_attempt_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    answer_non_compliant = BooleanField(
        _l("Change the answer to non-compliant"),
        default=True,
    )
    answer_seen = HiddenField()  # the item whose compliant answer the notice showed

    def __init__(self, *args, items=(), photos=(), locale: str = "", compliant=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", _l("None"))]
        options += [(i.code, f"{i.code} {i.text(locale)}") for i in items]
        self.item_code.choices = choices_of(options)
        self.photo_ids.choices = choices_of((p.id, p.caption or str(p.id)) for p in photos)
        self._compliant = frozenset(compliant)

    @property
    def contradicted_item(self) -> str | None:
        """The chosen item, when it is answered compliant."""
        return self.item_code.data if self.item_code.data in self._compliant else None

    def validate_item_code(self, field) -> None:
        """An item answered compliant: the inspector sees the proposal before it applies."""
        if self.contradicted_item and self.answer_seen.data != field.data:
            self.answer_non_compliant.data = True
            raise ValidationError(
                _l("This item is answered compliant: choose below whether to change its answer.")
            )

    def fields_for_service(self) -> dict:
        return {
            "description": self.description.data,
            "item_code": self.item_code.data or None,
            "photo_ids": self.photo_ids.data or [],
            "answer_non_compliant": bool(self.answer_non_compliant.data),
        }


class OrderForm(ChangeForm):
    finding_ids = MultiCheckboxField(
        _l("Findings covered"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Choose at least one finding the order covers."))],
    )
    requirement = TextAreaField(
        _l("Requirement"),
        validators=[DataRequired(_l("Enter what the unit must do to rectify.")), Length(max=2000)],
    )
    deadline = DateField(_l("Deadline"), validators=[InputRequired(_l("Enter the deadline."))])

    def __init__(self, *args, findings=(), earliest: date | None = None, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._earliest = earliest
        self.deadline.description = hint
        self.finding_ids.choices = choices_of((f.id, f.description) for f in findings)

    def validate_deadline(self, field) -> None:
        """Checked here too, so every mistake shows at once; the service has the last word."""
        if self._earliest and field.data and field.data < self._earliest:
            raise ValidationError(deadline_too_early(self._earliest))

    def fields_for_service(self) -> dict:
        return {
            "finding_ids": self.finding_ids.data or [],
            "requirement": self.requirement.data,
            "deadline": self.deadline.data,
        }
