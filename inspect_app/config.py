"""Configuration: defaults in code, secrets in instance/config.py, then the environment."""

import os
from datetime import timedelta

from flask import Flask

PLACEHOLDER_SECRETS = {"", "dev", "change-me", "changeme", "secret"}
ENV_OVERRIDES = (
    "DATABASE_URL",
    "SECRET_KEY",
    "PUBLIC_BASE_URL",
    "TIMEZONE",
    "PORT",
    "TRUSTED_PROXIES",
    "STORAGE_DIR",
    "STORAGE_BACKEND",
    "S3_ENDPOINT_URL",
    "S3_BUCKET",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_REGION",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
    "S3_SIGNED_URL_SECONDS",
    "LOG_REQUESTS",
    "BACKUP_DIR",
    "QUEUE_URL",
)
INTEGER_SETTINGS = ("PORT", "TRUSTED_PROXIES", "S3_SIGNED_URL_SECONDS", "LOG_REQUESTS")


class DefaultConfig:
    """Safe defaults; every Flask default that bites is set explicitly."""

    SECRET_KEY = ""
    SQLALCHEMY_DATABASE_URI = ""
    PUBLIC_BASE_URL = "http://localhost:5000"
    TIMEZONE = "Asia/Shanghai"
    PORT = 5000
    TRUSTED_PROXIES = 0  # how many reverse proxies sit in front and set X-Forwarded-*
    BABEL_DEFAULT_LOCALE = "zh_Hans"
    LANGUAGES = ("zh_Hans", "en")
    LANGUAGE_COOKIE = "lang"
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    PERMANENT_SESSION_LIFETIME = timedelta(hours=2)  # idle limit
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)  # since sign-in, however active
    SESSION_REFRESH_EACH_REQUEST = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(0)
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    PASSWORD_HASH_METHOD = "scrypt"
    PAGE_SIZE = 20
    STORAGE_BACKEND = "local"  # "local": STORAGE_DIR; "s3": an S3-compatible object store
    STORAGE_DIR = ""  # default: instance/uploads
    S3_ENDPOINT_URL = ""  # e.g. http://minio:9000; empty: AWS itself
    S3_BUCKET = ""
    S3_ACCESS_KEY_ID = ""
    S3_SECRET_ACCESS_KEY = ""
    S3_REGION = "us-east-1"
    S3_PREFIX = ""  # keys are stored under this folder of the bucket
    S3_ADDRESSING_STYLE = "path"  # "virtual" for stores that want bucket.host (Aliyun OSS)
    S3_SIGNED_URL_SECONDS = 0  # >0: PDFs are fetched from the store by a signed URL this long
    BACKUP_DIR = ""  # where `backup create` writes by default: instance/backups
    LOG_REQUESTS = 1  # one JSON line per request on standard output (0: none)
    DEFAULT_CAMPAIGN = "training-formality-2021"
    MAX_PHOTO_PIXELS = 60_000_000
    SELF_CHECK_LINK_DAYS = 60  # a self-check link opens until this long after its last date
    SELF_CHECK_REPORT_MAX_BYTES = 10 * 1024 * 1024  # an institution's report PDF
    PUBLIC_UNLOCK_SECONDS = 15 * 60  # the full record stays open this long after the code
    NATIONAL_QUERY_URL = "https://cx.mem.gov.cn/"
    OPENAPI_VERSION = "3.1.0"
    SPEC_FORMAT = "json"
    INFO = {"description": "JSON API v1. Errors are RFC 9457 problem details."}
    # Printed after the region's name as the issuing agency of enforcement documents.
    AGENCY_SUFFIX = "应急管理部门"
    REPORT_DUE_DAY = 30  # 附件3 is due on this day of each month (the last day if shorter)
    FORM2_DUE_DAY = "04-05"  # 附件2 is due on this day (MM-DD) after the self-check phase
    # The written summary (书面总结报告) is due on these days (MM-DD) of the campaign's last year.
    SUMMARY_DUE_DAYS = {"town": "09-21", "province": "10-15"}
    # The render queue (inspect_app.jobs.queue): "" is a SQLite file in instance/; redis://… or
    # postgresql://… use that server. REDIS_URL stands in for it when it is not set.
    QUEUE_URL = ""
    UPLOAD_PARTS_KEEP_HOURS = 48  # a photo upload nobody added to for this long is removed
    QUEUE_IMMEDIATE = False  # run each job as it is enqueued, in the process (tests)


def load_config(app: Flask, test_config: dict | None) -> None:
    """Layer defaults, instance/config.py, the environment and test overrides, then check."""
    app.config.from_object(DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        _apply_environment(app)
    else:
        app.config.from_mapping(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = _default_sqlite_uri(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = _psycopg3(app.config["SQLALCHEMY_DATABASE_URI"])
    _refuse_weak_secret(app)


def _apply_environment(app: Flask) -> None:
    for name in ENV_OVERRIDES:
        value = os.environ.get(name)
        if value:
            key = "SQLALCHEMY_DATABASE_URI" if name == "DATABASE_URL" else name
            app.config[key] = int(value) if name in INTEGER_SETTINGS else value
    if not app.config.get("QUEUE_URL") and os.environ.get("REDIS_URL"):
        app.config["QUEUE_URL"] = os.environ["REDIS_URL"]


def _default_sqlite_uri(app: Flask) -> str:
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(app.instance_path, "inspect.sqlite3")


def _psycopg3(uri: str) -> str:
    """Point plain postgres:// URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix) :]
    return uri


def _refuse_weak_secret(app: Flask) -> None:
    key = app.config.get("SECRET_KEY") or ""
    if app.debug or app.testing:
        return
    if key in PLACEHOLDER_SECRETS or len(key) < 32:
        raise RuntimeError(
            "SECRET_KEY is missing or a placeholder. Run `make run` once to create "
            "instance/config.py, or set SECRET_KEY to at least 32 random characters."
        )
