"""The report pickers (GET forms) and the filing form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from inspect_app import clock
from inspect_app.findings.services import new_client_key
from inspect_app.forms import choices_of
from inspect_app.stats import services


class PickerForm(FlaskForm):
    """Region and period pickers; they read the query string and carry no CSRF token."""

    class Meta:
        csrf = False

    region = SelectField(_l("Region"), validate_choice=False)

    def __init__(self, formdata, regions, default_region, **kwargs):
        super().__init__(formdata, **kwargs)
        self.region.choices = choices_of((r.code, _indented(r)) for r in regions)
        if not self.region.data or self.region.data == "None":
            self.region.data = default_region.code


def _indented(region) -> str:
    return "\u3000" * region.depth + region.name


class PeriodForm(PickerForm):
    """附件2: a month, or the first and last day of a period (local dates, inclusive)."""

    month = HiddenField()
    first = DateField(_l("From"), validators=[Optional()])
    last = DateField(_l("To"), validators=[Optional()])

    def validate_last(self, field) -> None:
        if self.first.data and field.data and self.first.data > field.data:
            raise ValidationError(_l("The last day comes before the first day."))

    def period(self, default: clock.Period) -> clock.Period:
        """The period asked for: given days, a month, else `default` (the self-check phase)."""
        if self.first.data or self.last.data:
            return services.date_period(self.first.data, self.last.data)
        period = services.month_period(self.month.data) if self.month.data else default
        self.first.data, self.last.data = period.first, period.last
        return period


class MonthForm(PickerForm):
    """附件3 and the typical cases: one calendar month (YYYY-MM)."""

    month = StringField(_l("Month"), validators=[Optional()])

    def validate_month(self, field) -> None:
        if field.data and not clock.is_month(field.data):
            raise ValidationError(_l("Give the month as YYYY-MM, for example 2026-04."))


class FilingForm(FlaskForm):
    """报送: the month's 附件3 with the name of the person filling it in."""

    filled_by_name = StringField(
        _l("Person filling in"),
        validators=[
            DataRequired(_l("Give the name of the person filling in the form.")),
            Length(max=64),
        ],
        filters=[lambda value: " ".join(value.split()) if value else value],
    )
    region = HiddenField()
    month = HiddenField()
    previous = HiddenField()
    client_key = HiddenField(default=new_client_key, validators=[Length(max=64)])

    def values(self) -> dict:
        return {
            "filled_by_name": self.filled_by_name.data,
            "client_key": self.client_key.data or "",
            "previous": self.previous.data or "",
        }


class Form2FilingForm(FlaskForm):
    """报送 of 附件2: the person filling it in and, when filed before, why it is amended."""

    filled_by_name = FilingForm.filled_by_name
    reason = TextAreaField(
        _l("Reason for the amendment"),
        validators=[Optional(), Length(max=500)],
        filters=[lambda value: " ".join(value.split()) if value else value],
    )
    region = HiddenField()
    previous = HiddenField()
    client_key = HiddenField(default=new_client_key, validators=[Length(max=64)])

    def values(self) -> dict:
        return {
            "filled_by_name": self.filled_by_name.data,
            "client_key": self.client_key.data or "",
            "previous": self.previous.data or "",
            "reason": self.reason.data or "",
        }
