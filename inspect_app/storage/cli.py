"""`flask --app wsgi storage …`: move the stored files between backends."""

import click
from flask import current_app
from flask.cli import AppGroup

from inspect_app.storage import BACKENDS, StorageUnavailable, make_storage, storage
from inspect_app.storage.migrate import migrate_files, referenced_keys

storage_cli = AppGroup("storage", help="Manage stored files (photos, signatures, PDFs).")


@storage_cli.command("migrate")
@click.option("--to", "target_kind", type=click.Choice(BACKENDS), required=True)
@click.option("--verbose", is_flag=True, help="Print one line per file.")
def storage_migrate(target_kind: str, verbose: bool) -> None:
    """Copy every stored file from the configured backend (STORAGE_BACKEND) to --to, checking
    each copy's SHA-256. Safe to run again: files already copied are checked and skipped. Exits
    non-zero if any file is missing or does not match its hash. Afterwards set
    STORAGE_BACKEND to the target."""
    source = storage()
    source_kind = current_app.config.get("STORAGE_BACKEND") or "local"
    if target_kind == source_kind:
        raise click.ClickException(f"the configured backend is already {target_kind}")
    config = {**current_app.config, "INSTANCE_PATH": current_app.instance_path}
    try:
        target = make_storage(target_kind, config)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error

    def progress(key: str, outcome: str) -> None:
        if verbose or outcome not in ("copied", "present"):
            click.echo(f"{outcome}\t{key}")

    try:
        keys = referenced_keys() | set(source.list_keys())
        click.echo(f"{len(keys)} files: {source.identity} -> {target.identity}")
        summary = migrate_files(source, target, keys, progress)
    except StorageUnavailable as error:
        raise click.ClickException(
            f"stopped, a store cannot be reached ({error}); run again"
        ) from error
    click.echo(
        f"copied {summary.copied} ({summary.copied_bytes} bytes), already there {summary.present},"
        f" missing {len(summary.missing)}, hash mismatches {len(summary.mismatched)}"
    )
    if summary.mismatched:
        raise click.ClickException("refused: some files do not match their SHA-256 (see above)")
    if summary.missing:
        raise click.ClickException("some files named in the database are in neither store")
    click.echo(f"done: set STORAGE_BACKEND={target_kind} to use the copies")
