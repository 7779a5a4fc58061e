"""Static files: versioned addresses cached for a year, plain ones revalidated by content.

`url_for("static", filename=…)` adds `?v=<first 12 hex digits of the file's SHA-256>`. An answer
to an address whose version matches the file on disk may be kept for a year without asking
again (`immutable`); a changed file gets a new address, so a deploy never serves old styles.
The plain address (no version, or an outdated one) answers `no-cache` with the SHA-256 as a
strong ETag: the browser asks each time and usually gets a 304. The offline service worker
precaches plain addresses and so always revalidates them.

Static requests open no session and load no user (`sessions.py`, `security.py`), so they never
re-sign or set a cookie and never touch the database.
"""

import hashlib
import os
from pathlib import Path

from flask import Flask, abort, current_app, request, send_from_directory
from werkzeug.security import safe_join

VERSION_ARG = "v"
VERSION_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

_digests: dict[str, tuple[int, int, str]] = {}  # path -> (mtime_ns, size, sha256)


def file_digest(folder: str, filename: str) -> str | None:
    """The SHA-256 of a file under folder (hex), cached until its time or size changes."""
    path = safe_join(folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    cached = _digests.get(path)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        return cached[2]
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    _digests[path] = (stat.st_mtime_ns, stat.st_size, digest)
    return digest


def static_version(filename: str) -> str | None:
    """The version argument of a static file's address, or None when there is no such file."""
    digest = file_digest(current_app.static_folder or "", filename)
    return digest[:VERSION_LENGTH] if digest else None


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint != "static" or VERSION_ARG in values or "filename" not in values:
        return
    version = static_version(values["filename"])
    if version:
        values[VERSION_ARG] = version


def serve_static(filename: str):
    """The static view: strong ETag from the content, a year's caching for a current version."""
    folder = current_app.static_folder or ""
    digest = file_digest(folder, filename)
    if digest is None:
        abort(404)
    response = send_from_directory(folder, filename, etag=digest, max_age=None)
    current = request.args.get(VERSION_ARG) == digest[:VERSION_LENGTH]
    response.headers["Cache-Control"] = IMMUTABLE if current else REVALIDATE
    return response


def init_app(app: Flask) -> None:
    """Version every static address and serve static files with these caching rules."""
    app.url_defaults(_add_version)
    app.view_functions["static"] = serve_static
