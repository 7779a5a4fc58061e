"""A case's audit log, for supervisors and admins, a page at a time."""

from apiflask import Schema
from apiflask.fields import DateTime, Dict, Integer, String
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.pagination import PageQuery, paginate
from inspect_app.api.problems import Problem
from inspect_app.api.schemas import page_of
from inspect_app.audit.models import AuditEntry
from inspect_app.inspections.queries import get_inspection


class AuditEntryOut(Schema):
    id = Integer()
    at = DateTime()
    user_id = Integer(allow_none=True)
    user = String(attribute="user.display_name", allow_none=True)
    action = String()
    entity = String()
    entity_id = Integer(allow_none=True)
    details = Dict()


@bp.get("/cases/<int:case_id>/audit")
@bp.auth_required(token_auth)
@bp.input(PageQuery, location="query", arg_name="page")
@bp.output(page_of(AuditEntryOut))
@bp.doc(tags=["Cases"], responses={403: "Supervisors and admins only", 404: "Not found"})
def case_audit(case_id, page):
    """Who did what to a case and when, oldest first."""
    inspection = get_inspection(case_id)
    if not current_user.has_role("supervisor", "admin"):
        raise Problem(
            403, "forbidden", _("Only supervisors and administrators read the audit log.")
        )
    query = select(AuditEntry).where(AuditEntry.inspection_id == inspection.id)
    return paginate(query, AuditEntry.id, page["cursor"], page["limit"])
