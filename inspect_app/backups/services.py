"""Backups: the database and every stored file in one tar archive that proves its own integrity.

The archive holds, in this order:

- `database.sqlite3` (SQLite's online-backup API: a consistent copy while the app runs) or
  `database.pgdump` (`pg_dump --format=custom`, one transaction: consistent too);
- `files/<key>` for every stored file, read through the storage object (any backend);
- `manifest.json`: the format, when, the database's kind, file name and SHA-256, the migration
  revision, and each file's key, SHA-256 and size;
- `SHA256SUMS`: the SHA-256 of manifest.json, so that every byte is covered by a chain of hashes.

Beside the archive, `<archive>.sha256` (sha256sum's format) holds the whole archive's hash.

The database is copied first, the files after: a file stored in between is extra (harmless), and
files are never changed once stored. Restoring checks everything before it writes anything: the
archive's hash (when its .sha256 is beside it), the chain, every file present with its hash. It
restores only into an empty instance (no rows in any table, no stored file) of the same kind.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.storage import storage

FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
FILES = "files/"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024
# Content-addressed keys, as Storage.put makes them: AREA/ab/cd/<sha256><suffix>. Anything else
# (the parts of an upload still under way) is not kept.
STORED_KEY = re.compile(
    r"(?P<area>[a-z0-9_/-]+)/[0-9a-f]{2}/[0-9a-f]{2}/(?P<digest>[0-9a-f]{64})(?P<suffix>\.[a-z0-9]+)?"
)


class BackupError(Exception):
    """A backup that cannot be made, or an archive that must not be restored (and why)."""


@dataclass(frozen=True)
class BackupSummary:
    archive: Path
    database: str
    files: int
    sha256: str


def create_backup(destination: Path) -> BackupSummary:
    """Write the archive (and its .sha256) at destination; refuses to overwrite one."""
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} exists already: choose another name")
    destination.parent.mkdir(parents=True, exist_ok=True)
    kind = _database_kind()
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="backup-") as work:
        snapshot = Path(work, DATABASE_FILES[kind])
        _dump_database(kind, snapshot)
        revision = _migration_revision()
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                archive.add(snapshot, arcname=snapshot.name, recursive=False)
                files = _add_files(archive)
                manifest = {
                    "format": FORMAT,
                    "created_at": clock.utcnow().isoformat(),
                    "database": {
                        "kind": kind,
                        "file": snapshot.name,
                        "sha256": _file_sha256(snapshot),
                        "revision": revision,
                    },
                    "files": files,
                }
                body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                _add_bytes(archive, MANIFEST, body)
                _add_bytes(archive, SUMS, f"{_sha256(body)}  {MANIFEST}\n".encode())
            _sync(partial)
            os.replace(partial, destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    digest = _file_sha256(destination)
    _sidecar(destination).write_text(f"{digest}  {destination.name}\n")
    return BackupSummary(destination, kind, len(files), digest)


def verify_backup(source: Path) -> dict:
    """The archive's manifest once every hash has been checked; BackupError if it is damaged."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    sidecar = _sidecar(source)
    if sidecar.is_file():
        expected = sidecar.read_text().split()[0] if sidecar.read_text().strip() else ""
        if _file_sha256(source) != expected:
            raise BackupError(f"{source}: checksum mismatch with {sidecar.name}: damaged archive")
    with _open(source) as archive:
        members = _members(archive)
        manifest = _manifest(archive, members)
        database = manifest["database"]
        if _member_sha256(archive, members, database["file"]) != database["sha256"]:
            raise BackupError(f"hash mismatch: {database['file']} is damaged")
        for entry in manifest["files"]:
            parts = STORED_KEY.fullmatch(entry["key"])
            if parts is None or parts["digest"] != entry["sha256"]:
                raise BackupError(f"hash mismatch: stored file {entry['key']} is not its content")
            if _member_sha256(archive, members, FILES + entry["key"]) != entry["sha256"]:
                raise BackupError(f"hash mismatch: stored file {entry['key']} is damaged")
    return manifest


def restore_backup(source: Path) -> BackupSummary:
    """Restore a verified archive into this empty instance: the database, then every file."""
    manifest = verify_backup(source)
    kind = _database_kind()
    if manifest["database"]["kind"] != kind:
        raise BackupError(
            f"the backup holds a {manifest['database']['kind']} database, this instance uses "
            f"{kind}: restore it into an instance of the same kind"
        )
    _refuse_unless_empty()
    with _open(source) as archive, tempfile.TemporaryDirectory(prefix="restore-") as work:
        snapshot = Path(work, manifest["database"]["file"])
        with (
            archive.extractfile(manifest["database"]["file"]) as stream,
            snapshot.open("wb") as out,
        ):
            shutil.copyfileobj(stream, out, CHUNK)
        _load_database(kind, snapshot)
        for entry in manifest["files"]:
            _restore_file(archive, entry)
    return BackupSummary(Path(source), kind, len(manifest["files"]), _file_sha256(Path(source)))


# The database: a consistent snapshot, and its loading into an empty instance.


def _database_kind() -> str:
    name = db.engine.url.get_backend_name()
    if name not in DATABASE_FILES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {name}")
    return name


def _migration_revision() -> str | None:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return None
    with db.engine.connect() as connection:
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _dump_database(kind: str, snapshot: Path) -> None:
    if kind == "sqlite":
        with _sqlite(db.engine.url.database) as source, _sqlite(str(snapshot)) as copy:
            source.backup(copy)
        return
    _postgres_tool(
        "pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={snapshot}"
    )


def _load_database(kind: str, snapshot: Path) -> None:
    db.session.remove()
    db.engine.dispose()
    if kind == "sqlite":
        with _sqlite(str(snapshot)) as source, _sqlite(db.engine.url.database) as target:
            source.backup(target)
    else:
        _postgres_tool(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
            "--single-transaction", "--exit-on-error", str(snapshot),
        )  # fmt: skip
    db.engine.dispose()


class _sqlite:
    """A plain sqlite3 connection, closed on exit (sqlite3's own context manager only commits)."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path)

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *_exc) -> None:
        self.connection.close()


def _postgres_tool(tool: str, *arguments: str) -> None:
    """Run pg_dump or pg_restore on the app's database; the password goes by environment."""
    url = make_url(db.engine.url.render_as_string(hide_password=False))
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None).render_as_string()
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} not found: install the PostgreSQL client tools")
    done = subprocess.run(
        [tool, *arguments, f"--dbname={target}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()[-2000:]}")


def _refuse_unless_empty() -> None:
    tables = [t for t in inspect(db.engine).get_table_names() if t != "alembic_version"]
    with db.engine.connect() as connection:
        for table in tables:
            if connection.scalar(select(text("1")).select_from(text(f'"{table}"')).limit(1)):
                raise BackupError(
                    f"this instance is not empty (table {table} has rows): restore into a new, "
                    "empty database and storage"
                )
    if any(STORED_KEY.fullmatch(key) for key in storage().list_keys()):
        raise BackupError("this instance's storage already holds files: restore into an empty one")


# Files: read and written through the storage object, whatever its backend.


def _add_files(archive: tarfile.TarFile) -> list[dict]:
    files = []
    for key in sorted(storage().list_keys()):
        if STORED_KEY.fullmatch(key) is None:
            continue
        data = storage().read(key)
        files.append({"key": key, "sha256": _sha256(data), "size": len(data)})
        _add_bytes(archive, FILES + key, data)
    return files


def _restore_file(archive: tarfile.TarFile, entry: dict) -> None:
    parts = STORED_KEY.fullmatch(entry["key"])
    with archive.extractfile(FILES + entry["key"]) as stream:
        data = stream.read()
    key, digest = storage().put(data, parts["area"], parts["suffix"] or "")
    if (key, digest) != (entry["key"], entry["sha256"]):
        raise BackupError(f"stored file {entry['key']} came back as {key}")


# The archive.


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r:")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{source}: not a readable backup archive ({error})") from error


def _members(archive: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    try:
        return {m.name: m for m in archive.getmembers() if m.isfile()}
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"damaged archive: {error}") from error


def _manifest(archive: tarfile.TarFile, members: dict) -> dict:
    for name in (MANIFEST, SUMS):
        if name not in members:
            raise BackupError(f"missing file: {name} is not in the archive")
    body = _read(archive, members[MANIFEST])
    sums = _read(archive, members[SUMS]).decode("ascii", "replace").split()
    if not sums or sums[0] != _sha256(body):
        raise BackupError(f"checksum mismatch: {MANIFEST} does not match {SUMS}")
    try:
        manifest = json.loads(body)
    except ValueError as error:
        raise BackupError(f"damaged archive: {MANIFEST} is not JSON") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST}: not a backup of format {FORMAT}")
    return manifest


def _member_sha256(archive: tarfile.TarFile, members: dict, name: str) -> str:
    if name not in members:
        raise BackupError(f"missing file: {name} is listed in the manifest but not in the archive")
    digest = hashlib.sha256()
    try:
        with archive.extractfile(members[name]) as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                digest.update(chunk)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"damaged archive: {name} cannot be read ({error})") from error
    return digest.hexdigest()


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    with archive.extractfile(member) as stream:
        return stream.read()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(clock.utcnow().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _sidecar(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sha256")


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        yield from iter(lambda: stream.read(CHUNK), b"")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    for chunk in _chunks(path):
        digest.update(chunk)
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sync(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())
