"""Path and query arguments the database can hold: ids within a 32-bit key, no NUL bytes."""

from flask import Flask, abort, request
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER; SQLite and Python would go further, then overflow
MAX_QUERY_VALUE = 2000  # characters in one query value: searches and cursors stay far below
MAX_PAGE = 100_000  # list pages (Flask-SQLAlchemy reads `page` itself): beyond is no page at all


class IdConverter(IntegerConverter):
    """`<int:…>` matches 0 … MAX_ID only: a larger id is simply a page that does not exist."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)

    def to_python(self, value: str) -> int:
        """A number beyond every key is a 404 here, never a match for another rule (a 405)."""
        try:
            return super().to_python(value)
        except ValidationError:
            raise NotFound() from None


def _refuse_unusable_query() -> None:
    """A NUL byte or an absurdly long value never reaches a view (400, not a database error)."""
    for value in request.args.values():
        if "\x00" in value or len(value) > MAX_QUERY_VALUE:
            abort(400)
    if "\x00" in request.path:
        abort(404)
    page = request.args.get("page", "").lstrip("-")
    if page.isdigit() and int(page) > MAX_PAGE:
        abort(404)


def init_app(app: Flask) -> None:
    """Install the bounded id converter (before any blueprint) and the query guard."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_unusable_query)
