"""Run every benchmark and print its figures against the budgets in the design."""

import contextlib
import runpy
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in (
    "photo.py",
    "record.py",
    "issue.py",
    "issue_queue.py",
    "report.py",
    "api.py",
    "documents.py",
    "serving.py",
    "offline.py",
    "pages.py",
    "storage.py",
    "compression.py",
    "scale.py",
    "rollups.py",
):
    print(f"== {script}", flush=True)
    with contextlib.suppress(SystemExit):  # a benchmark reports; it never fails the run
        runpy.run_path(str(HERE / script), run_name="__main__")
