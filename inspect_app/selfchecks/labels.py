"""Display labels of where a self-check stands, of subject kinds and of a problem's progress."""

from flask_babel import lazy_gettext as _l

from inspect_app.selfchecks import services

STATUS_LABELS = {
    services.NOT_SENT: _l("Not sent"),
    services.SENT: _l("Sent, not submitted"),
    services.SUBMITTED: _l("Submitted"),
    services.LATE: _l("Submitted late"),
    services.OVERDUE: _l("Overdue, not submitted"),
    services.REVOKED: _l("Link withdrawn"),
}

KIND_LABELS = {
    "production_unit": _l("Production unit"),
    "training_institution": _l("Training institution"),
    "exam_site": _l("Exam institution or site"),
}

PROGRESS_LABELS = {
    "open": _l("Not started"),
    "in_progress": _l("In progress"),
    "rectified": _l("Rectified"),
}
