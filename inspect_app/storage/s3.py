"""Files in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Aliyun OSS in S3 mode).

An object appears whole or not at all, so a put needs no temporary name; Content-MD5 lets the
server refuse bytes damaged on the way. Every failure to reach the store becomes
StorageUnavailable, which the app answers with a clear message instead of an error page.
"""

import base64
import hashlib
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from inspect_app.storage.base import (
    Storage,
    StorageError,
    StorageUnavailable,
    StoredFile,
    etag_of,
)

_MISSING = {"404", "NoSuchKey", "NotFound"}
# Header → presigned GET parameter that makes the store answer with that header.
_RESPONSE_PARAMS = {
    "Content-Type": "ResponseContentType",
    "Content-Disposition": "ResponseContentDisposition",
    "Cache-Control": "ResponseCacheControl",
}


class S3Storage(Storage):
    signs_urls = True

    def __init__(self, settings: dict[str, Any]) -> None:
        if not settings.get("S3_BUCKET"):
            raise RuntimeError("STORAGE_BACKEND=s3 needs S3_BUCKET (and usually S3_ENDPOINT_URL).")
        self.bucket = settings["S3_BUCKET"]
        self.prefix = (settings.get("S3_PREFIX") or "").strip("/")
        self.endpoint = settings.get("S3_ENDPOINT_URL") or None
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=settings.get("S3_ACCESS_KEY_ID") or None,
            aws_secret_access_key=settings.get("S3_SECRET_ACCESS_KEY") or None,
            region_name=settings.get("S3_REGION") or "us-east-1",
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": settings.get("S3_ADDRESSING_STYLE") or "path"},
                connect_timeout=5,
                read_timeout=30,
                retries={"mode": "standard", "max_attempts": 2},
                # Stores that speak S3 but not its newer checksum headers (OSS, older MinIO).
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )

    @property
    def identity(self) -> str:
        return f"s3:{self.endpoint or 'aws'}/{self.bucket}/{self.prefix}"

    def store(self, key: str, data: bytes) -> None:
        md5 = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()
        sha256 = hashlib.sha256(data).hexdigest()
        with _reaching(key):
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._name(key),
                Body=data,
                ContentMD5=md5,
                Metadata={"sha256": sha256},
            )

    def read(self, key: str) -> bytes:
        with _reaching(key):
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
            return answer["Body"].read()

    def exists(self, key: str) -> bool:
        try:
            self._head(key)
        except FileNotFoundError:
            return False
        return True

    def size(self, key: str) -> int:
        return self._head(key)["ContentLength"]

    def open(self, key: str) -> StoredFile:
        head = self._head(key)
        size = head["ContentLength"]
        reader = _ObjectReader(lambda first: self._body(key, first), size)
        etag = etag_of(key, head.get("ETag", "").strip('"'))
        stream = io.BufferedReader(reader, buffer_size=64 * 1024)
        return StoredFile(stream, size, etag, head.get("LastModified"))

    def delete(self, key: str) -> None:
        with _reaching(key):
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def check(self) -> None:
        """The bucket answers to this app's key pair."""
        with _reaching(""):
            self.client.head_bucket(Bucket=self.bucket)

    def list_keys(self) -> Iterator[str]:
        start = f"{self.prefix}/" if self.prefix else ""
        with _reaching(start):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=start
            )
            for page in pages:
                for item in page.get("Contents", []):
                    yield item["Key"][len(start) :]

    def signed_url(self, key: str, seconds: int, headers: dict[str, str]) -> str:
        params = {"Bucket": self.bucket, "Key": self._name(key)}
        params |= {_RESPONSE_PARAMS[k]: v for k, v in headers.items() if k in _RESPONSE_PARAMS}
        with _reaching(key):
            return self.client.generate_presigned_url(
                "get_object", Params=params, ExpiresIn=seconds
            )

    def _head(self, key: str) -> dict:
        with _reaching(key):
            return self.client.head_object(Bucket=self.bucket, Key=self._name(key))

    def _body(self, key: str, first: int):
        extra = {"Range": f"bytes={first}-"} if first else {}
        with _reaching(key):
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key), **extra)["Body"]

    def _name(self, key: str) -> str:
        parts = key.split("/")
        if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise StorageError(key)
        return f"{self.prefix}/{key}" if self.prefix else key


@contextmanager
def _reaching(key: str):
    """Missing objects become FileNotFoundError; anything else that fails, StorageUnavailable."""
    try:
        yield
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in _MISSING:
            raise FileNotFoundError(key) from error
        raise StorageUnavailable(f"object store refused {key}: {code}") from error
    except BotoCoreError as error:
        raise StorageUnavailable(f"object store unreachable: {type(error).__name__}") from error


class _ObjectReader(io.RawIOBase):
    """An object read as a seekable file: one streamed GET, restarted at a new offset on seek
    (so HTTP Range requests fetch only the part asked for)."""

    def __init__(self, open_body: Callable[[int], Any], size: int) -> None:
        self._open_body = open_body
        self._size = size
        self._position = 0
        self._body = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        target = max(0, base + offset)
        if target != self._position:
            self._drop_body()
            self._position = target
        return self._position

    def readinto(self, buffer) -> int:
        if self._position >= self._size:
            return 0
        if self._body is None:
            self._body = self._open_body(self._position)
        try:
            data = self._body.read(len(buffer))
        except BotoCoreError as error:
            raise StorageUnavailable("object store stopped sending") from error
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def close(self) -> None:
        self._drop_body()
        super().close()

    def _drop_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None
