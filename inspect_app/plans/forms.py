"""Forms for plans, draws, task reassignment and officers' conflicts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    MonthField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from inspect_app.forms import choices_from, choices_of
from inspect_app.labels import INDUSTRY_LABELS, SUBJECT_KIND_LABELS
from inspect_app.plans.labels import CAMPAIGN_LABELS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _month(label):
    return MonthField(label, validators=[InputRequired(_l("Enter a month."))])


class PlanForm(FlaskForm):
    region_id = SelectField(_l("Region"), coerce=int)
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=128)]
    )
    campaign = SelectField(_l("Campaign"), choices=choices_from(CAMPAIGN_LABELS))
    first_month = _month(_l("First month"))
    last_month = _month(_l("Last month"))
    full_kinds = MultiCheckboxField(
        _l("Full coverage"),
        choices=choices_from(SUBJECT_KIND_LABELS),
        description=_l("Every subject of these kinds is inspected."),
    )
    sample_kinds = MultiCheckboxField(
        _l("Sampled kinds"),
        choices=choices_from(SUBJECT_KIND_LABELS),
        description=_l("Subjects of these kinds are drawn at random."),
    )
    sample_share = IntegerField(
        _l("Minimum share sampled (%)"),
        default=5,
        validators=[
            InputRequired(_l("Enter a percentage.")),
            NumberRange(0, 100, _l("Enter a percentage between 0 and 100.")),
        ],
    )
    all_high_risk = BooleanField(_l("All high-risk units"), default=True)
    reason = TextAreaField(
        _l("Reason for the amendment"),
        validators=[Length(max=1000)],
        description=_l("Required once the plan is approved; kept with the plan."),
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.region_id.choices = choices_of((r.id, r.name) for r in regions)

    def plan_fields(self) -> dict:
        names = ("title", "campaign", "full_kinds", "sample_kinds", "sample_share")
        fields = {name: self[name].data for name in names}
        fields["all_high_risk"] = bool(self.all_high_risk.data)
        fields["first_month"] = self.first_month.data
        fields["last_month"] = self.last_month.data
        return fields


class DrawForm(FlaskForm):
    kinds = MultiCheckboxField(_l("Kinds"), description=_l("None ticked: every kind of the plan."))
    industry = SelectField(
        _l("Industry"),
        choices=choices_from({"": _l("Any industry")} | INDUSTRY_LABELS),
        default="",
        validate_choice=False,  # an unknown industry simply matches nothing
    )
    high_risk_only = BooleanField(_l("High-risk units only"))
    not_inspected_months = IntegerField(
        _l("Not inspected in the last N months"),
        validators=[Optional(), NumberRange(1, 60, _l("Enter a number of months from 1 to 60."))],
    )
    sample_size = IntegerField(
        _l("Subjects to draw at random"),
        validators=[
            InputRequired(_l("Enter how many subjects to draw.")),
            NumberRange(0, 500, _l("Enter a number from 0 to 500.")),
        ],
        description=_l("Besides those the plan covers in full and every high-risk unit."),
    )
    due_month = SelectField(_l("Due month"))
    seed = StringField(
        _l("Seed"),
        validators=[Optional(), Length(max=64)],
        description=_l("Leave empty for a random seed; it is recorded and published."),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds.choices = choices_of((k, SUBJECT_KIND_LABELS[k]) for k in plan.kinds)
        self.due_month.choices = choices_of(
            (m.isoformat(), m.strftime("%Y-%m")) for m in plan.months()
        )


class ReassignForm(FlaskForm):
    officer_ids = MultiCheckboxField(_l("Officers"), coerce=int)
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Give the reason for the reassignment.")), Length(max=1000)],
    )

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.officer_ids.choices = choices_of((o.id, o.display_name) for o in officers)


class ConflictForm(FlaskForm):
    officer_id = SelectField(_l("Officer"), coerce=int)
    subject_id = SelectField(_l("Subject"), coerce=int)
    reason = TextAreaField(
        _l("How they are related"),
        validators=[DataRequired(_l("Say how the officer is related.")), Length(max=1000)],
    )

    def __init__(self, *args, officers=(), subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.officer_id.choices = choices_of((o.id, o.display_name) for o in officers)
        self.subject_id.choices = choices_of((s.id, s.name) for s in subjects)
