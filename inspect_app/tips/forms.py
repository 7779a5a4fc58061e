"""Forms of tip-offs: staff registration, verification, outcome and answer; the public form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    MonthField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from inspect_app.forms import choices_from, choices_of
from inspect_app.tips.labels import CHANNEL_LABELS, OUTCOME_LABELS

STAFF_CHANNELS = {k: v for k, v in CHANNEL_LABELS.items() if k != "public_form"}
ALLEGATION_REQUIRED = _l("Write what is alleged.")


class TipForm(FlaskForm):
    channel = SelectField(_l("Received through"), choices=choices_from(STAFF_CHANNELS))
    received_on = DateField(
        _l("Date received"), validators=[InputRequired(_l("Enter the date received."))]
    )
    region_id = SelectField(_l("Region"), coerce=int)
    subject_id = SelectField(
        _l("Unit"),
        coerce=int,
        description=_l("Choose it from the register, or leave it and write the name below."),
    )
    subject_name = StringField(
        _l("Name of a unit not in the register"), validators=[Optional(), Length(max=128)]
    )
    allegation = TextAreaField(
        _l("What is alleged"), validators=[DataRequired(ALLEGATION_REQUIRED), Length(max=4000)]
    )
    contact = StringField(
        _l("Informant's contact"),
        validators=[Optional(), Length(max=128)],
        description=_l("Phone, address or e-mail, if given. Never shown on public pages."),
    )


class VerifyTaskForm(FlaskForm):
    subject_id = SelectField(_l("Unit to inspect"), coerce=int)
    officer_ids = SelectMultipleField(
        _l("Officers (at least two)"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    due_month = MonthField(
        _l("Due month"), validators=[InputRequired(_l("Enter the month the task is due."))]
    )

    def validate_subject_id(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose the unit to inspect."))

    def validate_officer_ids(self, field) -> None:
        if len(set(field.data or [])) < 2:
            raise ValidationError(_l("Choose at least two officers."))


class VerifyCaseForm(FlaskForm):
    inspection_id = SelectField(_l("Case"), coerce=int)


class OutcomeForm(FlaskForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=choices_from(OUTCOME_LABELS),
        validators=[InputRequired(_l("Choose an outcome."))],
    )
    note = TextAreaField(
        _l("What the verification found"),
        validators=[DataRequired(_l("Write what the verification found.")), Length(max=4000)],
    )


class AnswerForm(FlaskForm):
    note = TextAreaField(
        _l("How and when the informant was told"), validators=[Optional(), Length(max=1000)]
    )


class PublicForm(FlaskForm):
    """No account, no session: the signed form token stands in for the CSRF token."""

    class Meta:
        csrf = False


class PublicTipForm(PublicForm):
    region_id = SelectField(_l("Town"), coerce=int)
    subject_name = StringField(
        _l("Name of the unit"),
        validators=[DataRequired(_l("Write the name of the unit.")), Length(max=128)],
    )
    allegation = TextAreaField(
        _l("What happened"),
        validators=[DataRequired(ALLEGATION_REQUIRED), Length(min=10, max=2000)],
        description=_l("Where, when and what you saw: for example training records forged."),
    )
    contact = StringField(
        _l("Your phone or e-mail (optional)"),
        validators=[Optional(), Length(max=128)],
        description=_l("Only staff handling the tip-off see it, to tell you the outcome."),
    )
    token = HiddenField()
    website = StringField(_l("Leave this field empty"))  # the honeypot, hidden from people


class QueryForm(PublicForm):
    code = StringField(
        _l("Query code"), validators=[DataRequired(_l("Enter the query code.")), Length(max=32)]
    )


def subject_choices(subjects) -> list:
    return choices_of([(0, _l("— not in the register —"))] + [(s.id, s.name) for s in subjects])


def unit_choices(subjects) -> list:
    return choices_of([(0, _l("— choose the unit —"))] + [(s.id, s.name) for s in subjects])
