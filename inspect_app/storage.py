"""The one storage object for files: content-addressed, confined to one folder.

Keys look like ``photos/original/ab/cd/<sha256>.jpg``; they are generated here, never taken from
users. Metadata lives in the database; files are served only by views that check permission.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from flask import Flask, current_app, g, has_request_context
from werkzeug.security import safe_join


class StorageError(ValueError):
    """A key that does not name a file inside the storage folder."""


class Storage:
    """Files on local disk under one root, written atomically, named by their SHA-256."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def put(self, data: bytes, area: str, suffix: str) -> tuple[str, str]:
        """Store bytes under area (e.g. "photos/display"); return (key, sha256). Idempotent."""
        digest = hashlib.sha256(data).hexdigest()
        key = f"{area}/{digest[:2]}/{digest[2:4]}/{digest}{suffix}"
        path = self.path(key)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            self._write_atomically(path, data)
            _note_new_file(key)
        return key, digest

    def iter_keys(self) -> Iterator[str]:
        """Every stored key, in no set order (temporary files of writes under way excluded)."""
        for folder, _dirs, names in os.walk(self.root):
            for name in names:
                if not name.startswith("."):
                    yield Path(folder, name).relative_to(self.root).as_posix()

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def path(self, key: str) -> Path:
        """The file for a key; refuses anything that would leave the root."""
        joined = safe_join(str(self.root), key)
        if joined is None:
            raise StorageError(key)
        return Path(joined)

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def check(self) -> None:
        """Raise OSError unless a file can be created in the store now (readiness probe: an
        empty temporary file, removed at once)."""
        if not self.root.is_dir():
            raise OSError(f"storage folder missing: {self.root}")
        with tempfile.TemporaryFile(dir=self.root, prefix=".ready-"):
            pass

    @staticmethod
    def _write_atomically(path: Path, data: bytes) -> None:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
            _sync_folder(path.parent)  # the new name too is on disk before any row points at it
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _note_new_file(key: str) -> None:
    """Remember files this request created, so a failed request can take them back."""
    if has_request_context():
        g.setdefault("new_storage_keys", []).append(key)


def discard_new_files() -> None:
    """Delete the files this request created (its database changes are being rolled back)."""
    if not has_request_context():
        return
    for key in g.pop("new_storage_keys", []):
        current_app.extensions["storage"].delete(key)


def storage() -> Storage:
    """The app's storage object."""
    return current_app.extensions["storage"]


def init_app(app: Flask) -> None:
    root = app.config.get("STORAGE_DIR") or os.path.join(app.instance_path, "uploads")
    Path(root).mkdir(parents=True, exist_ok=True)
    app.extensions["storage"] = Storage(root)
