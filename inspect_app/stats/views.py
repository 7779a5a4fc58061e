"""Report pages: 附件2 self-check summary, 附件3 monthly statistics, and their exports."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from inspect_app import clock
from inspect_app.auth.access import require_role, scope_ids
from inspect_app.auth.models import Role
from inspect_app.auth.services import assignable_regions
from inspect_app.extensions import db
from inspect_app.pdf import MissingGlyphs
from inspect_app.regions.services import find_region
from inspect_app.stats import exports, form2_filing, services, tables
from inspect_app.stats.forms import FilingForm, Form2FilingForm, MonthForm, PeriodForm

bp = Blueprint("stats", __name__, url_prefix="/reports")
READERS = (Role.SUPERVISOR, Role.ADMIN)


def scoped_region(code: str | None):
    """The region with this code if the user may see it (404 otherwise); readers only (403)."""
    region = find_region(code or "")
    if region is None or region.id not in scope_ids():
        abort(404)
    require_role(*READERS)
    return region


def _picker(form_class, formdata=None):
    form = form_class(
        formdata or request.args, assignable_regions(current_user), current_user.region
    )
    return form, scoped_region(form.region.data)


def _form2():
    form, region = _picker(PeriodForm)
    if not form.validate():
        return form, region, None
    try:
        phase = form2_filing.self_check_phase(region, form2_filing.campaign_code())
        return form, region, services.form2_report(region, form.period(phase))
    except services.ReportError as error:
        form.form_errors.append(str(error.message))
        return form, region, None


@bp.get("/form2")
def form2():
    form, region, report = _form2()
    return _form2_page(form, region, report, _form2_filing_form(region))


def _form2_filing_form(region):
    if not services.can_file(current_user, region):
        return None
    filed = form2_filing.find_filing(region, form2_filing.campaign_code())
    form = Form2FilingForm(formdata=None, region=region.code)
    form.previous.data = form2_filing.filing_token(filed)
    form.filled_by_name.data = filed.filled_by_name if filed else current_user.display_name
    return form


def _form2_page(form, region, report, filing_form, filing_error=None, status=None):
    filing = form2_filing.form2_filing(region)
    own = filing.filing.report if filing.filing else None
    context = {
        "form": form,
        "region": region,
        "report": report,
        "table": tables.form2_table(report) if report else None,
        "filing": filing,
        "filing_form": filing_form,
        "filing_error": filing_error,
        "changed": form2_filing.changed_since_filing(own),
    }
    return render_template("stats/form2.html", **context), status or (200 if report else 400)


@bp.post("/form2/file")
def file_form2():
    filing = Form2FilingForm()
    town = scoped_region(filing.region.data)
    if not services.can_file(current_user, town):
        abort(403)
    if not filing.validate_on_submit():
        return _form2_refused(town, filing, None, 422)
    try:
        filed = form2_filing.file_form2(town, current_user, **filing.values())
        db.session.commit()
    except services.ReportError as error:
        stale = isinstance(error, services.StaleFiling)
        return _form2_refused(town, filing, error.message, 409 if stale else 422)
    except IntegrityError:  # another first filing won the race
        return _form2_refused(town, filing, form2_filing.StaleForm2Filing.message, 409)
    done = _("Self-check summary amended.") if filed.amendments else _("Self-check summary filed.")
    flash(done, "success")
    return redirect(url_for(".form2", region=town.code))


def _form2_refused(town, filing, message, status: int):
    db.session.rollback()
    form, _region = _picker(PeriodForm, MultiDict({"region": town.code}))
    form.validate()
    phase = form2_filing.self_check_phase(town, form2_filing.campaign_code())
    report = services.form2_report(town, form.period(phase))
    return _form2_page(form, town, report, filing, str(message) if message else None, status)


@bp.get("/form2/export.<fmt>")
def form2_export(fmt: str):
    _form, _region, report = _form2()
    return _download(tables.form2_table(report) if report else None, fmt)


# A report over several towns names this many penalized units per town on the page; the
# exports name them all. A town's own page names all: it is what the town files.
LISTED_PER_TOWN = 20


def _form3(listed: int | None = None):
    form, region = _picker(MonthForm)
    if not form.validate():
        return form, region, None
    form.month.data = form.month.data or clock.current_month()
    listed = listed if region.children else None
    return form, region, services.form3_report(region, form.month.data, listed)


@bp.get("/form3")
def form3():
    form, region, report = _form3(LISTED_PER_TOWN)
    return _form3_page(form, region, report, _filing_form(report))


@bp.get("/form3/export.<fmt>")
def form3_export(fmt: str):
    _form, _region, report = _form3()
    return _download(tables.form3_table(report) if report else None, fmt)


@bp.post("/form3/file")
def file_form3():
    filing = FilingForm()
    town = scoped_region(filing.region.data)
    if not services.can_file(current_user, town):
        abort(403)
    if not filing.validate_on_submit():
        return _refused(town, filing, None, 422)
    try:
        services.file_monthly_report(town, filing.month.data, current_user, **filing.values())
        db.session.commit()
    except services.ReportError as error:
        stale = isinstance(error, services.StaleFiling)
        return _refused(town, filing, error.message, 409 if stale else 422)
    except IntegrityError:  # another first filing won the race
        return _refused(town, filing, services.StaleFiling.message, 409)
    flash(_("Monthly report filed."), "success")
    return redirect(url_for(".form3", region=town.code, month=filing.month.data))


def _refused(town, filing, message, status: int):
    db.session.rollback()
    form, _region = _picker(MonthForm, MultiDict({"region": town.code, "month": filing.month.data}))
    valid = form.validate() and form.month.data
    report = services.form3_report(town, form.month.data) if valid else None
    return _form3_page(form, town, report, filing, str(message) if message else None, status)


def _filing_form(report):
    if report is None or not services.can_file(current_user, report.region):
        return None
    filing = report.filing.report if report.filing else None
    form = FilingForm(formdata=None, region=report.region.code, month=report.month)
    form.previous.data = services.filing_token(filing)
    form.filled_by_name.data = filing.filled_by_name if filing else current_user.display_name
    return form


def _form3_page(form, region, report, filing_form, filing_error=None, status=None):
    context = {
        "form": form,
        "region": region,
        "report": report,
        "table": tables.form3_table(report) if report else None,
        "filing_form": filing_form,
        "filing_error": filing_error,
        "changed": report is not None and services.changed_since_filing(report),
        "earlier_rule": report is not None and services.filed_by_issue_month(report),
    }
    return render_template("stats/form3.html", **context), status or (200 if report else 400)


def _typical():
    form, region = _picker(MonthForm)
    if not form.validate():
        return form, region, None
    month = form.month.data
    period = services.month_period(month) if month else None
    cases = services.typical_case_list(region, period)
    return form, region, tables.typical_table(region, cases, month or "")


@bp.get("/typical-cases")
def typical_cases():
    form, region, table = _typical()
    page = render_template("stats/typical_cases.html", form=form, region=region, table=table)
    return page, 200 if table else 400


@bp.get("/typical-cases/export.<fmt>")
def typical_cases_export(fmt: str):
    _form, _region, table = _typical()
    return _download(table, fmt)


def _download(table, fmt: str):
    if fmt not in exports.FORMATS:
        abort(404)
    if table is None:
        abort(400)
    try:
        data = exports.export(table, fmt)
    except MissingGlyphs as error:
        chars = " ".join(error.characters) or "?"
        message = _("The PDF cannot be made: the font has no glyph for %(chars)s.", chars=chars)
        return render_template(
            "errors/error.html", code=422, title=_("Export"), message=message
        ), 422
    response = Response(data, mimetype=exports.MIMETYPES[fmt])
    response.headers["Content-Disposition"] = exports.content_disposition(table, fmt)
    response.headers["Cache-Control"] = "no-store"
    return response
