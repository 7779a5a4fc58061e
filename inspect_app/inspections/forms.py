"""Forms for opening a case and answering check items."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from inspect_app.forms import choices_from, choices_of
from inspect_app.inspections.rules import inspectors_problem
from inspect_app.labels import RESULT_LABELS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OpenInspectionForm(FlaskForm):
    started_at = DateTimeLocalField(
        _l("Date and time"),
        validators=[DataRequired(_l("Enter the date and time of the inspection."))],
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    place = StringField(
        _l("Place"),
        validators=[DataRequired(_l("Enter where the inspection takes place.")), Length(max=256)],
    )
    inspector_ids = MultiCheckboxField(_l("Inspectors"), coerce=int)
    representative_name = StringField(
        _l("Representative present"),
        validators=[
            DataRequired(_l("Enter the name of the unit's representative.")),
            Length(max=64),
        ],
    )
    representative_position = StringField(
        _l("Representative's position"),
        validators=[DataRequired(_l("Enter the representative's position.")), Length(max=64)],
    )

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._officers = {o.id: o for o in officers}
        self.inspector_ids.choices = choices_of(
            (o.id, f"{o.display_name}（{o.cert_no or '—'}）") for o in officers
        )

    def validate_inspector_ids(self, field) -> None:
        chosen = [self._officers[i] for i in field.data or [] if i in self._officers]
        if problem := inspectors_problem(chosen):
            raise ValidationError(problem)

    def chosen_officers(self) -> list:
        return [self._officers[i] for i in self.inspector_ids.data]


class AnswerForm(FlaskForm):
    """One check item, for phones without JavaScript (the JSON endpoint takes the same fields)."""

    result = RadioField(_l("Result"), choices=choices_from(RESULT_LABELS))
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    version = IntegerField(validators=[Optional()])
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500)])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500)])
    version = HiddenField()
