"""A service's refusal as the pages give it, in problem details: a stale version is a 409 with
the current state, a refusal of some fields a 422 naming them, any other refusal a 422."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from inspect_app.api.problems import Problem
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, NotReady, StaleEdit


@contextmanager
def refusals(current: Callable[[], object] | None = None) -> Iterator[None]:
    """Turn CaseErrors raised inside into problems, after rolling the change back;
    `current` gives the state a stale client should reload."""
    try:
        yield
    except (IntegrityError, StaleDataError) as error:  # two clients saved one row at one moment
        db.session.rollback()
        raise stale(StaleEdit(), current) from error
    except StaleEdit as error:
        db.session.rollback()
        raise stale(error, current) from error
    except NotReady as error:
        db.session.rollback()
        blockers = [str(blocker) for blocker in error.blockers]
        raise Problem(422, "not-ready", str(error.message), blockers=blockers) from error
    except CaseError as error:
        db.session.rollback()
        raise refused(error) from error


def stale(error: StaleEdit, current: Callable[[], object] | None) -> Problem:
    return Problem(409, "stale-version", str(error.message), current=current() if current else None)


def refused(error: CaseError) -> Problem:
    """422; with `errors` by field when the service named them (as the page's form shows)."""
    if errors := getattr(error, "errors", None):
        fields = {name or "_": [str(message)] for name, message in errors.items()}
        return Problem(422, "validation", str(error.message), errors=fields)
    if field := getattr(error, "field", None):
        return Problem(422, "validation", str(error.message), errors={field: [str(error.message)]})
    return Problem(422, "refused", str(error.message))
