"""A user's inbox: entries from every source, what is unread, marking them read."""

from datetime import date

from sqlalchemy import select

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.inbox.entries import Entry
from inspect_app.inbox.models import InboxRead, ReminderContact
from inspect_app.inbox.sources import SOURCES


def inbox_entries(user, today: date | None = None) -> list[Entry]:
    """Everything waiting for the user: the urgent first, then by day."""
    today = today or clock.today()
    entries = [entry for source in SOURCES for entry in source(user, today)]
    return sorted(entries, key=lambda e: (not e.urgent, e.day or today, e.key))


def read_keys(user) -> set[str]:
    return set(db.session.scalars(select(InboxRead.key).where(InboxRead.user_id == user.id)))


def unread_entries(user) -> list[Entry]:
    seen = read_keys(user)
    return [entry for entry in inbox_entries(user) if entry.key not in seen]


def unread_count(user) -> int:
    return len(unread_entries(user))


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
