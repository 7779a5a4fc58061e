"""What every storage backend offers: content-addressed keys, whole writes, streamed reads."""

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from flask import g, has_request_context

# Keys the app generates: <area>/<2 hex>/<2 hex>/<sha256><suffix>, e.g. photos/thumb/ab/cd/<…>.jpg
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_/]*/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})\.[a-z0-9]+")


class StorageError(ValueError):
    """A key that does not name a file inside the storage."""


class StorageUnavailable(RuntimeError):
    """The storage cannot be reached or refused the request (an object store that is down)."""


@dataclass
class StoredFile:
    """An open stored file: read it (or iterate it) once, then close it."""

    stream: BinaryIO
    size: int
    etag: str
    last_modified: datetime | None

    def __enter__(self) -> BinaryIO:
        return self.stream

    def __exit__(self, *_exc) -> None:
        self.stream.close()


class Storage(ABC):
    """The one storage object: files named by their SHA-256, written whole or not at all."""

    # Backends that can hand out a short-lived URL of their own (signed_url) say so here.
    signs_urls = False

    @property
    @abstractmethod
    def identity(self) -> str:
        """Names where the files live (a folder, a bucket): equal identities, equal files."""

    def put(self, data: bytes, area: str, suffix: str) -> tuple[str, str]:
        """Store bytes under area (e.g. "photos/display"); return (key, sha256). Idempotent."""
        digest = hashlib.sha256(data).hexdigest()
        key = f"{area}/{digest[:2]}/{digest[2:4]}/{digest}{suffix}"
        if not self.exists(key):
            self.store(key, data)
            _note_new_file(key)
        return key, digest

    @abstractmethod
    def store(self, key: str, data: bytes) -> None:
        """Write data under exactly this key, whole or not at all (put and migrations use it)."""

    @abstractmethod
    def read(self, key: str) -> bytes:
        """The file's bytes; FileNotFoundError if there is none."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def open(self, key: str) -> StoredFile:
        """The file as a seekable stream with its size; FileNotFoundError if there is none."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the file; a missing file is no error."""

    @abstractmethod
    def list_keys(self) -> Iterator[str]:
        """Every stored key (files in the making and upload parts left out)."""

    @abstractmethod
    def check(self) -> None:
        """Raise OSError or StorageUnavailable unless files can be stored now (readiness)."""

    @abstractmethod
    def size(self, key: str) -> int:
        """The file's length in bytes; FileNotFoundError if there is none."""

    def signed_url(self, key: str, seconds: int, headers: dict[str, str]) -> str:
        """A URL that serves the file without the app for `seconds`, answering with `headers`
        (Content-Type, Content-Disposition, Cache-Control)."""
        raise NotImplementedError(type(self).__name__)


def etag_of(key: str, fallback: str) -> str:
    """A content-addressed key names its content: its digest is the best entity tag."""
    match = KEY_PATTERN.fullmatch(key)
    return match.group(3) if match else fallback


def digest_of(key: str) -> str | None:
    """The SHA-256 a generated key promises its content has; None for other keys."""
    match = KEY_PATTERN.fullmatch(key)
    return match.group(3) if match else None


def _note_new_file(key: str) -> None:
    """Remember files this request created, so a failed request can take them back."""
    if has_request_context():
        g.setdefault("new_storage_keys", []).append(key)
