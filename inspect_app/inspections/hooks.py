"""Where the layers above the case core plug into it.

The core never imports what consumes it: issuing renders records, and findings rest on check
items. create_app() registers their parts here, and the core calls them through the app.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class CaseHooks:
    # A digest of what the issued record states now, signatures aside: (inspection) -> str.
    record_content: Callable
    # Note a change to an issued record as part of its pending correction: (inspection, user,
    # reason). The correction becomes a revision only when issued with its own signatures.
    correct: Callable
    # Each may refuse (raise CaseError) a compliant answer on an issued record: (inspection, item).
    answer_guards: tuple[Callable, ...]
    # Each case's most overdue open order as a subquery of (inspection_id, deadline, id), in
    # deadline order: (day). One row per case that has an overdue order, drafts included.
    overdue: Callable
    # Each tells whether something other than the orders keeps the case open, e.g. a penalty
    # proceeding not yet closed: (inspection) -> bool.
    closure_blockers: tuple[Callable, ...] = ()
    # Each is told that a record was issued (revision 1), in the issuing transaction:
    # (inspection, user). Tasks carried out by the case become done.
    on_issue: tuple[Callable, ...] = ()


def case_hooks() -> CaseHooks:
    """The hooks of the current app."""
    return current_app.extensions["case_hooks"]
