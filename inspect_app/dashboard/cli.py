"""`flask --app wsgi dashboard rebuild-rollups`: recompute the monthly rollups from the raw data."""

import click
from flask.cli import AppGroup

from inspect_app.extensions import db
from inspect_app.rollups.services import rebuild_rollups

dashboard_cli = AppGroup("dashboard", help="The supervisor dashboard's monthly rollups.")


@dashboard_cli.command("rebuild-rollups")
def rebuild_command() -> None:
    """Recompute every monthly rollup from the cases, findings and penalties, in one transaction.

    Needed after data is loaded or restored other than through the app (bulk SQL, a restore
    of an older backup); the app's own writes keep the rollups current by themselves.
    """
    written = rebuild_rollups()
    db.session.commit()
    click.echo(f"{written} rollup rows written")
