"""Pages of the penalties section of a case."""

from flask import Blueprint

bp = Blueprint("penalties", __name__)
