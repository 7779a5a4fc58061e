"""Keyset (cursor) pagination for lists ordered newest first by a moment and an id.

A page is the rows after the last one shown (`WHERE (moment, id) < (cursor)`), read along an
index in the list's own order, so page 5,000 costs what page 1 costs. Nothing counts every row:
the count stops at COUNT_CAP ("1000+"). A cursor names the last row shown as
"<microseconds since 1970 UTC>-<id>"; one that does not parse gives the first page and says so.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, func, select, tuple_

from inspect_app.extensions import db

COUNT_CAP = 1000
CURSOR = re.compile(r"([0-9]{1,16})-([0-9]{1,15})")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class KeysetPage:
    items: list
    next_cursor: str | None  # where the next page starts, if there is one
    count: int  # rows in the list, counted up to COUNT_CAP
    capped: bool  # the list holds more than COUNT_CAP rows
    first: bool  # this is the first page
    refused_cursor: bool = False  # the cursor given was not valid; this is the first page
    cap: int = COUNT_CAP


def encode_cursor(moment: datetime, row_id: int) -> str:
    micros = (moment - EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{row_id}"


def decode_cursor(text: str) -> tuple[datetime, int] | None:
    """The (moment, id) a cursor names, or None if it is not one."""
    found = CURSOR.fullmatch(text or "")
    if found is None:
        return None
    return EPOCH + timedelta(microseconds=int(found[1])), int(found[2])


def keyset_page(
    query: Select, columns: tuple, key: Callable, cursor: str = "", size: int = 20
) -> KeysetPage:
    """The page of `query` (ordered by `columns` descending) after `cursor`.

    `columns` are the (moment, id) columns the query orders by; `key(row)` gives their values.
    """
    after = decode_cursor(cursor) if cursor else None
    refused = bool(cursor) and after is None
    page = (
        query
        if after is None
        else query.where(tuple_(*columns) < tuple_(*after, types=[c.type for c in columns]))
    )
    rows = list(db.session.scalars(page.limit(size + 1)).unique())
    more = len(rows) > size
    rows = rows[:size]
    following = encode_cursor(*key(rows[-1])) if more and rows else None
    cap = COUNT_CAP
    count = capped_count(query, cap)
    return KeysetPage(rows, following, min(count, cap), count > cap, after is None, refused, cap)


def capped_count(query: Select, cap: int) -> int:
    """How many rows the query gives, counted no further than cap + 1."""
    limited = query.order_by(None).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(limited)) or 0
