"""`flask --app wsgi jobs …`: the worker that renders PDFs. Docstrings are --help."""

import click
from flask.cli import AppGroup

from inspect_app.jobs.queue import run_worker
from inspect_app.jobs.services import open_jobs

jobs_cli = AppGroup("jobs", help="Run and inspect the background jobs (PDF rendering).")


@jobs_cli.command("work")
@click.option("--workers", default=1, show_default=True, help="Jobs rendered at once.")
def jobs_work(workers: int) -> None:
    """Render queued PDFs until stopped (SIGTERM or Ctrl-C).
    `make run` starts it beside the web server (scripts/serve.py)."""
    run_worker(workers)


@jobs_cli.command("list")
def jobs_list() -> None:
    """Print the jobs not done: id, kind, case id, status, attempts, last error."""
    for job in open_jobs():
        error = (job.error or "").replace("\n", " ")
        click.echo(
            f"{job.id}\t{job.kind}\t{job.inspection_id}\t{job.status}\t{job.attempts}\t{error}"
        )
