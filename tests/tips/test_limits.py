"""Statutory time limits are settings; a tip warns as a limit nears and once it has passed."""

from datetime import timedelta

import pytest

from inspect_app.tips import services
from inspect_app.tips.limits import tip_deadlines, tip_warning
from tests.factories import make_inspection
from tests.tips.helpers import make_tip


def states(tip, today):
    return {d.step: (d.due, d.state) for d in tip_deadlines(tip, today)}


def test_limits_count_from_the_day_received(world, clock):
    received = clock.today() - timedelta(days=3)
    tip = make_tip(world.town_a, world.inspector_a, received_on=received)
    today = clock.today()
    got = states(tip, today)
    assert got["verify"] == (received + timedelta(days=15), "ok")
    assert got["close"] == (received + timedelta(days=60), "ok")
    assert tip_warning(tip, today) is None


def test_warning_days_before_and_after_the_limit(world, clock):
    received = clock.today()
    tip = make_tip(world.town_a, world.inspector_a, received_on=received)
    assert tip_warning(tip, received + timedelta(days=9)) is None
    near = tip_warning(tip, received + timedelta(days=10))
    assert (near.step, near.state) == ("verify", "near")
    late = tip_warning(tip, received + timedelta(days=16))
    assert (late.step, late.state) == ("verify", "late")


def test_a_step_done_stops_its_warning(world, clock):
    received = clock.today()
    tip = make_tip(world.town_a, world.inspector_a, world.subject_a, received_on=received)
    services.verify_by_case(tip, make_inspection(world), world.inspector_a)
    assert tip_warning(tip, received + timedelta(days=20)) is None
    warning = tip_warning(tip, received + timedelta(days=56))
    assert (warning.step, warning.state) == ("close", "near")
    services.record_outcome(tip, "substantiated", "属实", world.inspector_a)
    assert tip_warning(tip, received + timedelta(days=90)) is None


@pytest.mark.parametrize(
    "app_config", [{"TIP_TIME_LIMITS": {"verify": 7, "close": 30}, "TIP_WARN_DAYS": 2}]
)
def test_the_limits_are_configuration(world, clock, app_config):
    received = clock.today()
    tip = make_tip(world.town_a, world.inspector_a, received_on=received)
    assert states(tip, received + timedelta(days=5))["verify"] == (
        received + timedelta(days=7),
        "near",
    )
    assert tip_warning(tip, received + timedelta(days=4)) is None
