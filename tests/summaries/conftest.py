"""The dashboard's data set (tests/dashboard/conftest.py) serves the summary drafts too."""

from tests.dashboard.conftest import data, fixed_today

__all__ = ["data", "fixed_today"]
