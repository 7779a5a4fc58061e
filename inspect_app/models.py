"""Import every model so that metadata, migrations and the app see all tables."""

from inspect_app.auth.models import LoginFailure, User
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Certificate, Person, Subject

__all__ = ["Certificate", "LoginFailure", "Person", "Region", "Subject", "User"]
