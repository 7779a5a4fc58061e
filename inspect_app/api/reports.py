"""Report figures as JSON: 附件2 (self-checks) and 附件3 (monthly enforcement statistics),
from the same services as the report pages and their spreadsheets."""

from apiflask import Schema
from apiflask.fields import Date, DateTime, Integer, List, Nested, String
from flask import abort
from flask_login import current_user
from marshmallow import ValidationError

from inspect_app import clock
from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.schemas import RegionOut
from inspect_app.auth.access import require_role, scope_ids
from inspect_app.auth.models import Role
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.stats import services

TAG = "Reports"
READERS = (Role.SUPERVISOR, Role.ADMIN)
RESPONSES = {403: "Inspectors do not read reports", 404: "Region not found or out of scope"}


def _month(value: str) -> None:
    try:
        services.parse_month(value)
    except services.ReportError as error:
        raise ValidationError(str(error.message)) from error


class ReportQuery(Schema):
    region_id = Integer(metadata={"description": "a region in scope; default: the caller's"})
    month = String(validate=_month, metadata={"description": "YYYY-MM; default: this month"})


class Counts(Schema):
    checked = Integer(metadata={"description": "enterprises that self-checked"})
    with_problem = Integer()
    rectified = Integer()


class ItemRow(Counts):
    item = Integer(metadata={"description": "self-check item 1–6"})


class Form2Block(Schema):
    items = List(Nested(ItemRow))
    total = Nested(Counts)


class Form2Unit(Form2Block):
    region = Nested(RegionOut)


class Form2Out(Schema):
    region = Nested(RegionOut)
    month = String()
    first = Date()
    last = Date()
    units = List(Nested(Form2Unit), metadata={"description": "each town (a town: itself)"})
    summed = Nested(Form2Block, allow_none=True, metadata={"description": "a county's sum"})


class Penalized(Schema):
    subject_id = Integer()
    name = String()
    fine = Integer(metadata={"description": "whole yuan"})


class Form3Unit(Schema):
    region = Nested(RegionOut)
    inspected = Integer()
    penalized = List(Nested(Penalized))
    fine_total = Integer()


class Filing(Schema):
    region = Nested(RegionOut)
    state = String(metadata={"description": "on_time, late, overdue or pending"})
    filed_at = DateTime(allow_none=True)
    filled_by_name = String(allow_none=True)


class Form3Out(Schema):
    region = Nested(RegionOut)
    month = String()
    due = Date()
    inspected = Integer()
    penalized_count = Integer()
    fine_total = Integer()
    units = List(Nested(Form3Unit))
    filings = List(Nested(Filing))


def _region(query: dict) -> Region:
    region = db.session.get(Region, query.get("region_id") or current_user.region_id)
    if region is None or region.id not in scope_ids():
        abort(404)
    require_role(*READERS)
    return region


def _block(block) -> dict:
    items = [{"item": number, **vars(counts)} for number, counts in sorted(block.items.items())]
    return {"items": items, "total": vars(block.total)}


@bp.get("/reports/form2")
@bp.auth_required(token_auth)
@bp.input(ReportQuery, location="query", arg_name="query")
@bp.output(Form2Out)
@bp.doc(tags=[TAG], responses=RESPONSES)
def form2(query):
    """附件2 for a month: enterprises' self-checks per town, and a county's sum."""
    region = _region(query)
    month = query.get("month") or clock.current_month()
    report = services.form2_report(region, services.month_period(month))
    return {
        "region": region,
        "month": month,
        "first": report.period.first,
        "last": report.period.last,
        "units": [{"region": unit, **_block(block)} for unit, block in report.blocks],
        "summed": _block(report.summed) if report.summed else None,
    }


@bp.get("/reports/form3")
@bp.auth_required(token_auth)
@bp.input(ReportQuery, location="query", arg_name="query")
@bp.output(Form3Out)
@bp.doc(tags=[TAG], responses=RESPONSES)
def form3(query):
    """附件3 for a month: cases, penalised units and fines per town, and each town's filing."""
    region = _region(query)
    report = services.form3_report(region, query.get("month") or clock.current_month())
    filings = [
        {
            "region": status.region,
            "state": status.state,
            "filed_at": status.report.filed_at if status.report else None,
            "filled_by_name": status.report.filled_by_name if status.report else None,
        }
        for status in report.filings
    ]
    units = [
        {
            "region": unit,
            "inspected": figures.inspected,
            "penalized": figures.penalized,
            "fine_total": figures.fine_total,
        }
        for unit, figures in report.units
    ]
    return {
        "region": region,
        "month": report.month,
        "due": report.due,
        "inspected": report.inspected,
        "penalized_count": report.penalized_count,
        "fine_total": report.fine_total,
        "units": units,
        "filings": filings,
    }
