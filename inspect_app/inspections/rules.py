"""Who may be on a case: the rule the page's form and the API both apply."""

from flask_babel import lazy_gettext as _l

from inspect_app.auth.models import User

MIN_INSPECTORS = 2  # Administrative Penalty Law Art. 42: at least two enforcement officers


def inspectors_problem(officers: list[User]) -> str | None:
    """Why these officers cannot be on a case, or None (Administrative Penalty Law Art. 42)."""
    if len(officers) < MIN_INSPECTORS:
        return _l("At least two inspectors must be on site (Administrative Penalty Law Art. 42).")
    if any(not officer.cert_no for officer in officers):
        return _l("Every inspector needs an enforcement certificate number.")
    return None
