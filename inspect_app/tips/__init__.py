"""Tip-offs (举报): registered by staff or sent through the public form, verified and answered."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Settings with their defaults, and the labels templates show."""
    from inspect_app.tips import labels

    labels.init_app(app)
