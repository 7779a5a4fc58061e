"""Forms of the quiz pages: quiz a worker, the recorded score, an oral question."""

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from inspect_app.forms import choices_of
from inspect_app.i18n import label
from inspect_app.quizzes.topics import topic_label

VERDICT_LABELS = {
    "correct": _l("Correct"),
    "partly": _l("Partly correct"),
    "wrong": _l("Wrong"),
}


def _optional_int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # matches no choice: "not a valid choice"


def new_client_key() -> str:
    return secrets.token_urlsafe(16)


class WorkerForm(FlaskForm):
    """Who is quizzed or asked: a person of the unit, or a name typed in."""

    client_key = HiddenField(default=new_client_key, validators=[Length(max=64)])
    person_id = SelectField(_l("Person of the unit"), coerce=_optional_int)
    worker_name = StringField(
        _l("Or type the worker's name"),
        validators=[Length(max=64)],
        description=_l("For a worker who is not in the unit's register."),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [(p.id, f"{p.name} · {label(p.position, 'POSITION_LABELS')}") for p in people]
        self.person_id.choices = choices_of([("", _l("Choose…")), *options])
        self._people = {p.id: p for p in people}

    def validate_worker_name(self, field) -> None:
        if self.person_id.data is None and not (field.data or "").strip():
            raise ValidationError(_l("Choose a person of the unit or type the worker's name."))

    @property
    def person(self):
        return self._people.get(self.person_id.data)


class StartForm(WorkerForm):
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500)])
    template_id = SelectField(
        _l("Quiz template"),
        coerce=_optional_int,
        description=_l("By position: the default template of the person's position."),
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [(t.id, template_option(t)) for t in templates]
        self.template_id.choices = choices_of([("", _l("By position")), *options])


def template_option(template) -> str:
    count = sum((template.topic_counts or {}).values())
    return str(
        _l(
            "%(name)s (%(count)s questions, pass %(mark)s)",
            name=template.name,
            count=count,
            mark=template.pass_mark,
        )
    )


class RecordedScoreForm(FlaskForm):
    recorded_score = IntegerField(
        _l("Score in the unit's own exam records"),
        validators=[
            InputRequired(_l("Enter the score the unit recorded.")),
            NumberRange(0, 100, _l("A score is between 0 and 100.")),
        ],
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500)])


class OralForm(WorkerForm):
    question_id = SelectField(_l("Question from the bank"), coerce=_optional_int)
    text = TextAreaField(_l("Or type the question"), validators=[Length(max=2000)])
    verdict = RadioField(
        _l("The answer was"),
        choices=choices_of(VERDICT_LABELS.items()),
        validators=[InputRequired(_l("Mark the answer correct, partly correct or wrong."))],
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [(q.id, f"{topic_label(q.topic)} · {q.text}") for q in questions]
        self.question_id.choices = choices_of([("", _l("None: I type the question")), *options])
        self._questions = {q.id: q for q in questions}

    def validate_text(self, field) -> None:
        if self.question_id.data is None and not (field.data or "").strip():
            raise ValidationError(_l("Choose a question from the bank or type one."))

    def values(self, reason: str | None) -> dict:
        """Keyword arguments for oral.record_oral_question."""
        return {
            "person": self.person,
            "worker_name": self.worker_name.data or "",
            "question": self._questions.get(self.question_id.data),
            "text": self.text.data or "",
            "verdict": self.verdict.data,
            "note": self.note.data or "",
            "client_key": self.client_key.data or "",
            "reason": reason,
        }


class HandOverForm(FlaskForm):
    pin = PasswordField(
        _l("PIN for this case (optional)"),
        validators=[Optional(), Regexp(r"^[0-9]{4}$", message=_l("A PIN is 4 digits."))],
        description=_l("4 digits, to take the phone back. Without a PIN, your password does."),
    )


class TakeBackForm(FlaskForm):
    secret = PasswordField(
        _l("Case PIN or your password"),
        validators=[InputRequired(_l("Enter the case PIN or your password."))],
    )
