"""The summary page's region picker and the generate button's form."""

from flask_wtf import FlaskForm
from wtforms import HiddenField

from inspect_app.stats.forms import PickerForm


class SummaryPicker(PickerForm):
    """The region whose summary is drafted (query string, no CSRF)."""


class GenerateForm(FlaskForm):
    """Generate a draft for the region (POST, CSRF-protected)."""

    region = HiddenField()
