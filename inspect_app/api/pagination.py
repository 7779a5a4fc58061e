"""Cursor pagination: lists are read in id order, a page at a time, with an opaque cursor."""

import base64
import binascii
import json

from apiflask import Schema
from apiflask.fields import Integer, String
from apiflask.validators import Range
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

from inspect_app.api.problems import Problem
from inspect_app.extensions import db

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageQuery(Schema):
    cursor = String(load_default=None, metadata={"description": "next_cursor of the last page"})
    limit = Integer(
        load_default=DEFAULT_LIMIT,
        validate=Range(1, MAX_LIMIT, error=_l("Enter a number from 1 to 200.")),
    )


def encode_cursor(last_id: int) -> str:
    raw = json.dumps({"after": last_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """The id the page starts after; a cursor we did not make is a 400."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded.encode()))["after"]
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        after = None
    if not isinstance(after, int) or isinstance(after, bool):
        raise Problem(400, "cursor", _("This cursor is not valid. Start again without one."))
    return after


def paginate(query: Select, id_column, cursor: str | None, limit: int) -> dict:
    """One page of the query's rows after the cursor, and the cursor of the next page."""
    after = decode_cursor(cursor)
    if after is not None:
        query = query.where(id_column > after)
    rows = list(db.session.scalars(query.order_by(None).order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode_cursor(rows[-1].id) if more else None}
