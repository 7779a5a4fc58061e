"""gunicorn.conf.py: single-threaded workers sized from the CPUs, forked from the loaded app,
staggered restarts, no access log with query strings; scripts/serve.py starts gunicorn with it."""

import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _settings(monkeypatch, **environment) -> dict:
    names = ("WEB_BIND", "WEB_WORKERS", "WEB_THREADS", "WEB_TIMEOUT", "WEB_MAX_REQUESTS")
    for name in (*names, "WEB_PRELOAD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_defaults_follow_the_cpus(monkeypatch):
    settings = _settings(monkeypatch)
    assert settings["worker_class"] == "gthread"
    assert settings["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert settings["threads"] == 1  # processes, not threads, share the CPUs
    assert settings["max_requests"] == 2000
    assert 0 < settings["max_requests_jitter"] < settings["max_requests"]
    assert settings["timeout"] == 120
    assert settings["preload_app"] is True  # workers are forked from the loaded app
    assert settings["graceful_timeout"] <= settings["timeout"]
    assert settings["accesslog"] is None  # the app logs requests, without query strings
    assert "logconfig_dict" not in settings  # it would turn gunicorn's access log back on


def test_the_environment_overrides(monkeypatch):
    settings = _settings(monkeypatch, WEB_WORKERS="7", WEB_THREADS="2", WEB_MAX_REQUESTS="0")
    assert (settings["workers"], settings["threads"]) == (7, 2)
    assert (settings["max_requests"], settings["max_requests_jitter"]) == (0, 0)
    assert _settings(monkeypatch, WEB_PRELOAD="0")["preload_app"] is False


def test_serve_starts_gunicorn_with_the_config_file(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["serve.py", "--threads", "3"])
    serve = runpy.run_path(str(ROOT / "scripts" / "serve.py"))
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    command = serve["_gunicorn"](serve["_arguments"](), "unix:/tmp/x.sock", proxies=1)
    assert command[command.index("--config") + 1] == str(ROOT / "gunicorn.conf.py")
    assert command[command.index("--threads") + 1] == "3"
    assert "--workers" not in command  # the config file decides
    assert command[-1] == "wsgi:app"
    assert os.environ["TRUSTED_PROXIES"] == "1"


def test_without_nginx_gunicorn_faces_the_clients_with_threads(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.setattr(sys, "argv", ["serve.py", "--port", "5123"])
    serve = runpy.run_path(str(ROOT / "scripts" / "serve.py"))
    command = serve["_facing_clients"](serve["_arguments"]())
    assert command[command.index("--bind") + 1] == "0.0.0.0:5123"
    assert command[command.index("--threads") + 1] == str(serve["FALLBACK_THREADS"]) != "1"
    monkeypatch.setattr(sys, "argv", ["serve.py", "--threads", "2"])
    command = serve["_facing_clients"](serve["_arguments"]())
    assert command[command.index("--threads") + 1] == "2"  # as asked
