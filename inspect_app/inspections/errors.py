"""Errors that inspection services raise, each with a message for the user."""

from flask_babel import lazy_gettext as _l

from inspect_app.errors import CaseError, StaleEdit  # noqa: F401  (shared with the register)


class ReasonRequired(CaseError):
    message = _l("This record has been issued. Give the reason for the change.")


class NotEditable(CaseError):
    message = _l("This case is closed and can no longer be changed.")


class NumberTaken(CaseError):
    """Another record of the region took the case number while this one was being rendered."""

    message = _l("Another record was issued at the same moment. Please try again.")


class NotReady(CaseError):
    """Issuing refused; `blockers` lists every reason."""

    message = _l("The record cannot be issued yet.")

    def __init__(self, blockers: list[str]) -> None:
        super().__init__()
        self.blockers = blockers
