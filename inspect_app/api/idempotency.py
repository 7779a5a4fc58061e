"""Writes with an Idempotency-Key: the same key and body answer as the first time did; the same
key with another body is a 409. The write and the stored answer commit together, so a failure
leaves neither behind."""

import hashlib
import json
from collections.abc import Callable
from functools import wraps

from apiflask import Schema
from apiflask.fields import String
from apiflask.validators import Length
from flask import Response, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspect_app.api.blueprint import bp
from inspect_app.api.models import IdempotentRequest
from inspect_app.api.problems import Problem
from inspect_app.extensions import db

HEADER = "Idempotency-Key"


class IdempotencyHeaders(Schema):
    idempotency_key = String(
        required=True,
        data_key=HEADER,
        validate=Length(1, 128),
        metadata={"description": "A unique key per write, reused only to retry that write."},
    )


def idempotent(view: Callable) -> Callable:
    """Run the write once per key; commit it with its answer, or roll everything back."""

    @wraps(view)
    def without_header(*args, idempotency=None, **kwargs):
        return view(*args, **kwargs)

    checked = bp.input(IdempotencyHeaders, location="headers", arg_name="idempotency")(
        without_header
    )

    @wraps(checked)
    def wrapped(*args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        fingerprint = request_fingerprint()
        if (stored := _stored(key)) is not None:
            return _replay(stored, fingerprint)
        try:
            response = current_app.make_response(checked(*args, **kwargs))
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code >= 300:
            db.session.rollback()
            return response
        return _commit_with_answer(key, fingerprint, response)

    return wrapped


def request_fingerprint() -> str:
    """The body's meaning, not its bytes: JSON canonicalised, multipart by fields and file
    hashes (clients pick a new multipart boundary on each retry)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.mimetype == "multipart/form-data":
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(f"f:{name}={value}\n".encode())
        for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
            content = hashlib.sha256(upload.stream.read()).hexdigest()
            upload.stream.seek(0)
            digest.update(f"u:{name}:{upload.filename}:{content}\n".encode())
    elif request.is_json and (body := request.get_json(silent=True)) is not None:
        digest.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    else:
        digest.update(request.get_data())
    return digest.hexdigest()


def _stored(key: str) -> IdempotentRequest | None:
    query = select(IdempotentRequest).where(
        IdempotentRequest.user_id == current_user.id, IdempotentRequest.key == key
    )
    return db.session.scalar(query)


def _replay(stored: IdempotentRequest, fingerprint: str) -> Response:
    if stored.fingerprint != fingerprint:
        raise Problem(
            409,
            "idempotency-key-reused",
            _("This Idempotency-Key was used for a different request. Use a new key."),
        )
    response = Response(stored.body, status=stored.status, content_type=stored.content_type)
    if stored.location:
        response.headers["Location"] = stored.location
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _commit_with_answer(key: str, fingerprint: str, response: Response) -> Response:
    db.session.add(
        IdempotentRequest(
            user_id=current_user.id,
            key=key,
            fingerprint=fingerprint,
            status=response.status_code,
            content_type=response.content_type or "application/json",
            location=response.headers.get("Location"),
            body=response.get_data(),
        )
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same key raced us and won: answer as it did
        db.session.rollback()
        if (stored := _stored(key)) is None:
            raise
        return _replay(stored, fingerprint)
    return response
