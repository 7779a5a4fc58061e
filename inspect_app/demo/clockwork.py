"""Building the demo as it happened: each part at its own moment, never in the future."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from inspect_app import clock
from inspect_app.extensions import db


@contextmanager
def on_the_day(moment: datetime) -> Iterator[None]:
    """Build this part of the demo at `moment` (never later than an hour ago): whatever it
    stamps, on flush too, says so."""
    with clock.pinned(min(moment, clock.utcnow() - timedelta(hours=1))):
        yield
        db.session.flush()
