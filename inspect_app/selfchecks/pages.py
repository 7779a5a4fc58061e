"""The self-check form's page, shared by the subject's link and the inspector's entry."""

from dataclasses import dataclass

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.i18n import format_local_date
from inspect_app.inspections.errors import StaleEdit
from inspect_app.selfchecks import queries, services
from inspect_app.selfchecks.errors import Incomplete, ReportRefused
from inspect_app.selfchecks.forms import SelfCheckForm, form_data, problem_form
from inspect_app.selfchecks.items import topics_for
from inspect_app.selfchecks.labels import PROGRESS_LABELS, STATUS_LABELS
from inspect_app.selfchecks.models import SelfCheck
from inspect_app.selfchecks.reports import StoredReport, attach_report_pdf, store_report_pdf
from inspect_app.subjects.models import Subject


class Unavailable(Exception):
    """No self-check behind this link (404), or the link was withdrawn or expired (410)."""

    def __init__(self, code: int, found: SelfCheck | None = None, expired: bool = False) -> None:
        super().__init__(code)
        self.code, self.found, self.expired = code, found, expired


def unavailable_page(error: Unavailable):
    page = render_template(
        "selfchecks/unavailable.html",
        code=error.code,
        self_check=error.found,
        expired=error.expired,
    )
    return page, error.code


def linked_self_check(token: str) -> SelfCheck:
    """The self-check a working link opens, else Unavailable (unknown, withdrawn, expired)."""
    self_check = queries.self_check_for_token(token)
    if self_check is None:
        raise Unavailable(404)
    if self_check.is_revoked:
        raise Unavailable(410, self_check)
    if self_check.is_expired(clock.today()):
        raise Unavailable(410, self_check, expired=True)
    return self_check


@dataclass
class FormPage:
    """Which template shows the form, for which unit and self-check, and where to go after."""

    template: str
    subject: Subject
    self_check: SelfCheck | None
    done_url: str

    @property
    def kind(self) -> str:
        return str(self.subject.kind)

    def stored(self) -> dict:
        return form_data(services.stored_answers(self.self_check), self.kind)

    def render(self, form: SelfCheckForm, status: int = 200, notice: str = "", **extra):
        if self.self_check is not None and not form.is_submitted():
            set_version(form, self.self_check.version)
        context = {
            "form": form,
            "subject": self.subject,
            "self_check": self.self_check,
            "items": topics_for(self.kind),
            "problem_forms": _problem_forms(self.self_check, extra.pop("problem_forms", {})),
            "answers": services.stored_answers(self.self_check) if self.self_check else None,
            "status": services.self_check_status(self.self_check),
            "labels": STATUS_LABELS,
            "progress_labels": PROGRESS_LABELS,
            "notice": notice,
            "today": clock.today(),
            **extra,
        }
        return render_template(self.template, **context), status


def _problem_forms(self_check: SelfCheck | None, given: dict) -> dict:
    """A progress form for every listed problem (those given keep what was typed)."""
    if self_check is None or not self_check.is_submitted:
        return {}
    forms = {i.number: problem_form(i, f"problem_{i.number}") for i in self_check.problems}
    return forms | given


def set_version(form: SelfCheckForm, version: int) -> None:
    """The hidden version the page sends back (raw data too: that is what renders)."""
    form.version.data = version
    form.version.raw_data = [str(version)]


def save_from_form(page: FormPage, form: SelfCheckForm, user):
    """Validate, then save a draft or submit; every refusal keeps what was typed on the page."""
    submit = request.form.get("action") == "submit"
    if page.self_check is not None and page.self_check.is_submitted:
        return page.render(form, 409, _already_submitted(page.self_check))
    if not form.validate():
        return page.render(form, 422)
    try:
        version = _version(page, form, user)
        pdf = _stored_pdf(form)
        services.save_self_check(
            page.self_check, form.to_answers(), version, submit=submit, user=user
        )
        if pdf is not None:
            attach_report_pdf(page.self_check, pdf, user)
        db.session.commit()
    except Incomplete as error:
        db.session.rollback()
        form.add_problems(error.problems)
        return page.render(form, 422)
    except ReportRefused as error:
        db.session.rollback()
        form.report_pdf.errors = [str(error.message)]
        return page.render(form, 422)
    except (StaleEdit, StaleDataError, IntegrityError):
        return _stale(page, form)
    flash(_done_message(page.self_check, submit), "success")
    return redirect(page.done_url)


def _stored_pdf(form: SelfCheckForm) -> StoredReport | None:
    """An institution's report PDF, when one was chosen: checked and stored before the answers."""
    data = form.pdf_bytes() if form.institution else None
    return store_report_pdf(data) if data is not None else None


def _version(page: FormPage, form: SelfCheckForm, user) -> int:
    """The version the page was opened at; an inspector's entry may create the self-check."""
    if page.self_check is None:
        page.self_check = services.open_on_behalf(page.subject, user)
        return page.self_check.version
    return form.version.data or 0


def _stale(page: FormPage, form: SelfCheckForm):
    """Someone saved in between: show what this person typed, against the current version."""
    db.session.rollback()
    page.self_check = services.find_self_check(page.subject.id)
    if page.self_check is not None and page.self_check.is_submitted:
        return page.render(form, 409, _already_submitted(page.self_check))
    if page.self_check is not None:
        set_version(form, page.self_check.version)
    message = _(
        "Someone else saved this form after you opened it, so your answers were not saved. "
        "They are still shown below: check them, then save again to replace the other "
        "version, or reload the page to see it."
    )
    return page.render(form, 409, message)


def _already_submitted(self_check: SelfCheck) -> str:
    when = format_local_date(clock.local_day(self_check.submitted_at))
    return _(
        "This self-check was submitted on %(date)s and can no longer be changed. "
        "Nothing was changed now.",
        date=when,
    )


def _done_message(self_check: SelfCheck, submit: bool) -> str:
    if not submit:
        return _(
            "Saved as a draft. Open the same link to continue; submit by %(date)s.",
            date=format_local_date(self_check.deadline),
        )
    if services.self_check_status(self_check) == services.LATE:
        return _("Submitted. It arrived after the deadline and is marked as late.")
    return _("Submitted. Thank you: the town's office has received your self-check.")
