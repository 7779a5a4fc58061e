"""Background jobs: PDFs are rendered by a worker process, never in a request or in the write
transaction that asks for them (jobs.queue says why Huey, and how jobs reach the worker)."""

import logging
from collections.abc import Callable, Sequence

from flask import Flask

from inspect_app.jobs import queue
from inspect_app.jobs.services import Handler, run_job, sweep_jobs

log = logging.getLogger(__name__)


def init_app(app: Flask, handlers: dict[str, Handler], chores: Sequence[Callable] = ()) -> None:
    """The queue from the config, what each kind of job does, and the chores the worker runs
    every minute beside its own sweep (each on its own: one failing stops none of the others)."""
    app.extensions["render_handlers"] = dict(handlers)

    def every_minute() -> None:
        sweep_jobs()
        for chore in chores:
            try:
                chore()
            except Exception:
                log.exception("chore %s failed", getattr(chore, "__name__", chore))

    queue.init_app(app, run_job, every_minute)
