"""The API's blueprint; resource modules add their routes to it."""

from apiflask import APIBlueprint

bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="API")
