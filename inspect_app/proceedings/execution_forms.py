"""Forms of a proceeding's end (service, payment, reminder, closing) and the panel that shows
which of them the current user may use now."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from inspect_app import clock
from inspect_app.auth.models import Role
from inspect_app.documents.services import proceeding_documents
from inspect_app.forms import choices_from
from inspect_app.penalties.forms import YuanField
from inspect_app.proceedings import execution
from inspect_app.proceedings.models import Proceeding
from inspect_app.proceedings.models import ProceedingStatus as S


class StepForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class ServeForm(StepForm):
    served_on = DateField(_l("Date of service"), validators=[InputRequired(_l("Enter the date."))])
    method = RadioField(
        _l("Method of service"),
        choices=choices_from(execution.SERVICE_METHODS),
        validators=[InputRequired(_l("Choose how the decision was served."))],
    )
    recipient = StringField(
        _l("Received by"),
        validators=[DataRequired(_l("Enter the name of the recipient.")), Length(max=64)],
        description=_l("The person who signed for the decision, or the party's name."),
    )
    consent = BooleanField(
        _l("The party has agreed in writing to electronic service"),
        description=_l("Needed for electronic service (Administrative Penalty Law Art. 61)."),
    )


class PaymentForm(StepForm):
    paid_on = DateField(_l("Date paid"), validators=[InputRequired(_l("Enter the date."))])
    amount = YuanField(
        _l("Amount paid (yuan)"),
        description=_l("The whole fine; partial payments are not recorded."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12},
    )


class ReminderForm(StepForm):
    pass


class CloseForm(StepForm):
    ground = RadioField(
        _l("Ground for closing"),
        choices=choices_from(execution.CLOSING_GROUNDS),
        validators=[InputRequired(_l("Choose the ground for closing."))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[Length(max=2000)],
        description=_l("Needed unless the decision has been carried out."),
    )
    opinion = TextAreaField(_l("Approval opinion"), validators=[Length(max=2000)])


FORMS = {"serve": ServeForm, "payment": PaymentForm, "reminder": ReminderForm, "close": CloseForm}


@dataclass
class Panel:
    """What the execution part of a proceeding's page shows, and the forms open to the user."""

    proceeding: Proceeding
    documents: list = field(default_factory=list)
    forms: dict = field(default_factory=dict)
    due: date | None = None
    overdue: bool = False

    @property
    def fine(self) -> int:
        return execution.fine_of(self.proceeding)


def panel(proceeding: Proceeding, submitted: dict | None = None) -> Panel:
    """The panel of a proceeding; `submitted` holds a refused form to show with its errors."""
    documents = proceeding_documents(proceeding.id)
    result = Panel(proceeding, documents, due=execution.payment_due(proceeding))
    result.overdue = execution.can_remind(proceeding)
    submitted, steps = submitted or {}, open_steps(proceeding)
    for name in FORMS:  # a refused form is shown with its errors, even if its step has passed
        if name in submitted or name in steps:
            result.forms[name] = submitted.get(name) or _fresh(name, proceeding)
    return result


def open_steps(proceeding: Proceeding) -> list[str]:
    """The steps the current user may take now, in their order."""
    steps = []
    if current_user.has_role(Role.INSPECTOR, Role.ADMIN):
        if proceeding.status == S.DECIDED:
            steps.append("serve")
        if proceeding.status == S.SERVED and execution.needs_payment(proceeding):
            steps.append("payment")
            if execution.can_remind(proceeding) and proceeding.reminded_on != clock.today():
                steps.append("reminder")
    if current_user.has_role(Role.SUPERVISOR) and proceeding.status in execution.CLOSABLE:
        steps.append("close")
    return steps


def _fresh(name: str, proceeding: Proceeding) -> FlaskForm:
    data = {"version": proceeding.version}
    if name == "serve":
        data |= {"served_on": clock.today(), "method": "direct"}
    if name == "payment":
        data |= {"paid_on": clock.today(), "amount": execution.fine_of(proceeding)}
    if name == "close":
        data["ground"] = "executed" if proceeding.status == S.SERVED else "other"
    return FORMS[name](formdata=None, prefix=name, data=data)


def bound(name: str) -> FlaskForm:
    """The form `name` bound to the request."""
    return FORMS[name](prefix=name)
