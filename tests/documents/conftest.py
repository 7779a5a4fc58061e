"""Fixtures for the rectification documents' tests."""

import pytest

from tests.public.helpers import issued_case


@pytest.fixture
def case(world):
    """A case of town A issued with one rectification order."""
    return issued_case(world)


@pytest.fixture
def two_orders(world):
    """A case of town A issued with two rectification orders."""
    return issued_case(world, orders=2)
