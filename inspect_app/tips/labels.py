"""Labels of the coded values of tip-offs, and the settings the tip rules read."""

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

CHANNEL_LABELS = {
    "hotline_12350": _l("12350 hotline"),
    "letter": _l("Letter"),
    "website": _l("Government website"),
    "public_form": _l("Public tip-off form"),
}
STATUS_LABELS = {
    "received": _l("Received, awaiting verification"),
    "verifying": _l("Being verified"),
    "closed": _l("Handled"),
}
OUTCOME_LABELS = {
    "substantiated": _l("Substantiated"),
    "partly": _l("Partly substantiated"),
    "unsubstantiated": _l("Not substantiated"),
}
STEP_LABELS = {
    "verify": _l("Verification begun"),
    "close": _l("Handled and outcome recorded"),
}

# Defaults; a deployment sets its own in instance/config.py (the local rules decide the days).
DEFAULTS = {
    # Days after receipt by which a tip must be put to verification, and handled (办结).
    "TIP_TIME_LIMITS": {"verify": 15, "close": 60},
    "TIP_WARN_DAYS": 5,  # warn this many days before a limit
    "TIP_PUBLIC_FORM": True,  # offer the public tip-off form
    "TIP_FORM_MIN_SECONDS": 5,  # a person takes at least this long to fill the form
    "TIP_FORM_MAX_AGE": timedelta(hours=2),
    "TIP_PUBLIC_PER_ADDRESS": 3,  # public tips per address per day
    "TIP_PUBLIC_PER_HOUR": 30,  # public tips from all addresses together per hour
    "TIP_QUERY_PER_ADDRESS": 20,  # progress look-ups per address per hour
}


def init_app(app: Flask) -> None:
    """Fill in the settings a deployment left out."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.jinja_env.globals.update(
        tip_channel_labels=CHANNEL_LABELS,
        tip_status_labels=STATUS_LABELS,
        tip_outcome_labels=OUTCOME_LABELS,
        tip_step_labels=STEP_LABELS,
    )
