"""Display labels of a proceeding's coded values, through gettext."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "requested": _l("Filing requested"),
    "refused": _l("Filing refused"),
    "filed": _l("Filed: under investigation"),
    "notified": _l("Notified: statement period"),
    "decided": _l("Decided"),
    "served": _l("Served"),
    "closed": _l("Closed"),
}

STEP_STATE_LABELS = {
    "done": _l("Step done"),
    "next": _l("Next step"),
    "waiting": _l("Not yet"),
    "skipped": _l("Not needed"),
    "refused": _l("Refused"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def step_state_label(state: str) -> str:
    return str(STEP_STATE_LABELS.get(state, state))
