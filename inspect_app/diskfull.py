"""A full disk or an unreachable object store: nothing half-saved, a clear message for the user,
an alert for the admins."""

import errno
import logging

from flask_babel import lazy_gettext as _l

from inspect_app.extensions import db
from inspect_app.storage import discard_new_files

logger = logging.getLogger("inspect_app.alerts")

STORAGE_FULL = _l("The server's storage is full; your data was not saved.")
# SQLite says this when the database file cannot grow; PostgreSQL's SQLSTATE for a full disk.
_SQLITE_FULL = "database or disk is full"
_PG_DISK_FULL = "53100"


def is_disk_full(error: BaseException | None) -> bool:
    """The error, or one it was raised from, says the disk (or the database's) is full."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if _SQLITE_FULL in str(error) or getattr(error, "sqlstate", None) == _PG_DISK_FULL:
            return True
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
    return False


def handle_disk_full(error: BaseException) -> None:
    """Undo the request's writes (database and new files) and raise the alert in the log."""
    db.session.rollback()
    discard_new_files()
    logger.critical(
        "ALERT storage full: a request could not be saved and was rolled back (%s)",
        type(error).__name__,
        extra={"alert": "storage_full"},
    )


def handle_storage_down(error: BaseException) -> None:
    """Undo the request's writes (what can be reached of them) and raise the alert in the log."""
    db.session.rollback()
    discard_new_files()
    logger.critical(
        "ALERT storage unreachable: a request was refused and rolled back (%s)",
        error,
        extra={"alert": "storage_down"},
    )
