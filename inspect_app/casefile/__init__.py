"""One representation of a case: built once, read by the pages, the PDF and the public page."""

from inspect_app.casefile.build import build_casefile
from inspect_app.casefile.models import Casefile, View
from inspect_app.casefile.serialize import casefile_dict

__all__ = ["Casefile", "View", "build_casefile", "casefile_dict"]
