"""Pages of the findings section of a case."""

from flask import Blueprint

bp = Blueprint("findings", __name__)
