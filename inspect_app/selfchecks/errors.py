"""What a self-check refuses: each error knows its message, status and form field."""

from flask_babel import lazy_gettext as _l

from inspect_app.inspections.errors import CaseError


class SelfCheckError(CaseError):
    """A change the self-check cannot take; `field` is the form field it belongs to."""

    status = 422
    field: str | None = None


class NotSelfCheckKind(SelfCheckError):
    message = _l(
        "Self-checks are sent to production units, training institutions and exam sites only."
    )


class DeadlinePassed(SelfCheckError):
    message = _l("The deadline cannot be in the past.")
    field = "deadline"


class ReasonMissing(SelfCheckError):
    message = _l("Give the reason for withdrawing the link.")
    field = "reason"


class AlreadyRevoked(SelfCheckError):
    status = 409
    message = _l("This link has already been withdrawn.")


class NotRevoked(SelfCheckError):
    status = 409
    message = _l("Only a withdrawn link can be sent again.")


class AlreadySubmitted(SelfCheckError):
    status = 409
    message = _l("This self-check has already been submitted and can no longer be changed.")


class Incomplete(SelfCheckError):
    """Submission refused: `problems` lists (field id, message) for every gap."""

    message = _l("The self-check is not complete yet. Nothing was submitted.")

    def __init__(self, problems: list[tuple[str, object]]) -> None:
        super().__init__()
        self.problems = problems


class Closed(SelfCheckError):
    status = 409
    message = _l("The town has closed this self-check: its problem list can no longer change.")


class NotSubmitted(SelfCheckError):
    status = 409
    message = _l("The problem list opens once the self-check has been submitted.")


class AlreadyRectified(SelfCheckError):
    status = 409
    message = _l("This problem is already recorded as rectified; that cannot be undone.")
    field = "progress"


class ReportRefused(SelfCheckError):
    """The attached report file is refused; the message says why."""

    field = "report_pdf"

    def __init__(self, message) -> None:
        super().__init__()
        self.message = message
