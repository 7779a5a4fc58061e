"""Background jobs: PDFs are rendered by a worker process, never in a request or in the write
transaction that asks for them (jobs.queue says why Huey, and how jobs reach the worker)."""

from flask import Flask

from inspect_app.jobs import queue
from inspect_app.jobs.services import Handler, run_job, sweep_jobs


def init_app(app: Flask, handlers: dict[str, Handler]) -> None:
    """The queue from the config, and what each kind of job does."""
    app.extensions["render_handlers"] = dict(handlers)
    queue.init_app(app, run_job, sweep_jobs)
