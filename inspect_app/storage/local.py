"""Files on local disk under one root, written atomically (synced before any row points at them)."""

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.security import safe_join

from inspect_app.storage.base import Storage, StorageError, StoredFile, etag_of

TEMP_PREFIX = ".incoming-"
SCRATCH = "partial"  # resumable upload parts: kept apart, never listed as stored files


class LocalStorage(Storage):
    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    @property
    def identity(self) -> str:
        return f"local:{self.root.resolve()}"

    def store(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write_atomically(path, data)

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def open(self, key: str) -> StoredFile:
        handle = self._path(key).open("rb")
        stat = os.fstat(handle.fileno())
        modified = datetime.fromtimestamp(stat.st_mtime, UTC)
        etag = etag_of(key, f"{stat.st_mtime_ns}-{stat.st_size}")
        return StoredFile(handle, stat.st_size, etag, modified)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def check(self) -> None:
        """An empty temporary file is made in the folder and removed at once."""
        if not self.root.is_dir():
            raise OSError(f"storage folder missing: {self.root}")
        with tempfile.TemporaryFile(dir=self.root, prefix=".ready-"):
            pass

    def list_keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            scratch = relative.parts[0] == SCRATCH or path.name.startswith(TEMP_PREFIX)
            if path.is_file() and not scratch:
                yield relative.as_posix()

    def _path(self, key: str) -> Path:
        """The file for a key; refuses anything that would leave the root."""
        joined = safe_join(str(self.root), key) if key.strip("/.") else None
        if joined is None:
            raise StorageError(key)
        return Path(joined)

    @staticmethod
    def _write_atomically(path: Path, data: bytes) -> None:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
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
