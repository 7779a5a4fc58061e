"""The description's error answers as they are sent: RFC 9457 problems, with every status an
operation can answer documented (a forged cursor's 400, a reused key's 409)."""

import json
import re

from inspect_app.api.idempotency import HEADER
from inspect_app.api.problems import MEDIA_TYPE

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "/api/v1/problems/KIND, or about:blank"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "in the request's language"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "field name → messages (validation problems)",
            "additionalProperties": True,
        },
        "current": {
            "type": ["object", "null"],
            "description": "the current record (stale-version); null when there is none yet",
        },
    },
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
REPLACED = ("HTTPError", "ValidationError")


def describe_problems(spec: dict) -> dict:
    """Error answers are problem+json; add the statuses the shared machinery can answer."""
    spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                _describe(operation)
    for name in REPLACED:
        spec["components"]["schemas"].pop(name, None)
    return _without_copies(spec)


def _without_copies(spec: dict) -> dict:
    """One component per schema: apiflask registers a schema a second time (as «Name1») when
    it met it first nested in another; point the copy's references at the original."""
    schemas = spec["components"]["schemas"]
    copies = {
        name: match[1]
        for name in schemas
        if (match := re.fullmatch(r"(.+?)\d+", name)) and schemas.get(match[1]) == schemas[name]
    }
    for copy in copies:
        del schemas[copy]
    text = json.dumps(spec)
    for copy, original in copies.items():
        text = text.replace(f'"#/components/schemas/{copy}"', f'"#/components/schemas/{original}"')
    return json.loads(text)


def _describe(operation: dict) -> None:
    names = {p.get("name") for p in operation.get("parameters", [])}
    responses = operation["responses"]
    if "cursor" in names:
        responses.setdefault("400", {"description": "The cursor is not one of ours"})
    if HEADER in names:
        responses.setdefault(
            "409", {"description": "The Idempotency-Key was used for another body"}
        )
    for status, answer in responses.items():
        if int(status) >= 400:
            answer["content"] = {MEDIA_TYPE: {"schema": PROBLEM_REF}}
