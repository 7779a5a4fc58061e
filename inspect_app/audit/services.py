"""Writing the audit log."""

from typing import Any

from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db


def record_audit(user, action: str, entity: object, inspection=None, **details: Any) -> AuditEntry:
    """Add one audit row for a change to `entity` (flushed so the entity has its id)."""
    db.session.flush()
    entry = AuditEntry(
        user_id=getattr(user, "id", None),
        inspection_id=getattr(inspection, "id", None),
        action=action,
        entity=type(entity).__name__,
        entity_id=getattr(entity, "id", None),
        details=_jsonable(details),
    )
    db.session.add(entry)
    return entry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
