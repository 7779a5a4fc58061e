"""Self-check pages: sending links, the enterprise's form, the town's overview."""

from flask import Blueprint

bp = Blueprint("selfchecks", __name__)
