"""The dashboard's filter: a region of the user's scope and a period of whole months."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Optional, Regexp, ValidationError

from inspect_app import clock
from inspect_app.clock import Period
from inspect_app.forms import choices_of

MONTH = clock.MONTH_RE
MAX_MONTHS = 36


def _month_field(label) -> StringField:
    return StringField(
        label,
        validators=[Optional(), Regexp(MONTH, message=_l("Enter a month as YYYY-MM."))],
        render_kw={"type": "month", "placeholder": "YYYY-MM"},
    )


class FilterForm(FlaskForm):
    """Read from the query string (GET), so no CSRF token."""

    class Meta:
        csrf = False

    region = SelectField(_l("Region"), coerce=int, validate_choice=False)
    start = _month_field(_l("From month"))
    end = _month_field(_l("To month"))

    def __init__(self, *args, regions=(), default: Period, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = choices_of((r.id, r.name) for r in regions)
        self.default = default

    def period(self) -> Period:
        """The months asked for, the default period filling in what was left empty."""
        return Period.of_months(
            self.start.data or self.default.first_month, self.end.data or self.default.last_month
        )

    def validate_end(self, field) -> None:
        if self.start.errors or field.errors:
            return
        count = len(self.period().months)
        if count == 0:
            raise ValidationError(_l("The period must end after it starts."))
        if count > MAX_MONTHS:
            raise ValidationError(_l("Choose at most %(count)s months.", count=MAX_MONTHS))
