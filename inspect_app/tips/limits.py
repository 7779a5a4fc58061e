"""Statutory time limits of a tip: each step's last day, and whether it is near or passed."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from inspect_app.tips.models import Tip, TipStatus

STEPS = ("verify", "close")


@dataclass(frozen=True)
class Deadline:
    step: str  # verify | close
    due: date
    state: str  # done | ok | near | late

    @property
    def is_warning(self) -> bool:
        return self.state in ("near", "late")


def _step_done(tip: Tip, step: str) -> bool:
    if step == "verify":
        return tip.status != TipStatus.RECEIVED
    return tip.status == TipStatus.CLOSED


def _state(due: date, today: date, done: bool) -> str:
    if done:
        return "done"
    if today > due:
        return "late"
    warn = int(current_app.config["TIP_WARN_DAYS"])
    return "near" if today >= due - timedelta(days=warn) else "ok"


def tip_deadlines(tip: Tip, today: date) -> list[Deadline]:
    """Each configured step's last day and state, in order."""
    limits = current_app.config["TIP_TIME_LIMITS"]
    result = []
    for step in STEPS:
        if step in limits:
            due = tip.received_on + timedelta(days=int(limits[step]))
            result.append(Deadline(step, due, _state(due, today, _step_done(tip, step))))
    return result


def tip_warning(tip: Tip, today: date) -> Deadline | None:
    """The first step not done whose limit is near or passed, if any."""
    return next((d for d in tip_deadlines(tip, today) if d.is_warning), None)
