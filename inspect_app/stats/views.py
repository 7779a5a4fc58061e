"""Report pages: 附件2 self-check summary, 附件3 monthly statistics, and their exports."""

from flask import Blueprint

bp = Blueprint("stats", __name__)
