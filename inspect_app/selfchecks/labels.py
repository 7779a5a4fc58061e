"""Display labels of where a unit's self-check stands."""

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
