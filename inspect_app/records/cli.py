"""`flask --app wsgi records …`: maintenance of the stored record PDFs. Docstrings are --help."""

import click
from flask.cli import AppGroup

from inspect_app.extensions import db
from inspect_app.records.services import store_missing_editions

records_cli = AppGroup("records", help="Maintain the stored record PDFs.")


@records_cli.command("store-editions")
def records_store_editions() -> None:
    """Store the editions issued revisions lack, e.g. the public edition of records issued
    before it existed (the public page links nothing for them until then). Renders each once
    from the revision's frozen record; what is stored already is never rendered again."""
    made = store_missing_editions()
    db.session.commit()
    click.echo(f"stored {made} record PDFs")
