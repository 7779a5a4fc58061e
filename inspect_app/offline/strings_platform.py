"""The offline platform pages' words: the scripts read them from the page, translated here."""

from flask_babel import gettext as _

from inspect_app.labels import RESULT_LABELS


def strings() -> dict[str, str]:
    """Every string the offline platform scripts show, keyed by what the scripts call them."""
    return _status() | _prepare() | _ready() | _outbox()


def _status() -> dict[str, str]:
    return {
        "synced": _("All synced"),
        "pending": _("{n} waiting to sync"),
        "failed": _("Sync failed"),
        "signin": _("Sync failed: sign in to sync"),
    }


def _prepare() -> dict[str, str]:
    return {
        "working": _("Downloading for offline use…"),
        "done": _("Ready offline: {what} ({size})."),
        "full": _(
            "Not enough space on this phone: this needs about {need}, {free} is free. "
            "Nothing was stored. Remove something you no longer need offline and try again."
        ),
        "full_write": _(
            "Not enough space on this phone for {need}. Nothing was stored. "
            "Remove something you no longer need offline and try again."
        ),
        "fetch_failed": _("Could not download {what}: {error}. Nothing was stored."),
        "no_network": _("No connection: connect to the network to take this offline."),
        "no_token": _("This phone could not be registered for offline work. Sign in again."),
        "no_cases": _("You have no open cases to take offline."),
    }


def _ready() -> dict[str, str]:
    return {
        "subject": _("Subject"),
        "case": _("Case"),
        "size": _("Size"),
        "refreshed": _("Refreshed"),
        "refresh": _("Refresh"),
        "remove": _("Remove from this phone"),
        "removed": _("Removed from this phone."),
        "remove_pending": _("This case has changes not synced yet; sync them before removing it."),
        "nothing": _("Nothing is ready offline on this phone yet."),
        "used": _("{used} used of {quota}"),
        "persisted": _("Kept: the browser will not clear it when space runs low."),
        "not_persisted": _("Not protected: the browser may clear it when space runs low."),
        "persist": _("Keep it"),
        "open_case": _("Open offline"),
        "new_case": _("Open a new case offline"),
    }


def _outbox() -> dict[str, str]:
    return {
        "status_pending": _("Waiting"),
        "status_sending": _("Sending"),
        "status_failed": _("Refused by the server"),
        "status_conflict": _("Conflict"),
        "status_done": _("Synced"),
        "empty": _("Nothing waiting: everything on this phone is on the server."),
        "mine": _("Mine (this phone)"),
        "server": _("On the server"),
        "keep_mine": _("Keep mine"),
        "take_server": _("Take the server's"),
        "kept_mine": _("Kept mine: it will be sent again over the server's version."),
        "took_server": _("Took the server's: mine is kept in the history below."),
        "retry": _("Send again"),
        "sync_now": _("Sync now"),
        "history": _("Resolved conflicts"),
        "chose_mine": _("Chose mine"),
        "chose_server": _("Chose the server's"),
        "queued_at": _("Queued {when}"),
        "nothing_server": _("Deleted on the server, or not readable."),
        "field_result": _("Result"),
        "field_note": _("Note"),
        "field_version": _("Version"),
    } | {f"value_{code}": str(label) for code, label in RESULT_LABELS.items()}
