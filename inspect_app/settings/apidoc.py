"""The generated OpenAPI description, arranged for reading: operations grouped by tag."""

from dataclasses import dataclass, field

from flask_babel import gettext as translated  # of a summary the extractor took from code
from flask_babel import lazy_gettext as _l

METHODS = ("get", "post", "put", "patch", "delete")
TAG_LABELS = {
    "API": _l("General"),
    "Subjects": _l("Subjects, people and certificates"),
    "Cases": _l("Cases"),
    "Quizzes": _l("Quizzes"),
    "Catalogs": _l("Campaigns and catalogs"),
    "Reports": _l("Reports"),
}

# What each status means in this API, in the reader's language (the description's own texts
# are English).
STATUS_LABELS = {
    "200": _l("Done"),
    "201": _l("Created"),
    "400": _l("The cursor is not valid"),
    "401": _l("No valid token"),
    "403": _l("Not allowed for your role"),
    "404": _l("Not found, or outside your regions"),
    "409": _l("Conflict: a reused Idempotency-Key, or a stale version"),
    "422": _l("Some fields are not valid"),
}


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # path, query, header, body
    type: str
    required: bool
    description: str = ""


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    responses: tuple[tuple[str, str], ...]  # (status, description)

    @property
    def anchor(self) -> str:
        words = self.path.replace("{", "").replace("}", "").strip("/").split("/")
        return "-".join([self.method.lower(), *words])


@dataclass
class Group:
    tag: str
    description: str
    operations: list[Operation] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(TAG_LABELS.get(self.tag, self.tag))


def operations_by_tag(spec: dict) -> list[Group]:
    """Every operation of the description, under its first tag, in the description's order."""
    described = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    groups: dict[str, Group] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if (op := item.get(method)) is None:
                continue
            tag = (op.get("tags") or ["API"])[0]
            group = groups.setdefault(tag, Group(tag, described.get(tag, "")))
            group.operations.append(_operation(spec, method, path, op))
    return sorted(groups.values(), key=lambda g: g.tag)


def _operation(spec: dict, method: str, path: str, op: dict) -> Operation:
    parameters = [_parameter(spec, p) for p in op.get("parameters", [])]
    parameters += _body_parameters(spec, op.get("requestBody"))
    responses = tuple(
        (code, str(STATUS_LABELS.get(code, r.get("description", ""))))
        for code, r in sorted(op["responses"].items())
    )
    return Operation(
        method=method.upper(),
        path=path,
        summary=translated(op["summary"]) if op.get("summary") else "",
        description=op.get("description", ""),
        parameters=tuple(parameters),
        responses=responses,
    )


def _resolve(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        *_, kind, name = node["$ref"].split("/")
        node = spec["components"][kind][name]
    return node


def _type(spec: dict, schema: dict) -> str:
    schema = _resolve(spec, schema)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = " | ".join(kind)
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    if schema.get("enum"):
        kind = f"{kind}: " + ", ".join(str(v) for v in schema["enum"] if v not in ("", None))
    return kind


def _parameter(spec: dict, parameter: dict) -> Parameter:
    parameter = _resolve(spec, parameter)
    return Parameter(
        name=parameter["name"],
        where=parameter["in"],
        type=_type(spec, parameter.get("schema", {})),
        required=bool(parameter.get("required")),
        description=parameter.get("description", "")
        or parameter.get("schema", {}).get("description", ""),
    )


def _body_parameters(spec: dict, body: dict | None) -> list[Parameter]:
    if not body:
        return []
    content = next(iter(body.get("content", {}).values()), {})
    schema = _resolve(spec, content.get("schema", {}))
    required = set(schema.get("required", []))
    return [
        Parameter(name, "body", _type(spec, prop), name in required, prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
    ]
