"""Pages of the spotchecks section of a case."""

from flask import Blueprint

bp = Blueprint("spotchecks", __name__)
