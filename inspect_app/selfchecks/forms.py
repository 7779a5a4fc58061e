"""Forms of self-checks: sending and withdrawing links, the self-check form of each kind (附件1 for
production units; the institutions' items with the period reviewed and the report), and the
progress of one listed problem.

The enterprise's form carries no CSRF token, like the public case page: nobody is signed in, the
link's token is what authorises it, and a session cookie would expire while a draft waits.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
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
from inspect_app.selfchecks.items import ITEMS, topics_for
from inspect_app.selfchecks.models import Progress
from inspect_app.selfchecks.problems import NOTE_MAX
from inspect_app.selfchecks.services import NAME_MAX, REASON_MAX, REPORT_MAX, TEXT_MAX

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
    responsible = StringField(
        _l("Person responsible"),
        validators=[Length(max=NAME_MAX)],
        render_kw={"maxlength": NAME_MAX},
    )
    rectified = BooleanField(_l("Already rectified"))

    def to_answer(self) -> ItemAnswer:
        has_problem = {"yes": True, "no": False}.get(self.answer.data or "")
        return ItemAnswer(
            has_problem,
            self.problem.data or "",
            self.rectification.data or "",
            self.rectify_by.data,
            bool(self.rectified.data),
            self.responsible.data or "",
        )


class SelfCheckForm(FlaskForm):
    """The items, the person in charge and the date filled in; `version` against stale pages."""

    topics = ITEMS
    institution = False

    responsible_name = StringField(
        _l("Person in charge of the unit"),
        validators=[Length(max=NAME_MAX)],
        render_kw={"autocomplete": "name", "maxlength": NAME_MAX},
    )
    filled_on = DateField(_l("Date filled in"), validators=[Optional()])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def item_forms(self) -> list[tuple[object, ItemForm]]:
        return [(topic, getattr(self, f"item_{topic.number}").form) for topic in self.topics]

    def sign_fields(self) -> list:
        return [self.responsible_name, self.filled_on]

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
        for f in self.sign_fields():
            found += [(f.id, str(f.label.text), m) for m in f.errors]
        return found


class InstitutionSelfCheckForm(SelfCheckForm):
    """An institution's form: its items, the period reviewed, the report and an optional PDF."""

    institution = True
    review_from = DateField(_l("Period reviewed: from"), validators=[Optional()])
    review_to = DateField(_l("Period reviewed: to"), validators=[Optional()])
    report_text = TextAreaField(
        _l("Self-check report"),
        validators=[Length(max=REPORT_MAX)],
        description=_l(
            "How the review was done, what was found, and the measures taken or planned."
        ),
    )
    report_pdf = FileField(
        _l("Signed report as a PDF (optional)"),
        description=_l("A PDF file of at most 10 MB; a new file replaces the one attached."),
        render_kw={"accept": "application/pdf,.pdf"},
    )

    def sign_fields(self) -> list:
        fields = [self.review_from, self.review_to, self.report_text, self.report_pdf]
        return [*fields, *super().sign_fields()]

    def to_answers(self) -> Answers:
        answers = super().to_answers()
        answers.review_from, answers.review_to = self.review_from.data, self.review_to.data
        answers.report_text = self.report_text.data or ""
        return answers

    def validate_review_to(self, field) -> None:
        if field.data and field.data > clock.today():
            raise ValidationError(_l("The date cannot be in the future."))

    def pdf_bytes(self) -> bytes | None:
        upload = self.report_pdf.data
        if upload is None or not getattr(upload, "filename", ""):
            return None
        return upload.read()


def _item_label(number: int, field) -> str:
    label = field.label.text if field.short_name != "answer" else _l("Answer")
    return str(_l("Item %(number)s, %(field)s", number=number, field=label))


def _with_items(base: type, topics, public: bool) -> type:
    """A form class of `base` with one item field per topic (and no CSRF on the public link)."""
    fields = {f"item_{t.number}": FormField(ItemForm, label=t.text) for t in topics}
    fields["topics"] = topics
    if public:
        fields["Meta"] = type("Meta", (), {"csrf": False})
    return type(base.__name__, (base,), fields)


for _topic in ITEMS:
    setattr(SelfCheckForm, f"item_{_topic.number}", FormField(ItemForm, label=_topic.text))


class PublicSelfCheckForm(SelfCheckForm):
    class Meta:
        csrf = False


_FORMS = {("production_unit", False): SelfCheckForm, ("production_unit", True): PublicSelfCheckForm}
for _kind in ("training_institution", "exam_site"):
    for _public in (False, True):
        _FORMS[_kind, _public] = _with_items(InstitutionSelfCheckForm, topics_for(_kind), _public)


def form_class(kind: str, public: bool) -> type:
    """The self-check form of a subject kind, on the subject's link or an inspector's page."""
    return _FORMS[kind, public]


class ProblemForm(FlaskForm):
    """The progress of one listed problem, with photos of the work (sent from the link)."""

    class Meta:
        csrf = False  # the link's token authorises it, as for the self-check form

    progress = RadioField(
        _l("Progress"),
        choices=choices_of(
            (
                (Progress.OPEN.value, _l("Not started")),
                (Progress.IN_PROGRESS.value, _l("In progress")),
                (Progress.RECTIFIED.value, _l("Rectified")),
            )
        ),
        validators=[InputRequired(_l("Choose where the rectification stands."))],
    )
    note = TextAreaField(
        _l("Progress so far"), validators=[Length(max=NOTE_MAX)], render_kw={"rows": 2}
    )
    photos = MultipleFileField(
        _l("Photos of the rectification"),
        description=_l("Up to 4 photos at a time (JPEG, PNG, WebP or HEIC)."),
        render_kw={"accept": "image/*"},
    )

    def photo_bytes(self) -> list[bytes]:
        return [f.read() for f in (self.photos.data or []) if getattr(f, "filename", "")]

    def errors_for(self, error) -> None:
        """Put a service's refusal next to its field."""
        target = self._fields.get(getattr(error, "field", None) or "")
        (target.errors if target else self.form_errors).append(str(error.message))


def problem_form(item, prefix: str) -> ProblemForm:
    """The progress form of a listed problem, showing where it stands."""
    return ProblemForm(formdata=None, prefix=prefix, data={"progress": item.progress})


def form_data(answers: Answers, kind: str = "production_unit") -> dict:
    """Form defaults from stored answers."""
    data = {"responsible_name": answers.responsible_name, "filled_on": answers.filled_on}
    data |= {"review_from": answers.review_from, "review_to": answers.review_to}
    data["report_text"] = answers.report_text
    for topic in topics_for(kind):
        item = answers.item(topic.number)
        answer = {True: "yes", False: "no"}.get(item.has_problem)
        data[f"item_{topic.number}"] = {
            "answer": answer,
            "problem": item.problem,
            "rectification": item.rectification,
            "rectify_by": item.rectify_by,
            "rectified": item.rectified,
            "responsible": item.responsible,
        }
    return data
