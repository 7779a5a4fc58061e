"""Forms of self-checks: sending and withdrawing links, and the six-item form (附件1).

The enterprise's form carries no CSRF token, like the public case page: nobody is signed in, the
link's token is what authorises it, and a session cookie would expire while a draft waits.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from inspect_app import clock
from inspect_app.forms import choices_of
from inspect_app.selfchecks.answers import Answers, ItemAnswer
from inspect_app.selfchecks.errors import DeadlinePassed
from inspect_app.selfchecks.items import ITEMS
from inspect_app.selfchecks.services import NAME_MAX, REASON_MAX, TEXT_MAX

ANSWER_CHOICES = choices_of((("no", _l("No problem found")), ("yes", _l("Problem found"))))


class SendForm(FlaskForm):
    deadline = DateField(
        _l("Deadline for the unit"),
        validators=[InputRequired(_l("Enter the deadline."))],
        description=_l("A form submitted after this day is still accepted, marked late."),
    )

    def validate_deadline(self, field) -> None:
        if field.data and field.data < clock.today():
            raise ValidationError(str(DeadlinePassed.message))


class BulkSendForm(SendForm):
    region_id = SelectField(_l("Region"), coerce=int, validate_choice=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.region_id.choices = choices_of((r.id, r.name) for r in regions)


class ResendForm(SendForm):
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for withdrawing"),
        validators=[
            InputRequired(_l("Give the reason for withdrawing the link.")),
            Length(max=REASON_MAX),
        ],
        description=_l("Kept with the self-check; the unit's page does not show it."),
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class ItemForm(Form):
    """One of the six items: no problem, or the problem with its rectification and deadline."""

    answer = RadioField(choices=ANSWER_CHOICES, validators=[Optional()])
    problem = TextAreaField(_l("Problem described"), validators=[Length(max=TEXT_MAX)])
    rectification = TextAreaField(_l("Rectification"), validators=[Length(max=TEXT_MAX)])
    rectify_by = DateField(_l("Rectification deadline"), validators=[Optional()])
    rectified = BooleanField(_l("Already rectified"))

    def to_answer(self) -> ItemAnswer:
        has_problem = {"yes": True, "no": False}.get(self.answer.data or "")
        return ItemAnswer(
            has_problem,
            self.problem.data or "",
            self.rectification.data or "",
            self.rectify_by.data,
            bool(self.rectified.data),
        )


class SelfCheckForm(FlaskForm):
    """The six items, the person in charge and the date filled in; `version` against stale pages."""

    responsible_name = StringField(
        _l("Person in charge of the unit"),
        validators=[Length(max=NAME_MAX)],
        render_kw={"autocomplete": "name", "maxlength": NAME_MAX},
    )
    filled_on = DateField(_l("Date filled in"), validators=[Optional()])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def item_forms(self) -> list[tuple[object, ItemForm]]:
        return [(topic, getattr(self, f"item_{topic.number}").form) for topic in ITEMS]

    def to_answers(self) -> Answers:
        items = {topic.number: form.to_answer() for topic, form in self.item_forms()}
        return Answers(items, self.responsible_name.data or "", self.filled_on.data)

    def validate_filled_on(self, field) -> None:
        if field.data and field.data > clock.today():
            raise ValidationError(_l("The date cannot be in the future."))

    def add_problems(self, problems) -> None:
        """Put the service's messages next to their fields (ids as rendered)."""
        fields = {f.id: f for _topic, form in self.item_forms() for f in form}
        fields |= {f.id: f for f in self}
        for field_id, message in problems:
            target = fields.get(field_id)
            (target.errors if target else self.form_errors).append(str(message))

    def error_links(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every error, in the order of the page."""
        found = []
        for topic, form in self.item_forms():
            for f in form:
                found += [(f.id, _item_label(topic.number, f), m) for m in f.errors]
        for f in (self.responsible_name, self.filled_on):
            found += [(f.id, str(f.label.text), m) for m in f.errors]
        return found


def _item_label(number: int, field) -> str:
    label = field.label.text if field.short_name != "answer" else _l("Answer")
    return str(_l("Item %(number)s, %(field)s", number=number, field=label))


for _topic in ITEMS:
    setattr(SelfCheckForm, f"item_{_topic.number}", FormField(ItemForm, label=_topic.text))


class PublicSelfCheckForm(SelfCheckForm):
    class Meta:
        csrf = False


def form_data(answers: Answers) -> dict:
    """Form defaults from stored answers."""
    data = {"responsible_name": answers.responsible_name, "filled_on": answers.filled_on}
    for topic in ITEMS:
        item = answers.item(topic.number)
        answer = {True: "yes", False: "no"}.get(item.has_problem)
        data[f"item_{topic.number}"] = {
            "answer": answer,
            "problem": item.problem,
            "rectification": item.rectification,
            "rectify_by": item.rectify_by,
            "rectified": item.rectified,
        }
    return data
