"""The one clock: now in UTC, today in the configured zone, months and their UTC bounds.

Every moment is stored in UTC; dates are shown, deadlines judged and months cut in the zone named
by the TIMEZONE setting (Asia/Shanghai by default). Nothing else reads the wall clock or builds a
ZoneInfo, so freezing this module's clock freezes the whole app.
"""

import calendar
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Shanghai"
# Years 1900–2999: year 0 or 9999 is a typo or an attack, and would overflow date arithmetic.
MONTH_RE = re.compile(r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$")
_pinned: ContextVar[datetime | None] = ContextVar("pinned_now", default=None)


def utcnow() -> datetime:
    """The current moment, timezone-aware, in UTC (or the pinned one, see `pinned`)."""
    return _pinned.get() or datetime.now(UTC)


@contextmanager
def pinned(moment: datetime) -> Iterator[None]:
    """Let the app's clock read `moment` in this context: demo data is built on the days it
    tells of, so everything it stamps (issue times, revisions, audit rows) agrees."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pin an aware moment")
    token = _pinned.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _pinned.reset(token)


def zone() -> ZoneInfo:
    """The configured time zone (the default zone outside an app, e.g. for a lone image)."""
    name = current_app.config["TIMEZONE"] if has_app_context() else DEFAULT_ZONE
    return _zone(name)


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_now() -> datetime:
    """The current moment as an aware datetime in the configured zone."""
    return utcnow().astimezone(zone())


def today() -> date:
    """Today's calendar date in the configured zone."""
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    """A stored (UTC) moment as an aware datetime in the configured zone."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: stored moments are aware UTC")
    return moment.astimezone(zone())


def local_day(moment: datetime) -> date:
    """The calendar day a UTC moment falls on in the configured zone."""
    return to_local(moment).date()


def from_local(naive: datetime) -> datetime:
    """A wall-clock time in the configured zone (typed by a user) as an aware UTC datetime."""
    return naive.replace(tzinfo=zone()).astimezone(UTC)


def day_start(day: date) -> datetime:
    """The UTC moment a local calendar day begins."""
    return from_local(datetime.combine(day, time.min))


def local_minute() -> datetime:
    """Now on the local wall clock to the minute, naive (for datetime-local inputs)."""
    return local_now().replace(second=0, microsecond=0, tzinfo=None)


def month_of(day: date) -> str:
    """YYYY-MM of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def current_month() -> str:
    """This month (YYYY-MM) in the configured zone."""
    return month_of(today())


def is_month(value: str | None) -> bool:
    return bool(MONTH_RE.match(value or ""))


def shift_month(month: str, delta: int) -> str:
    """The month `delta` calendar months after (negative: before) a YYYY-MM month."""
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM month from first to last, both included (empty if last < first)."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = shift_month(month, 1)
    return months


def month_first_day(month: str) -> date:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1)


def month_last_day(month: str) -> date:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, calendar.monthrange(year, number)[1])


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """[start, end) of a YYYY-MM calendar month in the configured zone, as UTC moments."""
    return Period.of_month(month).bounds()


@dataclass(frozen=True)
class Period:
    """Local calendar days from `first` to `last`, both included."""

    first: date
    last: date

    @classmethod
    def of_month(cls, month: str) -> "Period":
        return cls(month_first_day(month), month_last_day(month))

    @classmethod
    def of_months(cls, first: str, last: str) -> "Period":
        """Whole months from `first` to `last` (YYYY-MM), both included."""
        return cls(month_first_day(first), month_last_day(last))

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as UTC moments."""
        return day_start(self.first), day_start(self.last + timedelta(days=1))

    @property
    def first_month(self) -> str:
        return month_of(self.first)

    @property
    def last_month(self) -> str:
        return month_of(self.last)

    @property
    def months(self) -> list[str]:
        """The months the period touches, in order."""
        return months_between(self.first_month, self.last_month)

    @property
    def month(self) -> str | None:
        """YYYY-MM when the period is exactly one calendar month, else None."""
        whole = self.first.day == 1 and self.last == month_last_day(self.first_month)
        return self.first_month if whole and self.first_month == self.last_month else None

    @property
    def label(self) -> str:
        return self.month or f"{self.first.isoformat()}_{self.last.isoformat()}"
