"""`flask --app wsgi backup …`: make, check and restore backups. Docstrings are --help."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from inspect_app import clock
from inspect_app.backups.services import (
    BackupError,
    create_backup,
    restore_backup,
    verify_backup,
)

backup_cli = AppGroup("backup", help="Back up and restore the database and stored files.")


@backup_cli.command("create")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Archive to write."
)
def backup_create(output: Path | None) -> None:
    """Write a consistent backup: the database snapshot and every stored file, with their
    SHA-256 in a manifest, in one .tar archive; its own SHA-256 goes beside it (.sha256).
    Default: BACKUP_DIR (instance/backups)/inspect-<UTC time>.tar."""
    if output is None:
        stamp = clock.utcnow().strftime("%Y%m%dT%H%M%SZ")
        folder = current_app.config["BACKUP_DIR"] or Path(current_app.instance_path, "backups")
        output = Path(folder, f"inspect-{stamp}.tar")
    try:
        summary = create_backup(output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {summary.archive} ({summary.database} database, {summary.files} files)")
    click.echo(f"sha256 {summary.sha256}")


@backup_cli.command("verify")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
def backup_verify(archive: Path) -> None:
    """Check ARCHIVE without restoring it: every hash, every file present."""
    try:
        manifest = verify_backup(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{archive}: intact ({len(manifest['files'])} files)")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
def backup_restore(archive: Path) -> None:
    """Restore ARCHIVE into this instance, whose database and storage must be empty (same
    database kind). Nothing is written unless every hash in the archive checks out. Run
    `flask --app wsgi db upgrade` afterwards if the code is newer than the backup."""
    try:
        summary = restore_backup(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {summary.archive} ({summary.database} database, {summary.files} files)")
