"""Serving from a preloaded app: gunicorn imports the app once, in its master process, and forks
each worker from it (`preload_app` in gunicorn.conf.py).

Without that, every worker imports the app itself: about 3 s of CPU on a 2-core server, paid
again each time a worker is recycled (`max_requests`), while the other workers carry its load.
Forked from a loaded master, a new worker serves within milliseconds.

What a fork must not share is the master's open connections: a socket or SQLite handle used by
two processes at once corrupts both conversations. The master opens none while it loads (the
engines connect lazily; the job queue closes the connection it made its tables with), and
`after_fork` drops whatever it may hold all the same, without closing it under the master.
"""

import gc

from flask import Flask

from inspect_app.extensions import db


def prepare_to_fork(app: Flask) -> int:
    """In the master, once loaded: compile every template (each worker inherits them compiled
    instead of compiling them on its first requests), then move everything alive into the
    garbage collector's permanent generation, so that a worker's collections do not write to
    (and so copy) the pages it shares with the master. The number of templates compiled."""
    compiled = 0
    for name in app.jinja_env.list_templates(filter_func=_is_template):
        app.jinja_env.get_template(name)
        compiled += 1
    gc.collect()
    gc.freeze()
    return compiled


def after_fork(app: Flask) -> None:
    """In each new worker: forget the master's database connections and the job queue's, so
    the worker opens its own on first use."""
    if "sqlalchemy" in app.extensions:  # not on a bare app served with the same settings
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)  # close=False: the master's sockets stay the master's
    jobs = app.extensions.get("jobs")
    if jobs is not None:
        _forget_queue_connection(jobs.huey.storage)


def _forget_queue_connection(storage) -> None:
    """Huey's SQL storages keep one connection in `_conn` (None when closed); Redis's pool
    already notices a fork by itself."""
    if getattr(storage, "_conn", None) is not None:
        storage._conn = None


def _is_template(name: str) -> bool:
    return name.endswith(".html")
