"""`flask --app wsgi questions …`: import and export the question bank. Docstrings are --help."""

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.quizzes.bank import FORMATS, export_questions, import_questions
from inspect_app.quizzes.models import Question

questions_cli = AppGroup("questions", help="Import and export the question bank (CSV or XLSX).")


@questions_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def questions_import(file: Path) -> None:
    """Import FILE (.csv or .xlsx). All or nothing: on any bad row, print every problem as
    "line N: message" and store nothing (exit status 1). A known code updates that question."""
    with force_locale("en"):
        result = import_questions(file.read_bytes(), file.name)
        messages = [str(error) for error in result.errors]
    if messages:
        db.session.rollback()
        for message in messages:
            click.echo(message, err=True)
        click.echo(f"{file.name}: {len(messages)} problem(s); nothing imported.", err=True)
        raise SystemExit(1)
    db.session.commit()
    click.echo(
        f"Imported {file.name}: {result.added} added, {result.updated} updated, "
        f"{result.unchanged} unchanged."
    )


@questions_cli.command("export")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write; its extension (.csv or .xlsx) chooses the format.",
)
def questions_export(output: Path) -> None:
    """Write the whole bank, by code, to --output: CSV (UTF-8 with BOM) or XLSX by extension."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise click.UsageError(f"cannot tell the format of {output.name}: use .csv or .xlsx")
    data = export_questions(fmt)
    output.write_bytes(data)
    count = db.session.scalar(select(func.count(Question.id)))
    click.echo(f"Wrote {count} questions to {output}.")
