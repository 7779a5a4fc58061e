"""JSON API v1: the services the pages use, for machines (the offline app, county collectors)."""

from inspect_app.api.messages import localise

localise()  # before any schema is defined: fields copy their messages when created
