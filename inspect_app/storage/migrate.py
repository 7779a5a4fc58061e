"""Copy every stored file from one backend to another, each checked by its SHA-256.

The files to copy are every key a table names (columns ending in ``_key`` holding generated keys)
and every file the source holds. A file already at the target with the right content is skipped,
so a run that stopped half-way is simply started again.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import String, select

from inspect_app.extensions import db
from inspect_app.storage.base import KEY_PATTERN, Storage, digest_of


@dataclass
class Summary:
    copied: int = 0
    present: int = 0  # already at the target, content checked
    copied_bytes: int = 0
    missing: list[str] = field(default_factory=list)  # named by a row, in neither store
    mismatched: list[str] = field(default_factory=list)  # content not the file its hash promises

    @property
    def ok(self) -> bool:
        return not self.missing and not self.mismatched


def referenced_keys() -> set[str]:
    """Every generated storage key some row of the database names."""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.name.endswith("_key") and isinstance(column.type, String):
                values = db.session.scalars(select(column).where(column.is_not(None)).distinct())
                found.update(v for v in values if KEY_PATTERN.fullmatch(v))
    return found


def migrate_files(
    source: Storage,
    target: Storage,
    keys: Iterable[str],
    progress: Callable[[str, str], None] = lambda key, outcome: None,
) -> Summary:
    """Copy keys from source to target; verify each copy by reading it back."""
    summary = Summary()
    for key in sorted(set(keys)):
        outcome = _migrate_one(source, target, key, summary)
        progress(key, outcome)
    return summary


def _migrate_one(source: Storage, target: Storage, key: str, summary: Summary) -> str:
    promised = digest_of(key)
    if target.exists(key) and _sha256(target.read(key)) == (promised or _source_sha(source, key)):
        summary.present += 1
        return "present"
    if not source.exists(key):
        summary.missing.append(key)
        return "missing"
    data = source.read(key)
    digest = _sha256(data)
    if promised is not None and digest != promised:
        summary.mismatched.append(key)
        return "mismatch at the source"
    target.store(key, data)
    if _sha256(target.read(key)) != digest:
        target.delete(key)
        summary.mismatched.append(key)
        return "mismatch after copying"
    summary.copied += 1
    summary.copied_bytes += len(data)
    return "copied"


def _source_sha(source: Storage, key: str) -> str | None:
    return _sha256(source.read(key)) if source.exists(key) else None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
