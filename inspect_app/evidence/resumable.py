"""Resumable photo uploads: a photo sent in parts, keyed by its idempotency key.

A phone on a weak signal PUTs the photo's bytes in order, each part with
`Content-Range: bytes <first>-<last>/<total>`; every answer says how many bytes are held. After a
dropped connection it asks how many are held (GET) and goes on from there, not from zero. When
all bytes are held, the ordinary upload (the page's form or the API) names the key instead of
sending a file, and the photo is stored exactly as if it had been sent whole.

Parts are kept per user, case and key in a local folder (<STORAGE_DIR>/partial, whichever the
storage backend), each append synced to disk; only the whole photo goes to storage.
"""

import fcntl
import json
import os
import re
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from inspect_app import clock
from inspect_app.errors import CaseError
from inspect_app.evidence.services import KEY_PATTERN
from inspect_app.storage import scratch_dir

PART_MAX = 1024 * 1024  # the largest part one request may carry
_RANGE = re.compile(r"bytes (\d{1,12})-(\d{1,12})/(\d{1,12})")


class PartRefused(CaseError):
    """A part that cannot be taken (bad range, too large, bad key): 422."""


class OffsetMismatch(CaseError):
    """A part that does not start where the held bytes end: 409 with the offset to resume at."""

    message = _l("This part does not continue the upload. Resume from the bytes already held.")

    def __init__(self, offset: int) -> None:
        super().__init__()
        self.offset = offset


def held(inspection_id: int, user_id: int, key: str) -> tuple[int, int | None]:
    """(bytes held, total announced) for an upload; (0, None) if none was started."""
    part, meta = _paths(inspection_id, user_id, key)
    if not meta.exists():
        return 0, None
    return (part.stat().st_size if part.exists() else 0), json.loads(meta.read_text())["total"]


def append_part(
    inspection_id: int, user_id: int, key: str, content_range: str | None, body: bytes
) -> tuple[int, int]:
    """Add one part at its place; (bytes held, total). A part already held is a mismatch."""
    first, _last, total = _parsed_range(content_range, len(body))
    part, meta = _paths(inspection_id, user_id, key)
    part.parent.mkdir(parents=True, exist_ok=True)
    with open(part, "ab") as out:
        fcntl.flock(out, fcntl.LOCK_EX)  # two sends of one upload at once: one after the other
        offset = out.tell()
        announced = json.loads(meta.read_text())["total"] if meta.exists() else None
        if announced is not None and announced != total:
            raise PartRefused(_l("The photo's size changed during the upload. Send it again."))
        if first != offset:
            raise OffsetMismatch(offset)
        if announced is None:
            meta.write_text(json.dumps({"total": total}))
        out.write(body)
        out.flush()
        os.fsync(out.fileno())
        return offset + len(body), total


def take_upload(inspection_id: int, user_id: int, key: str) -> bytes:
    """The whole photo, once every part is held."""
    offset, total = held(inspection_id, user_id, key)
    if total is None or offset != total:
        raise PartRefused(_l("The photo has not been fully received yet. Send the rest first."))
    return _paths(inspection_id, user_id, key)[0].read_bytes()


def discard_upload(inspection_id: int, user_id: int, key: str) -> None:
    for path in _paths(inspection_id, user_id, key):
        path.unlink(missing_ok=True)


def sweep_abandoned_parts() -> int:
    """Remove uploads nobody has added to for UPLOAD_PARTS_KEEP_HOURS (a phone that never came
    back); the job worker runs this every minute. Returns how many files went."""
    keep = timedelta(hours=float(current_app.config["UPLOAD_PARTS_KEEP_HOURS"]))
    cutoff = (clock.utcnow() - keep).timestamp()
    folder, removed = scratch_dir(), 0
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        if path.suffix in (".part", ".json") and path.is_file() and _last_touched(path) < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _last_touched(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # a phone finished it meanwhile
        return float("inf")


def _parsed_range(content_range: str | None, length: int) -> tuple[int, int, int]:
    match = _RANGE.fullmatch((content_range or "").strip())
    if match is None:
        raise PartRefused(_l("Each part needs a Content-Range header: bytes first-last/total."))
    first, last, total = (int(group) for group in match.groups())
    if length == 0 or length > PART_MAX or last - first + 1 != length or last >= total:
        raise PartRefused(_l("The part's size does not match its Content-Range."))
    if total > current_app.config["MAX_CONTENT_LENGTH"]:
        raise PartRefused(_l("What you sent is larger than allowed. Send a smaller file."))
    return first, last, total


def _paths(inspection_id: int, user_id: int, key: str) -> tuple[Path, Path]:
    if not KEY_PATTERN.fullmatch(key or ""):
        raise PartRefused(_l("The upload key is not valid. Choose the photo again."))
    base = scratch_dir() / f"{user_id}-{inspection_id}-{key}"
    return base.with_suffix(".part"), base.with_suffix(".json")
