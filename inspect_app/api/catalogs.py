"""Campaigns, their check catalogs and the legal bases (read only; the reviewed TOML files)."""

from dataclasses import asdict

from apiflask import Schema
from apiflask.fields import Boolean, Date, Integer, List, Nested, String
from flask import abort

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.catalogs import (
    KINDS,
    CatalogError,
    campaign_codes,
    latest_version,
    load_campaign,
    load_catalog,
    load_legal_bases,
)

TAG = "Catalogs"


class PhaseOut(Schema):
    code = String()
    name_zh = String()
    name_en = String()
    starts_on = Date()
    ends_on = Date()


class CampaignOut(Schema):
    code = String()
    name_zh = String()
    name_en = String()
    starts_on = Date()
    ends_on = Date()
    phases = List(Nested(PhaseOut))
    catalogs = List(
        Nested(type("CatalogRef", (Schema,), {"kind": String(), "latest_version": Integer()}))
    )


class CampaignList(Schema):
    items = List(Nested(CampaignOut))


class CheckItemOut(Schema):
    code = String()
    text_zh = String()
    text_en = String()
    guidance_zh = String()
    guidance_en = String()
    basis = List(String(), metadata={"description": "codes of legal bases"})
    self_check_item = Integer(allow_none=True)
    high_risk_only = Boolean()


class CatalogOut(Schema):
    campaign = String()
    kind = String()
    version = Integer()
    items = List(Nested(CheckItemOut))


class LegalBasisOut(Schema):
    code = String()
    law_zh = String()
    law_en = String()
    article = String()
    summary_zh = String()
    summary_en = String()
    unit_min = Integer(allow_none=True)
    unit_max = Integer(allow_none=True)
    person_min = Integer(allow_none=True)
    person_max = Integer(allow_none=True)
    measures = List(String())
    escalation = String(allow_none=True)


class LegalBasisList(Schema):
    items = List(Nested(LegalBasisOut))


def _campaign(code: str) -> dict:
    try:
        campaign = load_campaign(code)
    except CatalogError:
        abort(404)
    catalogs = []
    for kind in KINDS:
        try:
            catalogs.append({"kind": kind, "latest_version": latest_version(code, kind)})
        except CatalogError:
            continue
    return {**asdict(campaign), "catalogs": catalogs}


@bp.get("/campaigns")
@bp.auth_required(token_auth)
@bp.output(CampaignList)
@bp.doc(tags=[TAG])
def list_campaigns():
    """Every campaign, with its phases and the latest catalog version of each subject kind."""
    return {"items": [_campaign(code) for code in campaign_codes()]}


@bp.get("/campaigns/<campaign_code>")
@bp.auth_required(token_auth)
@bp.output(CampaignOut)
@bp.doc(tags=[TAG], responses={404: "No such campaign"})
def get_campaign(campaign_code):
    """One campaign."""
    return _campaign(campaign_code)


@bp.get("/campaigns/<campaign_code>/catalogs/<kind>/<int:version>")
@bp.auth_required(token_auth)
@bp.output(CatalogOut)
@bp.doc(tags=[TAG], responses={404: "No such catalog version"})
def get_catalog(campaign_code, kind, version):
    """One version of the check items for one subject kind; a case keeps its version."""
    try:
        return load_catalog(campaign_code, kind, version)
    except CatalogError:
        abort(404)


@bp.get("/legal-bases")
@bp.auth_required(token_auth)
@bp.output(LegalBasisList)
@bp.doc(tags=[TAG])
def list_legal_bases():
    """The legal bases of findings and penalties, with fine ranges in whole yuan."""
    return {"items": list(load_legal_bases().values())}
