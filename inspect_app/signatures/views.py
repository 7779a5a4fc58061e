"""Pages of the signatures section of a case."""

from flask import Blueprint

bp = Blueprint("signatures", __name__)
