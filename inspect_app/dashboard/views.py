"""The supervisor dashboard."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
