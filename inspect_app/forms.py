"""Helpers shared by every feature's forms."""

from collections.abc import Iterable, Mapping

from wtforms.fields.choices import SelectChoice


def choices_from(labels: Mapping) -> list[SelectChoice]:
    """Select options from a {value: label} table."""
    return [SelectChoice(value, label) for value, label in labels.items()]


def choices_of(pairs: Iterable[tuple]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
