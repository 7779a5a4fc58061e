"""A user's inbox: entries from every source, what is unread, marking them read."""

import operator
from datetime import date
from functools import reduce

from sqlalchemy import Date, Integer, Select, bindparam, select

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.inbox.entries import Entry
from inspect_app.inbox.models import InboxRead, ReminderContact
from inspect_app.inbox.sources import SOURCES


def inbox_entries(user, today: date | None = None) -> list[Entry]:
    """Everything waiting for the user: the urgent first, then by day."""
    today = today or clock.today()
    entries = [entry for source in SOURCES for entry in source.entries(user, today)]
    return sorted(entries, key=lambda e: (not e.urgent, e.day or today, e.key))


def read_keys(user) -> set[str]:
    return set(db.session.scalars(select(InboxRead.key).where(InboxRead.user_id == user.id)))


def unread_entries(user) -> list[Entry]:
    seen = read_keys(user)
    return [entry for entry in inbox_entries(user) if entry.key not in seen]


UNREAD_SHOWN = 99  # the header shows "99+" beyond this


def unread_count(user, today: date | None = None) -> int:
    """The header's number: len(unread_entries) without listing them, up to UNREAD_SHOWN + 1
    (the header shows more as "99+", and counting stops there). Sources that can count in SQL
    send one statement together; the others list their (few) entries."""
    today = today or clock.today()
    statement = _count_statement()
    limit = UNREAD_SHOWN + 1
    params = {"inbox_user_id": user.id, "inbox_today": today, "inbox_count_limit": limit}
    counted = db.session.scalar(statement, params) if statement is not None else 0
    keys = [
        entry.key
        for source in SOURCES
        if not source.counts
        for entry in source.entries(user, today)
    ]
    read = _read_among(user, keys)
    return min(limit, counted + sum(1 for key in keys if key not in read))


class _Anyone:
    """The user and day of the counting statement as bound parameters: the statement is built
    (and compiled) once per process, not on every page."""

    id = bindparam("inbox_user_id", type_=Integer)


_STATEMENT: list[Select | None] = []


def _count_statement() -> Select | None:
    """One SELECT adding up every counting source's unread entries (built on first use)."""
    if not _STATEMENT:
        today = bindparam("inbox_today", type_=Date)
        counts = [
            query.scalar_subquery()
            for source in SOURCES
            if source.counts
            for query in source.counts(_Anyone(), today)
        ]
        _STATEMENT.append(select(reduce(operator.add, counts)) if counts else None)
    return _STATEMENT[0]


def _read_among(user, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    query = select(InboxRead.key).where(InboxRead.user_id == user.id, InboxRead.key.in_(keys))
    return set(db.session.scalars(query))


def mark_read(user, keys: list[str]) -> int:
    """Mark these entries read (those not read yet); how many were newly marked."""
    new = [key for key in dict.fromkeys(keys) if key not in read_keys(user)]
    db.session.add_all(InboxRead(user_id=user.id, key=key[:96]) for key in new)
    db.session.flush()
    return len(new)


def contact_of(user) -> ReminderContact | None:
    return db.session.get(ReminderContact, user.id)


def save_contact(user, email: str, mobile: str) -> ReminderContact:
    """Where the user's reminders go (both may be empty: the inbox only)."""
    contact = contact_of(user) or ReminderContact(user_id=user.id)
    contact.email, contact.mobile = (email or "").strip(), (mobile or "").strip()
    db.session.add(contact)
    db.session.flush()
    return contact
