"""API v1: the blueprint, its guards, and the resources it serves."""

from flask import Flask
from sqlalchemy import select

# Resource modules: importing one adds its routes to the blueprint (one line per module).
import inspect_app.api.audit
import inspect_app.api.case_checks
import inspect_app.api.case_findings
import inspect_app.api.case_oral
import inspect_app.api.case_penalties
import inspect_app.api.case_photos
import inspect_app.api.case_records
import inspect_app.api.case_signatures
import inspect_app.api.cases
import inspect_app.api.catalogs
import inspect_app.api.offline_bundle
import inspect_app.api.offline_quizzes
import inspect_app.api.quizzes
import inspect_app.api.registry
import inspect_app.api.reports
import inspect_app.api.scope  # noqa: F401
from inspect_app.api import auth
from inspect_app.api.blueprint import bp
from inspect_app.api.openapi import describe_problems
from inspect_app.api.pagination import PageQuery, paginate
from inspect_app.api.problems import handle_api_error, render_http_error
from inspect_app.api.schemas import RegionOut, page_of
from inspect_app.auth.access import scope_ids
from inspect_app.errors import render_errors_under
from inspect_app.regions.models import Region
from inspect_app.sessions import STATELESS_PREFIX

__all__ = ["bp", "init_app"]


@bp.get("/regions")
@bp.auth_required(auth.token_auth)
@bp.input(PageQuery, location="query", arg_name="page")
@bp.output(page_of(RegionOut))
def list_regions(page):
    """The regions in the token's scope."""
    query = select(Region).where(Region.id.in_(scope_ids()))
    return paginate(query, Region.id, page["cursor"], page["limit"])


def init_app(app: Flask) -> None:
    """Tokens, problem details for every error under /api/, and a public description."""
    auth.init_app(app, bp)
    app.error_processor(handle_api_error)
    app.spec_processor(describe_problems)
    render_errors_under(app, STATELESS_PREFIX, render_http_error)
    app.view_functions["openapi.spec"].is_public = True
    for blueprint in app.blueprints.values():  # apiflask reads this on plain blueprints too
        if not hasattr(blueprint, "enable_openapi"):
            blueprint.enable_openapi = False
