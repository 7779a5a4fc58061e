"""Pages of the evidence section of a case."""

from flask import Blueprint

bp = Blueprint("evidence", __name__)
