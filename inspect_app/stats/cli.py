"""`flask --app wsgi stats export …`: write 附件2 or 附件3 to a file. Docstrings are --help."""

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from inspect_app.regions.services import find_region
from inspect_app.stats import exports, services, tables

stats_cli = AppGroup("stats", help="Export the campaign's report forms (附件2, 附件3).")


@stats_cli.command("export")
@click.option("--form", "form", type=click.Choice(["2", "3"]), required=True, help="2 or 3.")
@click.option("--region", "region_code", required=True, help="Code of a town or a county.")
@click.option("--month", help="Calendar month, YYYY-MM.")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), help="Form 2: first day.")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="Form 2: last day.")
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write.",
)
def stats_export(form, region_code, month, first, last, fmt, output) -> None:
    """Write form 2 (self-check summary) or form 3 (monthly statistics) of a region to --output.
    Form 3 takes --month; form 2 takes --month, or --from and --to (local dates, inclusive)."""
    region = find_region(region_code)
    if region is None:
        raise click.ClickException(f"no region with code {region_code}")
    try:
        table = _table(form, region, month, _day(first), _day(last))
    except services.ReportError as error:
        with force_locale("en"):  # messages on the terminal in English, like other commands
            message = str(error.message)
        raise click.ClickException(message) from error
    output.write_bytes(exports.export(table, fmt))
    click.echo(f"Wrote {output} ({exports.file_name(table.name, fmt)}).")


def _day(value) -> date | None:
    return value.date() if value else None


def _table(form: str, region, month: str | None, first, last) -> exports.Table:
    dated = first is not None or last is not None
    if form == "3":
        if dated:
            raise click.UsageError("form 3 covers a calendar month: use --month, not --from/--to")
        if not month:
            raise click.UsageError("form 3 needs --month YYYY-MM")
        return tables.form3_table(services.form3_report(region, services.parse_month(month)))
    if month and dated:
        raise click.UsageError("give either --month or --from and --to, not both")
    if not month and not dated:
        raise click.UsageError("form 2 needs --month YYYY-MM, or --from and --to")
    period = services.month_period(month) if month else services.date_period(first, last)
    return tables.form2_table(services.form2_report(region, period))
