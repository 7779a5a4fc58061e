"""The one storage object for files: content-addressed, on local disk or in an S3 object store.

Keys look like ``photos/original/ab/cd/<sha256>.jpg``; they are generated here, never taken from
users. Metadata lives in the database; files are served only by views that check permission,
through send_stored_file (streamed by the app, or a short-lived signed URL of the store). No code
outside this package sees a file system path of a stored file.
"""

import os
from pathlib import Path
from urllib.parse import quote

from flask import Flask, Response, abort, current_app, g, has_request_context, redirect, send_file
from flask import request as current_request
from werkzeug.http import dump_options_header
from werkzeug.utils import secure_filename

from inspect_app.storage.base import (
    Storage,
    StorageError,
    StorageUnavailable,
    StoredFile,
    digest_of,
)
from inspect_app.storage.local import SCRATCH, LocalStorage

__all__ = [
    "LocalStorage",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "StoredFile",
    "digest_of",
    "discard_new_files",
    "make_storage",
    "scratch_dir",
    "send_stored_file",
    "storage",
]

BACKENDS = ("local", "s3")


def storage() -> Storage:
    """The app's storage object."""
    return current_app.extensions["storage"]


def make_storage(backend: str, config) -> Storage:
    """A storage of the given kind from the app's settings (STORAGE_DIR, or S3_*)."""
    if backend == "local":
        root = Path(local_root(config))
        root.mkdir(parents=True, exist_ok=True)  # ready from the start (/readyz checks it)
        return LocalStorage(root)
    if backend == "s3":
        from inspect_app.storage.s3 import S3Storage  # boto3 is loaded only when it is used

        return S3Storage(config)
    raise RuntimeError(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")


def local_root(config) -> str:
    return config.get("STORAGE_DIR") or os.path.join(config["INSTANCE_PATH"], "uploads")


def scratch_dir() -> Path:
    """A local folder for resumable upload parts (appended to in place, so never in a store)."""
    config = {**current_app.config, "INSTANCE_PATH": current_app.instance_path}
    return Path(local_root(config)) / SCRATCH


def discard_new_files() -> None:
    """Delete the files this request created (its database changes are being rolled back)."""
    if not has_request_context():
        return
    for key in g.pop("new_storage_keys", []):
        try:
            storage().delete(key)
        except StorageUnavailable:
            current_app.logger.warning("could not take back stored file %s", key)


def send_stored_file(
    key: str,
    *,
    mimetype: str,
    download_name: str | None = None,
    as_attachment: bool = False,
    etag: str | None = None,
    headers: dict[str, str] | None = None,
    may_redirect: bool = False,
) -> Response:
    """A stored file as the answer to this request, with conditional GET and byte ranges.

    `headers` are set on the answer (they win over the defaults). With may_redirect, a store
    that signs URLs is asked for one valid S3_SIGNED_URL_SECONDS, carrying the same
    Content-Type, Content-Disposition and Cache-Control, and the browser is sent there."""
    seconds = current_app.config.get("S3_SIGNED_URL_SECONDS") or 0
    if may_redirect and seconds > 0 and storage().signs_urls:
        return _redirect_to_store(key, mimetype, download_name, as_attachment, headers, seconds)
    try:
        opened = storage().open(key)
    except (FileNotFoundError, StorageError):
        abort(404)
    response = send_file(
        opened.stream,
        mimetype=mimetype,
        as_attachment=as_attachment,
        download_name=download_name,
        conditional=False,
        etag=etag or opened.etag,
        last_modified=opened.last_modified,
    )
    response.content_length = opened.size
    response.headers.update(headers or {})
    return response.make_conditional(
        current_request.environ, accept_ranges=True, complete_length=opened.size
    )


def _redirect_to_store(key, mimetype, download_name, as_attachment, headers, seconds) -> Response:
    if not storage().exists(key):
        abort(404)
    wanted = {"Content-Type": mimetype}
    if download_name:
        wanted["Content-Disposition"] = _disposition(download_name, as_attachment)
    wanted.update(headers or {})
    response = redirect(storage().signed_url(key, seconds, wanted), 302)
    response.headers["Cache-Control"] = "no-store"  # the signed URL expires; never reuse it
    return response


def _disposition(name: str, as_attachment: bool) -> str:
    kind = "attachment" if as_attachment else "inline"
    try:
        name.encode("ascii")
    except UnicodeEncodeError:
        fallback = secure_filename(name) or "file"
        quoted = quote(name, safe="!#$&+-.^_`|~")
        return dump_options_header(kind, {"filename": fallback, "filename*": f"UTF-8''{quoted}"})
    return dump_options_header(kind, {"filename": name})


def init_app(app: Flask) -> None:
    config = {**app.config, "INSTANCE_PATH": app.instance_path}
    app.extensions["storage"] = make_storage(app.config.get("STORAGE_BACKEND") or "local", config)
