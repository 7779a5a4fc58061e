"""Helpers that read the app's own OpenAPI description: its operations and their path ids."""

import re

METHODS = ("get", "post", "put", "patch", "delete")
PARAM = re.compile(r"{([^}]+)}")

# Path parameters naming an object in a region: each maps to one object of a town.
SCOPED = ("case_id", "subject_id", "person_id", "certificate_id")
# Path parameters naming a row of one case: under another case they are 404 too.
CASE_PARTS = ("finding_id", "order_id", "penalty_id", "attempt_id", "person_id")
# Path parameters naming shared reference data (catalogs), or a part of a case found by a key
# every case has (an item of its checklist, its representative's signature, revision 1).
UNSCOPED = {
    "campaign_code": "training-formality-2021",
    "kind": "production_unit",
    "version": 1,
    "code": "PU-1",
    "signer_key": "representative",
    "number": 1,
    "key": "upload-part-key",
}


def operations(spec: dict):
    """(method, path, operation) for every operation of the description."""
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def path_params(path: str) -> list[str]:
    return PARAM.findall(path)


def fill(path: str, ids: dict) -> str:
    """The path with each parameter filled, failing loudly on a name nobody mapped."""
    values = {**UNSCOPED, **ids}
    unknown = [name for name in path_params(path) if name not in values]
    assert not unknown, (
        f"{path}: no test object for path parameter(s) {unknown}; map them in tests/api/spec.py "
        "(SCOPED, and the town objects of tests/api/conftest.py) and in inspect_app/api/scope.py"
    )
    return PARAM.sub(lambda m: str(values[m.group(1)]), path)


def response_schema(spec: dict, operation: dict, status: int) -> dict | None:
    """The documented JSON schema of one answer, with the components to resolve its refs."""
    answer = operation["responses"].get(str(status))
    assert answer is not None, f"status {status} is not documented"
    content = answer.get("content") or {}
    media = content.get("application/json") or content.get("application/problem+json")
    if media is None or "schema" not in media:
        return None
    return {**media["schema"], "components": spec["components"]}
