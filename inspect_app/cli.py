"""Command-line tools: `flask --app wsgi …`. Each docstring is the command's --help."""

import os

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from inspect_app.auth.models import Role
from inspect_app.auth.passwords import password_problem
from inspect_app.auth.services import create_user, find_user
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Status
from inspect_app.regions.services import (
    RegionError,
    create_region,
    find_region,
    list_regions,
    subtree_ids,
)

regions_cli = AppGroup("regions", help="Manage the region tree (county → towns).")
users_cli = AppGroup("users", help="Manage user accounts.")


@regions_cli.command("create")
@click.argument("code")
@click.argument("name")
@click.option("--parent", "parent_code", help="Code of the region this one belongs to.")
def regions_create(code: str, name: str, parent_code: str | None) -> None:
    """Create region CODE called NAME, optionally under --parent CODE."""
    parent = _region_or_fail(parent_code) if parent_code else None
    try:
        create_region(code, name, parent)
    except RegionError as error:
        raise click.ClickException(f"region {code} already exists") from error
    db.session.commit()
    click.echo(f"created region {code}")


@regions_cli.command("list")
def regions_list() -> None:
    """Print every region: code, name and parent code, tab-separated."""
    for region in list_regions():
        parent = region.parent.code if region.parent else ""
        click.echo(f"{region.code}\t{region.name}\t{parent}")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--region", "region_code", required=True, help="Code of the user's region.")
@click.option("--name", "display_name", help="Name shown on pages and records.")
@click.option("--cert-no", help="Enforcement certificate number (执法证号).")
def users_create(username, role, region_code, display_name, cert_no) -> None:
    """Create USERNAME. The password comes from INSPECT_PASSWORD, else a prompt."""
    region = _region_or_fail(region_code)
    if find_user(username) is not None:
        raise click.ClickException(f"user {username} already exists")
    password = os.environ.get("INSPECT_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    problem = password_problem(password, username)
    if problem:
        raise click.ClickException(str(problem))
    create_user(username, password, role, region, display_name, cert_no)
    db.session.commit()
    click.echo(f"created user {username} ({role}, {region.code})")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load demo data (regions, users, subjects, people, certificates) into an empty database."""
    from inspect_app.demo import DEMO_PASSWORD, demo_users, seed_demo

    users = seed_demo()
    if users is None:
        users = demo_users()
        click.echo("The database already holds data; demo data not loaded again.")
    else:
        db.session.commit()
        click.echo("Demo data loaded.")
    if users:
        click.echo(f"Demo sign-ins (password: {DEMO_PASSWORD}):")
    for user in users:
        click.echo(f"  {user.username:<12} {user.role:<11} {user.region.name}")


def _region_or_fail(code: str):
    region = find_region(code)
    if region is None:
        raise click.ClickException(f"no region with code {code}")
    return region


cases_cli = AppGroup("cases", help="List inspection cases.")


@cases_cli.command("list")
@click.option("--status", type=click.Choice([s.value for s in Status]))
@click.option("--region", "region_code", help="Code of a region; its sub-regions are included.")
def cases_list(status: str | None, region_code: str | None) -> None:
    """Print one line per case, by start time: case number, subject, status and public URL,
    tab-separated (number and URL are empty for a draft)."""
    query = select(Inspection).order_by(Inspection.started_at, Inspection.id)
    if status:
        query = query.where(Inspection.status == status)
    if region_code:
        query = query.where(Inspection.region_id.in_(subtree_ids(_region_or_fail(region_code).id)))
    for case in db.session.scalars(query):
        fields = (case.case_number, case.subject.name, case.status, case.public_url)
        click.echo("\t".join(_one_line(value) for value in fields))


def _one_line(value: str | None) -> str:
    """A field that cannot break the line or the columns (names are typed by people)."""
    return " ".join((value or "").split())


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(regions_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(cases_cli)
    app.cli.add_command(seed_demo_command)
    from inspect_app.quizzes.cli import questions_cli

    app.cli.add_command(questions_cli)
    from inspect_app.stats.cli import stats_cli

    app.cli.add_command(stats_cli)
    from inspect_app.jobs.cli import jobs_cli

    app.cli.add_command(jobs_cli)
    from inspect_app.records.cli import records_cli

    app.cli.add_command(records_cli)
    from inspect_app.api.cli import tokens_cli

    app.cli.add_command(tokens_cli)
    from inspect_app.storage.cli import storage_cli

    app.cli.add_command(storage_cli)
    from inspect_app.backups.cli import backup_cli

    app.cli.add_command(backup_cli)
    from inspect_app.dashboard.cli import dashboard_cli

    app.cli.add_command(dashboard_cli)
