"""Forms of the question bank pages: one question (the import's own checks), and a file upload."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from inspect_app.forms import choices_from, choices_of
from inspect_app.inspections.forms import MultiCheckboxField
from inspect_app.labels import POSITION_LABELS
from inspect_app.quizzes.bank import (
    QUESTION_KIND_LABELS,
    data_of,
    find_question,
    topic_names,
    topic_spellings,
)
from inspect_app.quizzes.bank_rules import check_row
from inspect_app.quizzes.bank_schema import OPTION_COLUMNS, QuestionData

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class QuestionForm(FlaskForm):
    code = StringField(
        _l("Question code"),
        description=_l("Unique, e.g. Q-201: letters, digits, “.”, “_” or “-”."),
        render_kw={"autocapitalize": "none", "spellcheck": "false", "maxlength": 32},
    )
    kind = SelectField(_l("Type"), choices=choices_from(QUESTION_KIND_LABELS))
    topic = SelectField(_l("Topic"))
    positions = MultiCheckboxField(
        _l("Suits"),
        choices=choices_from(POSITION_LABELS),
        description=_l("Tick none if the question suits everyone."),
    )
    text = TextAreaField(_l("Question"), render_kw={"rows": 3})
    option_a = StringField(_l("Option A"))
    option_b = StringField(_l("Option B"))
    option_c = StringField(_l("Option C"))
    option_d = StringField(_l("Option D"))
    option_e = StringField(_l("Option E"))
    option_f = StringField(_l("Option F"))
    answer = StringField(
        _l("Answer"),
        description=_l("Letters of the correct options, e.g. B or ACD; T or F for true/false."),
        render_kw={"autocapitalize": "characters", "spellcheck": "false", "maxlength": 12},
    )
    explanation = TextAreaField(_l("Explanation"), render_kw={"rows": 4})
    source = StringField(_l("Source (rule or article)"), render_kw={"maxlength": 200})
    active = BooleanField(_l("In use (drawn into new papers)"), default=True)
    fingerprint = HiddenField()

    def __init__(self, *args, question=None, locale: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = choices_of(topic_names(locale).items())
        self._question = question
        self.data_of_form: QuestionData | None = None
        self.duplicate_of = None
        if question is not None and not self.is_submitted():
            self._fill(data_of(question))

    def _fill(self, data: QuestionData) -> None:
        for name, value in form_values(data).items():
            getattr(self, name).data = value

    def validate(self, extra_validators=None) -> bool:
        """The field checks, then the very checks a file row gets, then a unique code."""
        if not super().validate(extra_validators):
            return False
        data, errors = check_row(0, self._record(), topic_spellings())
        for error in errors:
            field = getattr(self, error.column or "text")
            field.errors = [*field.errors, error.message]
        if data is not None:
            self._check_code(data)
        self.data_of_form = data if not self.errors else None
        return self.data_of_form is not None

    def _record(self) -> dict[str, str]:
        record = {name: self[name].data or "" for name in ("code", "kind", "topic", "text")}
        record |= {column: self[column].data or "" for column in OPTION_COLUMNS}
        record |= {"answer": self.answer.data or "", "explanation": self.explanation.data or ""}
        record |= {"source": self.source.data or "", "active": "yes" if self.active.data else "no"}
        record["positions"] = ";".join(self.positions.data or ())
        return record

    def _check_code(self, data: QuestionData) -> None:
        existing = find_question(data.code)
        if existing is None or existing is self._question:
            return
        if self._question is None and data_of(existing) == data:
            self.duplicate_of = existing  # the same form sent twice: already saved
            return
        self.code.errors = [*self.code.errors, _l("Another question has this code.")]


def form_values(data: QuestionData) -> dict:
    """A question's values under the edit form's field names."""
    names = ("code", "kind", "topic", "text", "answer", "explanation", "source", "active")
    values = {name: getattr(data, name) for name in names}
    values["positions"] = list(data.positions)
    options = list(data.options) + [""] * (len(OPTION_COLUMNS) - len(data.options))
    return values | dict(zip(OPTION_COLUMNS, options, strict=True))


class ImportForm(FlaskForm):
    file = FileField(
        _l("Question file"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "xlsx"], _l("Choose a .csv or .xlsx file.")),
            FileSize(MAX_IMPORT_BYTES, message=_l("The file is larger than 2 MB.")),
        ],
        description=_l(
            "CSV (UTF-8 or GBK) or XLSX with a header row. Download an export to see the columns."
        ),
        render_kw={"accept": ".csv,.xlsx"},
    )
