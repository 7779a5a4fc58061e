"""Keyset (cursor) pagination: lists read along an index in their own order.

A page is the rows after the last one shown (`WHERE (key, id) < (cursor)` newest first, or
`> (cursor)` for lists in A-Z order), so page 5,000 costs what page 1 costs. Nothing counts
every row: the count stops at COUNT_CAP ("1000+"). A cursor names the last row shown: a moment
as "<microseconds since 1970 UTC>-<id>", a day as "<YYYY-MM-DD>_<id>", a text key (a name, a
code) as the URL-safe base64 of `[text, id]`. One that does not parse gives the first page and
says so.
"""

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, func, literal, select, tuple_

from inspect_app.extensions import db

COUNT_CAP = 1000
CURSOR = re.compile(r"([0-9]{1,16})-([0-9]{1,15})")
DAY_CURSOR_TEXT = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})_([0-9]{1,15})")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TEXT_CURSOR_MAX = 1200  # a 128-character name and an id, encoded, with room to spare


@dataclass(frozen=True)
class KeysetPage:
    items: list
    next_cursor: str | None  # where the next page starts, if there is one
    count: int  # rows in the list, counted up to COUNT_CAP
    capped: bool  # the list holds more than COUNT_CAP rows
    first: bool  # this is the first page
    refused_cursor: bool = False  # the cursor given was not valid; this is the first page
    cap: int = COUNT_CAP
    keys: dict = field(default_factory=dict)  # with `item`: each listed id's key, as ordered


def encode_cursor(moment: datetime, row_id: int) -> str:
    micros = (moment - EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{row_id}"


def decode_cursor(text: str) -> tuple[datetime, int] | None:
    """The (moment, id) a cursor names, or None if it is not one."""
    found = CURSOR.fullmatch(text or "")
    if found is None:
        return None
    return EPOCH + timedelta(microseconds=int(found[1])), int(found[2])


def encode_text_cursor(text: str, row_id: int) -> str:
    payload = json.dumps([text, row_id], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_text_cursor(text: str) -> tuple[str, int] | None:
    """The (text, id) a text cursor names, or None if it is not one."""
    if not text or len(text) > TEXT_CURSOR_MAX:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = json.loads(raw.decode())
    except (binascii.Error, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and type(value[1]) is int
        and 0 <= value[1] < 10**15
    ):
        return value[0], value[1]
    return None


def encode_day_cursor(day: date, row_id: int) -> str:
    return f"{day.isoformat()}_{row_id}"


def decode_day_cursor(text: str) -> tuple[date, int] | None:
    """The (day, id) a day cursor names, or None if it is not one."""
    found = DAY_CURSOR_TEXT.fullmatch(text or "")
    if found is None:
        return None
    try:
        return date.fromisoformat(found[1]), int(found[2])
    except ValueError:  # 2026-02-30
        return None


@dataclass(frozen=True)
class CursorCodec:
    encode: Callable
    decode: Callable


MOMENT_CURSOR = CursorCodec(encode_cursor, decode_cursor)
TEXT_CURSOR = CursorCodec(encode_text_cursor, decode_text_cursor)
DAY_CURSOR = CursorCodec(encode_day_cursor, decode_day_cursor)


def keyset_page(
    query: Select,
    columns: tuple,
    key: Callable,
    cursor: str = "",
    size: int = 20,
    *,
    ascending: bool = False,
    codec: CursorCodec = MOMENT_CURSOR,
    item: Callable | None = None,
) -> KeysetPage:
    """The page of `query` (ordered by `columns`, descending unless `ascending`) after `cursor`.

    `columns` are the (key, id) columns the query orders by; `key(row)` gives their values.
    A row is the query's first entity, or with `item`, the whole row, and `item(row)` is what
    the page lists (for a list ordered by columns of another table); `keys` then holds each
    listed item's key by its id.
    """
    after = codec.decode(cursor) if cursor else None
    refused = bool(cursor) and after is None
    page = query
    if after is not None:
        row, bound = tuple_(*columns), tuple_(*after, types=[c.type for c in columns])
        page = query.where(row > bound if ascending else row < bound)
    read = db.session.scalars if item is None else db.session.execute
    rows = list(read(page.limit(size + 1)).unique())
    more = len(rows) > size
    rows = rows[:size]
    following = codec.encode(*key(rows[-1])) if more and rows else None
    items = rows if item is None else [item(row) for row in rows]
    keys = {} if item is None else {item(row).id: key(row) for row in rows}
    cap = COUNT_CAP
    count = capped_count(query, cap)
    counted = min(count, cap), count > cap
    return KeysetPage(items, following, *counted, after is None, refused, cap, keys)


def capped_count(query: Select, cap: int) -> int:
    """How many rows the query gives, counted no further than cap + 1.

    The rows are counted without their columns: selecting them all made SQLite read each
    counted row from its table (1,001 random pages at 1M cases) where an index answers. So a
    query with DISTINCT would be counted wrong; no list uses one."""
    rows = query.order_by(None).with_only_columns(literal(1), maintain_column_froms=True)
    limited = rows.limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(limited)) or 0
